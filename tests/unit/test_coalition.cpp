// The coalition game (docs/coalition.md, C1-C12) on games solved by hand.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <numeric>

#include "app/coalition_pipeline.h"
#include "io/loader.h"
#include "plan/coalition_game.h"
#include "plan/coalition_inputs.h"
#include "temp_dir.h"

namespace {

using namespace critmin::plan;

// Two members, one commodity, two equally likely years. Member 0 uses 100 t/yr and misses 40 t in
// year 0; member 1 uses 100 t/yr and misses 10 t in year 1. A missing tonne costs 1. A reserve of
// 20 t (keys 1/2 each) costs 0.5 per t and year.
CoalitionGame two_members() {
    CoalitionGame g;
    g.members = 2;
    g.commodities = 1;
    g.scenarios = 2;
    g.probability = {0.5, 0.5};
    g.need = {100, 100};
    g.value = {1, 1};
    g.gap = {40, 0,   // year 0: member 0, member 1
             0, 10};  // year 1
    g.disrupted_days = {100, 100};
    g.lambda = 0;
    Instrument r;
    r.id = "pool";
    r.kind = InstrumentKind::reserve;
    r.size = 20;
    r.cost_per_unit = 0.5;
    r.key = {0.5, 0.5};
    g.instruments.push_back(r);
    return g;
}

TEST(Coalition, C5_WaterFillingSharesByWeightUpToCaps) {
    std::vector<double> out;
    // 30 t by equal weights, caps 5, 40, 40: 5, then 12.5 and 12.5.
    EXPECT_DOUBLE_EQ(water_fill(30, {1, 1, 1}, {5, 40, 40}, out), 30);
    EXPECT_DOUBLE_EQ(out[0], 5);
    EXPECT_DOUBLE_EQ(out[1], 12.5);
    EXPECT_DOUBLE_EQ(out[2], 12.5);
    // Weights 1:3 with room for all: 10 and 30.
    water_fill(40, {1, 3}, {100, 100}, out);
    EXPECT_DOUBLE_EQ(out[0], 10);
    EXPECT_DOUBLE_EQ(out[1], 30);
    // More than the caps together: each gets its cap.
    EXPECT_DOUBLE_EQ(water_fill(100, {1, 1}, {3, 4}, out), 7);
    EXPECT_DOUBLE_EQ(out[0], 3);
    EXPECT_DOUBLE_EQ(out[1], 4);
    // A member without weight gets only what the weighted ones cannot take.
    water_fill(12, {1, 0}, {10, 10}, out);
    EXPECT_DOUBLE_EQ(out[0], 10);
    EXPECT_DOUBLE_EQ(out[1], 2);
}

RC_GTEST_PROP(Coalition, C5_WaterFillingConservesAndRespectsCaps, ()) {
    const auto n = *rc::gen::inRange<std::size_t>(1, 8);
    std::vector<double> w(n), cap(n), out;
    double total_cap = 0;
    for (std::size_t i = 0; i < n; ++i) {
        w[i] = *rc::gen::inRange(0, 5);
        cap[i] = *rc::gen::inRange(0, 100);
        total_cap += cap[i];
    }
    const double amount = *rc::gen::inRange(0, 300);
    const double handed = water_fill(amount, w, cap, out);
    RC_ASSERT(std::abs(handed - std::min(amount, total_cap)) <= 1e-9 * (1 + amount));
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        RC_ASSERT(out[i] >= -1e-12);
        RC_ASSERT(out[i] <= cap[i] + 1e-9);
        sum += out[i];
    }
    RC_ASSERT(std::abs(sum - handed) <= 1e-9 * (1 + amount));
}

