// Semantic checks of a loaded dataset: shares, chain order and mass balance.
#pragma once

#include "core/dataset.h"
#include "core/error.h"

namespace critmin::io {

// Adds a diagnostic for every problem (docs/data-format.md, checks 5-7).
void check_dataset(const Dataset& ds, Diagnostics& diagnostics);

}  // namespace critmin::io
