// Equations A4 and A5 of docs/assess.md.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "indices/trade.h"
#include "tiny.h"

using critmin::indices::import_reliance;
using critmin::indices::resolve_economy;
using critmin::indices::trade_exposure;

TEST(Trade, A4ImportRelianceByHand) {
    EXPECT_DOUBLE_EQ(import_reliance(16, 20, 6), 14.0 / 30.0);
    EXPECT_DOUBLE_EQ(import_reliance(0, 8, 0), 1.0);
    EXPECT_DOUBLE_EQ(import_reliance(50, 0, 10), -0.25);  // a net exporter
    EXPECT_TRUE(std::isnan(import_reliance(60, 0, 60)));  // no consumption: undefined
}

TEST(Trade, CountryEconomy) {
    const auto& ds = critmin::test::tiny();
    const auto e =
        trade_exposure(ds, resolve_economy(ds, "AAA"), ds.find_commodity("magnet"), 2024);
    EXPECT_DOUBLE_EQ(e.production, 16);
    EXPECT_DOUBLE_EQ(e.imports, 20);
    EXPECT_DOUBLE_EQ(e.exports, 6);
    EXPECT_NEAR(e.import_reliance, 14.0 / 30.0, 1e-12);
    ASSERT_EQ(e.source_country.size(), 1u);
    EXPECT_EQ(ds.countries.iso3[e.source_country[0]], "DDD");
    EXPECT_DOUBLE_EQ(e.source_share[0], 1.0);  // A5
}

TEST(Trade, FlowsInsideAGroupAreNotTrade) {
    const auto& ds = critmin::test::tiny();
    const auto e = trade_exposure(ds, resolve_economy(ds, "G1"), ds.find_commodity("magnet"), 2024);
    EXPECT_DOUBLE_EQ(e.exports, 0);  // AAA -> BBB stays inside G1
    EXPECT_NEAR(e.import_reliance, 20.0 / 36.0, 1e-12);
}

TEST(Trade, A5SourceSharesSumToOne) {
    const auto& ds = critmin::test::tiny();
    const auto e = trade_exposure(ds, resolve_economy(ds, "CCC"), ds.find_commodity("ore"), 2024);
    ASSERT_EQ(e.source_country.size(), 2u);
    EXPECT_DOUBLE_EQ(e.source_share[0], 60.0 / 90.0);
    EXPECT_DOUBLE_EQ(e.source_share[0] + e.source_share[1], 1.0);
    EXPECT_DOUBLE_EQ(e.import_reliance, 1.0);
}

TEST(Trade, UnknownEconomyIsAUsageError) {
    const auto& ds = critmin::test::tiny();
    try {
        (void)resolve_economy(ds, "XYZ");
        FAIL() << "expected an error";
    } catch (const critmin::Error& e) {
        EXPECT_EQ(e.exit_code(), 2);
        EXPECT_NE(std::string(e.what()).find("G1, ALL"), std::string::npos) << e.what();
    }
}

TEST(Trade, NoRecordedFlowsMeansUnknownNotZero) {
    const auto& ds = critmin::test::tiny();
    // 2023 has mine production but no flows at all.
    const auto e = trade_exposure(ds, resolve_economy(ds, "AAA"), ds.find_commodity("ore"), 2023);
    EXPECT_FALSE(e.trade_recorded);
    EXPECT_DOUBLE_EQ(e.production, 50);
    EXPECT_TRUE(std::isnan(e.import_reliance));
}
