#include "indices/geopolrisk.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace critmin::indices {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// 128-bit integers (a GCC and clang extension) keep the sums of squares exact.
__extension__ using Uint128 = unsigned __int128;
}  // namespace

double geopolrisk_hhi(std::span<const double> production) {
    // Python integers are exact; 128-bit integers are exact for any realistic tonnage
    // (squares up to 1.7e38).
    // Tonnages of 2^60 and more (1.2e18) would overflow the integers (and 2^64 cannot even be
    // converted): such inputs are far from any real statistic, so they are summed in long double,
    // still truncated as Python's int() does.
    constexpr double kExactLimit = 1152921504606846976.0;  // 2^60
    bool huge = false;
    for (double p : production) huge = huge || (p >= kExactLimit);
    if (huge) {
        long double sum = 0, sum_squares = 0;
        for (double p : production) {
            if (!(p >= 1)) continue;
            const long double whole = std::floor(static_cast<long double>(p));
            sum += whole;
            sum_squares += whole * whole;
        }
        return static_cast<double>(sum_squares / (sum * sum));
    }
    Uint128 sum = 0, sum_squares = 0;
    for (double p : production) {
        if (!(p >= 1))
            continue;  // truncation sends [0, 1) to zero; negatives are rejected on input
        const auto whole = static_cast<Uint128>(static_cast<std::uint64_t>(p));
        sum += whole;
        sum_squares += whole * whole;
    }
    if (sum == 0) return kNaN;
    // Operands below 2^53 convert exactly, so the division is correctly rounded as in Python.
    return static_cast<double>(static_cast<long double>(sum_squares) /
                               static_cast<long double>(sum * sum));
}

double political_risk(double political_stability) {
    if (std::isnan(political_stability)) return 0.5;
    return std::clamp((2.5 - political_stability) / 5.0, 0.0, 1.0);
}

GeoPolRiskResult geopolrisk_combine(double hhi, double domestic_production, double wta_numerator,
                                    double total_imports, double import_value) {
    GeoPolRiskResult r;
    r.hhi = hhi;
    r.domestic_production = domestic_production;
    r.wta_numerator = wta_numerator;
    r.total_imports = total_imports;
    r.import_value = import_value;
    const double denominator = total_imports + domestic_production;
    r.wta = denominator > 0 ? wta_numerator / denominator : kNaN;       // G3 (NaN stays NaN)
    r.score = hhi * r.wta;                                              // G4
    r.price = total_imports > 0 ? import_value / total_imports : kNaN;  // G5
    r.cf = r.score * r.price / kCopperCharacterisationFactor;           // G5
    return r;
}

double production_hhi(const RawTables& tables, Id commodity, int year) {
    std::vector<double> by_country(tables.countries.size(), 0.0);
    const auto& p = tables.production;
    for (std::size_t r = 0; r < p.size(); ++r)
        if (p.commodity[r] == commodity && p.year[r] == year)
            by_country[p.country[r]] += p.quantity[r];
    return geopolrisk_hhi(by_country);
}

Economy resolve_economy(const CountryRegistry& registry, std::string_view name) {
    Economy e;
    e.name = std::string(name);
    e.member.assign(registry.size(), false);
    if (const Id c = registry.find(name); c != kNoId) {
        e.member[c] = true;
        return e;
    }
    if (const Id g = registry.find_group(name); g != kNoId) {
        for (Id c : registry.group_members.row(g)) e.member[c] = true;
        return e;
    }
    std::string groups;
    for (const auto& g : registry.group_name) groups += (groups.empty() ? "" : ", ") + g;
    throw Error(
        ErrorKind::usage,
        fmt::format("'{}' is neither an ISO 3166 alpha-3 code nor a group ({})", name, groups));
}

std::vector<GeoPolRiskRow> geopolrisk_table(const RawTables& tables,
                                            std::span<const Economy> economies,
                                            std::span<const Id> commodities,
                                            std::span<const int> years, WgiYear wgi_year) {
    const auto& flows = tables.trade.flows;
    const std::size_t n_countries = tables.countries.size();
    std::vector<GeoPolRiskRow> rows;
    rows.reserve(economies.size() * commodities.size() * years.size());
    // Per (commodity, year): where each importer's flows start in the sorted trade table.
    struct Slice {
        std::vector<std::size_t> start;  // n_countries + 1 offsets
        std::vector<double> production;  // by country
        double hhi = kNaN;
    };
    for (Id commodity : commodities) {
        for (int year : years) {
            Slice s;
            s.start.assign(n_countries + 1, 0);
            const auto lo = std::lower_bound(
                flows.begin(), flows.end(), RawTrade::make_key(commodity, year, 0, 0),
                [](const TradeFlow& f, std::uint64_t k) { return f.key < k; });
            const auto hi =
                std::lower_bound(lo, flows.end(), RawTrade::make_key(commodity, year + 1, 0, 0),
                                 [](const TradeFlow& f, std::uint64_t k) { return f.key < k; });
            const auto first = static_cast<std::size_t>(lo - flows.begin());
            const auto last = static_cast<std::size_t>(hi - flows.begin());
            for (std::size_t i = first; i < last; ++i)
                ++s.start[RawTrade::importer_of(flows[i].key) + 1];
            s.start[0] = first;
            for (std::size_t c = 0; c < n_countries; ++c) s.start[c + 1] += s.start[c];
            s.production.assign(n_countries, 0.0);
            const auto& p = tables.production;
            for (std::size_t r = 0; r < p.size(); ++r)
                if (p.commodity[r] == commodity && p.year[r] == year)
                    s.production[p.country[r]] += p.quantity[r];
            s.hhi = geopolrisk_hhi(s.production);
            // Partner weights for this year (G2).
            std::vector<double> g(n_countries);
            for (std::size_t c = 0; c < n_countries; ++c)
                g[c] = political_risk(wgi_year == WgiYear::same_year
                                          ? tables.governance.get(static_cast<Id>(c), year, 1)
                                          : tables.governance.latest(static_cast<Id>(c), year, 1));

            for (std::size_t e = 0; e < economies.size(); ++e) {
                const Economy& economy = economies[e];
                double domestic = 0, numerator = 0, total = 0, value = 0;
                for (std::size_t c = 0; c < n_countries; ++c) {
                    if (!economy.member[c]) continue;
                    domestic += s.production[c];
                    for (std::size_t i = s.start[c]; i < s.start[c + 1]; ++i) {
                        const TradeFlow& f = flows[i];
                        total += f.quantity;
                        value += f.value;
                        // Partners inside the assessed economy count with g = 0.
                        const Id exporter = RawTrade::exporter_of(f.key);
                        if (!economy.member[exporter]) numerator += f.quantity * g[exporter];
                    }
                }
                // No flow of the commodity in the year at all: trade is unknown, not zero.
                if (first == last) numerator = total = value = kNaN;
                rows.push_back({e, commodity, year,
                                geopolrisk_combine(s.hhi, domestic, numerator, total, value)});
            }
        }
    }
    // Rows in economy, commodity, year order.
    std::stable_sort(rows.begin(), rows.end(), [](const GeoPolRiskRow& a, const GeoPolRiskRow& b) {
        return a.economy < b.economy;
    });
    return rows;
}

}  // namespace critmin::indices
