// Where a YAML node sits, for diagnostics: file, 1-based line and column, and its YAML path.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "core/error.h"

namespace critmin::io {

// Line and column are 0 when the node is undefined or has no position.
[[nodiscard]] inline Location yaml_location(const std::string& file, const YAML::Node& node,
                                            std::string yaml_path) {
    std::uint32_t line = 0, column = 0;
    if (node) {
        const YAML::Mark mark = node.Mark();
        line = mark.line >= 0 ? static_cast<std::uint32_t>(mark.line + 1) : 0U;
        column = mark.column >= 0 ? static_cast<std::uint32_t>(mark.column + 1) : 0U;
    }
    return {file, line, column, std::move(yaml_path)};
}

}  // namespace critmin::io
