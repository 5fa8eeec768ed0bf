// `critmin optimize PLAN.yaml`: the diversification programme (docs/planning.md, section 2):
// the plan, its cost, its in-sample CVaR, a Pareto frontier over lambda, and the plan re-run in
// the engine on fresh samples beside today's arrangements.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "cli/commands.h"
#include "cli/selection.h"
#include "core/error.h"
#include "io/loader.h"
#include "plan/optimize.h"
#include "plan/plan_file.h"
#include "stress/statistics.h"

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// P15-P17 for a fixed first stage (today's suppliers at today's volumes, today's stock).
struct FixedResult {
    double expected = 0, var = 0, cvar = 0;
};
FixedResult evaluate_fixed(const plan::StochasticProblem& p, const std::vector<double>& units,
                           const std::vector<double>& stock) {
    const std::size_t n_sources = p.sources.size(), n_commodities = p.commodities.size(),
                      n_scenarios = p.n_scenarios();
    std::vector<double> loss(n_scenarios, 0.0);
    for (std::size_t w = 0; w < n_scenarios; ++w)
        for (std::size_t k = 0; k < n_commodities; ++k) {
            double supply = stock[k];
            for (std::size_t j = 0; j < n_sources; ++j)
                supply += p.horizon_years * p.availability[w * n_sources + j] *
                          p.sources[j].yield[k] * units[j];
            const double need =
                p.horizon_years * p.commodities[k].demand *
                (p.demand_factor.empty() ? 1.0 : p.demand_factor[w * n_commodities + k]);
            loss[w] += p.commodities[k].shortfall_value * std::max(need - supply, 0.0);
        }
    FixedResult r;
    for (std::size_t w = 0; w < n_scenarios; ++w) r.expected += p.probability[w] * loss[w];
    r.var = stress::value_at_risk(loss, p.probability, p.alpha);
    r.cvar = stress::conditional_value_at_risk(loss, p.probability, p.alpha);
    return r;
}

// An infeasible or unbounded programme is the plan file's fault: name its constraints.
[[noreturn]] void fail_plan(const plan::PlanFile& file, const plan::PlanProblem& pp,
                            const plan::PlanSolution& s) {
    Diagnostics d;
    if (s.status == plan::PlanStatus::unbounded) {
        for (const auto& col : s.at_fault)
            d.add({file.path, 0, 0, "sources"},
                  fmt::format("the plan is unbounded: {} lowers the cost without limit (a negative "
                              "cost with no maximum)",
                              col));
        if (s.at_fault.empty()) d.add({file.path, 0, 0, ""}, "the plan is unbounded");
        throw InvalidInput(std::move(d));
    }
    std::string all;
    for (const auto& name : s.at_fault) all += (all.empty() ? "" : ", ") + name;
    for (const auto& name : s.at_fault) {
        std::string where;
        for (const auto& [constraint, path] : pp.constraint_where)
            if (constraint == name) where = path;
        const auto pos = file.positions.find(where);
        const auto line = pos == file.positions.end() ? 0U : pos->second.first;
        const auto column = pos == file.positions.end() ? 0U : pos->second.second;
        d.add({file.path, line, column, where},
              fmt::format("the plan is infeasible: {} cannot hold together with the other "
                          "constraints named ({}); relax one of them",
                          name, all));
    }
    if (s.at_fault.empty()) d.add({file.path, 0, 0, ""}, "the plan is infeasible");
    throw InvalidInput(std::move(d));
}

// The money of every cost column: the plan's currency, with the price years its inputs state
// (the plan file's `price_year`; shortfall-value.csv's `vintage` when a value is derived, P21).
MoneyUnit plan_money(const plan::PlanFile& file, const plan::ShortfallValues& values) {
    MoneyUnit money;
    money.currency = file.currency;
    money.add_year(file.price_year);
    for (const auto& c : file.commodities)
        if (c.shortfall_value < 0)
            for (int year : values.price_years) money.add_year(year);
    return money;
}

// P21 values are shadow values: the buyer's end-use output that a missing tonne stops, with every
// element essential. They are far above market prices (Tb oxide in the Japan plan: about 1.66
// billion USD per t) and must not be read as prices.
std::string shortfall_value_kind(const plan::PlanFile& file, const std::string& commodity) {
    for (const auto& c : file.commodities)
        if (c.id == commodity && c.shortfall_value >= 0)
            return "given in the plan file (shortfall_value_per_t)";
    return "shadow value (P21): end-use output lost per t short, not a price";
}

}  // namespace

