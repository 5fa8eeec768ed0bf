// A diversification plan file (docs/planning.md, "Plan files"): who plans, which commodities,
// which supply sources with their costs and limits, the scenarios, the risk measure and the
// constraints. Plain data, read by plan/plan_reader.h.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"

namespace critmin::plan {

struct PlanCommodity {
    std::string id, where, basis;
    std::vector<std::string>
        equivalent;               // other forms whose imports count in the buyer's use (P21)
    double shortfall_value = -1;  // money per t; < 0: derived (P21)
    double stock_min_days = 0, stock_max_days = 0;
    double stock_existing_days = -1;  // < 0: the dataset's stockpiles of the buyer
    double stock_cost_per_t_year = 0;
    double baseline_headroom = 0;  // today's suppliers may sell this share more
};

struct PlanSource {
    std::string id, kind, country, basis, where;  // kind: supplier, project, recycling
    std::map<std::string, double> yields;  // commodity -> t per unit (supplier: its commodity, 1)
    double min_units = 0, max_units = std::numeric_limits<double>::infinity();
    double cost_per_unit = 0;  // per year (supplier: premium per t)
    // Projects: built or not; annual cost = capex x CRF(rate, life) + opex.
    double capex = 0, life_years = 20, discount_rate = 0.08, opex_per_year = 0;
    int earliest_year = 0;  // projects and suppliers: nothing before this year
    double ramp_up_years = 0;
    std::vector<std::string> depends_on;  // dataset producers whose output it needs
    // How the engine represents it (out-of-sample runs).
    std::string candidate;         // existing producer supplying the buyer
    std::string project;           // dataset project id
    bool new_supplier = false;     // not in the dataset: simulated as a new project of this id
    double project_capacity = -1;  // t/yr of the project's commodity when built
    // Several dataset projects built together, each at its dataset capacity (a deposit that
    // yields several oxides, such as Minamitorishima's mud, is one project per oxide).
    std::vector<std::string> projects;
    std::vector<std::string> customers;  // of the project (default: the buyer)
    std::string recycling_file;
    int recycling_year = 0;
    double units_per_scale = 0;  // recycling: plan units at scale 1 of the file
};

struct ListedScenario {
    std::string file, where;
    double probability = 0;
};

struct PlanFile {
    std::string path, name, description, basis;
    std::string buyer;    // ISO3 of the planning country
    std::string dataset;  // empty: embedded
    std::string currency = "USD";
    int price_year = 0;  // price year of the plan's costs (`price_year`); 0: not stated
    int year = 0;        // target year (projects count from their earliest year)
    // Scenarios: sampled from a stress catalogue, or listed.
    std::string catalogue;
    long long samples = 200;
    std::uint64_t seed = 1;
    std::vector<ListedScenario> listed;
    long long out_of_sample = 200;
    std::uint64_t out_of_sample_seed = 1000003;
    double alpha = 0.95, lambda = 1;
    std::vector<double> frontier;          // lambdas of the Pareto frontier
    std::vector<double> frontier_budgets;  // and budgets (at the plan's lambda)
    double budget = std::numeric_limits<double>::infinity();
    double time_limit_s = 60, relative_gap = 1e-6;
    struct Cap {
        std::string stage, where;
        double share = 1;
    };
    std::vector<Cap> caps;
    bool allied_only = false;
    std::vector<std::string> allies;  // countries or groups
    std::vector<PlanCommodity> commodities;
    std::vector<PlanSource> sources;
    // Line and column (1-based) of every YAML path, for messages about names the dataset does not
    // know and about the plan as a whole (an infeasible constraint).
    SourcePositions positions;
};

// Throws InvalidInput naming file, line, column and YAML path of every problem.
[[nodiscard]] PlanFile read_plan(const std::string& path);

}  // namespace critmin::plan
