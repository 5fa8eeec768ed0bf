// GeoPolRisk, equations G1-G5 of docs/indices.md, and the geopolrisk-py 2.0 regression cases.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

#include "indices/geopolrisk.h"
#include "io/raw_reader.h"

using critmin::Id;
using critmin::RawTables;
using critmin::RawTrade;
using critmin::indices::geopolrisk_combine;
using critmin::indices::geopolrisk_hhi;
using critmin::indices::political_risk;

TEST(GeoPolRisk, G1HhiTruncatesToWholeUnits) {
    EXPECT_DOUBLE_EQ(geopolrisk_hhi(std::vector<double>{3, 1}), 10.0 / 16.0);
    // 3.9 and 1.2 count as 3 and 1, as astype(int) does; 0.7 counts as nothing.
    EXPECT_DOUBLE_EQ(geopolrisk_hhi(std::vector<double>{3.9, 1.2, 0.7}), 10.0 / 16.0);
    EXPECT_TRUE(std::isnan(geopolrisk_hhi(std::vector<double>{0.5})));
    // Exact for tonnages whose squares exceed 2^53 (2.5 Gt of iron ore).
    EXPECT_DOUBLE_EQ(geopolrisk_hhi(std::vector<double>{2.5e9, 2.5e9}), 0.5);
    // Beyond the integers' range (1e20 cannot be converted to 64 bits) the row still counts:
    // one producer of 1e20 beside one of 1e20 is an HHI of one half, not a dropped row.
    EXPECT_NEAR(geopolrisk_hhi(std::vector<double>{1e20, 1e20}), 0.5, 1e-15);
    EXPECT_NEAR(geopolrisk_hhi(std::vector<double>{1e20, 1}), 1.0, 1e-15);
}

TEST(GeoPolRisk, G2PoliticalRiskWeight) {
    EXPECT_DOUBLE_EQ(political_risk(2.5), 0.0);
    EXPECT_DOUBLE_EQ(political_risk(0.0), 0.5);
    EXPECT_DOUBLE_EQ(political_risk(-0.24), 0.548);
    EXPECT_DOUBLE_EQ(political_risk(-3.1), 1.0);          // clipped
    EXPECT_DOUBLE_EQ(political_risk(std::nan("")), 0.5);  // missing
}

// G3 (WTA), G4 (score) and G5 (price and CF) on one hand-computed case.
TEST(GeoPolRisk, G3G4G5ByHand) {
    // HHI 0.5; imports 10 t worth 30 (price 3) with sum q*g = 4; domestic production 10.
    const auto r = geopolrisk_combine(0.5, 10, 4, 10, 30);
    EXPECT_DOUBLE_EQ(r.wta, 0.2);    // G3: 4 / (10 + 10)
    EXPECT_DOUBLE_EQ(r.score, 0.1);  // G4
    EXPECT_DOUBLE_EQ(r.price, 3.0);  // G5
    EXPECT_DOUBLE_EQ(r.cf, 0.3 / 0.409412948);
    EXPECT_TRUE(std::isnan(geopolrisk_combine(0.5, 0, 0, 0, 0).wta));
}

namespace {

std::vector<std::vector<std::string>> read_csv_rows(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::vector<std::string>> rows;
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> fields;
        std::stringstream ss(line);
        for (std::string f; std::getline(ss, f, ',');) fields.push_back(f);
        rows.push_back(fields);
    }
    return rows;
}

}  // namespace

