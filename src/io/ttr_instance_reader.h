// Reads a TTR/TTS instance from JSON (the format of shared/reference/ttr/*/instance.json).
#pragma once

#include <string>

#include "core/ttr_instance.h"

namespace critmin::io {

// Throws InvalidInput naming the file, line and column (syntax) or JSON path (content) of every
// problem.
[[nodiscard]] TtrInstance read_ttr_instance(const std::string& path);

}  // namespace critmin::io
