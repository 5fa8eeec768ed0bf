// The EU criticality method, equations E1-E6 of docs/eu-method.md, on hand-computed cases.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <numeric>

#include "indices/eu_method.h"
#include "indices/eu_reader.h"

using namespace critmin::indices;

TEST(EuMethod, E1WgiScaledToZeroTen) {
    EXPECT_DOUBLE_EQ(wgi_scaled(2.5), 0.0);
    EXPECT_DOUBLE_EQ(wgi_scaled(0.0), 5.0);
    EXPECT_DOUBLE_EQ(wgi_scaled(-2.5), 10.0);
    EXPECT_NEAR(wgi_scaled(-0.360), 5.72, 1e-12);  // China, WGI 2019 (shared/data/wgi-2019.csv)
}

TEST(EuMethod, E2GovernanceAndTradeWeightedHhi) {
    // DR Congo 62.8% of cobalt mining, scaled WGI 8.22, export restriction t = 1.1.
    const std::vector<double> share{0.628}, w{8.22}, t{1.1};
    EXPECT_NEAR(hhi_wgi_t(share, w, t), 0.628 * 0.628 * 8.22 * 1.1, 1e-12);
    const std::vector<double> s2{0.5, 0.5}, w2{4, 6}, t2{1, 0.8};
    EXPECT_DOUBLE_EQ(hhi_wgi_t(s2, w2, t2), 0.25 * 4 + 0.25 * 6 * 0.8);
}

TEST(EuMethod, E3ImportRelianceWithinZeroOne) {
    EXPECT_DOUBLE_EQ(eu_import_reliance(20, 80, 0), 0.8);
    EXPECT_DOUBLE_EQ(eu_import_reliance(0, 50, 0), 1.0);
    EXPECT_DOUBLE_EQ(eu_import_reliance(100, 10, 60), 0.0);  // net exporter
    EXPECT_TRUE(std::isnan(eu_import_reliance(0, 0, 0)));
}

TEST(EuMethod, E4SupplyRiskWeightsGlobalAndSourcing) {
    // Dysprosium, processing: China 100% (5.72), IR 1, EOL-RIR 0.01, SI_SR 0.99 -> 5.6 published.
    EXPECT_NEAR(supply_risk(5.72, std::nan(""), std::nan(""), 0.01, 0.99), 5.606, 1e-3);
    // Lithium, processing: GS 2.19, EU 1.98, IR 1, no recycling, SI 0.94.
    EXPECT_NEAR(supply_risk(2.19, 1.98, 1.0, 0.0, 0.94), (2.19 / 2 + 1.98 / 2) * 0.94, 1e-12);
    // IR 0: the economy's own sourcing alone.
    EXPECT_DOUBLE_EQ(supply_risk(9.0, 2.0, 0.0, 0.0, 1.0), 2.0);
}

TEST(EuMethod, E5EconomicImportanceReproducesTerbium2023) {
    // Terbium 2023: 90% C25, 10% C27 (value added from data/criticality), SI_EI 0.84 -> 6.4.
    const auto p = critmin::indices::read_eu_parameters(CRITMIN_SOURCE_DIR "/data/criticality");
    const std::vector<double> share{0.9, 0.1};
    const std::vector<double> va{p.value_added_of("C25"), p.value_added_of("C27")};
    EXPECT_DOUBLE_EQ(p.largest_manufacturing_value_added(), 204200);
    const double ei = economic_importance(share, va, 0.84, p.largest_manufacturing_value_added());
    EXPECT_NEAR(ei, 6.4, 0.05);
    // By hand: 10 x (0.5 x 100 + 0.5 x 300) / 400 x 0.5 = 2.5; a sector-less share adds nothing.
    const std::vector<double> s2{0.5, 0.5, 0.2}, v2{100, 300, std::nan("")};
    EXPECT_DOUBLE_EQ(economic_importance(s2, v2, 0.5, 400), 2.5);
}

TEST(EuMethod, E6ThresholdsAreInclusive) {
    EXPECT_TRUE(is_critical(2.8, 1.0));  // helium 2017: EI exactly 2.8 was critical
    EXPECT_FALSE(is_critical(2.79, 5.0));
    EXPECT_FALSE(is_critical(5.7, 0.5));  // nickel 2023
}

TEST(EuMethod, MaterialsAreFoundByCommodityOrName) {
    const auto p = critmin::indices::read_eu_parameters(CRITMIN_SOURCE_DIR "/data/criticality");
    const auto nd = eu_materials_for(p, "ndpr_oxide");
    ASSERT_GE(nd.size(), 3u);  // LREE, neodymium, praseodymium
    EXPECT_EQ(nd.front()->assessment, 2023);
    const auto graphite = eu_materials_for(p, "Natural Graphite");
    ASSERT_FALSE(graphite.empty());
    EXPECT_EQ(graphite.front()->material, "natural_graphite");
}

RC_GTEST_PROP(EuMethodProperties, HhiWgiIsOrderFreeAndBounded, (const std::vector<unsigned>& raw)) {
    RC_PRE(!raw.empty());
    std::vector<double> q, w, t;
    for (unsigned x : raw) {
        q.push_back(1.0 + x % 1000);
        w.push_back(static_cast<double>(x % 11));  // 0..10
        t.push_back(1.0);
    }
    const double total = std::accumulate(q.begin(), q.end(), 0.0);
    std::vector<double> s;
    for (double x : q) s.push_back(x / total);
    const double h = hhi_wgi_t(s, w, t);
    RC_ASSERT(h >= 0.0);
    RC_ASSERT(h <= 10.0 + 1e-9);  // at most the worst governance with one producer
    std::reverse(s.begin(), s.end());
    std::reverse(w.begin(), w.end());
    RC_ASSERT(std::abs(hhi_wgi_t(s, w, t) - h) <= 1e-9);
}

RC_GTEST_PROP(EuMethodProperties, SupplyRiskGrowsWithImportRelianceWhenWorldIsRiskier, ()) {
    const double gs = *rc::gen::inRange(0, 1000) / 100.0, eu = *rc::gen::inRange(0, 1000) / 100.0;
    const double ir1 = *rc::gen::inRange(0, 100) / 100.0, ir2 = *rc::gen::inRange(0, 100) / 100.0;
    const double a = supply_risk(gs, eu, std::min(ir1, ir2), 0.0, 1.0);
    const double b = supply_risk(gs, eu, std::max(ir1, ir2), 0.0, 1.0);
    if (gs >= eu)
        RC_ASSERT(b >= a - 1e-12);
    else
        RC_ASSERT(b <= a + 1e-12);
}
