// The shocks and responses of a compiled scenario applied to the state once a day, before
// production (docs/model.md S26-S31, S37-S38; docs/scenarios.md). Each reads the targets
// compile_scenario resolved and writes the state's shock and response arrays; none allocates.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/compiled_scenario.h"
#include "sim/events.h"
#include "sim/network.h"
#include "sim/parameters.h"
#include "sim/state.h"

namespace critmin::sim {

// S26: delta from the capacity shocks (`masks[shock.target]` = the nodes a shock hits); losses
// of simultaneous shocks compound, 1 - prod(1 - loss).
void apply_capacity_shocks(const std::vector<ShockEvent>& shocks,
                           const std::vector<std::vector<std::uint8_t>>& masks, int day, State& s);
// S27, S27a-b: licensed shares of edges and final-demand entries; the strictest control applies.
void apply_licences(const std::vector<ControlEvent>& controls,
                    const std::vector<LicenceTargets>& targets, int day, State& s);
// S28: final-demand orders from the baseline, times every active change of their column.
void apply_demand_changes(const Network& net, const std::vector<DemandEvent>& changes,
                          const std::vector<std::vector<std::uint8_t>>& column_masks, int day,
                          State& s);
// S30: spare capacity added to capacity_extra as it ramps up.
void add_spare_capacity(const Network& net, const std::vector<SpareCapacity>& spare,
                        const std::vector<std::vector<std::uint8_t>>& masks, int day, State& s);
// S30-S31: projects and recyclers' capacity as they ramp up, spread over their buyers' edges.
void apply_projects(const std::vector<ProjectTargets>& projects, int day, State& s);
// S31: qualified candidate suppliers get a share of their buyers' orders.
void apply_candidates(const std::vector<CandidateTargets>& candidates, int day, State& s);

// S27c: what exporters hold because licences refused it, per run.
struct HeldStock {
    std::vector<std::uint32_t> holders;  // nodes that hold
    std::vector<double> held, cap;       // per node: stock and its cap (hold_days x sales)
    std::vector<double> gap;             // scratch: the widest holder's out-degree
};
// The holders of a run's controls with hold_days > 0 (allocates: once per run).
[[nodiscard]] HeldStock held_stock(const CompiledScenario& c, const Events& events);
// S27c: exporters make what licences refuse for their held stock (a demand row served like any
// other) and ship the stock into licensed buyers' inventories as those restock. Returns what
// was shipped abroad today (the backtest counts it as exports).
double apply_held_stock(const CompiledScenario& c, const ModelParameters& p, HeldStock& h, int day,
                        State& s);

// S29: the stockpiles of a run: what is left, whether each has been triggered, what it released.
struct StockpileState {
    std::vector<StockpileSummary> summary;
    std::vector<double> left;
    std::vector<std::uint8_t> triggered;
};
[[nodiscard]] StockpileState stockpile_state(const CompiledScenario& c);
// S29: triggered stockpiles refill the holder's inventories toward their targets, within the
// daily maximum and what is left.
void apply_stockpile_releases(const CompiledScenario& c, StockpileState& st, int day, State& s);

// S38: substitution and thrifting lower their buyers' input coefficients (tech_scale);
// `triggered` holds each substitution's trigger day (-1: not yet).
void apply_substitution(const CompiledScenario& c, std::vector<int>& triggered, int day, State& s);
// S37: within a country, stock moves to the end uses served first. `need` is scratch of
// c.widest_pool entries.
void apply_priorities(const CompiledScenario& c, const ModelParameters& p,
                      std::vector<double>& need, State& s);

}  // namespace critmin::sim
