// The diversification plan as a two-stage stochastic mixed-integer programme (docs/planning.md,
// section 2, eqs. P11-P20), solved with COIN-OR CBC.
//
// First stage (before anything happens): the yearly activity of each supply source (contracted
// volume from a supplier, recycling capacity, or a project, which is built or not), and the
// stockpile of each commodity. Second stage (per disruption scenario): what each source delivers
// given the share of it the scenario leaves available, stockpile draws, and unmet demand priced
// by its value. Objective: first-stage cost + expected shortfall cost + lambda x CVaR_alpha of
// the shortfall cost (Rockafellar-Uryasev).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace critmin::plan {

inline constexpr double kUnlimited = std::numeric_limits<double>::infinity();

struct Source {
    std::string id, kind, country;  // kind: baseline, supplier, recycling, project
    std::vector<double> yield;      // per commodity: t delivered per unit of activity
    double min_units = 0, max_units = kUnlimited;  // activity bounds (binary: max = capacity)
    double cost_per_unit = 0;                      // per year
    bool binary = false;                           // a project: activity is 0 or max_units (P11)
    double fixed_cost = 0;                         // per year when built (binary only)
};

// P11: a source's yearly cost at an activity (a project: its fixed cost when built, units > 0).
[[nodiscard]] inline double source_cost(const Source& s, double units) {
    if (s.binary) return units > 0 ? s.fixed_cost + s.cost_per_unit * s.max_units : 0.0;
    return s.cost_per_unit * units;
}

struct CommodityPlan {
    std::string id, stage;
    double demand = 0;                    // t per year (P12)
    double shortfall_value = 0;           // money per t not delivered (P15)
    double stock_existing = 0;            // t held today (costs nothing more)
    double stock_min = 0, stock_max = 0;  // t
    double stock_cost = 0;                // money per t and year above the existing stock
};

// P14: the yearly cost of holding `stock` t, paid only above today's stock.
[[nodiscard]] inline double stock_cost(const CommodityPlan& c, double stock) {
    return c.stock_cost * (stock > c.stock_existing ? stock - c.stock_existing : 0.0);
}

// P13: no country other than `exempt` supplies more than `share` of the planned supply of each
// listed commodity.
struct ShareCap {
    std::string stage;
    double share = 1;
    std::vector<std::uint32_t> commodities;
    std::string exempt;  // the planning country itself
};

struct StochasticProblem {
    std::vector<CommodityPlan> commodities;
    std::vector<Source> sources;
    std::vector<ShareCap> caps;
    double budget = kUnlimited;  // P14: first-stage cost per year
    double horizon_years = 1;    // length of each scenario, in years
    // Scenarios: probabilities and availabilities (scenario-major: [w * n_sources + j]).
    std::vector<double> probability;
    std::vector<double> availability;
    std::vector<double> demand_factor;  // [w * n_commodities + k]; empty: 1
    double alpha = 0.95;
    double lambda = 1;
    double time_limit_s = 60;
    double relative_gap = 1e-6;
    [[nodiscard]] std::size_t n_scenarios() const { return probability.size(); }
};

enum class PlanStatus : std::uint8_t { optimal, time_limit, infeasible, unbounded, failed };
[[nodiscard]] const char* to_string(PlanStatus s);

struct PlanSolution {
    PlanStatus status = PlanStatus::failed;
    std::vector<double> units;    // per source
    std::vector<double> stock;    // per commodity, t
    double first_stage_cost = 0;  // P11
    double expected_loss = 0;     // P17
    double var = 0;               // eta at the optimum: VaR_alpha of the shortfall cost
    double cvar = 0;              // P17
    double objective = 0;         // P19
    double best_bound = 0;        // CBC's bound (objective units)
    double gap = 0;               // relative
    std::vector<double> scenario_loss;
    // Infeasible: the constraints that must be relaxed (P20); unbounded: the columns whose cost
    // decreases without limit.
    std::vector<std::string> at_fault;
    double seconds = 0;
};

[[nodiscard]] PlanSolution solve_plan(const StochasticProblem& p);

// P17 on a finished set of losses: stress::value_at_risk and stress::conditional_value_at_risk
// (stress/statistics.h) with the scenarios' probabilities.

}  // namespace critmin::plan
