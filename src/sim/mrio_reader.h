// Reads an MRIO folder in the plain-CSV layout of pymrio exports (docs/model.md, "MRIO input"):
// Z.csv, Y.csv and x.csv, two header lines (column region, column sector or category), then
// one row per industry (region, sector, values).
#pragma once

#include <string>

#include "core/error.h"
#include "sim/mrio.h"

namespace critmin::sim {

// Throws InvalidInput naming file, line and column for any problem: a missing file, a label
// that does not match between files, a missing (region, sector) combination, a value that is
// not a finite number or is negative.
[[nodiscard]] MrioTable read_mrio(const std::string& folder);

}  // namespace critmin::sim
