// Reading the EU method's parameter tables (data/criticality).
#pragma once

#include <string>

#include "core/eu_parameters.h"

namespace critmin::io {

// Reads eu-materials.csv, eu-end-uses.csv, eu-value-added.csv, eu-trade-restrictions.csv and
// eu-export-restrictions.csv from `dir`. Throws InvalidInput naming file, line and column.
[[nodiscard]] EuParameters read_eu_parameters(const std::string& dir);

}  // namespace critmin::io