TEST(Coalition, C3_C6_C8_C9_PooledReserveByHand) {
    const CoalitionGame g = two_members();
    // Alone, member 0 holds 10 t: year 0 it misses 30 -> expected loss 15, plus 5 of holding:
    // 20; without the reserve 20 as well (40 / 2): C9 takes the cheaper, acting on a tie.
    const CoalitionCost alone0 = coalition_cost(g, 0b01);
    EXPECT_DOUBLE_EQ(alone0.total, 20);
    // Member 1 alone: 10 t covers its 10 t: 0 loss, 5 of holding; without, 5. A tie again.
    EXPECT_DOUBLE_EQ(coalition_cost(g, 0b10).total, 5);
    // Together 20 t: year 0 member 0 gets 20 (misses 20), year 1 member 1 gets 10 (misses 0).
    // Expected loss 10 + 0, holding 10: 20, against 25 without.
    const CoalitionCost both = coalition_cost(g, 0b11);
    EXPECT_TRUE(both.acts);
    EXPECT_DOUBLE_EQ(both.instruments, 10);  // C8
    EXPECT_DOUBLE_EQ(both.expected[0], 10);  // C6, C7
    EXPECT_DOUBLE_EQ(both.expected[1], 0);
    EXPECT_DOUBLE_EQ(both.total, 20);
    EXPECT_DOUBLE_EQ(both.delivered[0], 0.5 * 20 + 0.5 * 10);
    // C9: the cost without instruments is the sum of the members' own.
    EXPECT_DOUBLE_EQ(coalition_cost(g, 0b11, false).total, 25);
}

TEST(Coalition, C9_EachCoalitionPicksItsReserveSize) {
    CoalitionGame g = two_members();
    g.instruments[0].cost_per_unit = 0.25;
    g.reserve_scales = {0, 1, 2};
    // Together: 20 t cost 5 and leave 10 expected; 40 t cost 10 and leave 0: 40 t (15 > 10).
    const CoalitionCost both = coalition_cost(g, 0b11);
    EXPECT_DOUBLE_EQ(both.reserve_scale, 2);
    EXPECT_DOUBLE_EQ(both.total, 10);
    // Member 0 alone: 10 t -> 15 + 2.5, 20 t -> 10 + 5, none -> 20: 20 t.
    const CoalitionCost alone = coalition_cost(g, 0b01);
    EXPECT_DOUBLE_EQ(alone.reserve_scale, 2);
    EXPECT_DOUBLE_EQ(alone.total, 15);
    // A holding cost above what a tonne saves: no reserve at all (multiple 0, or not acting).
    g.instruments[0].cost_per_unit = 10;
    const CoalitionCost dear = coalition_cost(g, 0b11);
    EXPECT_TRUE(!dear.acts || dear.reserve_scale == 0);
    EXPECT_DOUBLE_EQ(dear.total, 25);
}

TEST(Coalition, C9a_EachCoalitionChoosesEveryInstrumentsSize) {
    CoalitionGame g = two_members();
    g.instruments[0].cost_per_unit = 0.25;
    Instrument o;
    o.id = "offtake";
    o.kind = InstrumentKind::offtake;
    o.size = 10;
    o.cost_per_unit = 0.6;
    o.key = {0.5, 0.5};
    o.availability = {1, 1};
    g.instruments.push_back(o);
    g.size_scales = {0, 1, 2};
    // From the file's sizes (reserve 20 t, offtake 10 t/yr: loss 5 + cost 11 = 16), the reserve
    // at 40 t ties (0 + 16) and is kept; no offtake: 10 + 5 = 15; next pass the reserve at 40 t
    // covers both years: 0 + 10 = 10, and no other move lowers it.
    const CoalitionCost both = coalition_cost(g, 0b11);
    ASSERT_EQ(both.scale.size(), 2U);
    EXPECT_DOUBLE_EQ(both.scale[0], 2);
    EXPECT_DOUBLE_EQ(both.scale[1], 0);
    EXPECT_DOUBLE_EQ(both.total, 10);
    EXPECT_DOUBLE_EQ(both.instruments, 10);
    // Starting from the file's sizes, a coalition never pays more than with them.
    for (std::uint32_t mask = 1; mask < 4; ++mask) {
        CoalitionGame fixed = g;
        fixed.size_scales.clear();
        EXPECT_LE(coalition_cost(g, mask).total, coalition_cost(fixed, mask).total) << mask;
    }
}

