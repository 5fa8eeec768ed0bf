#include "mfa/magnets.h"

#include <algorithm>
#include <cmath>

#include "mfa/stock_model.h"

namespace critmin::mfa {

double MagnetSystem::capacity_in(std::size_t region, int year) const {
    const auto& steps = capacity[region];
    auto it = steps.upper_bound(year);
    if (it == steps.begin()) return 0.0;
    return std::prev(it)->second;
}

double collection_rate(const MagnetSystem& system, const RecyclingScenario* scenario,
                       std::size_t product, std::size_t region, int year) {
    const double base = system.eol[product * system.regions.size() + region].collection_rate;
    if (scenario == nullptr) return base;
    double rate = base;
    for (const auto& ramp : scenario->collection) {
        if (ramp.region != system.regions[region] || ramp.product != system.products[product].id)
            continue;
        if (year <= ramp.from) continue;
        if (year >= ramp.year) {
            rate = ramp.to;
        } else {
            const double f =
                static_cast<double>(year - ramp.from) / static_cast<double>(ramp.year - ramp.from);
            rate = base + f * (ramp.to - base);
        }
    }
    return rate;
}

std::vector<RecyclingRow> project_recycling(const MagnetSystem& system,
                                            const RecyclingScenario* scenario) {
    const std::size_t n_years = system.years();
    const std::size_t n_regions = system.regions.size();
    constexpr std::size_t kElements = kMagnetElements.size();
    // Per region, year and element: inflow, stock, end of life, collected, recoverable.
    std::vector<std::array<double, 5>> acc(n_regions * n_years * kElements, {0, 0, 0, 0, 0});
    auto cell = [&](std::size_t r, std::size_t t, std::size_t e) -> std::array<double, 5>& {
        return acc[(r * n_years + t) * kElements + e];
    };
    std::vector<double> magnets(n_years);
    for (std::size_t p = 0; p < system.products.size(); ++p) {
        const MagnetProduct& product = system.products[p];
        for (std::size_t r = 0; r < n_regions; ++r) {
            const double* sales = &system.sales[(p * n_regions + r) * n_years];
            for (std::size_t t = 0; t < n_years; ++t)
                magnets[t] = sales[t] * product.magnet_kg_per_unit / 1000.0;  // t NdFeB
            const StockModelResult dsm = inflow_driven(magnets, product.lifetime);
            const EndOfLife& eol = system.eol[p * n_regions + r];
            for (std::size_t t = 0; t < n_years; ++t) {
                const double rate = collection_rate(system, scenario, p, r,
                                                    system.first_year + static_cast<int>(t));
                for (std::size_t e = 0; e < kElements; ++e) {
                    const double fraction = product.element_fraction[e];
                    auto& c = cell(r, t, e);
                    const double eol_e = dsm.outflow[t] * fraction;  // M11
                    const double collected = eol_e * rate;           // M12
                    double recoverable = 0;                          // M13
                    for (std::size_t k = 0; k < kRoutes.size(); ++k)
                        recoverable += collected * eol.route_share[k] * system.yield[k][e];
                    c[0] += dsm.inflow[t] * fraction;
                    c[1] += dsm.stock[t] * fraction;
                    c[2] += eol_e;
                    c[3] += collected;
                    c[4] += recoverable;
                }
            }
        }
    }
    std::vector<RecyclingRow> rows;
    rows.reserve(n_regions * n_years * kElements);
    const int horizon = scenario != nullptr ? scenario->horizon : system.last_year;
    for (std::size_t r = 0; r < n_regions; ++r) {
        for (std::size_t t = 0; t < n_years; ++t) {
            const int year = system.first_year + static_cast<int>(t);
            if (year > horizon) break;
            // M14: the region's recycling capacity caps what is recovered; all elements are
            // scaled by the same factor (a plant processes magnets, not single elements).
            double total = 0;
            for (std::size_t e = 0; e < kElements; ++e) total += cell(r, t, e)[4];
            double capacity = system.capacity_in(r, year);
            if (scenario != nullptr)
                for (const auto& extra : scenario->capacity)
                    if (extra.region == system.regions[r] && year >= extra.year)
                        capacity += extra.capacity_t_ree;
            const double factor = total > capacity ? (total > 0 ? capacity / total : 0.0) : 1.0;
            for (std::size_t e = 0; e < kElements; ++e) {
                const auto& c = cell(r, t, e);
                RecyclingRow row;
                row.region = system.regions[r];
                row.year = year;
                row.element = kMagnetElements[e];
                row.inflow = c[0];
                row.stock = c[1];
                row.end_of_life = c[2];
                row.collected = c[3];
                row.recoverable = c[4];
                row.recovered = c[4] * factor;
                row.share_of_demand = c[0] > 0 ? row.recovered / c[0] : 0.0;
                rows.push_back(row);
            }
        }
    }
    return rows;
}

double primary_import_need(double demand, double primary_output) {
    return std::max(0.0, demand - primary_output);  // M15
}

std::optional<double> share_of_imports(double recovered, double demand, double primary_output) {
    const double need = primary_import_need(demand, primary_output);  // M15
    if (need <= 0) return std::nullopt;
    return recovered / need;
}

}  // namespace critmin::mfa
