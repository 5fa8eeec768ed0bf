#include "indices/concentration.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace critmin::indices {

std::vector<double> shares(std::span<const double> quantities, double denominator) {
    std::vector<double> out(quantities.size(), 0.0);
    if (!(denominator > 0)) return out;
    for (std::size_t i = 0; i < quantities.size(); ++i) out[i] = quantities[i] / denominator;
    return out;
}

double hhi(std::span<const double> shares) {
    double sum = 0;
    for (double s : shares) sum += s * s;
    return 10000.0 * sum;
}

double top_n_share(std::span<const double> shares, std::size_t n) {
    std::vector<double> sorted(shares.begin(), shares.end());
    const std::size_t k = std::min(n, sorted.size());
    std::partial_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end(),
                      std::greater<>());
    return std::accumulate(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
}

void rank_countries(const Dataset& ds, std::span<const double> by_country, double denominator,
                    std::vector<Id>& country, std::vector<double>& share) {
    country.clear();
    share.clear();
    for (std::size_t c = 0; c < by_country.size(); ++c)
        if (by_country[c] > 0) country.push_back(static_cast<Id>(c));
    std::sort(country.begin(), country.end(), [&](Id a, Id b) {
        if (by_country[a] != by_country[b]) return by_country[a] > by_country[b];
        return ds.countries.iso3[a] < ds.countries.iso3[b];
    });
    std::vector<double> quantities;
    quantities.reserve(country.size());
    for (Id c : country) quantities.push_back(by_country[c]);
    share = shares(quantities, denominator);
}

Concentration production_concentration(const Dataset& ds, Id commodity, int year) {
    Concentration out;
    out.commodity = commodity;
    out.year = year;
    std::vector<double> by_country(ds.countries.size(), 0.0);
    const auto& p = ds.production;
    for (std::size_t r = 0; r < p.size(); ++r) {
        if (p.commodity[r] != commodity || p.year[r] != year) continue;
        const Id node = ds.producers.node[p.producer[r]];
        by_country[ds.nodes.country[node]] += p.quantity[r];
    }
    // Sum in country-id order so the total does not depend on row order within a country.
    for (double q : by_country) out.attributed += q;
    if (auto total = ds.world_total(commodity, year)) out.world_total = *total;
    // A1: the source's world total when it gives one, even when rounding puts it slightly below
    // the attributed sum (validation bounds the excess by tolerances.share_sum).
    out.denominator =
        std::isnan(out.world_total) || !(out.world_total > 0) ? out.attributed : out.world_total;
    rank_countries(ds, by_country, out.denominator, out.country, out.share);
    out.hhi = hhi(out.share);
    out.top3 = top_n_share(out.share, 3);
    return out;
}

}  // namespace critmin::indices
