// The dataset loader's shared state and row helpers (internal to io: the tables are read in
// load_*.cpp files, one per theme, and put together by read_dataset in loader.cpp).
#pragma once

#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "core/error.h"
#include "io/csv.h"
#include "io/table.h"

namespace critmin::io::detail {

// Columns every data table carries (docs/data-format.md, "Provenance columns").
inline constexpr ColumnSpec kSource{"source", true};
inline constexpr ColumnSpec kConfidence{"confidence", true};
inline constexpr ColumnSpec kDerivation{"derivation", false};

class DatasetLoader {
  public:
    DatasetLoader(std::string dir, Diagnostics& diagnostics)
        : dir_(std::move(dir)), diagnostics_(diagnostics) {}

    std::optional<Dataset> run();

  private:
    std::string table_path(const char* name) const {
        return (std::filesystem::path(dir_) / name).string();
    }

    // Reads a table file. Optional tables that do not exist give an empty file.
    CsvFile read_table(const char* name, bool required) {
        const std::string path = table_path(name);
        std::error_code ec;
        if (!required && !std::filesystem::exists(path, ec)) return CsvFile{path, {}, 1, {}};
        return read_csv(path, diagnostics_);
    }

    struct RowProvenance {
        Id source = kNoId;
        Confidence confidence = Confidence::estimated;
        std::string derivation;
        std::uint32_t line = 0;
    };

    // Reads the provenance columns of a row (all problems reported).
    std::optional<RowProvenance> provenance(const TableReader& t, std::size_t r) {
        bool ok = true;
        RowProvenance p;
        p.line = t.line(r);
        if (auto id = t.required_text(r, "source")) {
            p.source = ds_.find_source(*id);
            if (p.source == kNoId) {
                t.error(
                    r, "source",
                    fmt::format("source '{}' is not listed in dataset.yaml", id->substr(0, 60)));
                ok = false;
            }
        } else {
            ok = false;
        }
        auto confidence = t.enumeration<Confidence>(r, "confidence");
        p.derivation = std::string(t.text(r, "derivation"));
        if (confidence == Confidence::estimated && p.derivation.empty()) {
            t.error(r, "derivation",
                    "this row is estimated but 'derivation' is empty; say how it was derived");
            ok = false;
        }
        if (!ok || !confidence) return std::nullopt;
        p.confidence = *confidence;
        return p;
    }

    static void push(Provenance& to, const RowProvenance& p) {
        to.source.push_back(p.source);
        to.confidence.push_back(p.confidence);
        to.derivation.push_back(p.derivation);
        to.line.push_back(p.line);
    }

    // A reference to another table by name; reports unknown names. A name whose own row was
    // rejected is not reported again: that row's problem is the one to fix.
    template <typename Find>
    Id reference(const TableReader& t, std::size_t r, std::string_view column, const char* what,
                 Find find, bool required = true) {
        const std::string_view cell = t.text(r, column);
        if (cell.empty()) {
            if (required)
                t.error(r, column, fmt::format("'{}' is empty; a {} is required", column, what));
            return kNoId;
        }
        const Id id = find(cell);
        if (id == kNoId && rejected_.count(std::string(cell)) == 0) {
            t.error(r, column, fmt::format("unknown {} '{}'", what, cell.substr(0, 60)));
        }
        return id;
    }

    Id country_ref(const TableReader& t, std::size_t r, std::string_view column) {
        return reference(t, r, column, "country (not in countries.csv)",
                         [&](std::string_view s) { return ds_.find_country(s); });
    }
    Id commodity_ref(const TableReader& t, std::size_t r, std::string_view column) {
        return reference(t, r, column, "commodity (not in commodities.csv)",
                         [&](std::string_view s) { return ds_.find_commodity(s); });
    }
    Id node_ref(const TableReader& t, std::size_t r, std::string_view column) {
        return reference(t, r, column, "node (not a producer, demand or stockpile id)",
                         [&](std::string_view s) { return ds_.find_node(s); });
    }

    // Reports a duplicate key; returns false for the second and later occurrences.
    template <typename Key>
    bool unique(std::set<Key>& seen, const Key& key, const TableReader& t, std::size_t r,
                std::string_view column, const std::string& what) {
        if (seen.insert(key).second) return true;
        t.error(r, column, fmt::format("duplicate {}", what));
        return false;
    }

    void load_countries();
    void load_governance();
    void load_commodities();
    void load_element_content();
    void load_deposits();
    void load_processes();
    void load_recipes();
    void load_producers();
    void load_demand();
    void load_stockpiles();
    void load_production();
    void load_world_production();
    void load_prices();
    void load_flows();
    void load_projects();
    void load_controls();
    bool is_country_or_group(std::string_view name) const;
    bool control_places(const TableReader& t, std::size_t r, std::string_view column,
                        std::vector<std::string>& out) const;
    bool control_commodities(const TableReader& t, std::size_t r, std::vector<Id>& out) const;

    Id add_node(const std::string& id, NodeKind kind, Id country, Id commodity, Id row) {
        ds_.nodes.id.push_back(id);
        ds_.nodes.kind.push_back(kind);
        ds_.nodes.country.push_back(country);
        ds_.nodes.commodity.push_back(commodity);
        ds_.nodes.row.push_back(row);
        return static_cast<Id>(ds_.nodes.size() - 1);
    }

    std::string dir_;
    Diagnostics& diagnostics_;
    Dataset ds_;
    std::set<std::string> node_ids_;
    std::set<std::string> rejected_;  // ids of rows that failed to load
};

}  // namespace critmin::io::detail