// The three cases of geopolrisk-py 2.0's regression workbook (USA 2022), to 1e-9 relative.
// Inputs: tests/data/geopolrisk (converted from shared/reference/geopolrisk; see its README).
TEST(GeoPolRisk, ReproducesGeopolriskPyRegressionCases) {
    const std::string dir = CRITMIN_SOURCE_DIR "/tests/data/geopolrisk/";
    critmin::Diagnostics d;
    const RawTables tables = critmin::io::read_raw_tables(
        {dir + "production.csv", dir + "trade.csv", dir + "wgi.csv"},
        critmin::io::read_country_registry(CRITMIN_SOURCE_DIR "/data/reference"), d);
    ASSERT_TRUE(d.empty()) << d.to_string();
    const auto usa = critmin::indices::resolve_economy(tables.countries, "USA");
    const auto rows = read_csv_rows(dir + "expected.csv");
    ASSERT_EQ(rows.size(), 4u);
    auto close = [](double a, double b) {
        return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b));
    };
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& e = rows[i];
        const Id commodity = tables.find_commodity(e[0]);
        ASSERT_NE(commodity, critmin::kNoId) << e[0];
        const std::vector<critmin::indices::Economy> economies{usa};
        const std::vector<Id> commodities{commodity};
        const std::vector<int> years{std::stoi(e[2])};
        const auto out = critmin::indices::geopolrisk_table(tables, economies, commodities, years);
        ASSERT_EQ(out.size(), 1u);
        const auto& r = out[0].result;
        EXPECT_PRED2(close, r.hhi, std::stod(e[5])) << e[0] << " HHI";
        EXPECT_PRED2(close, r.domestic_production + 1, std::stod(e[6]) + 1)
            << e[0] << " production";
        EXPECT_PRED2(close, r.wta_numerator, std::stod(e[7])) << e[0] << " numerator";
        EXPECT_PRED2(close, r.total_imports, std::stod(e[8])) << e[0] << " total trade";
        EXPECT_PRED2(close, r.wta, std::stod(e[9])) << e[0] << " WTA";
        EXPECT_PRED2(close, r.score, std::stod(e[10])) << e[0] << " score";
        EXPECT_PRED2(close, r.price, std::stod(e[11])) << e[0] << " price";
        EXPECT_PRED2(close, r.cf, std::stod(e[13])) << e[0] << " CF";
    }
}

namespace {

// A registry of n made-up countries C00, C01, ... and one group G of the first three.
RawTables make_tables(std::size_t n) {
    RawTables t;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string code = "C" + std::string(1, static_cast<char>('A' + i / 26)) +
                                 std::string(1, static_cast<char>('A' + i % 26));
        t.countries.index.emplace(code, static_cast<Id>(i));
        t.countries.iso3.push_back(code);
        t.countries.name.push_back(code);
    }
    t.countries.group_name = {"G"};
    t.countries.group_index.emplace("G", 0);
    t.countries.group_members = critmin::Csr::build(1, {{0, 0}, {0, 1}, {0, 2}});
    t.commodities = {"x"};
    return t;
}

void add_trade(RawTables& t, Id exporter, Id importer, double q, double v) {
    t.trade.flows.push_back({RawTrade::make_key(0, 2024, importer, exporter), q, v, 0});
}

void finish(RawTables& t) {
    std::sort(t.trade.flows.begin(), t.trade.flows.end(),
              [](const auto& a, const auto& b) { return a.key < b.key; });
}

critmin::indices::GeoPolRiskResult assess(const RawTables& t, const std::string& economy) {
    const std::vector<critmin::indices::Economy> e{
        critmin::indices::resolve_economy(t.countries, economy)};
    const std::vector<Id> c{0};
    const std::vector<int> y{2024};
    return critmin::indices::geopolrisk_table(t, e, c, y).at(0).result;
}

struct RandomCase {
    std::size_t n;
    std::vector<double> production, stability;
    std::vector<std::tuple<Id, Id, double, double>> trade;
};

RandomCase random_case(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    RandomCase c;
    c.n = 3 + rng() % 10;
    std::uniform_real_distribution<double> amount(0, 1000), ps(-2.5, 2.5);
    for (std::size_t i = 0; i < c.n; ++i) {
        c.production.push_back(std::floor(amount(rng)));
        c.stability.push_back(rng() % 5 == 0 ? std::nan("") : ps(rng));
    }
    std::set<std::pair<Id, Id>> seen;
    for (std::size_t k = 0; k < 3 * c.n; ++k) {
        const auto e = static_cast<Id>(rng() % c.n), i = static_cast<Id>(rng() % c.n);
        if (e == i || !seen.insert({e, i}).second) continue;
        c.trade.emplace_back(e, i, amount(rng), amount(rng));
    }
    return c;
}

