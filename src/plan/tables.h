// The planning tables (data/planning/README.md): the value of unmet magnet demand by end use
// and the time to recover by producer, country and stage, or stage.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace critmin::plan {

// end_use,value_per_t,... : money per tonne of demand not delivered.
struct ShortfallValues {
    std::map<std::string, double> by_end_use;
    std::string currency = "USD";
    // Price years of the values (column `vintage`, optional): the labels of money outputs.
    std::set<int> price_years;
    [[nodiscard]] double value(const std::string& end_use) const;  // 0 when absent
};
// Throws InvalidInput naming file, line and column.
[[nodiscard]] ShortfallValues read_shortfall_values(const std::string& path);

// Rows keyed by `producer`, or `country` and `stage`, or `stage` alone; column `ttr_days`.
struct TtrTable {
    std::map<std::string, double> by_producer;
    std::map<std::pair<std::string, std::string>, double> by_country_stage;
    std::map<std::string, double> by_stage;
    // The most specific entry: producer, then (country, stage), then stage.
    [[nodiscard]] std::optional<double> find(const std::string& producer,
                                             const std::string& country,
                                             const std::string& stage) const;
};
// Adds the file's rows to `table` (later files override earlier ones).
void read_ttr_table(const std::string& path, TtrTable& table);

}  // namespace critmin::plan
