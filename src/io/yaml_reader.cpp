#include "io/yaml_reader.h"

#include <vector>

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <filesystem>

#include "io/csv.h"
#include "io/file.h"
#include "io/yaml_location.h"

namespace critmin::io {

YAML::Node load_yaml(const std::string& path, const std::string& text) {
    // Names end up in JSON and HTML, which are UTF-8: a file in another encoding is refused here,
    // where its line and column are known (issue 17, item 20).
    if (const std::size_t bad = find_invalid_utf8(text); bad != std::string::npos) {
        Diagnostics d;
        d.add(text_location(path, text, bad),
              text[bad] == '\0'
                  ? "the file holds a NUL byte; it is not a YAML text file"
                  : fmt::format("byte 0x{:02X} is not valid UTF-8 (save the file as UTF-8)",
                                static_cast<unsigned char>(text[bad])));
        throw InvalidInput(std::move(d));
    }
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        Diagnostics d;
        d.add({path, static_cast<std::uint32_t>(e.mark.line + 1),
               static_cast<std::uint32_t>(e.mark.column + 1), ""},
              "not valid YAML: " + e.msg);
        throw InvalidInput(std::move(d));
    }
}

namespace {

void collect_positions(const YAML::Node& node, const std::string& where, int depth,
                       SourcePositions& out) {
    // The depth bound keeps a hostile, deeply nested file from exhausting the stack; readers
    // look much less deep.
    if (!node.IsDefined() || depth > 64) return;
    if (!where.empty()) {
        const YAML::Mark m = node.Mark();
        if (m.line >= 0)
            out.at.emplace(where, std::pair{static_cast<std::uint32_t>(m.line + 1),
                                            static_cast<std::uint32_t>(m.column + 1)});
    }
    if (node.IsMap()) {
        for (const auto& kv : node)
            if (kv.first.IsScalar())
                collect_positions(kv.second, YamlReader::join(where, kv.first.Scalar()), depth + 1,
                                  out);
    } else if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            collect_positions(node[i], fmt::format("{}[{}]", where, i), depth + 1, out);
    }
}

}  // namespace

SourcePositions yaml_positions(const YAML::Node& root) {
    SourcePositions out;
    collect_positions(root, "", 0, out);
    return out;
}

void YamlReader::error(const YAML::Node& node, const std::string& where,
                       const std::string& message) {
    d_.add(yaml_location(path_, node, where), message);
}

std::string YamlReader::join(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
}

void YamlReader::keys(const YAML::Node& map, const std::string& where,
                      std::initializer_list<const char*> known) {
    if (!map.IsMap()) return;
    report_repeated_keys(
        map, [&](const YAML::Node& at, const std::string& key, const std::string& message) {
            error(at, join(where, key), message);
        });
    for (const auto& item : map) {
        const std::string key = item.first.IsScalar() ? item.first.Scalar() : "";
        bool ok = false;
        for (const char* k : known) ok = ok || key == k;
        if (!ok) {
            std::string names;
            for (const char* k : known) names += (names.empty() ? "" : ", ") + std::string(k);
            error(item.first, join(where, key), "unknown key; the keys here are " + names);
        }
    }
}

namespace {

// map[key], or an undefined node when `map` is a scalar or a list (yaml-cpp throws there): a
// value written where a map belongs is reported once, where the map is read, not as a crash.
YAML::Node child(const YAML::Node& map, const char* key) {
    if (map.IsScalar() || map.IsSequence()) return YAML::Node(YAML::NodeType::Undefined);
    return map[key];
}

}  // namespace

std::optional<std::string> YamlReader::text(const YAML::Node& map, const std::string& where,
                                            const char* key, bool required) {
    if (map.IsScalar() || map.IsSequence()) {
        if (required) error(map, where, fmt::format("must be a map (with `{}`)", key));
        return std::nullopt;
    }
    const YAML::Node node = map[key];
    if (!node || node.IsNull()) {
        if (required) error(map, join(where, key), "is missing; it is required");
        return std::nullopt;
    }
    if (!node.IsScalar()) {
        error(node, join(where, key), "must be a single value");
        return std::nullopt;
    }
    return node.Scalar();
}

std::optional<double> YamlReader::number(const YAML::Node& map, const std::string& where,
                                         const char* key, bool required, double lo, double hi) {
    const auto t = text(map, where, key, required);
    if (!t) return std::nullopt;
    double v = 0;
    const char* first = t->data();
    const auto r = std::from_chars(first, first + t->size(), v);
    if (r.ec != std::errc{} || r.ptr != first + t->size() || !std::isfinite(v)) {
        error(child(map, key), join(where, key), fmt::format("`{}` is not a number", *t));
        return std::nullopt;
    }
    if (v < lo || v > hi) {
        error(child(map, key), join(where, key),
              fmt::format("{} is outside the allowed range [{}, {}]", *t, lo, hi));
        return std::nullopt;
    }
    return v;
}

std::vector<std::string> YamlReader::list(const YAML::Node& map, const std::string& where,
                                          const char* key) {
    return names_at(child(map, key), join(where, key));
}

std::vector<std::string> YamlReader::names_at(const YAML::Node& node, const std::string& where) {
    std::vector<std::string> out;
    if (!node || node.IsNull()) return out;
    if (node.IsScalar()) {
        out.push_back(node.Scalar());
        return out;
    }
    if (!node.IsSequence()) {
        error(node, where, "must be a name or a list of names");
        return out;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
        if (!node[i].IsScalar()) {
            error(node[i], fmt::format("{}[{}]", where, i), "must be a name");
            continue;
        }
        out.push_back(node[i].Scalar());
    }
    return out;
}

void YamlReader::map_keys(const YAML::Node& map, const std::string& where,
                          std::initializer_list<const char*> known) {
    if (!map.IsMap()) {
        error(map, where, "must be a map");
        return;
    }
    keys(map, where, known);
}

std::optional<double> YamlReader::number_at(const YAML::Node& node, const std::string& where) {
    if (!node || !node.IsScalar()) {
        error(node, where, "must be a number");
        return std::nullopt;
    }
    const std::string& t = node.Scalar();
    double v = 0;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    if (r.ec != std::errc{} || r.ptr != t.data() + t.size() || !std::isfinite(v)) {
        error(node, where, fmt::format("`{}` is not a number", t));
        return std::nullopt;
    }
    return v;
}

std::vector<double> YamlReader::numbers_at(const YAML::Node& node, const std::string& where,
                                           std::size_t count) {
    std::vector<double> out;
    if (!node || !node.IsSequence() || (count != 0 && node.size() != count)) {
        error(node, where,
              count ? fmt::format("must be a list of {} numbers", count)
                    : "must be a list of numbers");
        return out;
    }
    for (std::size_t i = 0; i < node.size(); ++i)
        if (auto v = number_at(node[i], fmt::format("{}[{}]", where, i))) out.push_back(*v);
    return out;
}

std::string YamlReader::resolve(const std::string& file) const {
    const std::filesystem::path p(file);
    if (p.is_absolute()) return file;
    return (std::filesystem::path(path_).parent_path() / p).lexically_normal().string();
}

}  // namespace critmin::io
