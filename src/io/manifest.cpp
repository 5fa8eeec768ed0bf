#include "io/manifest.h"

#include <fmt/format.h>

#include <yaml-cpp/yaml.h>
#include <vector>

#include <charconv>
#include <cmath>
#include <set>

#include "io/csv.h"
#include "io/file.h"
#include "io/table.h"
#include "io/yaml_location.h"

namespace critmin::io {

namespace {

constexpr std::size_t kMaxManifestBytes = std::size_t{1} << 20;

class ManifestReader {
  public:
    ManifestReader(const std::string& path, Diagnostics& diagnostics)
        : path_(path), diagnostics_(diagnostics) {}

    void error(const YAML::Node& node, const std::string& yaml_path, std::string message) {
        diagnostics_.add(yaml_location(path_, node, yaml_path), std::move(message));
    }

    // A required or optional scalar child of a map.
    std::optional<std::string> scalar(const YAML::Node& map, const std::string& parent,
                                      const char* key, bool required) {
        const std::string yaml_path =
            parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
        const YAML::Node node = map[key];
        if (!node) {
            if (required) error(map, yaml_path, "is missing; it is required");
            return std::nullopt;
        }
        if (!node.IsScalar()) {
            error(node, yaml_path, "must be a single value, not a list or a map");
            return std::nullopt;
        }
        const std::string& value = node.Scalar();
        if (value.empty() && required) {
            error(node, yaml_path, "is empty; a value is required");
            return std::nullopt;
        }
        return value;
    }

    std::optional<int> integer(const YAML::Node& map, const std::string& parent, const char* key,
                               bool required) {
        auto text = scalar(map, parent, key, required);
        if (!text) return std::nullopt;
        const std::string_view digits = *text;
        int value = 0;
        const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (result.ec != std::errc() || result.ptr != digits.data() + digits.size() ||
            value < 1900 || value > 2200) {
            error(map[key], parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key),
                  fmt::format("'{}' is not a year between 1900 and 2200", digits.substr(0, 40)));
            return std::nullopt;
        }
        return value;
    }

    std::optional<double> fraction(const YAML::Node& map, const std::string& parent,
                                   const char* key) {
        auto text = scalar(map, parent, key, false);
        if (!text) return std::nullopt;
        const std::string yaml_path = fmt::format("{}.{}", parent, key);
        char* end = nullptr;
        const double value = std::strtod(text->c_str(), &end);
        if (text->empty() || end != text->c_str() + text->size() || !std::isfinite(value) ||
            value < 0 || value >= 1) {
            error(map[key], yaml_path,
                  fmt::format("'{}' is not a fraction in [0, 1)", text->substr(0, 40)));
            return std::nullopt;
        }
        return value;
    }

    void unknown_keys(const YAML::Node& map, const std::string& parent,
                      std::initializer_list<const char*> known) {
        report_repeated_keys(
            map, [&](const YAML::Node& at, const std::string& key, const std::string& message) {
                error(at, parent.empty() ? key : fmt::format("{}.{}", parent, key), message);
            });
        for (const auto& item : map) {
            if (!item.first.IsScalar()) {
                error(item.first, parent, "keys must be plain names");
                continue;
            }
            const std::string& key = item.first.Scalar();
            bool ok = false;
            for (const char* k : known) ok = ok || key == k;
            if (!ok) {
                std::string list;
                for (const char* k : known) {
                    if (!list.empty()) list += ", ";
                    list += k;
                }
                error(item.first, parent.empty() ? key : fmt::format("{}.{}", parent, key),
                      fmt::format("unknown key; the keys here are {}", list));
            }
        }
    }

