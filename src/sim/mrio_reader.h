// Reads an MRIO folder in the plain-CSV layout of pymrio exports (docs/model.md, "MRIO input"):
// Z.csv, Y.csv and x.csv, two header lines (column region, column sector or category), then
// one row per industry (region, sector, values).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "sim/mrio.h"

namespace critmin::sim {

// Throws InvalidInput naming file, line and column for any problem: a missing file, a label
// that does not match between files, a missing (region, sector) combination, a value that is
// not a finite number or is negative.
[[nodiscard]] MrioTable read_mrio(const std::string& folder);

// A matrix as given: (region, sector) rows and (region, sector or category) columns, in any order.
struct LabelledMatrix {
    std::vector<std::pair<std::string, std::string>> rows;  // (region, sector), given order
    std::vector<std::pair<std::string, std::string>> cols;  // (region, sector or category)
    std::vector<double> values;                             // given order, row-major
};

// Z and Y placed in the sorted label order of MrioTable (x is left empty). Every (region, sector)
// of Z's rows must appear once among Z's rows and columns and Y's rows, every (region, category)
// once among Y's columns; problems name `z_source` or `y_source` and are added to `d` (the
// table is then not usable). read_mrio and the Python package's simulate_mrio both use it.
[[nodiscard]] MrioTable assemble_mrio(const LabelledMatrix& z, const LabelledMatrix& y,
                                      const std::string& z_source, const std::string& y_source,
                                      Diagnostics& d);

}  // namespace critmin::sim
