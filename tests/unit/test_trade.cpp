// Equations A4, A4a and A5 of docs/assess.md.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "indices/trade.h"
#include "tiny.h"

using critmin::indices::import_reliance;
using critmin::indices::is_net_exporter;
using critmin::indices::resolve_economy;
using critmin::indices::signed_import_reliance;
using critmin::indices::trade_exposure;

TEST(Trade, A4ImportRelianceByHand) {
    EXPECT_DOUBLE_EQ(signed_import_reliance(16, 20, 6), 14.0 / 30.0);
    EXPECT_DOUBLE_EQ(signed_import_reliance(0, 8, 0), 1.0);
    EXPECT_DOUBLE_EQ(signed_import_reliance(50, 0, 10), -0.25);  // a net exporter
    EXPECT_TRUE(std::isnan(signed_import_reliance(60, 0, 60)));  // no consumption: undefined
}

TEST(Trade, A4a_ImportRelianceNeverNegative) {
    // A net exporter: 50 t made, 10 t exported, nothing imported: A4 gives -10/40 = -0.25.
    EXPECT_DOUBLE_EQ(import_reliance(50, 0, 10), 0.0);
    EXPECT_TRUE(is_net_exporter(0, 10));
    // An importer keeps its A4 value, and undefined stays undefined.
    EXPECT_DOUBLE_EQ(import_reliance(16, 20, 6), 14.0 / 30.0);
    EXPECT_FALSE(is_net_exporter(20, 6));
    EXPECT_TRUE(std::isnan(import_reliance(60, 0, 60)));
    EXPECT_TRUE(
        is_net_exporter(0, 60));  // exports all it makes: no consumption, still a net exporter
    EXPECT_FALSE(is_net_exporter(5, 5));  // balanced trade is not net exporting
}

TEST(Trade, A4a_NetExporterInTheTinyDataset) {
    // CCC separates 36 t of oxide and ships 20 t to DDD and 8 t to AAA, importing none:
    // A4 = (0 - 28) / (36 + 0 - 28) = -3.5; A4a floors it at 0 and flags a net exporter.
    const auto& ds = critmin::test::tiny();
    const auto e = trade_exposure(ds, resolve_economy(ds, "CCC"), ds.find_commodity("oxide"), 2024);
    EXPECT_DOUBLE_EQ(e.production, 36);
    EXPECT_DOUBLE_EQ(e.exports, 28);
    EXPECT_DOUBLE_EQ(e.signed_import_reliance, -3.5);
    EXPECT_DOUBLE_EQ(e.import_reliance, 0.0);
    EXPECT_DOUBLE_EQ(e.net_imports, -28);
    EXPECT_TRUE(e.net_exporter);
    // An importer: AAA's magnets (A4 example) are not flagged.
    const auto a =
        trade_exposure(ds, resolve_economy(ds, "AAA"), ds.find_commodity("magnet"), 2024);
    EXPECT_FALSE(a.net_exporter);
    EXPECT_DOUBLE_EQ(a.net_imports, 14);
    EXPECT_DOUBLE_EQ(a.import_reliance, a.signed_import_reliance);
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
    EXPECT_TRUE(std::isnan(e.net_imports));
    EXPECT_FALSE(e.net_exporter);  // unknown trade is not net exporting
}
