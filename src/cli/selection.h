// Choosing what to compute from the command line: years, and JSON for index results.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "indices/eu_method.h"
#include "indices/geopolrisk.h"

namespace critmin::cli {

// The years asked for: none given -> `fallback`; "all" -> every available year; otherwise each
// value, which must be a year (Error usage when not).
[[nodiscard]] std::vector<int> select_years(const std::vector<std::string>& given,
                                            const std::set<int>& available, int fallback);

[[nodiscard]] std::string join_list(const std::vector<int>& values);

// A GeoPolRisk row: economy, commodity, year, hhi (0-10000), the sums, wta, score, price, cf.
[[nodiscard]] nlohmann::ordered_json geopolrisk_json(const std::string& view,
                                                     const std::string& economy,
                                                     const std::string& commodity, int year,
                                                     const indices::GeoPolRiskResult& r);

[[nodiscard]] nlohmann::ordered_json number_or_null(double x);

// The currency and price year of a command's money columns (issue 14: a money figure without
// them cannot be compared with another). Figures from several sources may span price years.
struct MoneyUnit {
    std::string currency = "USD";       // empty: not stated (null in JSON)
    int first_year = 0, last_year = 0;  // price years; 0: not stated
    void add_year(int year);            // ignores 0 (not stated)
    // "USD 2024", "USD, price years 2024-2025" or "USD, price year not stated".
    [[nodiscard]] std::string label() const;
    // The price year when there is one; null when not stated or mixed.
    [[nodiscard]] nlohmann::ordered_json price_year() const;
    // Companion keys of a row's money columns: currency, price_year, value_unit (the label).
    void add_to(nlohmann::ordered_json& row) const;
};

// An EU criticality row (view "eu"): material, SR (E4, the larger stage), EI (E5), critical (E6),
// the published figures, and each stage's HHI_WGI,t (E2) and import reliance (E3).
[[nodiscard]] nlohmann::ordered_json eu_json(const std::string& economy, const RawTables& tables,
                                             const indices::EuResult& r);

}  // namespace critmin::cli
