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

// An EU criticality row (view "eu"): material, SR (E4, the larger stage), EI (E5), critical (E6),
// the published figures, and each stage's HHI_WGI,t (E2) and import reliance (E3).
[[nodiscard]] nlohmann::ordered_json eu_json(const std::string& economy, const RawTables& tables,
                                             const indices::EuResult& r);

}  // namespace critmin::cli
