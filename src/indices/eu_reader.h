// Reading the EU method's parameter tables (data/criticality).
#pragma once

#include <string>

#include "indices/eu_parameters.h"

namespace critmin::indices {

// Reads eu-materials.csv, eu-end-uses.csv, eu-value-added.csv, eu-trade-restrictions.csv and
// eu-export-restrictions.csv from `dir`. Throws InvalidInput naming file, line and column.
[[nodiscard]] EuParameters read_eu_parameters(const std::string& dir);

}  // namespace critmin::indices