Report run_optimize(const OptimizeOptions& o) {
    const auto t0 = Clock::now();
    plan::PlanFile file = plan::read_plan(o.plan);
    if (o.samples > 0) file.samples = o.samples;
    if (o.out_of_sample >= 0) file.out_of_sample = o.out_of_sample;
    const Dataset data =
        io::load_dataset(file.dataset.empty() ? default_dataset_dir() : file.dataset);
    const plan::ShortfallValues values = plan::read_shortfall_values(
        o.shortfall_value.empty() ? default_data_root() + "/planning/shortfall-value.csv"
                                  : o.shortfall_value);
    plan::PlanProblem pp = plan::plan_problem(data, file, values);
    const plan::PlanScenarios scenarios = plan::plan_scenarios(file, file.samples, file.seed);
    plan::fill_scenarios(data, file, scenarios, pp, o.threads);
    const double t_scenarios = seconds_since(t0);

    const auto t1 = Clock::now();
    const plan::PlanSolution s = plan::solve_plan(pp.problem);
    if (s.status == plan::PlanStatus::infeasible || s.status == plan::PlanStatus::unbounded)
        fail_plan(file, pp, s);
    if (s.units.empty())
        throw Error(ErrorKind::runtime,
                    fmt::format("optimize: the solver stopped ({}) without a plan; raise "
                                "solver.time_limit_s",
                                plan::to_string(s.status)));
    const double t_solve = seconds_since(t1);
    const auto& p = pp.problem;

    Report report;
    report.command = "optimize";
    report.title = fmt::format("{} ({}, {} scenarios, lambda {}, CVaR at {})", file.name,
                               plan::to_string(s.status), p.n_scenarios(), p.lambda, p.alpha);
    for (std::size_t j = 0; j < p.sources.size(); ++j) {
        const auto& src = p.sources[j];
        std::string supplies;
        for (std::size_t k = 0; k < p.commodities.size(); ++k) {
            const double t = src.yield[k] * s.units[j];
            if (src.yield[k] > 0)
                supplies += fmt::format("{}{}: {:.6g} t", supplies.empty() ? "" : "; ",
                                        p.commodities[k].id, t);
        }
        const double cost = plan::source_cost(src, s.units[j]);
        Json row{{"view", "plan"},
                 {"source", src.id},
                 {"kind", src.kind},
                 {"country", src.country},
                 {"chosen", src.binary ? Json(s.units[j] > 0 ? "build" : "no") : Json(s.units[j])},
                 {"supplies_per_year", supplies},
                 {"annual_cost", cost}};
        report.rows.push_back(row);
    }
    for (std::size_t k = 0; k < p.commodities.size(); ++k) {
        const auto& c = p.commodities[k];
        const double days = pp.daily_use[k] > 0 ? s.stock[k] / pp.daily_use[k] : 0;
        report.rows.push_back(
            Json{{"view", "stockpile"},
                 {"commodity", c.id},
                 {"stock_t", s.stock[k]},
                 {"stock_days", days},
                 {"existing_days", pp.daily_use[k] > 0 ? c.stock_existing / pp.daily_use[k] : 0},
                 {"annual_cost", plan::stock_cost(c, s.stock[k])},
                 {"demand_t_per_year", c.demand},
                 {"shortfall_value_per_t", c.shortfall_value},
                 {"shortfall_value_kind", shortfall_value_kind(file, c.id)}});
    }
    report.rows.push_back(Json{{"view", "summary"},
                               {"status", plan::to_string(s.status)},
                               {"scenarios", p.n_scenarios()},
                               {"lambda", p.lambda},
                               {"alpha", p.alpha},
                               {"plan_cost_per_year", s.first_stage_cost},
                               {"expected_shortfall_cost", s.expected_loss},
                               {"var", s.var},
                               {"cvar", s.cvar},
                               {"objective", s.objective},
                               {"gap", s.gap},
                               {"currency", file.currency}});

    // Pareto frontier: the same programme for each lambda, then for each budget.
    auto frontier_row = [&](const char* sweep, double lambda, double budget) {
        plan::StochasticProblem q = p;
        q.lambda = lambda;
        q.budget = budget;
        const plan::PlanSolution f = plan::solve_plan(q);
        Json row{{"view", "frontier"},
                 {"sweep", sweep},
                 {"lambda", lambda},
                 {"budget", std::isfinite(budget) ? Json(budget) : Json(nullptr)},
                 {"status", plan::to_string(f.status)}};
        if (!f.units.empty()) {
            row["plan_cost_per_year"] = f.first_stage_cost;
            row["expected_shortfall_cost"] = f.expected_loss;
            row["cvar"] = f.cvar;
        }
        report.rows.push_back(row);
    };
    for (const double lambda : file.frontier) frontier_row("lambda", lambda, p.budget);
    for (const double budget : file.frontier_budgets) frontier_row("budget", p.lambda, budget);

    // Today's arrangements in the same scenarios, then both in the engine on fresh samples.
    std::vector<double> today_stock;
    for (const auto& c : p.commodities) today_stock.push_back(c.stock_existing);
    const FixedResult today = evaluate_fixed(p, pp.today_units, today_stock);
    Json check_e{{"view", "check"},
                 {"measure", "expected_shortfall_cost"},
                 {"in_sample_plan", s.expected_loss},
                 {"in_sample_today", today.expected}};
    Json check_v{{"view", "check"},
                 {"measure", "var"},
                 {"in_sample_plan", s.var},
                 {"in_sample_today", today.var}};
    Json check_c{{"view", "check"},
                 {"measure", "cvar"},
                 {"in_sample_plan", s.cvar},
                 {"in_sample_today", today.cvar}};
    const Dataset extended = plan::with_new_suppliers(data, file);
    plan::PlanScenarios with_runs, today_runs;
    if (!file.catalogue.empty() && file.out_of_sample > 0) {
        // Fresh samples: the catalogue's base (no shocks) with the plan, and with today's.
        sim::Scenario base = scenarios.scenarios.front();
        base.capacity_shocks.clear();
        base.export_controls.clear();
        base.demand_changes.clear();
        with_runs = plan::fresh_samples(file, plan::with_plan(base, extended, file, pp, &s),
                                        file.out_of_sample, file.out_of_sample_seed);
        today_runs = plan::fresh_samples(file, plan::with_plan(base, data, file, pp, nullptr),
                                         file.out_of_sample, file.out_of_sample_seed);
        report.extra["engine_check"] = Json{{"kind", "out_of_sample"},
                                            {"samples", file.out_of_sample},
                                            {"seed", file.out_of_sample_seed}};
    } else if (file.catalogue.empty()) {
        // Listed scenarios: the same scenarios, run day by day in the engine.
        for (const auto& sc : scenarios.scenarios) {
            with_runs.scenarios.push_back(plan::with_plan(sc, extended, file, pp, &s));
            today_runs.scenarios.push_back(plan::with_plan(sc, data, file, pp, nullptr));
        }
        with_runs.probability = today_runs.probability = scenarios.probability;
        report.extra["engine_check"] =
            Json{{"kind", "listed_scenarios"}, {"samples", with_runs.scenarios.size()}};
    }
    double t_engine = 0;
    if (!with_runs.scenarios.empty()) {
        const auto t2 = Clock::now();
        const auto with = plan::engine_losses(extended, file, with_runs, values, o.threads);
        const auto without = plan::engine_losses(data, file, today_runs, values, o.threads);
        check_e["engine_plan"] = with.expected;
        check_e["engine_today"] = without.expected;
        check_v["engine_plan"] = with.var;
        check_v["engine_today"] = without.var;
        check_c["engine_plan"] = with.cvar;
        check_c["engine_today"] = without.cvar;
        t_engine = seconds_since(t2);
    }
    report.rows.push_back(check_e);
    report.rows.push_back(check_v);
    report.rows.push_back(check_c);
    const MoneyUnit money = plan_money(file, values);
    for (auto& row : report.rows) money.add_to(row);
    report.extra["price_year"] = money.price_year();
    report.column_labels["annual_cost"] = fmt::format("annual_cost ({})", money.label());
    report.column_labels["shortfall_value_per_t"] =
        fmt::format("shortfall_value_per_t (shadow value, {})", money.label());
    Json notes = Json::array();
    for (const auto& n : pp.notes) notes.push_back(n);
    report.extra["left_out"] = notes;
    report.table_columns["plan"] = {"source",     "kind", "country", "chosen", "supplies_per_year",
                                    "annual_cost"};
    report.table_columns["stockpile"] = {"commodity",     "stock_t",     "stock_days",
                                         "existing_days", "annual_cost", "shortfall_value_per_t"};
    std::string left_out;
    for (const auto& n : pp.notes) left_out += (left_out.empty() ? "" : "; ") + n;
    const std::string engine_runs = file.catalogue.empty()
                                        ? std::string("the listed scenarios")
                                        : fmt::format("{} fresh samples", file.out_of_sample);
    report.notes = fmt::format(
        "Costs per year in {}. in_sample: the programme's scenarios (yearly volumes); engine: the "
        "propagation engine on {} (daily, with pipeline inventories), with the plan and with "
        "today's arrangements (existing stockpiles only).{}\n",
        file.currency, engine_runs, left_out.empty() ? std::string() : "\nLeft out: " + left_out);
    report.notes += fmt::format(
        "Money in {}{}. shortfall_value_per_t is a shadow value unless the plan gives it (P21): "
        "the buyer's end-use output lost per t not delivered, with every element essential; it "
        "prices risk in the programme and is not a market price.\n",
        money.label(),
        file.price_year == 0 ? " (the plan file states no price_year for its costs)" : "");
    std::fprintf(stderr,
                 "optimize: scenarios %.2f s, solve %.2f s (%zu scenarios), frontier %zu solves, "
                 "engine %.2f s\n",
                 t_scenarios, t_solve, p.n_scenarios(),
                 file.frontier.size() + file.frontier_budgets.size(), t_engine);
    return report;
}

}  // namespace critmin::cli
