// Reading values out of a YAML map with diagnostics that name the file, line, column and YAML
// path of every problem. Shared by the scenario, plan and other YAML readers; each adds its own
// vocabulary on top (days, selectors, distributions).
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace critmin::io {

// Parses YAML text; a syntax error throws InvalidInput with its line and column.
[[nodiscard]] YAML::Node load_yaml(const std::string& path, const std::string& text);

// The line and column of every map value and list item of `root`, by YAML path as the readers
// name them ("key.sub", "list[2].key").
[[nodiscard]] SourcePositions yaml_positions(const YAML::Node& root);

class YamlReader {
  public:
    YamlReader(std::string path, Diagnostics& d) : path_(std::move(path)), d_(d) {}

    void error(const YAML::Node& node, const std::string& where, const std::string& message);
    // "parent.key", or "key" at the top.
    [[nodiscard]] static std::string join(const std::string& parent, const std::string& key);
    // Every key of `map` must be one of `known`.
    void keys(const YAML::Node& map, const std::string& where,
              std::initializer_list<const char*> known);
    // The same, and `map` must be a map (`keys` accepts anything else silently).
    void map_keys(const YAML::Node& map, const std::string& where,
                  std::initializer_list<const char*> known);
    // A scalar; missing (or null) is an error only when `required`.
    std::optional<std::string> text(const YAML::Node& map, const std::string& where,
                                    const char* key, bool required);
    // A finite number in [lo, hi].
    std::optional<double> number(const YAML::Node& map, const std::string& where, const char* key,
                                 bool required, double lo, double hi);
    // A name or a list of names (empty when missing).
    std::vector<std::string> list(const YAML::Node& map, const std::string& where, const char* key);
    // The same on a node itself rather than a key of a map (list items, nested values).
    std::optional<double> number_at(const YAML::Node& node, const std::string& where);
    // A list of numbers; `count` > 0: exactly that many.
    std::vector<double> numbers_at(const YAML::Node& node, const std::string& where,
                                   std::size_t count);
    std::vector<std::string> names_at(const YAML::Node& node, const std::string& where);
    // A file named relative to the YAML file's folder.
    [[nodiscard]] std::string resolve(const std::string& file) const;

    [[nodiscard]] const std::string& path() const { return path_; }

  private:
    std::string path_;
    Diagnostics& d_;
};

}  // namespace critmin::io
