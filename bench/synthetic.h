// Seeded synthetic inputs for the propagation-engine benchmarks (docs/benchmarks.md, issue 3):
// dense MRIO tables and scale-free firm networks. Shared by the generators (critmin-gen-mrio,
// critmin-gen-firms) and the benchmarks that build their inputs in memory.
//
// The random numbers come from splitmix64 and distributions written out here, not from
// <random>'s distributions, whose output the C++ standard leaves to each library: the same seed
// gives the same tables with any compiler.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/mrio.h"

namespace critmin::bench {

class SplitMix64 {
  public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in (0, 1]: 53 random bits, never 0, so logs and negative powers are finite.
    double uniform() { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }
    // Uniform integer in [0, n) (multiply-shift; the bias is below 2^-32 for n < 2^32).
    std::uint64_t below(std::uint64_t n) { return ((next() >> 32) * n) >> 32; }

  private:
    std::uint64_t state_;
};

// Pareto(scale, shape): heavy-tailed, P(X > x) = (scale / x)^shape for x >= scale.
inline double pareto(SplitMix64& rng, double scale, double shape) {
    return scale * std::pow(rng.uniform(), -1.0 / shape);
}

// Zero-padded label, so that sorted labels keep the generation order (the MRIO reader sorts).
inline std::string padded_label(const char* prefix, std::size_t index, std::size_t count) {
    const std::string digits = std::to_string(index + 1);
    const std::size_t width = std::to_string(count).size();
    return prefix + std::string(width - digits.size(), '0') + digits;
}

// A random MRIO of regions x sectors industries. Each Z entry is nonzero with probability
// `density` (the diagonal always), scaled by the supplier's and buyer's sizes (heavy-tailed) and
// larger within a region. Final demand (3 categories per region) is at least what keeps every
// industry's value added positive (x >= 1.2 x its inputs), and x = row sums of Z + row sums of Y.
// `density`: share of nonzero flows inside a region; `foreign_density` between regions (negative:
// the same as `density`). EXIOBASE-size runs use 0.7 and 0.1 (dense domestic blocks, sparse trade).
inline sim::MrioTable synthetic_mrio(std::size_t n_regions, std::size_t n_sectors,
                                     std::uint64_t seed, double density,
                                     double foreign_density = -1.0) {
    if (foreign_density < 0) foreign_density = density;
    SplitMix64 rng(seed);
    sim::MrioTable t;
    for (std::size_t r = 0; r < n_regions; ++r)
        t.regions.push_back(padded_label("r", r, n_regions));
    for (std::size_t s = 0; s < n_sectors; ++s)
        t.sectors.push_back(padded_label("s", s, n_sectors));
    t.categories = {"government", "households", "investment"};
    const std::size_t n = t.n_industries();
    const std::size_t n_fd = t.n_final_columns();
    std::vector<double> size(n);
    for (auto& s : size) s = pareto(rng, 1.0, 1.5);
    t.z.assign(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const bool domestic = i / n_sectors == j / n_sectors;
            if (i != j && rng.uniform() > (domestic ? density : foreign_density)) continue;
            const double v = 10.0 * std::sqrt(size[i] * size[j]) * pareto(rng, 1.0, 2.0) *
                             (domestic ? 5.0 : 0.5);
            t.z[i * n + j] = std::round(v * 1000.0) / 1000.0;
        }
    }
    std::vector<double> row(n, 0.0), col(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            row[i] += t.z[i * n + j];
            col[j] += t.z[i * n + j];
        }
    t.y.assign(n * n_fd, 0.0);
    std::vector<double> weight(n_fd);
    for (std::size_t i = 0; i < n; ++i) {
        const double total = std::max(0.0, 1.2 * col[i] - row[i]) + 0.3 * row[i] + size[i];
        double sum = 0.0;
        for (std::size_t c = 0; c < n_fd; ++c) {
            const bool domestic = c / t.categories.size() == i / n_sectors;
            weight[c] = rng.uniform() * (domestic ? 20.0 : 1.0);
            sum += weight[c];
        }
        for (std::size_t c = 0; c < n_fd; ++c)
            t.y[i * n_fd + c] = std::round(total * weight[c] / sum * 1000.0) / 1000.0;
    }
    t.x.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        double x = 0.0;
        for (std::size_t j = 0; j < n; ++j) x += t.z[i * n + j];
        for (std::size_t c = 0; c < n_fd; ++c) x += t.y[i * n_fd + c];
        t.x[i] = x;
    }
    return t;
}

