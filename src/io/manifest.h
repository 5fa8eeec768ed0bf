// Reading a dataset manifest (dataset.yaml).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/dataset.h"
#include "core/error.h"

namespace critmin::io {

// Parses manifest text; problems are reported as "PATH:LINE:COL: error: yaml.path: message".
[[nodiscard]] std::optional<Manifest> parse_manifest(std::string_view text, const std::string& path,
                                                     Diagnostics& diagnostics);

[[nodiscard]] std::optional<Manifest> read_manifest(const std::string& path,
                                                    Diagnostics& diagnostics);

}  // namespace critmin::io
