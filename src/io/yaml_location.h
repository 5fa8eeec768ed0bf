// Where a YAML node sits, for diagnostics: file, 1-based line and column, and its YAML path.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>
#include <vector>

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

// yaml-cpp keeps both entries of a repeated key and reads the first, so a second value would be
// ignored without a word. Calls `report(key_node, key, message)` for every repeat, naming where
// the key was first given.
template <typename Report>
void report_repeated_keys(const YAML::Node& map, Report&& report) {
    if (!map.IsMap()) return;
    std::vector<std::pair<std::string, YAML::Mark>> seen;
    for (const auto& item : map) {
        if (!item.first.IsScalar()) continue;
        const std::string& key = item.first.Scalar();
        for (const auto& [name, mark] : seen)
            if (name == key)
                report(item.first, key,
                       "duplicate key; it is also given at line " + std::to_string(mark.line + 1) +
                           ", column " + std::to_string(mark.column + 1));
        seen.emplace_back(key, item.first.Mark());
    }
}

}  // namespace critmin::io
