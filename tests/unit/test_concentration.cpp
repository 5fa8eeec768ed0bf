// Equations A1-A3 of docs/assess.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "indices/concentration.h"
#include "tiny.h"

using critmin::indices::hhi;
using critmin::indices::shares;
using critmin::indices::top_n_share;

TEST(Concentration, A1SharesUseTheGivenDenominator) {
    const std::vector<double> q{270000, 45000, 31000};
    const auto s = shares(q, 390000);
    EXPECT_NEAR(s[0], 0.692308, 1e-6);
    EXPECT_NEAR(s[1], 0.115385, 1e-6);
    EXPECT_NEAR(s[2], 0.079487, 1e-6);
    EXPECT_EQ(shares(q, 0), std::vector<double>(3, 0.0));
}

TEST(Concentration, A2HhiByHand) {
    EXPECT_DOUBLE_EQ(hhi(std::vector<double>{0.6, 0.3}), 4500.0);
    EXPECT_DOUBLE_EQ(hhi(std::vector<double>{1.0}), 10000.0);
    EXPECT_DOUBLE_EQ(hhi(std::vector<double>{0.25, 0.25, 0.25, 0.25}), 2500.0);
    EXPECT_DOUBLE_EQ(hhi(std::vector<double>{}), 0.0);
}

TEST(Concentration, A3TopThree) {
    EXPECT_DOUBLE_EQ(top_n_share(std::vector<double>{0.1, 0.4, 0.2, 0.3}, 3), 0.9);
    EXPECT_DOUBLE_EQ(top_n_share(std::vector<double>{0.5, 0.25}, 3), 0.75);
}

TEST(Concentration, TinyDatasetOre2024) {
    const auto& ds = critmin::test::tiny();
    const auto c = critmin::indices::production_concentration(ds, ds.find_commodity("ore"), 2024);
    ASSERT_EQ(c.country.size(), 2u);
    EXPECT_EQ(ds.countries.iso3[c.country[0]], "AAA");
    EXPECT_DOUBLE_EQ(c.share[0], 0.6);
    EXPECT_DOUBLE_EQ(c.share[1], 0.3);
    EXPECT_DOUBLE_EQ(c.world_total, 100);
    EXPECT_NEAR(c.unattributed_share(), 0.1, 1e-12);
    EXPECT_NEAR(c.hhi, 4500, 1e-9);
}

TEST(Concentration, WithoutWorldTotalTheSumIsTheDenominator) {
    const auto& ds = critmin::test::tiny();
    const auto c =
        critmin::indices::production_concentration(ds, ds.find_commodity("magnet"), 2024);
    EXPECT_NEAR(c.share[0], 40.0 / 56.0, 1e-12);
    EXPECT_NEAR(c.hhi, 10000.0 * (1600.0 + 256.0) / 3136.0, 1e-9);
    EXPECT_NEAR(c.unattributed_share(), 0.0, 1e-12);
}

namespace {
std::vector<double> positive_quantities(const std::vector<unsigned>& raw) {
    std::vector<double> q;
    for (unsigned x : raw) q.push_back(1.0 + static_cast<double>(x % 100000));
    return q;
}
}  // namespace

RC_GTEST_PROP(ConcentrationProperties, SharesSumToOneOverTheirOwnTotal,
              (const std::vector<unsigned>& raw)) {
    RC_PRE(!raw.empty());
    const auto q = positive_quantities(raw);
    const double total = std::accumulate(q.begin(), q.end(), 0.0);
    const auto s = shares(q, total);
    RC_ASSERT(std::abs(std::accumulate(s.begin(), s.end(), 0.0) - 1.0) < 1e-9);
}

RC_GTEST_PROP(ConcentrationProperties, HhiLiesBetweenEqualSharesAndMonopoly,
              (const std::vector<unsigned>& raw)) {
    RC_PRE(!raw.empty());
    const auto q = positive_quantities(raw);
    const auto s = shares(q, std::accumulate(q.begin(), q.end(), 0.0));
    const double h = hhi(s);
    const double n = static_cast<double>(q.size());
    RC_ASSERT(h >= 10000.0 / n - 1e-6);
    RC_ASSERT(h <= 10000.0 + 1e-6);
}

RC_GTEST_PROP(ConcentrationProperties, HhiIsUnchangedByRelabelling,
              (const std::vector<unsigned>& raw)) {
    RC_PRE(!raw.empty());
    const auto q = positive_quantities(raw);
    const double total = std::accumulate(q.begin(), q.end(), 0.0);
    auto permuted = q;
    const auto seed = *rc::gen::arbitrary<unsigned>();
    std::shuffle(permuted.begin(), permuted.end(), std::mt19937(seed));
    RC_ASSERT(std::abs(hhi(shares(q, total)) - hhi(shares(permuted, total))) < 1e-6);
    RC_ASSERT(std::abs(top_n_share(shares(q, total), 3) - top_n_share(shares(permuted, total), 3)) <
              1e-12);
}

// The acceptance figures of the embedded dataset (USGS MCS 2025, world total as denominator).
TEST(Concentration, EmbeddedRareEarthMining2024) {
    const auto ds = critmin::io::load_dataset(CRITMIN_SOURCE_DIR "/data/rare-earths");
    const auto c =
        critmin::indices::production_concentration(ds, ds.find_commodity("ree_concentrate"), 2024);
    ASSERT_FALSE(c.country.empty());
    EXPECT_EQ(ds.countries.iso3[c.country[0]], "CHN");
    EXPECT_NEAR(c.share[0], 0.692, 0.001);
    EXPECT_DOUBLE_EQ(c.world_total, 390000);
    EXPECT_GE(c.hhi, 5000);
    EXPECT_LE(c.hhi, 5050);
}