// A scale-free directed firm network: `links` distinct supplier -> customer edges, no
// self-loops. Endpoints are drawn by a copying model (preferential attachment): with probability
// q a uniformly random firm, otherwise the endpoint of a random earlier edge, so a firm is picked
// in proportion to its degree so far; degrees follow a power law of exponent 1 + 1/(1 - q).
struct SyntheticFirms {
    std::vector<std::uint32_t> sector, region;  // per firm
    std::vector<double> final_demand;           // per firm, annual
    std::vector<std::uint32_t> supplier, customer;
    std::vector<double> amount;  // per edge, annual
};

inline SyntheticFirms synthetic_firms(std::size_t n_firms, std::size_t links, std::size_t n_sectors,
                                      std::size_t n_regions, std::uint64_t seed) {
    SplitMix64 rng(seed);
    SyntheticFirms f;
    f.sector.resize(n_firms);
    f.region.resize(n_firms);
    for (std::size_t i = 0; i < n_firms; ++i) {
        f.sector[i] = static_cast<std::uint32_t>(rng.below(n_sectors));
        f.region[i] = static_cast<std::uint32_t>(rng.below(n_regions));
    }
    // q = 0.4 for suppliers (exponent about 2.7: a few very large suppliers), 0.5 for customers
    // (exponent 3).
    const double q_out = 0.4, q_in = 0.5;
    std::vector<std::uint32_t> out_urn, in_urn;
    out_urn.reserve(links + links / 8);
    in_urn.reserve(links + links / 8);
    std::vector<std::uint64_t> pairs;  // supplier << 32 | customer
    pairs.reserve(links + links / 8);
    const auto max_pairs = n_firms * (n_firms - 1);
    links = std::min(links, max_pairs);
    while (pairs.size() < links) {
        // Draw the shortfall, then drop repeated pairs; hubs meet often, so a few rounds.
        for (std::size_t need = links - pairs.size(); need > 0;) {
            const auto s = static_cast<std::uint32_t>(out_urn.empty() || rng.uniform() <= q_out
                                                          ? rng.below(n_firms)
                                                          : out_urn[rng.below(out_urn.size())]);
            const auto c = static_cast<std::uint32_t>(in_urn.empty() || rng.uniform() <= q_in
                                                          ? rng.below(n_firms)
                                                          : in_urn[rng.below(in_urn.size())]);
            if (s == c) continue;
            out_urn.push_back(s);
            in_urn.push_back(c);
            pairs.push_back(std::uint64_t{s} << 32 | c);
            --need;
        }
        std::sort(pairs.begin(), pairs.end());
        pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    }
    // File order should not be sorted: shuffle (Fisher-Yates).
    for (std::size_t k = pairs.size(); k > 1; --k) std::swap(pairs[k - 1], pairs[rng.below(k)]);
    f.supplier.resize(links);
    f.customer.resize(links);
    f.amount.resize(links);
    std::vector<double> sales(n_firms, 0.0), purchases(n_firms, 0.0);
    for (std::size_t e = 0; e < links; ++e) {
        f.supplier[e] = static_cast<std::uint32_t>(pairs[e] >> 32);
        f.customer[e] = static_cast<std::uint32_t>(pairs[e] & 0xFFFFFFFFULL);
        // Heavy-tailed amounts (shape 1.3: finite mean, infinite variance), 3 decimals.
        f.amount[e] = std::round(pareto(rng, 1.0, 1.3) * 1000.0) / 1000.0;
        sales[f.supplier[e]] += f.amount[e];
        purchases[f.customer[e]] += f.amount[e];
    }
    // Every firm has some final demand, enough that its output is at least 1.25 x its purchases.
    f.final_demand.resize(n_firms);
    for (std::size_t i = 0; i < n_firms; ++i) {
        const double at_least = std::max(0.0, 1.25 * purchases[i] - sales[i]);
        f.final_demand[i] = std::round((at_least + pareto(rng, 1.0, 1.5)) * 1000.0) / 1000.0;
    }
    return f;
}

}  // namespace critmin::bench
