// The step loop (docs/model.md, "Order of a step").
#pragma once

#include <atomic>
#include <functional>

#include "sim/network.h"
#include "sim/parameters.h"
#include "sim/state.h"

namespace critmin::sim {

struct StepHooks {
    std::function<void(State&)> before_production;   // shocks, events, responses
    std::function<void(State&)> after_distribution;  // recovery, rebuilding progress
    std::function<void(const State&)> observe;       // records; called once per finished step
};

// One step: hooks.before_production, S1, S4/S2/S5-S7, R/S12/S13/S14, hooks.after_distribution,
// S15-S17, then observe. Advances st.step.
void run_step(const Network& net, const ModelParameters& p, State& st, const StepHooks& hooks);

// Runs until st.step == steps or `stop` becomes true (checked between steps, so a stopped run
// keeps every finished step). Returns the number of steps finished by this call.
int run_steps(const Network& net, const ModelParameters& p, State& st, int steps,
              const StepHooks& hooks, const std::atomic<bool>* stop = nullptr);

}  // namespace critmin::sim