    std::optional<Manifest> read(const YAML::Node& root) {
        if (!root.IsMap()) {
            error(root, "", "the manifest must be a map of keys (name:, version:, ...)");
            return std::nullopt;
        }
        const std::size_t errors_before = diagnostics_.size();
        Manifest m;
        unknown_keys(
            root, "",
            {"name", "version", "base_year", "description", "units", "tolerances", "sources"});
        if (auto v = scalar(root, "", "name", true)) m.name = *v;
        if (auto v = scalar(root, "", "version", true)) m.version = *v;
        if (auto v = integer(root, "", "base_year", true)) m.base_year = *v;
        if (auto v = scalar(root, "", "description", true)) m.description = *v;

        const YAML::Node units = root["units"];
        if (!units) {
            error(root, "units", "is missing; it is required (mass: t, money: USD)");
        } else if (!units.IsMap()) {
            error(units, "units", "must be a map (mass: t, money: USD)");
        } else {
            unknown_keys(units, "units", {"mass", "money", "money_year"});
            if (auto v = scalar(units, "units", "mass", true)) {
                if (*v != "t" && *v != "kg") error(units["mass"], "units.mass", "must be t or kg");
                m.mass_unit = *v;
            }
            if (auto v = scalar(units, "units", "money", true)) m.money_unit = *v;
            // Optional: without it, money columns say their price year is not stated.
            if (auto v = integer(units, "units", "money_year", false)) m.money_year = *v;
        }

        const YAML::Node tolerances = root["tolerances"];
        if (tolerances) {
            if (!tolerances.IsMap()) {
                error(tolerances, "tolerances", "must be a map");
            } else {
                unknown_keys(tolerances, "tolerances", {"mass_balance", "share_sum"});
                if (auto v = fraction(tolerances, "tolerances", "mass_balance"))
                    m.mass_balance_tolerance = *v;
                if (auto v = fraction(tolerances, "tolerances", "share_sum"))
                    m.share_sum_tolerance = *v;
            }
        }

        const YAML::Node sources = root["sources"];
        if (!sources) {
            error(root, "sources", "is missing; list at least one source");
        } else if (!sources.IsSequence() || sources.size() == 0) {
            error(sources, "sources", "must be a non-empty list of sources");
        } else {
            std::set<std::string> seen;
            for (std::size_t i = 0; i < sources.size(); ++i) {
                const YAML::Node s = sources[i];
                const std::string p = fmt::format("sources[{}]", i);
                if (!s.IsMap()) {
                    error(s, p, "must be a map with id, title, publisher, year and url");
                    continue;
                }
                unknown_keys(s, p, {"id", "title", "publisher", "year", "url", "vintage"});
                Source src;
                if (auto v = scalar(s, p, "id", true)) {
                    if (!is_identifier(*v)) {
                        error(s["id"], p + ".id",
                              fmt::format("'{}' is not a valid identifier", v->substr(0, 60)));
                    } else if (!seen.insert(*v).second) {
                        error(s["id"], p + ".id",
                              fmt::format("source id '{}' is listed twice", *v));
                    }
                    src.id = *v;
                }
                if (auto v = scalar(s, p, "title", true)) src.title = *v;
                if (auto v = scalar(s, p, "publisher", true)) src.publisher = *v;
                if (auto v = integer(s, p, "year", true)) src.year = *v;
                if (auto v = scalar(s, p, "url", false)) src.url = *v;
                if (auto v = scalar(s, p, "vintage", false)) src.vintage = *v;
                m.sources.push_back(std::move(src));
            }
        }
        if (diagnostics_.size() != errors_before) return std::nullopt;
        return m;
    }

  private:
    const std::string& path_;
    Diagnostics& diagnostics_;
};

}  // namespace

std::optional<Manifest> parse_manifest(std::string_view text, const std::string& path,
                                       Diagnostics& diagnostics) {
    const std::size_t bad = find_invalid_utf8(text);
    if (bad != std::string_view::npos) {
        diagnostics.add({path, 0, 0, ""}, "the manifest is not valid UTF-8 text");
        return std::nullopt;
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        const auto line = e.mark.line >= 0 ? static_cast<std::uint32_t>(e.mark.line + 1) : 0U;
        const auto column = e.mark.column >= 0 ? static_cast<std::uint32_t>(e.mark.column + 1) : 0U;
        diagnostics.add({path, line, column, ""}, "not valid YAML: " + e.msg);
        return std::nullopt;
    }
    try {
        return ManifestReader(path, diagnostics).read(root);
    } catch (const YAML::Exception& e) {
        diagnostics.add({path, 0, 0, ""}, "unexpected manifest structure: " + e.msg);
        return std::nullopt;
    }
}

std::optional<Manifest> read_manifest(const std::string& path, Diagnostics& diagnostics) {
    std::string text;
    if (!read_text_file(path, text, kMaxManifestBytes, diagnostics)) return std::nullopt;
    return parse_manifest(text, path, diagnostics);
}

}  // namespace critmin::io
