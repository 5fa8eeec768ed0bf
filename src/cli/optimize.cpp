// `critmin optimize PLAN.yaml`: the diversification programme (docs/planning.md, section 2):
// the plan, its cost, its in-sample CVaR, a Pareto frontier over lambda, and the plan re-run in
// the engine on fresh samples beside today's arrangements.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/optimize_pipeline.h"
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

// The plan (one row per source), the stockpiles and the summary.
void add_plan_rows(const app::OptimizeOutcome& r, Report& report) {
    const plan::PlanFile& file = r.file;
    const plan::PlanProblem& pp = r.problem;
    const plan::PlanSolution& s = r.solution;
    const auto& p = pp.problem;
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
}

void add_frontier_and_check_rows(const app::OptimizeOutcome& r, Report& report) {
    const plan::PlanFile& file = r.file;
    for (const app::FrontierPoint& f : r.frontier) {
        Json row{{"view", "frontier"},
                 {"sweep", f.sweep},
                 {"lambda", f.lambda},
                 {"budget", std::isfinite(f.budget) ? Json(f.budget) : Json(nullptr)},
                 {"status", plan::to_string(f.status)}};
        if (f.solved) {
            row["plan_cost_per_year"] = f.plan_cost;
            row["expected_shortfall_cost"] = f.expected_loss;
            row["cvar"] = f.cvar;
        }
        report.rows.push_back(row);
    }

    // Today's arrangements in the same scenarios, then both in the engine.
    auto check = [&](const char* measure, double app::RiskMeasures::*field) {
        Json row{{"view", "check"},
                 {"measure", measure},
                 {"in_sample_plan", r.in_sample_plan.*field},
                 {"in_sample_today", r.in_sample_today.*field}};
        if (r.engine_plan) {
            row["engine_plan"] = (*r.engine_plan).*field;
            row["engine_today"] = (*r.engine_today).*field;
        }
        return row;
    };
    const Json check_e = check("expected_shortfall_cost", &app::RiskMeasures::expected);
    const Json check_v = check("var", &app::RiskMeasures::var);
    const Json check_c = check("cvar", &app::RiskMeasures::cvar);
    if (r.engine_kind == "out_of_sample")
        report.extra["engine_check"] = Json{{"kind", "out_of_sample"},
                                            {"samples", file.out_of_sample},
                                            {"seed", file.out_of_sample_seed}};
    else if (r.engine_kind == "listed_scenarios")
        report.extra["engine_check"] =
            Json{{"kind", "listed_scenarios"}, {"samples", r.engine_samples}};
    report.rows.push_back(check_e);
    report.rows.push_back(check_v);
    report.rows.push_back(check_c);
}

// Money on every row, the tables' columns and the notes.
void add_labels_and_notes(const app::OptimizeOutcome& r, Report& report) {
    const plan::PlanFile& file = r.file;
    const plan::PlanProblem& pp = r.problem;
    const plan::ShortfallValues& values = r.values;
    const auto& p = pp.problem;
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
                 r.seconds_scenarios, r.seconds_solve, p.n_scenarios(),
                 file.frontier.size() + file.frontier_budgets.size(), r.seconds_engine);
}

}  // namespace

Report run_optimize(const OptimizeOptions& o) {
    app::OptimizeRequest rq;
    rq.plan = o.plan;
    rq.dataset = default_dataset_dir();
    rq.shortfall_value = shortfall_value_file(o.shortfall_value);
    rq.samples = o.samples;
    rq.out_of_sample = o.out_of_sample;
    rq.threads = o.threads;
    const app::OptimizeOutcome r = app::run_optimize(rq);
    const auto& p = r.problem.problem;
    Report report;
    report.command = "optimize";
    report.title =
        fmt::format("{} ({}, {} scenarios, lambda {}, CVaR at {})", r.file.name,
                    plan::to_string(r.solution.status), p.n_scenarios(), p.lambda, p.alpha);
    add_plan_rows(r, report);
    add_frontier_and_check_rows(r, report);
    add_labels_and_notes(r, report);
    return report;
}

}  // namespace critmin::cli
