// Dataset 0.2 (issue 13): the figures an analyst acts on hold against what was published. Each
// test names the published figure it checks the embedded dataset against.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "indices/concentration.h"
#include "indices/economy.h"
#include "indices/trade.h"
#include "io/loader.h"

namespace {

using critmin::Dataset;
using critmin::Id;
using critmin::Stage;

const Dataset& embedded() {
    static const Dataset data = critmin::io::load_dataset(CRITMIN_SOURCE_DIR "/data/rare-earths");
    return data;
}

double production_of(const Dataset& ds, const std::string& producer, const std::string& commodity,
                     int year) {
    const Id node = ds.find_node(producer);
    const Id com = ds.find_commodity(commodity);
    double q = 0;
    for (std::size_t r = 0; r < ds.production.size(); ++r)
        if (ds.production.producer[r] == ds.nodes.row[node] && ds.production.commodity[r] == com &&
            ds.production.year[r] == year)
            q += ds.production.quantity[r];
    return q;
}

TEST(DatasetBaseline, BaseYearIs2025) {
    EXPECT_EQ(embedded().manifest.base_year, 2025);
}

TEST(DatasetBaseline, LynasNdPrWithinTenPercentOfItsReportedOutput) {
    // Lynas reported 6,558 t NdPr for FY2025 (July 2024 - June 2025).
    const double q = production_of(embedded(), "MYS.sep.lynas_malaysia", "ndpr_oxide", 2025);
    EXPECT_NEAR(q, 6558, 0.10 * 6558);
}

TEST(DatasetBaseline, NinetyPercentOfProducersHaveACapacity) {
    const Dataset& ds = embedded();
    std::size_t with = 0;
    for (double c : ds.producers.capacity) with += std::isnan(c) ? 0 : 1;
    EXPECT_GE(static_cast<double>(with), 0.9 * static_cast<double>(ds.producers.size()));
}

TEST(DatasetBaseline, JapanImportsMagnetsMostlyFromChina) {
    // 0.1 printed an import reliance of 0.0% for Japan's magnets; China exported magnets to
    // Japan every month of 2025 (customs).
    const Dataset& ds = embedded();
    const auto economy = critmin::indices::resolve_economy(ds, "JPN");
    const auto t = critmin::indices::trade_exposure(ds, economy, ds.find_commodity("ndfeb_magnet"),
                                                    ds.manifest.base_year);
    EXPECT_GT(t.import_reliance, 0.0);
    ASSERT_FALSE(t.source_country.empty());
    EXPECT_EQ(ds.countries.iso3[t.source_country.front()], "CHN");
}

TEST(DatasetBaseline, A4a_G7ImportRelianceNeverNegative) {
    // Issue 14: `assess --for G7` printed a negative import reliance for a net exporter. A4a
    // floors it at 0 and flags the net exporter; the signed A4 value keeps the sign.
    const Dataset& ds = embedded();
    const auto g7 = critmin::indices::resolve_economy(ds, "G7");
    int net_exporters = 0;
    for (Id c = 0; c < ds.commodities.size(); ++c) {
        const auto t = critmin::indices::trade_exposure(ds, g7, c, ds.manifest.base_year);
        EXPECT_FALSE(t.import_reliance < 0.0) << ds.commodities.id[c];
        EXPECT_EQ(t.net_exporter, t.trade_recorded && t.exports > t.imports)
            << ds.commodities.id[c];
        if (t.net_exporter) {
            ++net_exporters;
            EXPECT_LT(t.net_imports, 0.0) << ds.commodities.id[c];
        }
    }
    EXPECT_GT(net_exporters, 0);  // gallium-arsenide wafers: the G7 ships more than it buys
}

TEST(DatasetBaseline, ChinaSeparationShareNearTheIea) {
    // IEA: China separated about 91% of rare earths in 2024.
    const Dataset& ds = embedded();
    const auto c = critmin::indices::production_concentration(ds, ds.find_commodity("ndpr_oxide"),
                                                              ds.manifest.base_year);
    ASSERT_FALSE(c.country.empty());
    EXPECT_EQ(ds.countries.iso3[c.country[0]], "CHN");
    EXPECT_NEAR(c.share[0], 0.91, 0.03);
}

TEST(DatasetBaseline, ControlledElementsAndMineralsAtTheirStages) {
    const Dataset& ds = embedded();
    auto stage = [&](const char* id) {
        const Id c = ds.find_commodity(id);
        EXPECT_NE(c, critmin::kNoId) << id;
        return c == critmin::kNoId ? Stage::end_use : ds.commodities.stage[c];
    };
    for (const char* id : {"sm_oxide", "gd_oxide", "y_oxide", "lu_oxide", "ho_oxide", "er_oxide",
                           "tm_oxide", "eu_oxide", "yb_oxide", "sc_oxide"})
        EXPECT_EQ(stage(id), Stage::separation) << id;
    // Refined, not mined: gallium is a by-product of alumina and zinc refining.
    for (const char* id : {"gallium_low_purity_primary", "germanium_refined", "spherical_graphite",
                           "antimony_refined", "apt"})
        EXPECT_EQ(stage(id), Stage::refining) << id;
}

TEST(DatasetBaseline, MinamitorishimaMudIsHeavyRareEarthRich) {
    // Takaya et al. 2018: Y and the heavy rare earths make 44% of the mud's REY; Mount Weld
    // carries 0.2% Dy. The mud's Dy must be several percent of its REO.
    const Dataset& ds = embedded();
    double mud_dy = 0, weld_dy = 0;
    for (std::size_t r = 0; r < ds.deposits.size(); ++r) {
        const std::string& type = ds.deposits.type_name[ds.deposits.deposit_type[r]];
        if (ds.deposits.element[r] != "Dy") continue;
        if (type == "deep_sea_mud_minamitorishima") mud_dy = ds.deposits.fraction[r];
        if (type == "monazite_laterite") weld_dy = ds.deposits.fraction[r];
    }
    EXPECT_GT(mud_dy, 0.02);
    EXPECT_GT(mud_dy, 10 * weld_dy);
}

}  // namespace
