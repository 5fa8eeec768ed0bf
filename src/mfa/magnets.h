// Rare-earth magnets in use and the secondary supply they can give (docs/mfa.md, M11-M14):
// products x regions x years, each a dynamic stock model of NdFeB magnets, with end-of-life
// collection, recycling routes, element yields and regional recycling capacity.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mfa/lifetime.h"

namespace critmin::mfa {

inline constexpr std::array<const char*, 4> kMagnetElements = {"Nd", "Pr", "Dy", "Tb"};
inline constexpr std::array<const char*, 3> kRoutes = {"reuse", "short_loop", "long_loop"};

struct MagnetProduct {
    std::string id, name, unit;
    double magnet_kg_per_unit = 0;
    std::array<double, 4> element_fraction{};  // Nd, Pr, Dy, Tb mass fractions of the magnet
    Lifetime lifetime;
};

struct EndOfLife {
    double collection_rate = 0;
    std::array<double, 3> route_share{};  // reuse, short loop, long loop (sum to 1)
};

// Everything the projection needs, as plain data (read by io/mfa_reader).
struct MagnetSystem {
    std::vector<MagnetProduct> products;
    std::vector<std::string> regions;
    int first_year = 0, last_year = 0;
    // sales[(product * regions + region) * years + (year - first_year)], units sold
    std::vector<double> sales;
    std::vector<EndOfLife> eol;                    // [product * regions + region]
    std::array<std::array<double, 4>, 3> yield{};  // [route][element]
    // recycling capacity, t REE per year, by region and year (a step function: the latest
    // figure at or before a year applies)
    std::vector<std::map<int, double>> capacity;  // [region]

    [[nodiscard]] std::size_t years() const {
        return static_cast<std::size_t>(last_year - first_year) + 1;
    }
    [[nodiscard]] double capacity_in(std::size_t region, int year) const;
};

// A scenario: collection rates that ramp linearly to a target, and extra capacity.
struct CollectionRamp {
    std::string region, product;
    int from = 0, year = 0;
    double to = 0;
};
struct ExtraCapacity {
    std::string region;
    int year = 0;
    double capacity_t_ree = 0;
};
struct RecyclingScenario {
    std::string name, description;
    int horizon = 2050;
    std::vector<CollectionRamp> collection;
    std::vector<ExtraCapacity> capacity;
    std::vector<std::string> sources;
};

// Results by region, year and element (t of element).
struct RecyclingRow {
    std::string region;
    int year = 0;
    std::string element;
    double inflow = 0;           // element in new magnets entering use (demand)
    double stock = 0;            // element in magnets in use at the end of the year
    double end_of_life = 0;      // M11: element in magnets reaching end of life
    double collected = 0;        // M12
    double recoverable = 0;      // M13: after route yields, before capacity
    double recovered = 0;        // M14: after the region's recycling capacity
    double share_of_demand = 0;  // recovered / inflow
};

// The collection rate of a product in a region in a year under a scenario (linear ramp).
[[nodiscard]] double collection_rate(const MagnetSystem& system, const RecyclingScenario* scenario,
                                     std::size_t product, std::size_t region, int year);

// Runs the stock model of every product and region and projects secondary supply.
[[nodiscard]] std::vector<RecyclingRow> project_recycling(const MagnetSystem& system,
                                                          const RecyclingScenario* scenario);

// M15: the region's primary import need, demand less its own primary separation output (never
// below 0), and the share of it that recovered element covers (nullopt when there is no need).
[[nodiscard]] double primary_import_need(double demand, double primary_output);
[[nodiscard]] std::optional<double> share_of_imports(double recovered, double demand,
                                                     double primary_output);

}  // namespace critmin::mfa
