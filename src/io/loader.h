// Loading a dataset folder into the in-memory model.
#pragma once

#include <optional>
#include <string>

#include "core/dataset.h"
#include "core/error.h"

namespace critmin::io {

// Reads dataset.yaml and every table of `dir`, checks schema, types, uniqueness and references,
// and builds the network indexes. Every problem found is added to `diagnostics`; the dataset is
// returned only when there are none. Semantic checks (shares, chain order, mass balance) are in
// check_dataset (io/check.h).
[[nodiscard]] std::optional<Dataset> read_dataset(const std::string& dir, Diagnostics& diagnostics);

// read_dataset followed by check_dataset: what every command uses. Throws InvalidInput.
[[nodiscard]] Dataset load_dataset(const std::string& dir);

}  // namespace critmin::io
