#include "sim/run.h"

#include "sim/ario.h"
#include "sim/thread_governor.h"

namespace critmin::sim {

void run_step(const Network& net, const ModelParameters& p, State& st, const StepHooks& hooks) {
    if (hooks.before_production) hooks.before_production(st);
    update_overproduction(net, p, st);
    compute_production(net, p, st);
    distribute_output(net, p, st);
    if (hooks.after_distribution) hooks.after_distribution(st);
    place_orders(net, p, st);
    if (hooks.observe) hooks.observe(st);
    ++st.step;
}

int run_steps(const Network& net, const ModelParameters& p, State& st, int steps,
              const StepHooks& hooks, const std::atomic<bool>* stop) {
    int done = 0;
    ThreadGovernor governor;  // one thread or all, whichever steps faster: same results
    while (st.step < steps) {
        if (stop != nullptr && stop->load(std::memory_order_relaxed)) break;
        governor.begin_step();
        run_step(net, p, st, hooks);
        governor.end_step();
        ++done;
    }
    return done;
}

}  // namespace critmin::sim
