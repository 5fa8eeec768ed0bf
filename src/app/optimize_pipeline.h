// The `optimize` pipeline (docs/planning.md, section 2): the plan file and the dataset into a
// programme (P21), scenario availabilities from the engine (P22), the solve, a Pareto frontier
// over lambda and budgets, today's arrangements in the same scenarios, and both re-run in the
// engine (P23). The CLI renders the outcome.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/optimize.h"
#include "plan/plan_file.h"
#include "plan/stochastic.h"
#include "plan/tables.h"

namespace critmin::app {

struct OptimizeRequest {
    std::string plan;              // PLAN.yaml
    std::string dataset;           // used when the plan names none
    std::string shortfall_value;   // shortfall-value.csv
    long long samples = 0;         // > 0: overrides the plan's scenarios.samples
    long long out_of_sample = -1;  // >= 0: overrides out_of_sample.samples
    int threads = 0;
};

struct FrontierPoint {
    std::string sweep;  // lambda | budget
    double lambda = 0, budget = 0;
    plan::PlanStatus status = plan::PlanStatus::optimal;
    bool solved = false;  // a plan was found (cost and risk below are set)
    double plan_cost = 0, expected_loss = 0, cvar = 0;
};

struct RiskMeasures {
    double expected = 0, var = 0, cvar = 0;
};

struct OptimizeOutcome {
    plan::PlanFile file;
    plan::ShortfallValues values;
    plan::PlanProblem problem;
    plan::PlanSolution solution;
    std::vector<FrontierPoint> frontier;
    RiskMeasures in_sample_plan, in_sample_today;  // P15-P17 in the programme's scenarios
    // P23: the engine on fresh samples (out_of_sample) or the listed scenarios; empty kind: none.
    std::string engine_kind;
    std::size_t engine_samples = 0;
    std::optional<RiskMeasures> engine_plan, engine_today;
    double seconds_scenarios = 0, seconds_solve = 0, seconds_engine = 0;
};

// Throws InvalidInput naming the plan file's constraints when the programme is infeasible or
// unbounded, Error(runtime) when the solver stops without a plan.
[[nodiscard]] OptimizeOutcome run_optimize(const OptimizeRequest& request);

// P15-P17 for a fixed first stage (today's suppliers at today's volumes, today's stock).
[[nodiscard]] RiskMeasures evaluate_fixed(const plan::StochasticProblem& p,
                                          const std::vector<double>& units,
                                          const std::vector<double>& stock);

}  // namespace critmin::app
