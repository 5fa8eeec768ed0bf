// The diversification programme (docs/planning.md, P10-P20) on problems solved by hand.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "plan/stochastic.h"

namespace {

using namespace critmin::plan;

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
TEST(Plan, RiskNeutralOptimum) {
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
TEST(Plan, CountryShareCap) {
    StochasticProblem p = two_suppliers();
    p.caps = {{"separation", 0.65, {0}, "JPN"}};
    const PlanSolution s = solve_plan(p);
    ASSERT_EQ(s.status, PlanStatus::optimal);
    EXPECT_NEAR(s.objective, 142.5, 1e-6);
    EXPECT_NEAR(s.units[1], 35, 1e-6);
    EXPECT_NEAR(s.units[0], 65, 1e-6);
}

// P11: a 60 t project costing 40 a year, with 40 t of stock, covers the bad year: 80.
TEST(Plan, ProjectIsBuilt) {
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
TEST(Plan, InfeasibleNamesTheConstraint) {
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

TEST(Plan, CvarAndVar) {
    const std::vector<double> loss{0, 10, 20, 30, 40, 50, 60, 70, 80, 100};
    const std::vector<double> prob(10, 0.1);
    EXPECT_NEAR(cvar_of(loss, prob, 0.9), 100, 1e-9);
    EXPECT_NEAR(cvar_of(loss, prob, 0.8), 90, 1e-9);
    EXPECT_NEAR(var_of(loss, prob, 0.8), 70, 1e-9);  // P(L <= 70) = 0.8
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
    const double c = cvar_of(loss, prob, 0.9);
    RC_ASSERT(c >= mean - 1e-9);
    RC_ASSERT(c >= var_of(loss, prob, 0.9) - 1e-9);
    RC_ASSERT(c <= top + 1e-9);
}

}  // namespace
