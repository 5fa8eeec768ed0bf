// Equations A6 and A7 of docs/assess.md.
#include <gtest/gtest.h>

#include "indices/lookthrough.h"
#include "tiny.h"

using critmin::Id;
using critmin::Stage;
using critmin::indices::OriginMatrix;

namespace {
double share_of(const critmin::Dataset& ds, std::span<const double> origin, const char* iso3) {
    return origin[ds.find_country(iso3)];
}
}  // namespace

TEST(LookThrough, A6OwnStageIsTheNodesCountry) {
    const auto& ds = critmin::test::tiny();
    const OriginMatrix m(ds, 2024);
    const Id sep = ds.find_node("CCC.sep");
    EXPECT_TRUE(m.reaches(sep, Stage::separation));
    EXPECT_DOUBLE_EQ(share_of(ds, m.origin(sep, Stage::separation), "CCC"), 1.0);
    EXPECT_FALSE(m.reaches(sep, Stage::magnet));
}

TEST(LookThrough, A6UpstreamIsTheInflowWeightedMean) {
    const auto& ds = critmin::test::tiny();
    const OriginMatrix m(ds, 2024);
    const Id ev = ds.find_node("AAA.demand.ev");
    // Magnets: 20 t from DDD and 10 t from AAA.
    EXPECT_NEAR(share_of(ds, m.origin(ev, Stage::magnet), "DDD"), 2.0 / 3.0, 1e-12);
    EXPECT_NEAR(share_of(ds, m.origin(ev, Stage::magnet), "AAA"), 1.0 / 3.0, 1e-12);
    // All oxide was separated in CCC, from ore mined 60 t in AAA and 30 t in BBB.
    EXPECT_NEAR(share_of(ds, m.origin(ev, Stage::separation), "CCC"), 1.0, 1e-12);
    EXPECT_NEAR(share_of(ds, m.origin(ev, Stage::mining), "AAA"), 2.0 / 3.0, 1e-12);
    EXPECT_NEAR(share_of(ds, m.origin(ev, Stage::mining), "BBB"), 1.0 / 3.0, 1e-12);
    EXPECT_FALSE(m.reaches(ev, Stage::metal));  // the tiny chain has no metal stage
}

TEST(LookThrough, OtherYearsHaveNoFlows) {
    const auto& ds = critmin::test::tiny();
    const OriginMatrix m(ds, 2023);
    EXPECT_FALSE(m.reaches(ds.find_node("AAA.demand.ev"), Stage::mining));
}

TEST(LookThrough, A7GroupsEndUsesOfAnEconomy) {
    const auto& ds = critmin::test::tiny();
    const auto rows = lookthrough_dependence(ds, critmin::indices::resolve_economy(ds, "G1"), 2024);
    // ev (AAA) and wind (BBB), each traced at mining, separation and magnet.
    ASSERT_EQ(rows.size(), 6u);
    EXPECT_EQ(rows[0].end_use, critmin::EndUse::ev_traction_motors);
    EXPECT_EQ(rows[0].stage, Stage::mining);
    EXPECT_DOUBLE_EQ(rows[0].quantity, 30);
    const auto& wind_magnet = rows[5];
    EXPECT_EQ(wind_magnet.end_use, critmin::EndUse::wind_generators);
    EXPECT_EQ(wind_magnet.stage, Stage::magnet);
    ASSERT_EQ(wind_magnet.country.size(), 1u);
    EXPECT_EQ(ds.countries.iso3[wind_magnet.country[0]], "AAA");
    for (const auto& r : rows) {
        double sum = r.unattributed;
        for (double s : r.share) sum += s;
        EXPECT_NEAR(sum, 1.0, 1e-12);  // shares and unattributed mass add up
    }
}
