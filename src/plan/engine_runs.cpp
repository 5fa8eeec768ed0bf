#include "plan/engine_runs.h"

namespace critmin::plan {

EngineRuns::EngineRuns(const Dataset& data, const PlanScenarios& s) : data_(data), scenarios_(s) {
    if (s.catalogue)
        compiled_ = std::make_unique<stress::CompiledCatalogue>(
            stress::compile_catalogue(data, *s.catalogue));
}

void EngineRuns::run(std::size_t w, const sim::RunControl& control, sim::RunObserver* observer,
                     const Use& use) const {
    if (compiled_) {
        const sim::Events events =
            stress::year_events(*compiled_, *scenarios_.catalogue, scenarios_.years[w]);
        use(compiled_->scenario, sim::run(compiled_->scenario, events, control, observer));
        return;
    }
    const sim::CompiledScenario compiled = sim::compile_scenario(data_, scenarios_.scenarios[w]);
    use(compiled, sim::run(compiled, control, observer));
}

}  // namespace critmin::plan
