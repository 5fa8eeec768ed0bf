// The GeoPolRisk method as geopolrisk-py 2.0 computes it (docs/indices.md, equations G1-G5).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/raw_tables.h"
#include "indices/economy.h"

namespace critmin::indices {

// The average characterisation factor of copper, the method's normalisation (eq. kg Cu / kg).
inline constexpr double kCopperCharacterisationFactor = 0.409412948;

// G1: sum p^2 / (sum p)^2 on the 0-1 scale, each production figure first truncated to a whole
// number (geopolrisk-py's astype(int)); sums in exact integer arithmetic. NaN when nothing is
// produced.
[[nodiscard]] double geopolrisk_hhi(std::span<const double> production);

// G2: the political-risk weight of a partner, clip((2.5 - political stability estimate) / 5, 0, 1);
// 0.5 when the estimate is missing (NaN).
[[nodiscard]] double political_risk(double political_stability);

// G3-G5 for one economy, commodity and year.
struct GeoPolRiskResult {
    double hhi = 0;                  // G1, 0-1
    double domestic_production = 0;  // the economy's own production
    double wta_numerator = 0;        // sum over partners outside the economy of q x g
    double total_imports = 0;        // sum of q over all partners (inside the economy too)
    double import_value = 0;         // sum of trade values
    double wta = 0;                  // G3
    double score = 0;                // G4
    double price = 0;                // G5: import value / import quantity
    double cf = 0;                   // G5: score x price / kCopperCharacterisationFactor
};

// Combines the sums into WTA, score, price and CF (G3-G5). NaN where a ratio has no denominator.
[[nodiscard]] GeoPolRiskResult geopolrisk_combine(double hhi, double domestic_production,
                                                  double wta_numerator, double total_imports,
                                                  double import_value);

struct GeoPolRiskRow {
    std::size_t economy = 0;  // index into the economies given
    Id commodity = kNoId;
    int year = 0;
    GeoPolRiskResult result;
};

// Which governance year weights a partner: geopolrisk-py takes the assessment year itself; a
// dataset whose WGI edition is older (the embedded one has 2019) takes the latest before it.
enum class WgiYear : std::uint8_t { same_year, latest_available };

// Every combination of economies x commodities x years, in that nesting order.
[[nodiscard]] std::vector<GeoPolRiskRow> geopolrisk_table(const RawTables& tables,
                                                          std::span<const Economy> economies,
                                                          std::span<const Id> commodities,
                                                          std::span<const int> years,
                                                          WgiYear wgi_year = WgiYear::same_year);

// G1 for one commodity and year of the production table (NaN when there is none).
[[nodiscard]] double production_hhi(const RawTables& tables, Id commodity, int year);

// An ISO3 code or a group of the registry; throws Error(usage) otherwise.
[[nodiscard]] Economy resolve_economy(const CountryRegistry& registry, std::string_view name);

}  // namespace critmin::indices
