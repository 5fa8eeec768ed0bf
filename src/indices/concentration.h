// Concentration of production: shares, HHI and top-n shares (docs/assess.md, equations A1-A3).
#pragma once

#include <algorithm>
#include <span>
#include <vector>

#include "core/dataset.h"

namespace critmin::indices {

// A1: share_i = q_i / denominator. The denominator is the world total when the source gives one
// (so unattributed production counts), else the sum of the quantities.
[[nodiscard]] std::vector<double> shares(std::span<const double> quantities, double denominator);

// A2: Herfindahl-Hirschman index on the 0-10000 scale, 10000 * sum of squared shares.
[[nodiscard]] double hhi(std::span<const double> shares);

// A3: the sum of the n largest shares.
[[nodiscard]] double top_n_share(std::span<const double> shares, std::size_t n);

// Production of one commodity in one year, by country, with its concentration.
struct Concentration {
    Id commodity = kNoId;
    int year = 0;
    std::vector<Id> country;         // countries with production, largest share first
    std::vector<double> share;       // A1, same order
    double attributed = 0;           // sum of production attributed to countries
    double world_total = kNotGiven;  // from world_production.csv, NaN when not given
    double denominator = 0;          // world_total when given, else attributed
    double hhi = 0;                  // A2
    double top3 = 0;                 // A3
    // Production the source does not attribute to a country; zero when a rounded world total
    // falls below the attributed sum.
    [[nodiscard]] double unattributed_share() const {
        return denominator > 0 ? std::max(0.0, 1.0 - attributed / denominator) : 0.0;
    }
};

[[nodiscard]] Concentration production_concentration(const Dataset& ds, Id commodity, int year);

// Turns quantities per country (indexed by country id) into a Concentration-style ranking:
// countries with a positive quantity, largest first, ties broken by ISO3 code.
void rank_countries(const Dataset& ds, std::span<const double> by_country, double denominator,
                    std::vector<Id>& country, std::vector<double>& share);

}  // namespace critmin::indices