TEST(Coalition, C3_TriggerAndDailyLimit) {
    CoalitionGame g = two_members();
    g.instruments[0].trigger = 0.15;  // 15% of 200 t: year 0 (40 t) releases, year 1 (10 t) not
    CoalitionCost c = coalition_cost(g, 0b11, true);
    EXPECT_DOUBLE_EQ(c.expected[1], 5);
    EXPECT_DOUBLE_EQ(c.expected[0], 10);
    g.instruments[0].trigger = 0;
    g.instruments[0].max_daily_t = 0.05;  // 5 t over 100 disrupted days
    c = coalition_cost(g, 0b11, true);
    EXPECT_DOUBLE_EQ(c.expected[0], 0.5 * 35);
    EXPECT_DOUBLE_EQ(c.expected[1], 0.5 * 5);
}

TEST(Coalition, C2_C4_OfftakeBringsTheMembersShares) {
    CoalitionGame g = two_members();
    Instrument o;
    o.id = "offtake";
    o.kind = InstrumentKind::offtake;
    o.size = 8;
    o.cost_per_unit = 0.25;
    o.key = {0.75, 0.25};
    o.availability = {0.5, 1.0};
    g.instruments = {o};
    // Member 0 alone brings 6 t/yr: year 0 it gets 6 x 0.5 = 3 (misses 37), cost 1.5.
    const CoalitionCost c = coalition_cost(g, 0b01, true);
    EXPECT_DOUBLE_EQ(c.instruments, 1.5);
    EXPECT_DOUBLE_EQ(c.expected[0], 0.5 * 37);
}

TEST(Coalition, C4a_AlliedFirstRedirectsSalesToOutsiders) {
    CoalitionGame g = two_members();
    Instrument a;
    a.id = "allied";
    a.kind = InstrumentKind::allied_first;
    a.key = {0.5, 0.5};
    AlliedProducer p;
    p.host = 0;  // in member 0, selling 30 t/yr outside the members and 10 t/yr to member 1
    p.to_non_members = 30;
    p.to_member = {0, 10};
    p.availability = {1.0, 0.5};
    a.producers = {p};
    g.instruments = {a};
    // Together: year 0 the 30 t sold outside go to member 0 (misses 10); year 1 half of them
    // (15 t) cover member 1's 10 t. No cost.
    const CoalitionCost both = coalition_cost(g, 0b11, true);
    EXPECT_DOUBLE_EQ(both.expected[0], 0.5 * 10);
    EXPECT_DOUBLE_EQ(both.expected[1], 0);
    EXPECT_DOUBLE_EQ(both.instruments, 0);
    // Member 0 alone keeps also what it sold to member 1: 40 t covers its 40 t.
    EXPECT_DOUBLE_EQ(coalition_cost(g, 0b01, true).expected[0], 0);
    // Member 1 alone hosts no producer: nothing.
    EXPECT_DOUBLE_EQ(coalition_cost(g, 0b10, true).expected[1], 5);
}

TEST(Coalition, C7_EachMembersCvarIsItsOwn) {
    CoalitionGame g = two_members();
    g.instruments.clear();
    g.lambda = 1;
    g.alpha = 0.5;  // the worse of two equally likely years
    const CoalitionCost c = coalition_cost(g, 0b11);
    EXPECT_DOUBLE_EQ(c.cvar[0], 40);
    EXPECT_DOUBLE_EQ(c.cvar[1], 10);
    EXPECT_DOUBLE_EQ(c.total, 20 + 40 + 5 + 10);
}

