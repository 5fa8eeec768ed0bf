// Engine runs of a plan's scenarios (P22, P23): scenario-years of one catalogue share one
// compiled scenario (the network is built once, each year brings its own events); listed
// scenario files are compiled one by one.
#pragma once

#include <functional>
#include <memory>

#include "core/dataset.h"
#include "plan/optimize.h"
#include "sim/scenario_run.h"
#include "stress/stress_run.h"

namespace critmin::plan {

class EngineRuns {
  public:
    // Compiles the catalogue once when `s` holds sampled years; names are checked here.
    EngineRuns(const Dataset& data, const PlanScenarios& s);

    using Use = std::function<void(const sim::CompiledScenario&, const sim::ScenarioRun&)>;
    // Runs scenario `w` and hands its compiled scenario (the network) and results to `use`.
    void run(std::size_t w, const sim::RunControl& control, sim::RunObserver* observer,
             const Use& use) const;

  private:
    const Dataset& data_;
    const PlanScenarios& scenarios_;
    std::unique_ptr<stress::CompiledCatalogue> compiled_;
};

}  // namespace critmin::plan
