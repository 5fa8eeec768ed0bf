// The diversification programme (docs/planning.md, P11-P20) on problems solved by hand.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <set>

#include "io/loader.h"
#include "plan/optimize.h"
#include "plan/plan_file.h"
#include "plan/stochastic.h"
#include "sim/scenario_run.h"
#include "stress/statistics.h"

namespace {

using namespace critmin::plan;
namespace stress = critmin::stress;

// One commodity, 100 t a year worth 15 a tonne when missing. A (CHN) is free but gone in the
// 10% scenario; B (AUS) costs 2 a tonne and never fails; stock costs 1 a tonne-year, up to 50 t.
StochasticProblem two_suppliers() {
    StochasticProblem p;
    CommodityPlan c;
    c.id = "ndpr_oxide";
    c.stage = "separation";
    c.demand = 100;
    c.shortfall_value = 15;
    c.stock_max = 50;
    c.stock_cost = 1;
    p.commodities = {c};
    p.sources = {{"A", "baseline", "CHN", {1}, 0, 100, 0, false, 0},
                 {"B", "supplier", "AUS", {1}, 0, 100, 2, false, 0}};
    p.probability = {0.9, 0.1};
    p.availability = {1, 1, 0, 1};
    p.alpha = 0.9;
    p.lambda = 0;
    return p;
}

// Risk-neutral: a stocked tonne costs 1 and saves 0.1 x 15 = 1.5, a tonne from B costs 2: fill
// the stock (50), buy nothing from B, lose 50 t in the bad year: 50 + 0.1 x 750 = 125.
TEST(Plan, P15_P16_P17_RiskNeutralOptimum) {
    const PlanSolution s = solve_plan(two_suppliers());
    ASSERT_EQ(s.status, PlanStatus::optimal);
    EXPECT_NEAR(s.objective, 125, 1e-6);
    EXPECT_NEAR(s.stock[0], 50, 1e-6);
    EXPECT_NEAR(s.units[1], 0, 1e-6);
    EXPECT_NEAR(s.expected_loss, 75, 1e-6);
    EXPECT_NEAR(s.cvar, 750, 1e-6);  // P17: the worst 10% is the bad year
    EXPECT_NEAR(s.var, 0, 1e-6);     // P(L <= 0) = 0.9
    EXPECT_NEAR(s.first_stage_cost, 50, 1e-6);
}

// With lambda = 1 a tonne from B also removes 15 of CVaR: B covers the other 50 t, nothing is
// lost: 50 + 100 = 150.
TEST(Plan, RiskAverseOptimum) {
    StochasticProblem p = two_suppliers();
    p.lambda = 1;
    const PlanSolution s = solve_plan(p);
    ASSERT_EQ(s.status, PlanStatus::optimal);
    EXPECT_NEAR(s.objective, 150, 1e-6);
    EXPECT_NEAR(s.units[1], 50, 1e-6);
    EXPECT_NEAR(s.cvar, 0, 1e-6);
}

// P13: at most 65% from any one country forces 35 t from B: 70 + 50 + 0.1 x 15 x 15 = 142.5.
TEST(Plan, P13_CountryShareCap) {
    StochasticProblem p = two_suppliers();
    p.caps = {{"separation", 0.65, {0}, "JPN"}};
    const PlanSolution s = solve_plan(p);
    ASSERT_EQ(s.status, PlanStatus::optimal);
    EXPECT_NEAR(s.objective, 142.5, 1e-6);
    EXPECT_NEAR(s.units[1], 35, 1e-6);
    EXPECT_NEAR(s.units[0], 65, 1e-6);
}

// P11: a 60 t project costing 40 a year, with 40 t of stock, covers the bad year: 80.
TEST(Plan, P11_ProjectIsBuilt) {
    StochasticProblem p = two_suppliers();
    p.sources.push_back({"P", "project", "JPN", {1}, 0, 60, 0, true, 40});
    p.availability = {1, 1, 1, 0, 1, 1};
    const PlanSolution s = solve_plan(p);
    ASSERT_EQ(s.status, PlanStatus::optimal);
    EXPECT_NEAR(s.objective, 80, 1e-6);
    EXPECT_NEAR(s.units[2], 60, 1e-6);
    EXPECT_NEAR(s.stock[0], 40, 1e-6);
}

// P20: a budget of 10 cannot pay for the 35 t the share cap needs to cover demand: the three
// constraints are named together (dropping any one makes the plan feasible).
TEST(Plan, P20_InfeasibleNamesTheConstraint) {
    StochasticProblem p = two_suppliers();
    p.caps = {{"separation", 0.65, {0}, "JPN"}};
    p.budget = 10;
    const PlanSolution s = solve_plan(p);
    EXPECT_EQ(s.status, PlanStatus::infeasible);
    EXPECT_EQ(s.at_fault,
              (std::vector<std::string>{"coverage[ndpr_oxide]",
                                        "max_share[separation,CHN,ndpr_oxide]", "budget"}));
}

TEST(Plan, UnboundedNamesTheColumn) {
    StochasticProblem p = two_suppliers();
    p.sources[1].cost_per_unit = -1;
    p.sources[1].max_units = kUnlimited;
    const PlanSolution s = solve_plan(p);
    EXPECT_EQ(s.status, PlanStatus::unbounded);
    ASSERT_EQ(s.at_fault.size(), 1u);
    EXPECT_EQ(s.at_fault[0], "units[B]");
}

TEST(Plan, P17_CvarAndVar) {
    const std::vector<double> loss{0, 10, 20, 30, 40, 50, 60, 70, 80, 100};
    const std::vector<double> prob(10, 0.1);
    EXPECT_NEAR(stress::conditional_value_at_risk(loss, prob, 0.9), 100, 1e-9);
    EXPECT_NEAR(stress::conditional_value_at_risk(loss, prob, 0.8), 90, 1e-9);
    EXPECT_NEAR(stress::value_at_risk(loss, prob, 0.8), 70, 1e-9);  // P(L <= 70) = 0.8
}

// Property: CVaR is at least the mean and at least VaR, and at most the maximum.
RC_GTEST_PROP(Plan, CvarBounds, ()) {
    const auto loss = *rc::gen::container<std::vector<double>>(
        *rc::gen::inRange<std::size_t>(1, 40),
        rc::gen::map(rc::gen::inRange(0, 1000), [](int v) { return double(v); }));
    const std::vector<double> prob(loss.size(), 1.0 / double(loss.size()));
    double mean = 0, top = 0;
    for (double l : loss) {
        mean += l / double(loss.size());
        top = std::max(top, l);
    }
    const double c = stress::conditional_value_at_risk(loss, prob, 0.9);
    RC_ASSERT(c >= mean - 1e-9);
    RC_ASSERT(c >= stress::value_at_risk(loss, prob, 0.9) - 1e-9);
    RC_ASSERT(c <= top + 1e-9);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The plan file, the dataset and the engine (P21-P23), and the Japan example.

namespace {

namespace sim = critmin::sim;
using critmin::Dataset;
const std::string kSource = CRITMIN_SOURCE_DIR;

struct JapanFixture {
    critmin::Dataset data = critmin::io::load_dataset(kSource + "/data/rare-earths");
    ShortfallValues values = read_shortfall_values(kSource + "/data/planning/shortfall-value.csv");
    PlanFile file = read_plan(kSource + "/scenarios/plan-japan-ndpr-dy-tb.yaml");
};

// P21: with no equivalent forms, v_k d_k is the same for every commodity: the buyer's yearly
// magnet-using output value.
TEST(Plan, P21_ShortfallValueFromOutput) {
    JapanFixture f;
    for (auto& c : f.file.commodities) c.equivalent.clear();
    const PlanProblem pp = plan_problem(f.data, f.file, f.values);
    const auto& cs = pp.problem.commodities;
    ASSERT_EQ(cs.size(), 3u);
    const double output = cs[0].shortfall_value * cs[0].demand;
    EXPECT_GT(output, 1e10);
    for (const auto& c : cs) EXPECT_NEAR(c.shortfall_value * c.demand, output, 1e-6 * output);
    // Today's suppliers cover today's use exactly (P12 holds at today's volumes).
    for (std::size_t k = 0; k < cs.size(); ++k) {
        double supply = 0;
        for (std::size_t j = 0; j < pp.problem.sources.size(); ++j)
            if (pp.plan_source[j] < 0)
                supply += pp.problem.sources[j].yield[k] * pp.problem.sources[j].max_units;
        EXPECT_NEAR(supply, cs[k].demand, 1e-9 * cs[k].demand);
    }
}

// The shortfall values' price years (column vintage) label every money output of ttr and optimize.
TEST(Plan, ShortfallValuesKeepTheirPriceYears) {
    const ShortfallValues v = read_shortfall_values(kSource + "/data/planning/shortfall-value.csv");
    EXPECT_EQ(v.currency, "USD");
    EXPECT_EQ(v.price_years, (std::set<int>{2024, 2025}));
}

// P22: a year-long stop of Chinese Dy oxide to Japan leaves China's Dy sources nothing; a 73-day
// outage at Lynas Malaysia leaves it about 80% of the year's output.
TEST(Plan, P22_AvailabilityFromTheEngine) {
    JapanFixture f;
    PlanProblem pp = plan_problem(f.data, f.file, f.values);
    PlanScenarios s = plan_scenarios(f.file, 1, 1);
    s.catalogue.reset();  // a scenario of its own, not a sampled year of the catalogue
    s.years.clear();
    sim::Scenario& sc = s.scenarios[0];
    sc.capacity_shocks.clear();
    sc.export_controls.clear();
    sc.demand_changes.clear();
    sim::ExportControl ec;
    ec.exporter = "CHN";
    ec.commodities = {"dy_oxide"};
    ec.destinations.all = false;
    ec.destinations.only = {"JPN"};
    ec.licensed = 0;
    sc.export_controls.push_back(ec);
    sim::CapacityShock shock;
    shock.target.producers = {"MYS.sep.lynas_malaysia"};
    shock.loss = 1;
    shock.duration = 73;
    sc.capacity_shocks.push_back(shock);
    fill_scenarios(f.data, f.file, s, pp, 1);
    const auto& p = pp.problem;
    for (std::size_t j = 0; j < p.sources.size(); ++j) {
        const auto& src = p.sources[j];
        const double a = p.availability[j];
        SCOPED_TRACE(src.id);
        EXPECT_GE(a, 0);
        EXPECT_LE(a, 1);
        if (src.country == "CHN" && src.yield[1] > 0) {
            EXPECT_DOUBLE_EQ(a, 0);
        }
        if (src.id == "MYS.sep.lynas_malaysia") {
            EXPECT_NEAR(a, 1 - 73.0 / 365.0, 0.01);
        }
        if (src.country == "CHN" && src.yield[0] > 0) {
            EXPECT_GT(a, 0.95);
        }
    }
}

// The Japan example end to end on a small sample: a feasible plan within the 65% rule (P13) and
// the budget (P14), CVaR no worse than today's in sample, and in the engine (P23) the plan's
// expected shortfall cost no higher than today's arrangements'.
TEST(Plan, P13_P14_P23_JapanExample) {
    JapanFixture f;
    PlanProblem pp = plan_problem(f.data, f.file, f.values);
    const PlanScenarios s = plan_scenarios(f.file, 40, 1);
    fill_scenarios(f.data, f.file, s, pp, 2);
    const StochasticProblem& p = pp.problem;
    const PlanSolution sol = solve_plan(p);
    ASSERT_EQ(sol.status, PlanStatus::optimal);
    EXPECT_LE(sol.first_stage_cost, f.file.budget);
    for (std::size_t k = 0; k < p.commodities.size(); ++k) {
        std::map<std::string, double> by_country;
        double total = 0;
        for (std::size_t j = 0; j < p.sources.size(); ++j) {
            by_country[p.sources[j].country] += p.sources[j].yield[k] * sol.units[j];
            total += p.sources[j].yield[k] * sol.units[j];
        }
        EXPECT_GE(total, p.commodities[k].demand * (1 - 1e-9));
        for (const auto& [country, t] : by_country) {
            if (country != "JPN") {
                EXPECT_LE(t, 0.65 * total * (1 + 1e-9)) << country;
            }
        }
        EXPECT_GE(sol.stock[k], p.commodities[k].stock_min * (1 - 1e-9));
    }
    // P23: the plan as engine responses.
    sim::Scenario base = s.scenarios.front();  // the catalogue's base: no shocks
    base.capacity_shocks.clear();
    base.export_controls.clear();
    base.demand_changes.clear();
    const sim::Scenario planned = with_plan(base, f.data, f.file, pp, &sol);
    ASSERT_GE(planned.stockpiles.size(), 3u);
    EXPECT_NEAR(planned.stockpiles.back().days_held * pp.daily_use[2], sol.stock[2],
                1e-9 * sol.stock[2]);
    const Dataset extended = with_new_suppliers(f.data, f.file);
    const PlanScenarios fresh = fresh_samples(f.file, planned, 20, 7);
    EXPECT_EQ(fresh.probability, std::vector<double>(20, 1.0 / 20));
    const auto with = engine_losses(extended, f.file, fresh, f.values, 2);
    const auto today = engine_losses(
        f.data, f.file, fresh_samples(f.file, with_plan(base, f.data, f.file, pp, nullptr), 20, 7),
        f.values, 2);
    // Compiled once per catalogue: each year's loss is the loss of its scenario run alone.
    for (std::size_t w : {0u, 7u, 19u}) {
        sim::RunControl control;
        const sim::ScenarioRun alone = sim::run_scenario(extended, fresh.scenarios[w], control);
        double loss = 0;
        for (const auto& col : alone.columns)
            if (col.country == f.file.buyer) loss += col.shortfall * f.values.value(col.end_use);
        EXPECT_EQ(with.loss[w], loss) << "year " << w;
    }
    EXPECT_LE(with.expected, today.expected * (1 + 1e-9));
    EXPECT_GE(with.cvar, with.expected - 1e-6);
}

// P12, P14-P16, P18, P19 on the hand problem: the optimum's pieces add up. Coverage holds (P12),
// the cost is within budget (P14), the bad year's deliveries plus draws plus unmet equal demand
// (P15, P16), and the objective is cost + E[L] + lambda CVaR (P18, P19).
TEST(Plan, P12_P14_P15_P16_P18_P19_ObjectiveAddsUp) {
    StochasticProblem p = two_suppliers();
    p.lambda = 0.5;
    p.budget = 200;
    const PlanSolution s = solve_plan(p);
    ASSERT_EQ(s.status, PlanStatus::optimal);
    EXPECT_GE(s.units[0] + s.units[1], 100 - 1e-9);
    EXPECT_LE(s.first_stage_cost, 200 + 1e-9);
    const double unmet_bad = std::max(100 - s.units[1] - s.stock[0], 0.0);
    EXPECT_NEAR(s.scenario_loss[1], 15 * unmet_bad, 1e-6);
    EXPECT_NEAR(s.objective, s.first_stage_cost + s.expected_loss + 0.5 * s.cvar, 1e-6);
}

}  // namespace

namespace {

// allied_only: sources outside the allies are left out of the programme and listed; today's
// suppliers stay (the share rule is what moves purchases away from them).
TEST(Plan, AlliedOnlyLeavesOthersOut) {
    JapanFixture f;
    f.file.allied_only = true;
    f.file.allies = {"G7", "MYS"};
    const PlanProblem pp = plan_problem(f.data, f.file, f.values);
    for (std::size_t j = 0; j < pp.problem.sources.size(); ++j) {
        if (pp.plan_source[j] < 0) continue;
        const std::string& c = pp.problem.sources[j].country;
        EXPECT_TRUE(c == "USA" || c == "MYS" || c == "JPN") << pp.problem.sources[j].id;
    }
    std::size_t left = 0;
    for (const auto& n : pp.notes) left += n.find("not an ally") != std::string::npos ? 1 : 0;
    EXPECT_EQ(left, 4u);  // India, Australia (NdPr and Dy), Vietnam
}

}  // namespace
