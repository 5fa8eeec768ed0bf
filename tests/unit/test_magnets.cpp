// Magnets in use and secondary supply, equations M11-M15 of docs/mfa.md, on a hand-computed system.
#include <gtest/gtest.h>

#include "mfa/magnets.h"

using namespace critmin::mfa;

namespace {

// One product (1 t of magnet per unit; Nd 0.2, Pr 0.05, Dy 0.04, Tb 0.01; fixed 2-year life),
// two regions, 2020-2024. AAA buys 10 units in 2020, which reach end of life in 2022.
MagnetSystem tiny_system(double capacity_aaa) {
    MagnetSystem s;
    MagnetProduct p;
    p.id = "widget";
    p.magnet_kg_per_unit = 1000;
    p.element_fraction = {0.2, 0.05, 0.04, 0.01};
    p.lifetime = Lifetime{LifetimeKind::fixed, 2, 0};
    s.products.push_back(p);
    s.regions = {"AAA", "BBB"};
    s.first_year = 2020;
    s.last_year = 2024;
    s.sales.assign(2 * 5, 0.0);
    s.sales[0] = 10;  // AAA 2020
    s.eol = {EndOfLife{0.5, {0.0, 0.5, 0.5}}, EndOfLife{0.5, {0.0, 0.5, 0.5}}};
    for (std::size_t e = 0; e < 4; ++e) {
        s.yield[0][e] = 1.0;  // reuse
        s.yield[1][e] = 0.9;  // short loop
        s.yield[2][e] = 0.8;  // long loop
    }
    s.capacity.resize(2);
    s.capacity[0][2020] = capacity_aaa;
    return s;
}

const RecyclingRow& find(const std::vector<RecyclingRow>& rows, const char* region, int year,
                         const char* element) {
    for (const auto& r : rows)
        if (r.region == region && r.year == year && r.element == element) return r;
    throw std::runtime_error("row not found");
}

}  // namespace

// M11 (end of life), M12 (collection) and M13 (route yields) by hand.
TEST(Magnets, M11M12M13EndOfLifeCollectionAndYields) {
    const auto rows = project_recycling(tiny_system(100), nullptr);
    const auto& nd = find(rows, "AAA", 2022, "Nd");
    EXPECT_DOUBLE_EQ(nd.end_of_life, 2.0);   // M11: 10 t magnet x 0.2
    EXPECT_DOUBLE_EQ(nd.collected, 1.0);     // M12: x collection rate 0.5
    EXPECT_DOUBLE_EQ(nd.recoverable, 0.85);  // M13: 0.5 x 0.9 + 0.5 x 0.8
    EXPECT_DOUBLE_EQ(nd.recovered, 0.85);    // capacity not binding
    EXPECT_DOUBLE_EQ(find(rows, "AAA", 2020, "Nd").inflow, 2.0);
    EXPECT_DOUBLE_EQ(find(rows, "AAA", 2021, "Nd").stock, 2.0);
    EXPECT_DOUBLE_EQ(find(rows, "AAA", 2022, "Nd").stock, 0.0);
    EXPECT_DOUBLE_EQ(find(rows, "AAA", 2022, "Dy").recoverable, 0.4 * 0.5 * 0.85);
    EXPECT_DOUBLE_EQ(find(rows, "BBB", 2022, "Nd").end_of_life, 0.0);
}

TEST(Magnets, M14CapacityScalesEveryElementAlike) {
    // Recoverable REE in 2022: (2 + 0.5 + 0.4 + 0.1) x 0.5 x 0.85 = 1.275 t; capacity 0.51 t.
    const auto rows = project_recycling(tiny_system(0.51), nullptr);
    EXPECT_NEAR(find(rows, "AAA", 2022, "Nd").recovered, 0.85 * 0.4, 1e-12);
    EXPECT_NEAR(find(rows, "AAA", 2022, "Tb").recovered, 0.1 * 0.5 * 0.85 * 0.4, 1e-12);
    double total = 0;
    for (const char* e : {"Nd", "Pr", "Dy", "Tb"}) total += find(rows, "AAA", 2022, e).recovered;
    EXPECT_NEAR(total, 0.51, 1e-12);
}

TEST(Magnets, ScenarioRampsCollectionAndAddsCapacity) {
    const MagnetSystem s = tiny_system(0.51);
    RecyclingScenario sc;
    sc.horizon = 2024;
    sc.collection.push_back({"AAA", "widget", 2020, 2024, 1.0});
    sc.capacity.push_back({"AAA", 2022, 100.0});
    EXPECT_DOUBLE_EQ(collection_rate(s, &sc, 0, 0, 2020), 0.5);
    EXPECT_DOUBLE_EQ(collection_rate(s, &sc, 0, 0, 2022), 0.75);  // halfway up the ramp
    EXPECT_DOUBLE_EQ(collection_rate(s, &sc, 0, 0, 2030), 1.0);
    EXPECT_DOUBLE_EQ(collection_rate(s, &sc, 0, 1, 2022), 0.5);  // BBB untouched
    const auto rows = project_recycling(s, &sc);
    EXPECT_DOUBLE_EQ(find(rows, "AAA", 2022, "Nd").recovered, 2.0 * 0.75 * 0.85);
}

// M15 by hand: 120 t of demand with 80 t of own primary output leaves 40 t to import; 10 t
// recovered cover a quarter of it. A region that makes all it needs has no import share.
TEST(Magnets, M15ShareOfPrimaryImports) {
    EXPECT_DOUBLE_EQ(primary_import_need(120, 80), 40);
    EXPECT_DOUBLE_EQ(share_of_imports(10, 120, 80).value(), 0.25);
    EXPECT_DOUBLE_EQ(primary_import_need(50, 80), 0);
    EXPECT_FALSE(share_of_imports(10, 50, 80).has_value());
    EXPECT_FALSE(share_of_imports(0, 80, 80).has_value());
}

// The recycling chain's stages never exceed what came before them: recovered <= recoverable <=
// collected <= EoL.
TEST(Magnets, MassIsConservedFromEndOfLifeToRecovery) {
    const auto rows = project_recycling(tiny_system(100), nullptr);
    for (const auto& r : rows) {
        EXPECT_LE(r.collected, r.end_of_life + 1e-12);
        EXPECT_LE(r.recoverable, r.collected + 1e-12);
        EXPECT_LE(r.recovered, r.recoverable + 1e-12);
    }
}
