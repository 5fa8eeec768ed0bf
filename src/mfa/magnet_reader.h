// Reading the magnets-in-use tables (data/mfa) and a recycling scenario (YAML).
#pragma once

#include <string>

#include "mfa/magnets.h"

namespace critmin::mfa {

// products.csv, sales.csv, eol.csv, yields.csv and recycling-capacity.csv of `dir`. Every
// problem is reported with file, line and column; throws InvalidInput (exit code 3).
[[nodiscard]] MagnetSystem read_magnet_system(const std::string& dir);

// A scenario file (scenarios/mfa-*.yaml); names must match the system's regions and products.
[[nodiscard]] RecyclingScenario read_recycling_scenario(const std::string& path,
                                                        const MagnetSystem& system);

}  // namespace critmin::mfa