// The airport game: runways for planes needing 1, 2 and 3 units; a coalition pays for the
// longest runway its members need. Shapley values (Littlechild and Owen 1973): 1/3, 1/3 + 1/2,
// 1/3 + 1/2 + 1.
std::vector<double> airport() {
    std::vector<double> c(8, 0.0);
    for (std::uint32_t m = 1; m < 8; ++m) c[m] = (m & 4U) ? 3 : (m & 2U) ? 2 : 1;
    return c;
}

TEST(Coalition, C10_ShapleyOfAHandSolvedThreeMemberGame) {
    const std::vector<double> phi = shapley_exact(airport(), 3);
    EXPECT_NEAR(phi[0], 1.0 / 3, 1e-12);
    EXPECT_NEAR(phi[1], 1.0 / 3 + 0.5, 1e-12);
    EXPECT_NEAR(phi[2], 1.0 / 3 + 0.5 + 1, 1e-12);
    // Efficiency.
    EXPECT_NEAR(phi[0] + phi[1] + phi[2], 3, 1e-12);
}

TEST(Coalition, C10_SymmetricMembersGetEqualValues) {
    // Two identical members in the game of C9 (the reserve game with equal gaps and keys).
    CoalitionGame g = two_members();
    g.gap = {40, 0, 0, 40};
    const std::vector<double> c = characteristic_function(g, 1);
    const std::vector<double> phi = shapley_exact(c, 2);
    EXPECT_NEAR(phi[0], phi[1], 1e-9 * std::abs(phi[0]));
    EXPECT_NEAR(phi[0] + phi[1], c[3], 1e-9 * c[3]);
}

RC_GTEST_PROP(Coalition, C10_ShapleyIsEfficient, ()) {
    const auto n = *rc::gen::inRange<std::size_t>(1, 7);
    std::vector<double> c(std::size_t{1} << n, 0.0);
    for (std::size_t m = 1; m < c.size(); ++m) c[m] = *rc::gen::inRange(0, 1000);
    const std::vector<double> phi = shapley_exact(c, n);
    const double sum = std::accumulate(phi.begin(), phi.end(), 0.0);
    RC_ASSERT(std::abs(sum - c.back()) <= 1e-6 * std::max(1.0, std::abs(c.back())));
}

TEST(Coalition, C10a_SampledShapleyMatchesExactWithinItsError) {
    const std::vector<double> c = airport();
    const SampledShapley s =
        shapley_sampled(3, 4000, 7, [&](std::uint32_t mask) { return c[mask]; });
    const std::vector<double> exact = shapley_exact(c, 3);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_GT(s.std_error[i], 0);
        EXPECT_LT(std::abs(s.value[i] - exact[i]), 4 * s.std_error[i]) << i;
    }
    // Every permutation's marginal costs add up to c(N): efficient whatever the sample.
    EXPECT_NEAR(s.value[0] + s.value[1] + s.value[2], 3, 1e-9);
    // The same seed gives the same estimate.
    const SampledShapley again =
        shapley_sampled(3, 4000, 7, [&](std::uint32_t mask) { return c[mask]; });
    EXPECT_EQ(again.value, s.value);
}

TEST(Coalition, C11_CoreCheckNamesTheBlockingCoalition) {
    const std::vector<double> c = airport();
    // Shapley values of a concave (airport) game are in the core.
    EXPECT_TRUE(core_check(c, shapley_exact(c, 3)).in_core);
    // Charging member 0 (alone it pays 1) 1.5 is blocked by {0}.
    const CoreCheck bad = core_check(c, {1.5, 0.5, 1.0});
    EXPECT_FALSE(bad.in_core);
    EXPECT_EQ(bad.blocking, 1U);
    EXPECT_DOUBLE_EQ(bad.excess, 0.5);
    EXPECT_EQ(critmin::app::coalition_name({"USA", "JPN", "DEU"}, 0b101), "USA+DEU");
}

