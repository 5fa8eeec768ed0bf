// Time to recover and time to survive (docs/planning.md, P1-P9).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <sstream>

#include "io/loader.h"
#include "io/ttr_instance_reader.h"
#include "plan/ttr.h"
#include "plan/ttr_dataset.h"
#include "plan/ttr_instance.h"

namespace {

using namespace critmin;

TtrInstance one_plant(double capacity, double demand, double inventory, double loss, double ttr) {
    TtrInstance in;
    in.plants = {"A"};
    in.products = {"P"};
    in.capacity = {capacity};
    in.demand = {demand};
    in.inventory = {inventory};
    in.loss = {loss};
    in.link_plant = {0};
    in.link_product = {0};
    in.scenarios = {{"none", ttr, {1}}, {"A down", ttr, {0}}};
    return in;
}

// P1-P3, P5 by hand: with the only plant down for 3 periods, 10 x 3 - 5 = 25 units are lost at
// 2 each, and the inventory of 5 lasts 5 / 10 = 0.5 periods. With the plant up nothing is lost
// and demand is met indefinitely.
TEST(Ttr, OnePlantByHand) {
    const auto rows = plan::solve_instance(one_plant(10, 10, 5, 2, 3));
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_DOUBLE_EQ(rows[0].disruption_cost, 0);
    EXPECT_FALSE(rows[0].tts.has_value());
    EXPECT_NEAR(rows[1].disruption_cost, 50, 1e-9);
    EXPECT_NEAR(rows[1].lost_units, 25, 1e-9);
    ASSERT_TRUE(rows[1].tts.has_value());
    EXPECT_NEAR(*rows[1].tts, 0.5, 1e-12);
    EXPECT_NEAR(rows[1].shortage_periods, 2.5, 1e-12);  // P6
    EXPECT_DOUBLE_EQ(rows[1].rei, 1);                   // P4
    EXPECT_DOUBLE_EQ(rows[0].rei, 0);
}

// P1, P2 by hand with two plants and two products: A (4/period) makes bolts; B (6/period) makes
// bolts and gears. With A down for 2 periods B has 12 units for needs of 10 - 2 = 8 each: 4 units
// short, taken on the cheaper bolts (loss 3 < 5): cost 12. TTS: 6t >= (5t - 2) + (5t - 2) gives
// t = 1.
TEST(Ttr, TwoPlantsByHand) {
    TtrInstance in;
    in.plants = {"A", "B"};
    in.products = {"bolt", "gear"};
    in.capacity = {4, 6};
    in.demand = {5, 5};
    in.inventory = {2, 2};
    in.loss = {3, 5};
    in.link_plant = {0, 1, 1};
    in.link_product = {0, 0, 1};
    in.scenarios = {{"A down", 2, {0, 1, 1}}, {"B down", 2, {1, 0, 0}}};
    const auto rows = plan::solve_instance(in);
    EXPECT_NEAR(rows[0].disruption_cost, 12, 1e-9);
    EXPECT_NEAR(rows[0].lost_units, 4, 1e-9);
    EXPECT_NEAR(*rows[0].tts, 1, 1e-12);
    // B down: A makes 8 bolts over 2 periods (needs 8: none lost); gears lose 10 - 2 = 8 at 5.
    EXPECT_NEAR(rows[1].disruption_cost, 40, 1e-9);
    // Gears: inventory 2 at 5 per period: TTS 0.4.
    EXPECT_NEAR(*rows[1].tts, 0.4, 1e-12);
    EXPECT_NEAR(rows[0].rei, 12.0 / 40.0, 1e-12);
}

// The published results of the teaching instance (problem 1).
TEST(Ttr, ReproducesPublishedProblemOne) {
    const TtrInstance in = io::read_ttr_instance(std::string(CRITMIN_SOURCE_DIR) +
                                                 "/tests/data/reference/ttr/prob1/instance.json");
    const auto rows = plan::solve_instance(in);
    ASSERT_EQ(rows.size(), 4u);
    const double cost[] = {0, 0, 125000, 275000};
    const double lost[] = {0, 0, 25, 55};
    const double rei[] = {0, 0, 5.0 / 11.0, 1};
    const double tts[] = {-1, 2.25, 9.0 / 7.0, 0.9};
    for (std::size_t s = 0; s < 4; ++s) {
        SCOPED_TRACE(rows[s].scenario);
        EXPECT_NEAR(rows[s].disruption_cost, cost[s], 1e-6);
        EXPECT_NEAR(rows[s].lost_units, lost[s], 1e-9);
        EXPECT_NEAR(rows[s].rei, rei[s], 1e-12);
        if (tts[s] < 0) {
            EXPECT_FALSE(rows[s].tts.has_value());
        } else {
            ASSERT_TRUE(rows[s].tts.has_value());
            EXPECT_NEAR(*rows[s].tts, tts[s], 1e-9);
        }
    }
}

// Warm starts change nothing: every scenario solved in a fresh model gives the same answer as
// the sequence re-solved from the previous basis.
TEST(Ttr, WarmStartMatchesColdSolves) {
    const TtrInstance in = io::read_ttr_instance(std::string(CRITMIN_SOURCE_DIR) +
                                                 "/tests/data/reference/ttr/prob1/instance.json");
    const plan::WindowLp lp = plan::instance_lp(in);
    const auto disruptions = plan::instance_disruptions(in);
    plan::TtrSolver warm(lp);
    for (const auto& d : disruptions) {
        plan::TtrSolver cold(lp);
        const auto a = warm.impact(d);
        const auto b = cold.impact(d);
        EXPECT_NEAR(a.value_lost, b.value_lost, 1e-6);
        EXPECT_NEAR(warm.survival(d).tts, cold.survival(d).tts, 1e-9);
    }
}

TEST(Ttr, RiskExposureIndex) {
    EXPECT_EQ(plan::risk_exposure_index({0, 0.0005}), (std::vector<double>{0, 0}));
    const auto r = plan::risk_exposure_index({2, 8, 4});
    EXPECT_DOUBLE_EQ(r[0], 0.25);
    EXPECT_DOUBLE_EQ(r[1], 1);
    EXPECT_DOUBLE_EQ(r[2], 0.5);
}

// Property: on a one-plant instance, the loss is max(d t - s, 0) f with the plant down and the
// TTS is s / d.
RC_GTEST_PROP(Ttr, OnePlantClosedForm, ()) {
    const double d = *rc::gen::inRange(1, 100);
    const double s = *rc::gen::inRange(0, 300);
    const double f = *rc::gen::inRange(1, 50);
    const double t = *rc::gen::inRange(1, 10);
    const auto rows = plan::solve_instance(one_plant(d, d, s, f, t));
    RC_ASSERT(std::abs(rows[1].disruption_cost - std::max(d * t - s, 0.0) * f) <=
              1e-6 * (1 + d * t * f));
    RC_ASSERT(rows[1].tts.has_value());
    RC_ASSERT(std::abs(*rows[1].tts - s / d) <= 1e-9 * (1 + s));
}

// P7 (capacity), P8 (shipments within output), P9 (recipes with inventories) and P10 (joint
// production) on the embedded dataset: with every producer up nothing is lost, and losing China's
// magnet plants for longer than the end users' 60 days of stock leaves demand unmet from day 60.
TEST(Ttr, DatasetMagnetOutage) {
    const Dataset data = io::load_dataset(std::string(CRITMIN_SOURCE_DIR) + "/data/rare-earths");
    plan::DatasetTtrOptions o;
    const plan::DatasetTtrModel m = plan::dataset_ttr_model(data, o);
    plan::TtrSolver solver(m.lp);
    EXPECT_NEAR(solver.impact({"none", 120, {}}).units_lost, 0, 1e-6);
    EXPECT_TRUE(solver.survival({"none", 120, {}}).indefinite);
    for (const auto& p : plan::producer_nodes(data, m.network)) {
        if (p.id != "CHN.magnet") continue;
        plan::Disruption d{p.id, 120, {}};
        for (const auto n : p.nodes) d.closed.push_back(m.output_column[n]);
        const auto s = solver.survival(d);
        EXPECT_NEAR(s.tts, 60, 1e-6);
        EXPECT_GT(solver.impact(d).units_lost, 0);
    }
}

}  // namespace
