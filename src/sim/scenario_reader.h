// Reading a scenario file (docs/scenarios.md). Every problem names the file, line, column and
// YAML path (`shocks[2].start: date before the run start`); throws InvalidInput (exit code 3).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/scenario.h"

namespace critmin::sim {

[[nodiscard]] Scenario read_scenario(const std::string& path);
[[nodiscard]] Scenario parse_scenario(std::string_view text, const std::string& path);

// Days since 1970-01-01 of an ISO date YYYY-MM-DD, if it is a valid calendar date.
[[nodiscard]] std::optional<int> parse_iso_date(std::string_view text);
[[nodiscard]] std::string format_iso_date(int days_since_epoch);

}  // namespace critmin::sim
