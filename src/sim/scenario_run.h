// Runs a compiled scenario day by day (shocks and responses S26-S31, S37-S38; the kernel S1-S17)
// and summarises it (S32-S36). docs/scenarios.md, docs/model.md.
//
//   compile_scenario(dataset, scenario)  names resolved, network built      (compiled_scenario.h)
//   run(compiled, events, control, observer)  one run; events default to the scenario's own
//   summarise(compiled, tracker, steps)  S32-S36 per final-demand column (run calls it)
//   run_scenario(dataset, scenario)      both at once, for a single run
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "core/error.h"
#include "sim/compiled_scenario.h"
#include "sim/dataset_entries.h"
#include "sim/dataset_network.h"
#include "sim/events.h"
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

struct ScenarioRun {
    DatasetNetwork network;  // filled by run_scenario; a run of a compiled scenario leaves it
                             // empty (the network is the compiled scenario's)
    int steps_planned = 0;
    int steps_done = 0;
    int shock_start = -1;  // first day of any shock (-1: no shock)
    // Row-major steps x n, per node (RunControl::record_nodes) and per column (record_columns).
    std::vector<double> production, capacity;
    std::vector<double> production_opt;      // what orders and capacity allowed (S5), before inputs
    std::vector<double> ordered, delivered;  // final demand per column
    std::vector<double> stock_days;      // per column: the end users' input stock, in days of use
    std::vector<double> stockpile_left;  // steps x stockpiles
    std::vector<ColumnSummary> columns;
    std::vector<StockpileSummary> stockpiles;
    // Backtests (scenario `observed:`): the exporter's deliveries of the observed commodities to
    // buyers abroad, per day (record_columns), and the same at baseline.
    std::vector<double> exports;
    double baseline_exports = 0;
    // Per node: 1 if a capacity shock targets it or an export control licenses its sales.
    std::vector<std::uint8_t> shocked;
    double max_mass_balance_error = 0;  // S18, with stockpile releases counted as inflows
};

// What a run shows an observer at the end of each day.
struct DayView {
    const CompiledScenario& compiled;
    const State& state;
    const std::vector<double>& ordered;    // per final-demand column, today
    const std::vector<double>& delivered;  // per final-demand column, today
};

// Called once per finished day; stress and plan runs use one to keep sums instead of series.
class RunObserver {
  public:
    RunObserver() = default;
    RunObserver(const RunObserver&) = default;
    RunObserver& operator=(const RunObserver&) = default;
    virtual ~RunObserver() = default;
    virtual void day(const DayView& view) = 0;
};

struct RunControl {
    const std::atomic<bool>* stop = nullptr;            // Ctrl-C: stop between steps
    std::function<void(int done, int total)> progress;  // after each step
    bool record_nodes = true;    // keep production and capacity per node and day, and the end
                                 // users' stock days (false: stress tests and plans need no more)
    bool record_columns = true;  // keep ordered, delivered and exports per day (false: the
                                 // summaries S32-S36 are still computed, day by day)
};

// One run of `compiled` with `events` (its own, or a sample's over the same targets). The S18
// mass balance is checked after every run (Error(runtime) if broken: a bug).
[[nodiscard]] ScenarioRun run(const CompiledScenario& compiled, const Events& events,
                              const RunControl& control = {}, RunObserver* observer = nullptr);
[[nodiscard]] ScenarioRun run(const CompiledScenario& compiled, const RunControl& control = {},
                              RunObserver* observer = nullptr);

// compile_scenario and run: validates the scenario against the dataset (unknown producers,
// countries, commodities, projects are reported with the scenario's YAML path; InvalidInput),
// runs it and keeps the network in the result.
[[nodiscard]] ScenarioRun run_scenario(const Dataset& data, const Scenario& scenario,
                                       const RunControl& control = {});

// S32-S35 per final-demand column, accumulated day by day without keeping the series.
class ColumnTracker {
  public:
    ColumnTracker(std::size_t n_columns, int shock_start);
    void add_day(int day, const double* ordered, const double* delivered);
    // The summaries over the `steps` days added; labels and S36 are left to the caller.
    [[nodiscard]] std::vector<ColumnSummary> finish(std::size_t steps) const;

  private:
    struct Column {
        double demand = 0, shortfall = 0, deepest = 0;
        int first_unmet = -1, last_short = -1;
    };
    std::vector<Column> columns_;
    int shock_start_;
};

// S32-S36: the summary of each final-demand column of a dataset run over the first `steps` days
// the tracker saw, labelled with the compiled scenario's names (country, end use, commodity) and
// with the products lost (S36) where the dataset gives a content per product.
[[nodiscard]] std::vector<ColumnSummary> summarise(const CompiledScenario& compiled,
                                                   const ColumnTracker& tracker, std::size_t steps);

// S32-S35 for column `c` of row-major (steps x n_cols) ordered and delivered series over the
// first `steps` days; labels and S36 are left to the caller.
[[nodiscard]] ColumnSummary summarise_column(const std::vector<double>& ordered,
                                             const std::vector<double>& delivered,
                                             std::size_t n_cols, std::size_t c, std::size_t steps,
                                             int shock_start);

// The first day of any shock of the scenario, -1 if it has none.
[[nodiscard]] int first_shock_day(const Scenario& sc);

// S34, S35 on one column's daily series, counted from `shock_start` (exposed for tests).
[[nodiscard]] int time_to_survive(const std::vector<double>& ordered,
                                  const std::vector<double>& delivered, int shock_start);
[[nodiscard]] int time_to_recover(const std::vector<double>& baseline,
                                  const std::vector<double>& delivered, int shock_start);

}  // namespace critmin::sim
