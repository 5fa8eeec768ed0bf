#include "app/optimize_pipeline.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "core/error.h"
#include "io/loader.h"
#include "sim/compiled_scenario.h"
#include "stress/statistics.h"

namespace critmin::app {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
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
        const auto [line, column] = file.positions.find(where);
        d.add({file.path, line, column, where},
              fmt::format("the plan is infeasible: {} cannot hold together with the other "
                          "constraints named ({}); relax one of them",
                          name, all));
    }
    if (s.at_fault.empty()) d.add({file.path, 0, 0, ""}, "the plan is infeasible");
    throw InvalidInput(std::move(d));
}

// The same programme with another lambda or budget (the Pareto frontier).
FrontierPoint frontier_point(const plan::StochasticProblem& p, const char* sweep, double lambda,
                             double budget) {
    plan::StochasticProblem q = p;
    q.lambda = lambda;
    q.budget = budget;
    const plan::PlanSolution f = plan::solve_plan(q);
    FrontierPoint point;
    point.sweep = sweep;
    point.lambda = lambda;
    point.budget = budget;
    point.status = f.status;
    point.solved = !f.units.empty();
    if (point.solved) {
        point.plan_cost = f.first_stage_cost;
        point.expected_loss = f.expected_loss;
        point.cvar = f.cvar;
    }
    return point;
}

RiskMeasures measures(const plan::EngineLosses& e) {
    return {e.expected, e.var, e.cvar};
}

// P23: the plan and today's arrangements in the engine, on fresh samples of the catalogue or on
// the listed scenarios.
void engine_check(const Dataset& data, const plan::PlanScenarios& scenarios,
                  const OptimizeRequest& rq, OptimizeOutcome& out) {
    const plan::PlanFile& file = out.file;
    const plan::PlanProblem& pp = out.problem;
    const Dataset extended = plan::with_new_suppliers(data, file);
    plan::PlanScenarios with_runs, today_runs;
    if (!file.catalogue.empty() && file.out_of_sample > 0) {
        // Fresh samples: the catalogue's base (no shocks) with the plan, and with today's.
        sim::Scenario base = scenarios.scenarios.front();
        base.capacity_shocks.clear();
        base.export_controls.clear();
        base.demand_changes.clear();
        with_runs =
            plan::fresh_samples(file, plan::with_plan(base, extended, file, pp, &out.solution),
                                file.out_of_sample, file.out_of_sample_seed);
        today_runs = plan::fresh_samples(file, plan::with_plan(base, data, file, pp, nullptr),
                                         file.out_of_sample, file.out_of_sample_seed);
        out.engine_kind = "out_of_sample";
    } else if (file.catalogue.empty()) {
        // Listed scenarios: the same scenarios, run day by day in the engine.
        for (const auto& sc : scenarios.scenarios) {
            with_runs.scenarios.push_back(plan::with_plan(sc, extended, file, pp, &out.solution));
            today_runs.scenarios.push_back(plan::with_plan(sc, data, file, pp, nullptr));
        }
        with_runs.probability = today_runs.probability = scenarios.probability;
        out.engine_kind = "listed_scenarios";
    }
    out.engine_samples = with_runs.scenarios.size();
    if (with_runs.scenarios.empty()) return;
    const auto t0 = Clock::now();
    out.engine_plan =
        measures(plan::engine_losses(extended, file, with_runs, out.values, rq.threads));
    out.engine_today =
        measures(plan::engine_losses(data, file, today_runs, out.values, rq.threads));
    out.seconds_engine = seconds_since(t0);
}

// Every input the engine check reads (the recycling file of a source the solver may or may not
// choose, a candidate supplier's name, ...) is read before solving: the plan with every source
// chosen is compiled once, so a bad file stops the run with exit 3 before the solve (issue 17,
// item 14).
void check_engine_inputs(const Dataset& data, const plan::PlanScenarios& scenarios,
                         const plan::PlanFile& file, const plan::PlanProblem& pp) {
    if (scenarios.scenarios.empty()) return;
    const plan::StochasticProblem& p = pp.problem;
    plan::PlanSolution every;
    for (const auto& src : p.sources)
        every.units.push_back(src.max_units > 0 ? std::min(src.max_units, 1.0) : 1.0);
    for (const auto& c : p.commodities) every.stock.push_back(c.stock_existing);
    const Dataset extended = plan::with_new_suppliers(data, file);
    (void)sim::compile_scenario(
        extended, plan::with_plan(scenarios.scenarios.front(), extended, file, pp, &every));
}

}  // namespace

RiskMeasures evaluate_fixed(const plan::StochasticProblem& p, const std::vector<double>& units,
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
    RiskMeasures r;
    for (std::size_t w = 0; w < n_scenarios; ++w) r.expected += p.probability[w] * loss[w];
    r.var = stress::value_at_risk(loss, p.probability, p.alpha);
    r.cvar = stress::conditional_value_at_risk(loss, p.probability, p.alpha);
    return r;
}

OptimizeOutcome run_optimize(const OptimizeRequest& rq) {
    OptimizeOutcome out;
    const auto t0 = Clock::now();
    plan::PlanFile& file = out.file;
    file = plan::read_plan(rq.plan);
    if (rq.samples > 0) file.samples = rq.samples;
    if (rq.out_of_sample >= 0) file.out_of_sample = rq.out_of_sample;
    const Dataset data = io::load_dataset(file.dataset.empty() ? rq.dataset : file.dataset);
    out.values = plan::read_shortfall_values(rq.shortfall_value);
    out.problem = plan::plan_problem(data, file, out.values);
    const plan::PlanScenarios scenarios = plan::plan_scenarios(file, file.samples, file.seed);
    check_engine_inputs(data, scenarios, file, out.problem);
    plan::fill_scenarios(data, file, scenarios, out.problem, rq.threads);
    out.seconds_scenarios = seconds_since(t0);

    const auto t1 = Clock::now();
    out.solution = plan::solve_plan(out.problem.problem);
    const plan::PlanSolution& s = out.solution;
    if (s.status == plan::PlanStatus::infeasible || s.status == plan::PlanStatus::unbounded)
        fail_plan(file, out.problem, s);
    if (s.units.empty())
        throw Error(ErrorKind::runtime,
                    fmt::format("optimize: the solver stopped ({}) without a plan; raise "
                                "solver.time_limit_s",
                                plan::to_string(s.status)));
    out.seconds_solve = seconds_since(t1);
    const plan::StochasticProblem& p = out.problem.problem;
    // Pareto frontier: the same programme for each lambda, then for each budget.
    for (const double lambda : file.frontier)
        out.frontier.push_back(frontier_point(p, "lambda", lambda, p.budget));
    for (const double budget : file.frontier_budgets)
        out.frontier.push_back(frontier_point(p, "budget", p.lambda, budget));
    // Today's arrangements in the same scenarios, then both in the engine.
    out.in_sample_plan = {s.expected_loss, s.var, s.cvar};
    std::vector<double> today_stock;
    for (const auto& c : p.commodities) today_stock.push_back(c.stock_existing);
    out.in_sample_today = evaluate_fixed(p, out.problem.today_units, today_stock);
    engine_check(data, scenarios, rq, out);
    return out;
}

}  // namespace critmin::app
