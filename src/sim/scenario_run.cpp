#include "sim/scenario_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "sim/ario.h"
#include "sim/responses.h"
#include "sim/run.h"

namespace critmin::sim {

namespace {

// Demand counts as unmet when more than this share of the day's order is missing (S34).
constexpr double kUnmetShare = 1e-4;
// Deliveries count as recovered within this share of what is ordered (S35).
constexpr double kRecoveredShare = 0.01;

bool unmet(double ordered, double delivered) {
    return ordered - delivered > kUnmetShare * ordered;
}
bool short_of(double baseline, double delivered) {
    return delivered < (1.0 - kRecoveredShare) * baseline;
}

// The end users' stock of inputs in days of use at the baseline rate (the inventory curves of
// the report).
double stock_days_of(const Network& net, const State& s, std::uint32_t node) {
    double stock = 0, use = 0;
    for (std::uint32_t k = net.slot_begin[node]; k < net.slot_begin[node + 1]; ++k) {
        stock += s.inventory[k];
        use += net.slot_tech[k] * net.x0[node];
    }
    return use > 0 ? stock / use : 0.0;
}

}  // namespace

ColumnTracker::ColumnTracker(std::size_t n_columns, int shock_start)
    : columns_(n_columns), shock_start_(shock_start) {}

void ColumnTracker::add_day(int day, const double* ordered, const double* delivered) {
    const bool counted = shock_start_ >= 0 && day >= shock_start_;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        Column& col = columns_[c];
        col.demand += ordered[c];
        const double miss = std::max(ordered[c] - delivered[c], 0.0);
        col.shortfall += miss;                                                               // S32
        if (ordered[c] > 0) col.deepest = std::max(col.deepest, 100.0 * miss / ordered[c]);  // S33
        if (!counted) continue;
        if (col.first_unmet < 0 && unmet(ordered[c], delivered[c]))
            col.first_unmet = day - shock_start_;                      // S34
        if (short_of(ordered[c], delivered[c])) col.last_short = day;  // S35
    }
}

std::vector<ColumnSummary> ColumnTracker::finish(std::size_t steps) const {
    std::vector<ColumnSummary> out(columns_.size());
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        const Column& col = columns_[c];
        ColumnSummary& cs = out[c];
        cs.demand = col.demand;
        cs.shortfall = col.shortfall < kUnmetShare * 1e-3 * col.demand ? 0.0  // rounding noise
                                                                       : col.shortfall;
        cs.shortfall_pct = cs.demand > 0 ? 100.0 * cs.shortfall / cs.demand : 0.0;
        cs.deepest_daily_pct = col.deepest;
        cs.tts_days = col.first_unmet;
        cs.disrupted = cs.tts_days >= 0;
        if (cs.disrupted) {
            if (col.last_short < 0)
                cs.ttr_days = 0;
            else if (col.last_short + 1 >= static_cast<int>(steps))
                cs.ttr_days = -1;  // not recovered inside the run
            else
                cs.ttr_days = col.last_short + 1 - shock_start_;
        }
    }
    return out;
}

std::vector<ColumnSummary> summarise(const CompiledScenario& c, const ColumnTracker& tracker,
                                     std::size_t steps) {
    std::vector<ColumnSummary> columns = tracker.finish(steps);  // S32-S35
    const DatasetNetwork& dn = c.network;
    for (std::size_t k = 0; k < columns.size(); ++k) {
        const DemandColumn& col = dn.columns[k];
        ColumnSummary& cs = columns[k];
        cs.column = dn.net.final_labels[k];
        cs.country = c.column_country[k];
        cs.end_use = std::string(to_string(col.end_use));
        cs.commodity = c.column_commodity[k];
        cs.output_unit = col.product_unit;
        if (!std::isnan(col.content_per_product) && col.content_per_product > 0) {
            cs.output_lost = cs.shortfall / col.content_per_product;  // S36
            if (!std::isnan(col.value_per_product))
                cs.value_lost = cs.output_lost * col.value_per_product;
        }
    }
    return columns;
}

ColumnSummary summarise_column(const std::vector<double>& ordered,
                               const std::vector<double>& delivered, std::size_t n_cols,
                               std::size_t c, std::size_t steps, int shock_start) {
    ColumnTracker tracker(1, shock_start);
    for (std::size_t t = 0; t < steps; ++t)
        tracker.add_day(static_cast<int>(t), &ordered[t * n_cols + c], &delivered[t * n_cols + c]);
    return tracker.finish(steps).front();
}

int first_shock_day(const Scenario& sc) {
    int first = -1;
    auto note = [&first](int day) { first = first < 0 ? day : std::min(first, day); };
    for (const auto& s : sc.capacity_shocks) note(s.start);
    for (const auto& e : sc.export_controls) note(e.days.start);
    for (const auto& c : sc.demand_changes) note(c.days.start);
    return first;
}

int time_to_survive(const std::vector<double>& ordered, const std::vector<double>& delivered,
                    int shock_start) {
    if (shock_start < 0) return -1;
    for (std::size_t t = static_cast<std::size_t>(shock_start); t < ordered.size(); ++t)
        if (unmet(ordered[t], delivered[t])) return static_cast<int>(t) - shock_start;
    return -1;
}

int time_to_recover(const std::vector<double>& baseline, const std::vector<double>& delivered,
                    int shock_start) {
    if (shock_start < 0) return -1;
    // The last day deliveries fall short; recovery is the day after, if inside the run.
    int last_short = -1;
    for (std::size_t t = static_cast<std::size_t>(shock_start); t < baseline.size(); ++t)
        if (short_of(baseline[t], delivered[t])) last_short = static_cast<int>(t);
    if (last_short < 0) return 0;
    if (last_short + 1 >= static_cast<int>(baseline.size())) return -1;
    return last_short + 1 - shock_start;
}