// Builds the tables with country ids relabelled by `perm`.
RawTables build(const RandomCase& c, const std::vector<Id>& perm) {
    RawTables t = make_tables(c.n);
    for (std::size_t i = 0; i < c.n; ++i) {
        t.production.country.push_back(perm[i]);
        t.production.commodity.push_back(0);
        t.production.year.push_back(2024);
        t.production.quantity.push_back(c.production[i]);
        std::array<double, 6> wgi;
        wgi.fill(std::nan(""));
        wgi[1] = c.stability[i];
        t.governance.estimate.emplace(critmin::RawGovernance::make_key(perm[i], 2024), wgi);
    }
    for (const auto& [e, i, q, v] : c.trade) add_trade(t, perm[e], perm[i], q, v);
    finish(t);
    return t;
}

}  // namespace

RC_GTEST_PROP(GeoPolRiskProperties, WtaLiesInZeroOne, ()) {
    const auto c = random_case(*rc::gen::arbitrary<std::uint64_t>());
    std::vector<Id> id(c.n);
    std::iota(id.begin(), id.end(), 0);
    const RawTables t = build(c, id);
    for (std::size_t i = 0; i < c.n; ++i) {
        const auto r = assess(t, t.countries.iso3[i]);
        if (std::isnan(r.wta)) continue;
        RC_ASSERT(r.wta >= 0.0);
        RC_ASSERT(r.wta <= 1.0);
    }
}

RC_GTEST_PROP(GeoPolRiskProperties, ScoresDoNotDependOnCountryLabels, ()) {
    const auto c = random_case(*rc::gen::arbitrary<std::uint64_t>());
    std::vector<Id> id(c.n), perm(c.n);
    std::iota(id.begin(), id.end(), 0);
    perm = id;
    std::shuffle(perm.begin(), perm.end(), std::mt19937(*rc::gen::arbitrary<unsigned>()));
    const RawTables a = build(c, id), b = build(c, perm);
    for (std::size_t i = 0; i < c.n; ++i) {
        const auto ra = assess(a, a.countries.iso3[i]);
        const auto rb = assess(b, b.countries.iso3[perm[i]]);
        RC_ASSERT(std::abs(ra.hhi - rb.hhi) <= 1e-12);
        if (std::isnan(ra.wta)) {
            RC_ASSERT(std::isnan(rb.wta));
            continue;
        }
        RC_ASSERT(std::abs(ra.wta - rb.wta) <= 1e-12);
        RC_ASSERT(std::abs(ra.score - rb.score) <= 1e-12);
    }
}

RC_GTEST_PROP(GeoPolRiskProperties, GroupWtaIgnoresTradeInsideTheGroup, ()) {
    auto c = random_case(*rc::gen::arbitrary<std::uint64_t>());
    std::vector<Id> id(c.n);
    std::iota(id.begin(), id.end(), 0);
    const RawTables before = build(c, id);
    // Scale every flow between members of G (countries 0, 1, 2) by a random factor: the group's
    // numerator must not move.
    const double factor = 1.0 + static_cast<double>(*rc::gen::inRange(0, 100));
    for (auto& [e, i, q, v] : c.trade)
        if (e < 3 && i < 3) q *= factor;
    const RawTables after = build(c, id);
    const auto rb = assess(before, "G"), ra = assess(after, "G");
    RC_ASSERT(std::abs(rb.wta_numerator - ra.wta_numerator) <=
              1e-9 * std::max(1.0, rb.wta_numerator));
}

RC_GTEST_PROP(GeoPolRiskProperties, HhiBetweenEqualSharesAndMonopoly,
              (const std::vector<unsigned>& raw)) {
    RC_PRE(!raw.empty());
    std::vector<double> p;
    for (unsigned x : raw) p.push_back(1.0 + static_cast<double>(x % 1000000));
    const double h = geopolrisk_hhi(p);
    RC_ASSERT(h >= 1.0 / static_cast<double>(p.size()) - 1e-12);
    RC_ASSERT(h <= 1.0 + 1e-12);
    auto q = p;
    std::reverse(q.begin(), q.end());
    RC_ASSERT(geopolrisk_hhi(q) == h);  // exact: integer sums do not depend on order
}
