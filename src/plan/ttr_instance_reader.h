// Reads a TTR/TTS instance from JSON (the format of shared/reference/ttr/*/instance.json).
#pragma once

#include <string>

#include "plan/ttr_instance_data.h"

namespace critmin::plan {

// Throws InvalidInput naming the file, line and column (syntax) or JSON path (content) of every
// problem.
[[nodiscard]] TtrInstance read_ttr_instance(const std::string& path);

}  // namespace critmin::plan