ScenarioRun run(const CompiledScenario& c, const Events& events, const RunControl& control,
                RunObserver* observer) {
    const DatasetNetwork& dn = c.network;
    const Network& net = dn.net;
    const ModelParameters& p = c.parameters;
    const std::size_t n = net.n_nodes();
    const std::size_t n_cols = net.n_final_columns();
    ScenarioRun run;
    run.shocked = nodes_hit(c, events);
    run.baseline_exports = c.baseline_exports;
    run.shock_start = events.first_day();
    const int steps = c.horizon_days;
    run.steps_planned = steps;

    // What the responses keep from day to day; allocated once per run.
    HeldStock held = held_stock(c, events);                   // S27c
    StockpileState stockpiles = stockpile_state(c);           // S29
    std::vector<int> substituted(c.substitution.size(), -1);  // S38 trigger days
    std::vector<double> pool_need(c.widest_pool, 0.0);        // S37 scratch
    double released_abroad = 0;  // today's held stock shipped abroad (backtest)
    ColumnTracker tracker(n_cols, run.shock_start);
    std::vector<double> col_ordered(n_cols, 0.0), col_delivered(n_cols, 0.0);
    const auto reserve = [steps](std::vector<double>& v, std::size_t width) {
        v.reserve(static_cast<std::size_t>(steps) * width);
    };
    if (control.record_nodes) {
        reserve(run.production, n);
        reserve(run.capacity, n);
        reserve(run.production_opt, n);
        reserve(run.stock_days, n_cols);
    }
    if (control.record_columns) {
        reserve(run.ordered, n_cols);
        reserve(run.delivered, n_cols);
    }

    StepHooks hooks;
    hooks.before_production = [&](State& s) {
        const int day = s.step;
        apply_capacity_shocks(events.shocks, c.shock_nodes, day, s);         // S26
        apply_licences(events.controls, c.licence_targets, day, s);          // S27
        apply_demand_changes(net, events.demand, c.demand_columns, day, s);  // S28
        std::fill(s.capacity_extra.begin(), s.capacity_extra.end(), 0.0);
        std::fill(s.edge_bonus.begin(), s.edge_bonus.end(), 0.0);
        apply_projects(c.projects, day, s);                                // S30, S31
        add_spare_capacity(net, c.spare_capacity, c.spare_nodes, day, s);  // S30
        released_abroad = apply_held_stock(c, p, held, day, s);            // S27c
        apply_candidates(c.candidates, day, s);                            // S31
        apply_stockpile_releases(c, stockpiles, day, s);                   // S29
        apply_substitution(c, substituted, day, s);                        // S38
        apply_priorities(c, p, pool_need, s);                              // S37
    };
    hooks.observe = [&](const State& s) {
        if (control.record_nodes) {
            run.production.insert(run.production.end(), s.production.begin(), s.production.end());
            run.capacity.insert(run.capacity.end(), s.capacity.begin(), s.capacity.end());
            run.production_opt.insert(run.production_opt.end(), s.production_opt.begin(),
                                      s.production_opt.end());
            for (std::size_t k = 0; k < n_cols; ++k)
                run.stock_days.push_back(stock_days_of(net, s, c.column_node[k]));
        }
        std::fill(col_ordered.begin(), col_ordered.end(), 0.0);
        for (std::size_t f = 0; f < net.n_fd_entries(); ++f)
            col_ordered[net.fd_column[f]] += s.fd_orders[f];
        for (std::size_t k = 0; k < n_cols; ++k) col_delivered[k] = col_ordered[k] - s.fd_unmet[k];
        tracker.add_day(s.step, col_ordered.data(), col_delivered.data());
        if (control.record_columns) {
            run.ordered.insert(run.ordered.end(), col_ordered.begin(), col_ordered.end());
            run.delivered.insert(run.delivered.end(), col_delivered.begin(), col_delivered.end());
            if (c.observed) {
                double x = 0;
                for (std::uint32_t e : c.export_edges) x += s.delivered[e];
                for (std::uint32_t f : c.export_finals) x += s.fd_delivered[f];
                run.exports.push_back(x + released_abroad);
            }
        }
        run.stockpile_left.insert(run.stockpile_left.end(), stockpiles.left.begin(),
                                  stockpiles.left.end());
        run.max_mass_balance_error =
            std::max(run.max_mass_balance_error, mass_balance_error(net, s));
        if (observer != nullptr) observer->day({c, s, col_ordered, col_delivered});
        if (control.progress) control.progress(s.step + 1, steps);
    };
    State st = initial_state(net, p);
    run.steps_done = run_steps(net, p, st, steps, hooks, control.stop);
    check_mass_balance(run.max_mass_balance_error);  // S18, every run

    run.columns = summarise(c, tracker, static_cast<std::size_t>(run.steps_done));  // S32-S36
    run.stockpiles = std::move(stockpiles.summary);
    return run;
}

ScenarioRun run(const CompiledScenario& compiled, const RunControl& control,
                RunObserver* observer) {
    return run(compiled, compiled.events, control, observer);
}

ScenarioRun run_scenario(const Dataset& data, const Scenario& scenario, const RunControl& control) {
    CompiledScenario compiled = compile_scenario(data, scenario);
    ScenarioRun result = run(compiled, compiled.events, control);
    result.network = std::move(compiled.network);
    return result;
}

}  // namespace critmin::sim
