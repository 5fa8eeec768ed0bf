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

sim::ScenarioRun run_checked(const Dataset& data, const sim::Scenario& sc) {
    sim::RunControl control;
    control.record_nodes = false;
    return sim::run_scenario(data, sc, control);
}

// One calibration trial: the compiled scenario with the trial's events (the network is built
// once per grid of trials that share it).
sim::Backtest run_trial(const sim::Scenario& sc, const sim::CompiledScenario& compiled,
                        const sim::Events& events,
                        const std::vector<sim::ObservedMonth>& observed) {
    sim::RunControl control;
    control.record_nodes = false;
    return sim::compare(sc, sim::run(compiled, events, control), observed);
}

// --calibrate on a control with `licensing:` (S27a): when approvals start and how fast they
// catch up, on the exports only; buyers' inventories stay as the scenario sets them, so the
// downstream comparison (V3-V4) stays out of sample.
void calibrate_licensing(const Dataset& data, sim::Scenario& sc,
                         const std::vector<sim::ObservedMonth>& observed, Report& report) {
    sim::Licensing& l = sc.export_controls.front().licensing;
    double best = std::numeric_limits<double>::infinity();
    sim::Licensing best_l = l;
    // The scenario's own controls come first among the compiled entries.
    const sim::CompiledScenario compiled = sim::compile_scenario(data, sc);
    for (int processing : {30, 45, 60, 75, 90}) {
        for (int ramp : {0, 30, 60, 90}) {
            for (double initial : {0.15, 0.25}) {
                for (double final_share : {0.9, 1.0}) {
                    sim::Events trial = compiled.events;
                    sim::Licensing& t = trial.controls.front().licensing;
                    t.processing_days = processing;
                    t.ramp_days = ramp;
                    t.initial = initial;
                    t.final_share = final_share;
                    const sim::Backtest b = run_trial(sc, compiled, trial, observed);
                    report.rows.push_back(Json{{"view", "calibration"},
                                               {"processing_days", processing},
                                               {"ramp_days", ramp},
                                               {"initial_licensed", initial},
                                               {"final_licensed", final_share},
                                               {"rmse_pct_points", b.rmse}});
                    if (b.rmse < best) {
                        best = b.rmse;
                        best_l = t;
                    }
                }
            }
        }
    }
    l = best_l;
    report.extra["calibrated"] =
        Json{{"processing_days", l.processing_days}, {"ramp_days", l.ramp_days},
             {"initial_licensed", l.initial},        {"final_licensed", l.final_share},
             {"inventory_days", sc.inventory_days},  {"rmse_pct_points", best}};
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
        if (sc.export_controls.front().licensing.given) {
            calibrate_licensing(data, sc, observed, report);
        } else {
            const int start = sc.export_controls.front().days.start;
            double best = std::numeric_limits<double>::infinity();
            double best_inventory = sc.inventory_days;
            int best_strict = sc.export_controls.front().days.end - start;
            for (double inventory : {10.0, 20.0, 30.0, 45.0, 60.0, 90.0}) {
                // Inventories shape the network: compiled once per inventory level.
                sim::Scenario stocked = sc;
                stocked.inventory_days = inventory;
                const sim::CompiledScenario compiled = sim::compile_scenario(data, stocked);
                for (int strict : {30, 45, 60, 75, 90, 120, 150}) {
                    sim::Events trial = compiled.events;
                    trial.controls.front().days.end = start + strict;
                    const sim::Backtest b = run_trial(stocked, compiled, trial, observed);
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
    }
    const sim::ScenarioRun run = run_checked(data, sc);
    const sim::Backtest b = sim::compare(sc, run, observed);
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
    std::string downstream_note;
    if (!sc.observed.downstream.empty()) {
        // V3-V4: reported downstream losses, which nothing above was fitted to.
        const auto losses = sim::read_observed_losses(sc.observed.downstream);
        const sim::DownstreamBacktest db =
            sim::compare_downstream(data, sc, run, losses, sc.observed.downstream);
        for (const auto& c : db.rows)
            report.rows.push_back(
                Json{{"view", "downstream"},
                     {"country", c.observed.country},
                     {"end_uses", fmt::format("{}", fmt::join(c.observed.end_uses, ";"))},
                     {"from", c.observed.start},
                     {"to", c.observed.end},
                     {"days", c.days},
                     {"demand_t", c.demand},
                     {"shortfall_t", c.shortfall},
                     {"simulated_loss_pct", c.simulated_pct},
                     {"observed_loss_pct", c.observed_pct},
                     {"observed_low_pct", c.observed.low_pct},
                     {"observed_high_pct", c.observed.high_pct},
                     {"agreement", c.agreement},
                     {"log10_error", c.log10_error},
                     {"confidence", c.observed.confidence}});
        report.extra["downstream"] = Json{{"file", sc.observed.downstream},
                                          {"rows", db.rows.size()},
                                          {"within_order_of_magnitude", db.within},
                                          {"rms_log10_error", db.rms_log10_error}};
        downstream_note = fmt::format(
            "simulated_loss_pct: the share of those end users' orders not delivered over the "
            "window (V3); observed_loss_pct: the middle of the reported band (observed_low_pct to "
            "observed_high_pct, % of output); agreement: within one order of magnitude of the band "
            "or not (V4). {} of {} rows within; RMS log10 error {:.2f}. Out of sample: nothing "
            "was fitted to these losses.\n",
            db.within, db.rows.size(), db.rms_log10_error);
    }
    report.title = fmt::format("critmin backtest: {} against {}", sc.name, sc.observed.file);
    report.extra["rmse_pct_points"] = b.rmse;
    report.extra["inventory_days"] = sc.inventory_days;
    report.notes = fmt::format(
        "simulated_change_pct: {}'s deliveries of {} abroad against the dataset's base-year rate; "
        "observed_change_pct: as reported (year on year, or month on month for April). RMSE {:.1f} "
        "percentage points over {} months.\n",
        sc.observed.exporter, fmt::join(sc.observed.commodities, ", "), b.rmse, b.months.size());
    report.notes += downstream_note;
    return report;
}

}  // namespace critmin::cli