TEST(Coalition, C9_CharacteristicFunctionDoesNotDependOnThreads) {
    CoalitionGame g;
    g.members = 6;
    g.commodities = 2;
    g.scenarios = 50;
    g.probability.assign(50, 1.0 / 50);
    g.disrupted_days.assign(50, 60);
    for (std::size_t i = 0; i < 6; ++i)
        for (std::size_t k = 0; k < 2; ++k) {
            g.need.push_back(10.0 + static_cast<double>(i + k));
            g.value.push_back(1.0 + static_cast<double>(k));
        }
    for (std::size_t w = 0; w < 50; ++w)
        for (std::size_t i = 0; i < 6; ++i)
            for (std::size_t k = 0; k < 2; ++k)
                g.gap.push_back(static_cast<double>((w * 7 + i * 3 + k * 5) % 11));
    Instrument r;
    r.kind = InstrumentKind::reserve;
    r.size = 12;
    r.cost_per_unit = 0.1;
    r.key.assign(6, 1.0 / 6);
    g.instruments.push_back(r);
    const std::vector<double> one = characteristic_function(g, 1);
    const std::vector<double> two = characteristic_function(g, 2);
    const std::vector<double> four = characteristic_function(g, 4);
    EXPECT_EQ(one, two);
    EXPECT_EQ(one, four);
    // C12: the key allocation adds up to c(N) (checked through the members' parts).
    const CoalitionCost grand = coalition_cost(g, 63);
    double charged = grand.instruments;
    for (std::size_t i = 0; i < 6; ++i) charged += grand.expected[i] + g.lambda * grand.cvar[i];
    EXPECT_NEAR(charged, one[63], 1e-9 * one[63]);
}

TEST(Coalition, C1_C12_KeyAllocationAndFreeRiderGain) {
    // C12 on the reserve game: in the grand coalition member 0 pays its loss 10 plus half the
    // holding cost 5 = 15 (alone 20): value of cooperation 5; member 1 pays 0 + 5 = 5 (alone 5).
    const CoalitionGame g = two_members();
    const CoalitionCost grand = coalition_cost(g, 0b11);
    const double x0 = grand.expected[0] + 0.5 * grand.instruments;
    const double x1 = grand.expected[1] + 0.5 * grand.instruments;
    EXPECT_DOUBLE_EQ(x0, 15);
    EXPECT_DOUBLE_EQ(x1, 5);
    EXPECT_DOUBLE_EQ(coalition_cost(g, 0b01).total - x0, 5);  // value of cooperation of 0
    EXPECT_DOUBLE_EQ(x1 - coalition_cost(g, 0b10).total, 0);  // 1 gains nothing by leaving
    // C1's gaps are what the game was given: no member misses more than its year's use.
    for (std::size_t w = 0; w < g.scenarios; ++w)
        for (std::size_t i = 0; i < g.members; ++i) EXPECT_LE(g.gap[w * 2 + i], g.need[i]);
}

}  // namespace

