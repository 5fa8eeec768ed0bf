// `critmin backtest SCENARIO.yaml [--calibrate]`: the model against an observed episode
// (docs/validation.md).
#include <fmt/format.h>

#include <limits>

#include "cli/commands.h"
#include "core/error.h"
#include "io/loader.h"
#include "sim/backtest.h"
#include "sim/scenario_reader.h"
#include "sim/scenario_run.h"

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;

sim::Backtest run_once(const Dataset& data, const sim::Scenario& sc,
                       const std::vector<sim::ObservedMonth>& observed) {
    sim::RunControl control;
    control.record_nodes = false;
    const sim::ScenarioRun run = sim::run_scenario(data, sc, control);
    check_mass_balance(run.max_mass_balance_error);
    return sim::compare(sc, run, observed);
}

}  // namespace

Report run_backtest(const BacktestOptions& o) {
    sim::Scenario sc = sim::read_scenario(o.scenario);
    if (sc.observed.empty()) {
        Diagnostics d;
        d.add({o.scenario, 0, 0, "observed"},
              "a backtest needs an `observed:` block (file, exporter, commodities)");
        throw InvalidInput(std::move(d));
    }
    const Dataset data = io::load_dataset(sc.dataset.empty() ? default_dataset_dir() : sc.dataset);
    {
        // Regimes and the pipeline expanded once here, so that --calibrate can vary a regime's
        // control when the scenario has no export_control of its own.
        Diagnostics d;
        sc = sim::with_dataset_entries(data, sc, d);
        if (!d.empty()) throw InvalidInput(std::move(d));
    }
    const auto observed = sim::read_observed(sc.observed.file);
    Report report;
    report.command = "backtest";

    if (o.calibrate) {
        // The two parameters nothing observes: buyers' inventory (days of use) and how long the
        // strict licensing lasted before approvals eased (the first export control's length).
        if (sc.export_controls.empty())
            throw Error(ErrorKind::usage,
                        "--calibrate varies the first export control; the scenario has none");
        const int start = sc.export_controls.front().days.start;
        double best = std::numeric_limits<double>::infinity();
        double best_inventory = sc.inventory_days;
        int best_strict = sc.export_controls.front().days.end - start;
        for (double inventory : {10.0, 20.0, 30.0, 45.0, 60.0, 90.0}) {
            for (int strict : {30, 45, 60, 75, 90, 120, 150}) {
                sim::Scenario trial = sc;
                trial.inventory_days = inventory;
                trial.export_controls.front().days.end = start + strict;
                const sim::Backtest b = run_once(data, trial, observed);
                report.rows.push_back(Json{{"view", "calibration"},
                                           {"inventory_days", inventory},
                                           {"strict_licensing_days", strict},
                                           {"rmse_pct_points", b.rmse}});
                if (b.rmse < best) {
                    best = b.rmse;
                    best_inventory = inventory;
                    best_strict = strict;
                }
            }
        }
        sc.inventory_days = best_inventory;
        sc.export_controls.front().days.end = start + best_strict;
        report.extra["calibrated"] = Json{{"inventory_days", best_inventory},
                                          {"strict_licensing_days", best_strict},
                                          {"rmse_pct_points", best}};
    }
    const sim::Backtest b = run_once(data, sc, observed);
    for (const auto& m : b.months)
        report.rows.push_back(Json{{"view", "backtest"},
                                   {"month", m.month},
                                   {"days", m.days},
                                   {"simulated_t", m.simulated},
                                   {"baseline_t", m.baseline},
                                   {"simulated_change_pct", m.simulated_change},
                                   {"observed_t", m.observed},
                                   {"observed_change_pct", m.observed_change},
                                   {"observed_basis", m.basis},
                                   {"error_pct_points", m.error}});
    report.title = fmt::format("critmin backtest: {} against {}", sc.name, sc.observed.file);
    report.extra["rmse_pct_points"] = b.rmse;
    report.extra["inventory_days"] = sc.inventory_days;
    report.notes = fmt::format(
        "simulated_change_pct: {}'s deliveries of {} abroad against the dataset's base-year rate; "
        "observed_change_pct: as reported (year on year, or month on month for April). RMSE {:.1f} "
        "percentage points over {} months.\n",
        sc.observed.exporter, fmt::join(sc.observed.commodities, ", "), b.rmse, b.months.size());
    return report;
}

}  // namespace critmin::cli
