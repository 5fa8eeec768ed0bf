// Runs a scenario on a dataset's network: shocks and responses applied day by day (eqs.
// S26-S31), results recorded and summarised (eqs. S32-S36). docs/scenarios.md, docs/model.md.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "core/error.h"
#include "sim/dataset_network.h"
#include "sim/scenario.h"
#include "sim/state.h"

namespace critmin::sim {

// Results per final-demand column (a country's end use).
struct ColumnSummary {
    std::string column;  // demand node id, e.g. JPN.demand.ev_traction_motors
    std::string country, end_use, commodity;
    double demand = 0;     // ordered over the run (t)
    double shortfall = 0;  // not delivered over the run (t), S32
    double shortfall_pct = 0;
    double deepest_daily_pct = 0;  // S33
    int tts_days = -1;             // S34: days from the first shock until demand first goes unmet
    int ttr_days = -1;             // S35: days from the first shock until deliveries stay >= 99%
    bool disrupted = false;
    double output_lost = -1;  // S36: product units (vehicles, MW); < 0: no content figure
    std::string output_unit;
    double value_lost = -1;  // money; < 0: no value figure
};

struct StockpileSummary {
    std::string holder, commodity;
    double stock = 0;     // t at the start
    double released = 0;  // t released over the run
    int first_release_day = -1;
    double daily_use = 0;  // holder's baseline use per day (t)
};

struct ScenarioRun {
    DatasetNetwork network;
    int steps_planned = 0;
    int steps_done = 0;
    int shock_start = -1;  // first day of any shock (-1: no shock)
    // Row-major steps x n: per node and per column.
    std::vector<double> production, capacity;
    std::vector<double> production_opt;      // what orders and capacity allowed (S5), before inputs
    std::vector<double> ordered, delivered;  // final demand per column
    std::vector<double> stock_days;      // per column: the end users' input stock, in days of use
    std::vector<double> stockpile_left;  // steps x stockpiles
    std::vector<ColumnSummary> columns;
    std::vector<StockpileSummary> stockpiles;
    // Backtests (scenario `observed:`): the exporter's deliveries of the observed commodities to
    // buyers abroad, per day, and the same at baseline.
    std::vector<double> exports;
    double baseline_exports = 0;
    // Per node: 1 if a capacity shock targets it or an export control licenses its sales.
    std::vector<std::uint8_t> shocked;
    double max_mass_balance_error = 0;  // S18, with stockpile releases counted as inflows
};

struct RunControl {
    const std::atomic<bool>* stop = nullptr;            // Ctrl-C: stop between steps
    std::function<void(int done, int total)> progress;  // after each step
    bool record_nodes = true;  // keep production and capacity per node and day, and the end
                               // users' stock days (false: only the final-demand series; stress
                               // tests and plans need no more)
};

// Validates the scenario against the dataset (unknown producers, countries, commodities,
// projects are reported with the scenario's YAML path; InvalidInput) and runs it.
[[nodiscard]] ScenarioRun run_scenario(const Dataset& data, const Scenario& scenario,
                                       const RunControl& control = {});

// Regimes from the dataset (docs/scenarios.md, "Regimes from the dataset"): row `row` of
// controls.csv as S27 export controls, with `day0` (days since 1970-01-01) the scenario's day 0.
// The row is in force on [start, end); a suspension window [suspended_from, suspended_until)
// splits it into the part before and the part after. Parts that end on or before day 0 or start
// on or after `horizon_days` are dropped; a part already in force on day 0 starts at day 0.
// Zero, one or two controls.
[[nodiscard]] std::vector<ExportControl> regime_controls(const Dataset& data, std::size_t row,
                                                         int day0, int horizon_days,
                                                         const std::string& where);
// `responses.pipeline:` (docs/scenarios.md): one S30 project entry per dataset project with
// earliest_start <= year and probability_on_time (when given) >= min_probability, online at day
// 0, ramping up over ramp_up_years x 365 days, at the dataset's capacity (x probability_on_time
// with scale_by_probability), skipping projects the scenario lists under `projects:`.
[[nodiscard]] std::vector<ProjectOnline> pipeline_projects(const Dataset& data,
                                                           const Scenario& scenario);
// The scenario with `regimes:` appended to its export controls and `responses.pipeline:` to its
// projects, so that both take the code paths of the scenario's own entries. Unknown control ids,
// a missing `start:` and unknown pipeline customers go to `d` with their YAML paths.
[[nodiscard]] Scenario with_dataset_entries(const Dataset& data, const Scenario& scenario,
                                            Diagnostics& d);

// S32-S35 for column `c` of row-major (steps x n_cols) ordered and delivered series over the
// first `steps` days; labels and S36 are left to the caller.
[[nodiscard]] ColumnSummary summarise_column(const std::vector<double>& ordered,
                                             const std::vector<double>& delivered,
                                             std::size_t n_cols, std::size_t c, std::size_t steps,
                                             int shock_start);

// S26: the share of capacity a shock removes on `day`: its full loss during its duration, then
// easing along its recovery curve over recovery_days.
[[nodiscard]] double shock_loss(const CapacityShock& shock, int day);
// S30: the share of a ramp-up reached on `day`: 0 before `start`, then linear to 1 over `ramp`
// days (1 at once when ramp is 0).
[[nodiscard]] double ramp_share(int day, int start, int ramp);

// The export-control targets of one control (S27): its licensed share, its days, and the
// edges and final-demand entries it licenses.
struct LicenceTargets {
    double licensed = 1;
    Licensing licensing;   // S27a
    double leak = 0;       // S27b
    double hold_days = 0;  // S27c
    DayRange days;
    std::vector<std::uint32_t> edges;
    std::vector<std::uint32_t> finals;
};

// The shocks of a scenario applied to the state on `day`, shared by dataset and firm runs:
// S26 sets delta from the capacity shocks (`masks[k]` = nodes shock k hits), S27 the licences,
// S28 final demand from the baseline, S30 adds spare capacity to capacity_extra.
void apply_capacity_shocks(const std::vector<CapacityShock>& shocks,
                           const std::vector<std::vector<std::uint8_t>>& masks, int day, State& s);
void apply_licences(const std::vector<LicenceTargets>& controls, int day, State& s);
void apply_demand_changes(const Network& net, const std::vector<DemandChange>& changes,
                          const std::vector<std::vector<std::uint8_t>>& column_masks, int day,
                          State& s);
void add_spare_capacity(const Network& net, const std::vector<SpareCapacity>& spare,
                        const std::vector<std::vector<std::uint8_t>>& masks, int day, State& s);
// The first day of any shock of the scenario, -1 if it has none.
[[nodiscard]] int first_shock_day(const Scenario& sc);

// S34, S35 on one column's daily series, counted from `shock_start` (exposed for tests).
[[nodiscard]] int time_to_survive(const std::vector<double>& ordered,
                                  const std::vector<double>& delivered, int shock_start);
[[nodiscard]] int time_to_recover(const std::vector<double>& baseline,
                                  const std::vector<double>& delivered, int shock_start);

}  // namespace critmin::sim
