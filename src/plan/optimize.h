// From a plan file to a solved plan and back to the engine (docs/planning.md, section 2):
// derives the buyer's demand, today's suppliers, stockpiles and shortfall values from the
// dataset (P21), the scenario availabilities from engine runs (P22), solves the programme, and
// re-simulates the chosen plan on fresh samples (P23).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "plan/plan_file.h"
#include "plan/stochastic.h"
#include "plan/tables.h"
#include "sim/scenario.h"
#include "stress/catalogue.h"
#include "stress/sampler.h"

namespace critmin::plan {

struct PlanProblem {
    StochasticProblem problem;
    // Per problem source: the plan file's source (-1 for today's suppliers) and the producers
    // whose output it needs (P22).
    std::vector<int> plan_source;
    std::vector<std::vector<std::string>> producers;
    std::vector<double> today_units;  // per problem source: today's volume (0 for new sources)
    std::vector<double> daily_use;    // per commodity: the buyer's use, t per day
    std::vector<std::string> notes;   // sources left out and why
    // Constraint names of the programme -> YAML paths of the plan file, for messages.
    std::vector<std::pair<std::string, std::string>> constraint_where;
};

// P21: everything but the scenarios. Throws InvalidInput (plan paths) on unknown names.
[[nodiscard]] PlanProblem plan_problem(const Dataset& data, const PlanFile& plan,
                                       const ShortfallValues& values);

// The yearly use (t) of each commodity by the buyer's nodes in the dataset's network (P12's
// demand); 0 for unknown names.
[[nodiscard]] std::vector<double> buyer_use(const Dataset& data, const std::string& buyer,
                                            const std::vector<std::string>& commodities);

// The disruption scenarios: `samples` years drawn from the catalogue (seed) or the listed files,
// with their probabilities (listed: the rest of the probability is a year without disruption).
struct PlanScenarios {
    std::vector<sim::Scenario> scenarios;
    std::vector<double> probability;
    // Drawn from a catalogue: the catalogue (its base the scenarios' base) and each scenario's
    // sampled year, so that the engine compiles the catalogue once (plan/engine_runs.h). The
    // engine then runs the years; `scenarios` (year_scenario of each) are for reading. Without a
    // catalogue the engine runs `scenarios` one by one.
    std::optional<stress::Catalogue> catalogue;
    std::vector<stress::SampledYear> years;
};
[[nodiscard]] PlanScenarios plan_scenarios(const PlanFile& plan, long long samples,
                                           std::uint64_t seed);

// P22: runs every scenario in the engine and fills availability and demand factors.
void fill_scenarios(const Dataset& data, const PlanFile& plan, const PlanScenarios& s,
                    PlanProblem& p, int threads);
// The same for several buyers over the same scenarios: each scenario runs once in the engine
// (plans[q] with problems[q]).
void fill_scenarios(const Dataset& data, const std::vector<const PlanFile*>& plans,
                    const PlanScenarios& s, const std::vector<PlanProblem*>& problems, int threads);

// P23: the scenario with the plan's responses (stockpiles, contracts, projects, recycling);
// with `solution` null, today's arrangements only (the existing stockpiles released).
[[nodiscard]] sim::Scenario with_plan(const sim::Scenario& base, const Dataset& data,
                                      const PlanFile& plan, const PlanProblem& p,
                                      const PlanSolution* solution);

// The dataset with the plan's new suppliers added as projects (`simulate: {new_supplier: true}`),
// so that the engine can run them.
[[nodiscard]] Dataset with_new_suppliers(const Dataset& data, const PlanFile& plan);

// Fresh scenario-years from the plan's catalogue with `base` (the catalogue's base with a plan's
// responses) in place of the catalogue's base.
[[nodiscard]] PlanScenarios fresh_samples(const PlanFile& plan, const sim::Scenario& base,
                                          long long samples, std::uint64_t seed);

// P23: the shortfall cost of the buyer's end users in each engine run (money), and its
// expectation, VaR and CVaR under the given probabilities.
struct EngineLosses {
    std::vector<double> loss;
    double expected = 0, var = 0, cvar = 0;
};
[[nodiscard]] EngineLosses engine_losses(const Dataset& data, const PlanFile& plan,
                                         const PlanScenarios& scenarios,
                                         const ShortfallValues& values, int threads);

}  // namespace critmin::plan
