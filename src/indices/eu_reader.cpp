#include "indices/eu_reader.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "core/dataset.h"
#include "core/error.h"
#include "io/csv.h"
#include "io/table.h"

namespace critmin::indices {

using io::ColumnSpec;
using io::CsvFile;
using io::read_csv;
using io::split_list;
using io::TableReader;

namespace {

constexpr ColumnSpec kSource{"source", true};
constexpr ColumnSpec kConfidence{"confidence", true};
constexpr ColumnSpec kDerivation{"derivation", false};

std::string path_in(const std::string& dir, const char* name) {
    return (std::filesystem::path(dir) / name).string();
}

double optional_number(const TableReader& t, std::size_t r, std::string_view column, bool& ok) {
    if (t.text(r, column).empty()) return std::nan("");
    auto v = t.quantity(r, column, true);
    ok = ok && v.has_value();
    return v.value_or(std::nan(""));
}

}  // namespace

EuParameters read_eu_parameters(const std::string& dir) {
    Diagnostics d;
    EuParameters p;
    {
        static constexpr ColumnSpec kColumns[] = {{"material", true},
                                                  {"commodity", false},
                                                  {"assessment", true},
                                                  {"si_sr", false},
                                                  {"si_ei", false},
                                                  {"eol_rir", false},
                                                  {"published_ei", false},
                                                  {"published_sr", false},
                                                  kSource,
                                                  kConfidence,
                                                  kDerivation};
        const CsvFile file = read_csv(path_in(dir, "eu-materials.csv"), d);
        TableReader t(file, kColumns, d);
        if (t.usable()) {
            for (std::size_t r : t.rows()) {
                bool ok = true;
                EuMaterial m;
                m.material = std::string(t.text(r, "material"));
                m.commodities = split_list(t.text(r, "commodity"));
                auto year = t.year(r, "assessment");
                ok = ok && year.has_value() && !m.material.empty();
                m.assessment = year.value_or(0);
                m.si_sr = optional_number(t, r, "si_sr", ok);
                m.si_ei = optional_number(t, r, "si_ei", ok);
                m.eol_rir = optional_number(t, r, "eol_rir", ok);
                m.published_ei = optional_number(t, r, "published_ei", ok);
                m.published_sr = optional_number(t, r, "published_sr", ok);
                m.source = std::string(t.text(r, "source"));
                for (double f : {m.si_sr, m.si_ei, m.eol_rir})
                    if (f > 1) {
                        t.error(r, "si_sr",
                                "substitution indices and EOL-RIR are fractions from 0 to 1");
                        ok = false;
                    }
                if (ok) p.materials.push_back(std::move(m));
            }
        }
    }
    {
        static constexpr ColumnSpec kColumns[] = {{"material", true}, {"assessment", true},
                                                  {"end_use", true},  {"nace2", true},
                                                  {"share", true},    kSource,
                                                  kConfidence,        kDerivation};
        const CsvFile file = read_csv(path_in(dir, "eu-end-uses.csv"), d);
        TableReader t(file, kColumns, d);
        if (t.usable()) {
            for (std::size_t r : t.rows()) {
                auto year = t.year(r, "assessment");
                auto share = t.quantity(r, "share", true);
                if (!year || !share) continue;
                p.end_uses.push_back({std::string(t.text(r, "material")),
                                      std::string(t.text(r, "end_use")),
                                      std::string(t.text(r, "nace2")), *year, *share});
            }
        }
    }
    {
        static constexpr ColumnSpec kColumns[] = {
            {"nace2", true}, {"name", true}, {"year", false}, {"value_added", true},
            {"unit", true},  kSource,        kConfidence,     kDerivation};
        const CsvFile file = read_csv(path_in(dir, "eu-value-added.csv"), d);
        TableReader t(file, kColumns, d);
        if (t.usable()) {
            for (std::size_t r : t.rows()) {
                auto v = t.quantity(r, "value_added", true);
                if (!v) continue;
                p.value_added.push_back(
                    {std::string(t.text(r, "nace2")), std::string(t.text(r, "name")), *v});
            }
        }
    }
    std::map<std::string, double> levels;
    {
        static constexpr ColumnSpec kColumns[] = {
            {"measure", true}, {"t", true}, kSource, kConfidence, kDerivation};
        const CsvFile file = read_csv(path_in(dir, "eu-trade-restrictions.csv"), d);
        TableReader t(file, kColumns, d);
        if (t.usable()) {
            for (std::size_t r : t.rows()) {
                auto v = t.quantity(r, "t", true);
                if (v) levels[std::string(t.text(r, "measure"))] = *v;
            }
        }
        if (auto it = levels.find("eu_member_state"); it != levels.end()) p.t_member = it->second;
    }
    {
        static constexpr ColumnSpec kColumns[] = {
            {"country", true}, {"material", true}, {"measure", true}, {"year", false},
            kSource,           kConfidence,        kDerivation};
        const CsvFile file = read_csv(path_in(dir, "eu-export-restrictions.csv"), d);
        TableReader t(file, kColumns, d);
        if (t.usable()) {
            for (std::size_t r : t.rows()) {
                const std::string measure(t.text(r, "measure"));
                auto it = levels.find(measure);
                if (it == levels.end()) {
                    t.error(
                        r, "measure",
                        fmt::format("measure '{}' is not in eu-trade-restrictions.csv", measure));
                    continue;
                }
                p.restrictions.push_back({std::string(t.text(r, "country")),
                                          std::string(t.text(r, "material")), it->second});
            }
        }
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
    return p;
}

}  // namespace critmin::indices