namespace {

// The G7 example on 12 scenario-years of the embedded dataset: the checks of the issue on a real
// game (C1, C10 efficiency, C12 shares).
TEST(Coalition, C1_C10_C12_TheG7ExampleAddsUp) {
    critmin::app::CoalitionRequest rq;
    rq.file = CRITMIN_SOURCE_DIR "/scenarios/coalition-g7-dy-tb.yaml";
    rq.dataset = CRITMIN_SOURCE_DIR "/data/rare-earths";
    rq.shortfall_value = CRITMIN_SOURCE_DIR "/data/planning/shortfall-value.csv";
    rq.samples = 12;
    rq.threads = 2;
    const critmin::app::CoalitionOutcome r = critmin::app::run_coalition(rq);
    const CoalitionGame& g = r.inputs.game;
    ASSERT_EQ(r.members.size(), 9U);
    EXPECT_EQ(r.method, "exact");
    EXPECT_EQ(r.coalitions_evaluated, 511U);
    // C1: a member never misses more than its year's use scaled by the demand factor, and never
    // less than nothing; members that use a commodity have a value for it.
    for (std::size_t w = 0; w < g.scenarios; ++w)
        for (std::size_t i = 0; i < g.members; ++i)
            for (std::size_t k = 0; k < g.commodities; ++k) {
                const double gap = g.gap[(w * g.members + i) * g.commodities + k];
                EXPECT_GE(gap, 0);
                EXPECT_LE(gap, 2 * g.horizon_years * g.need[i * g.commodities + k] + 1e-9);
                if (g.need[i * g.commodities + k] > 0) {
                    EXPECT_GT(g.value[i * g.commodities + k], 0);
                }
            }
    // C10: efficiency within 1e-6 relative; C12: the key charges add up to c(N) too.
    double shapley = 0, charged = 0, key_share = 0, shapley_share = 0;
    for (const auto& m : r.members) {
        shapley += m.shapley;
        charged += m.coalition_cost;
        key_share += m.contribution_share;
        shapley_share += m.shapley_share;
        EXPECT_DOUBLE_EQ(m.value_of_cooperation, -m.free_rider_gain);
    }
    EXPECT_NEAR(shapley, r.grand_cost, 1e-6 * std::abs(r.grand_cost));
    EXPECT_NEAR(charged, r.grand_cost, 1e-6 * std::abs(r.grand_cost));
    EXPECT_NEAR(key_share, 1, 1e-9);
    EXPECT_NEAR(shapley_share, 1, 1e-9);
    // Only Japan buys separated Dy oxide among the members in the dataset (section 1).
    for (std::size_t i = 0; i < g.members; ++i)
        EXPECT_EQ(g.need[i * g.commodities + 0] > 0, r.members[i].member == "JPN") << i;
}

// The game of a coalition file written with these members (magnets, 6 scenario-years).
CoalitionInputs magnet_game(const critmin::test::TempDir& dir, const std::string& members,
                            const std::string& commodities = "[ndfeb_magnet]",
                            const std::string& instruments = "") {
    const std::string file =
        dir.write("c.yaml", "name: groups\nmembers: " + members + "\ncommodities: " + commodities +
                                "\nscenarios: {catalogue: " CRITMIN_SOURCE_DIR
                                "/scenarios/stress-rare-earths.yaml, samples: 6}\n" +
                                instruments);
    const critmin::Dataset data = critmin::io::load_dataset(CRITMIN_SOURCE_DIR "/data/rare-earths");
    const ShortfallValues values =
        read_shortfall_values(CRITMIN_SOURCE_DIR "/data/planning/shortfall-value.csv");
    return build_coalition(data, read_coalition(file), values, 6, 1, 2);
}

TEST(Coalition, C1b_AGroupIsTheSumOfItsCountries) {
    const critmin::test::TempDir dir("coalition");
    const CoalitionInputs apart = magnet_game(dir, "[JPN, DEU, FRA]");
    const CoalitionInputs group = magnet_game(dir, "[JPN, {id: DF, countries: [DEU, FRA]}]");
    const CoalitionGame& a = apart.game;
    const CoalitionGame& g = group.game;
    ASSERT_EQ(g.members, 2U);
    ASSERT_EQ(g.scenarios, a.scenarios);
    EXPECT_DOUBLE_EQ(g.need[0], a.need[0]);
    EXPECT_DOUBLE_EQ(g.need[1], a.need[1] + a.need[2]);
    ASSERT_GT(a.need[1], 0);
    ASSERT_GT(a.need[2], 0);
    // The use-weighted value (P21 for the group as one buyer).
    EXPECT_DOUBLE_EQ(g.value[1], (a.need[1] * a.value[1] + a.need[2] * a.value[2]) / g.need[1]);
    double missed = 0;
    for (std::size_t w = 0; w < g.scenarios; ++w) {
        EXPECT_DOUBLE_EQ(g.gap[w * 2 + 1], a.gap[w * 3 + 1] + a.gap[w * 3 + 2]) << w;
        missed += g.gap[w * 2 + 1];
    }
    EXPECT_GT(missed, 0);  // the stress years do cut Europe's magnets
    // A dataset group by its name: the EU's countries of the dataset.
    const CoalitionInputs eu = magnet_game(dir, "[JPN, EU]");
    EXPECT_GT(eu.game.need[1], g.need[1]);
}

TEST(Coalition, C4b_StandardsMarketPoolsTheQualifyingProducers) {
    const critmin::test::TempDir dir("coalition");
    // With China and Malaysia excluded only Mountain Pass qualifies for NdPr oxide: the market
    // delivers as an offtake from it does.
    const CoalitionInputs only_mp = magnet_game(
        dir, "[JPN, USA]", "[ndpr_oxide]",
        "instruments:\n"
        "  - {id: std, kind: standards_market, commodity: ndpr_oxide, t_per_year: 500,\n"
        "     premium_per_t: 5000, excluded_origins: [CHN, MYS]}\n"
        "  - {id: mp, kind: offtake, commodity: ndpr_oxide, producer: USA.sep.mountain_pass,\n"
        "     t_per_year: 500, premium_per_t: 5000}\n");
    const auto& ins = only_mp.game.instruments;
    ASSERT_EQ(ins.size(), 2U);
    EXPECT_EQ(ins[0].kind, InstrumentKind::standards_market);
    ASSERT_EQ(ins[0].availability.size(), only_mp.game.scenarios);
    for (std::size_t w = 0; w < ins[0].availability.size(); ++w)
        EXPECT_NEAR(ins[0].availability[w], ins[1].availability[w], 1e-12) << w;
    // Excluding China only: Lynas joins; shares stay within [0, 1] and the volume must fit in
    // what the qualifying producers sell to non-members (Mountain Pass 1,120 t/yr alone).
    const CoalitionInputs both =
        magnet_game(dir, "[JPN, USA]", "[ndpr_oxide]",
                    "instruments:\n  - {id: std, kind: standards_market, commodity: ndpr_oxide, "
                    "t_per_year: 3000, premium_per_t: 5000}\n");
    for (double a : both.game.instruments[0].availability) {
        EXPECT_GE(a, 0);
        EXPECT_LE(a, 1);
    }
    EXPECT_THROW(
        (void)magnet_game(dir, "[JPN, USA]", "[ndpr_oxide]",
                          "instruments:\n  - {id: std, kind: standards_market, commodity: "
                          "ndpr_oxide, t_per_year: 3000, premium_per_t: 5000, excluded_origins: "
                          "[CHN, MYS]}\n"),
        critmin::InvalidInput);
}

TEST(Coalition, C4_FloorCostFromTheDatasetsPrice) {
    const critmin::test::TempDir dir("coalition");
    // No market price in the file: floor 110,000 less the dataset's latest NdPr oxide price up to
    // the base year (2024: USD 56,000/t, prices.csv).
    const std::string floor =
        "instruments:\n  - {id: f, kind: price_floor, commodity: ndpr_oxide, producer: "
        "USA.sep.mountain_pass, t_per_year: 100, floor_per_t: 110000}\n";
    const CoalitionInputs g = magnet_game(dir, "[JPN, USA]", "[ndpr_oxide]", floor);
    EXPECT_DOUBLE_EQ(g.game.instruments[0].cost_per_unit, 110000.0 - 56000.0);
    // The year picks the price: 2022's was USD 134,000/t, above the floor: no cost.
    const CoalitionInputs y2022 =
        magnet_game(dir, "[JPN, USA]", "[ndpr_oxide]", "year: 2022\n" + floor);
    EXPECT_DOUBLE_EQ(y2022.game.instruments[0].cost_per_unit, 0);
    // Another currency than the dataset's needs the price in the file.
    EXPECT_THROW((void)magnet_game(dir, "[JPN, USA]", "[ndpr_oxide]", "currency: EUR\n" + floor),
                 critmin::InvalidInput);
}

}  // namespace
