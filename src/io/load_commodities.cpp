// commodities.csv, element_content.csv, deposits.csv, processes.csv and recipes.csv.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "io/csv.h"
#include "io/dataset_loader.h"

namespace critmin::io::detail {

namespace {

// Units a commodity may be measured in (docs/data-format.md).
constexpr std::array<std::string_view, 8> kUnits = {"t",    "t REO", "t Li",  "t Co",
                                                    "t Ni", "kg",    "units", "MW"};

bool is_element_symbol(std::string_view s) {
    return (s.size() == 1 || s.size() == 2) && s[0] >= 'A' && s[0] <= 'Z' &&
           (s.size() == 1 || (s[1] >= 'a' && s[1] <= 'z'));
}

}  // namespace

void DatasetLoader::load_commodities() {
    static constexpr ColumnSpec kColumns[] = {
        {"id", true},        {"name", true}, {"stage", true}, {"unit", true}, {"family", false},
        {"hs_codes", false}, kSource,        kConfidence,     kDerivation};
    const CsvFile file = read_table("commodities.csv", true);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& c = ds_.commodities;
    std::set<std::string> seen;
    for (std::size_t r : t.rows()) {
        auto id = t.identifier(r, "id");
        auto name = t.required_text(r, "name");
        auto stage = t.enumeration<Stage>(r, "stage");
        auto unit = t.required_text(r, "unit");
        if (unit && std::find(kUnits.begin(), kUnits.end(), *unit) == kUnits.end()) {
            std::string list;
            for (auto u : kUnits) list += (list.empty() ? "" : ", ") + std::string(u);
            t.error(r, "unit",
                    fmt::format("unknown unit '{}'; use one of {}", unit->substr(0, 40), list));
            unit.reset();
        }
        std::vector<std::string> hs = split_list(t.text(r, "hs_codes"));
        for (const auto& code : hs) {
            const bool digits = std::all_of(code.begin(), code.end(), [](char ch) {
                return (ch >= '0' && ch <= '9') || ch == '.';
            });
            if (!digits || code.size() < 2 || code.size() > 12) {
                t.error(
                    r, "hs_codes",
                    fmt::format("'{}' is not an HS code (digits and dots)", code.substr(0, 20)));
                unit.reset();
            }
        }
        auto prov = provenance(t, r);
        if (id && !unique(seen, *id, t, r, "id", "commodity id " + *id)) continue;
        if (!id || !name || !stage || !unit || !prov) {
            rejected_.emplace(t.text(r, "id"));
            continue;
        }
        c.id.push_back(*id);
        c.name.push_back(*name);
        c.stage.push_back(*stage);
        c.unit.push_back(*unit);
        c.family.emplace_back(t.text(r, "family"));
        c.hs_codes.push_back(std::move(hs));
        push(c.provenance, *prov);
    }
    ds_.index_names();
}

void DatasetLoader::load_element_content() {
    static constexpr ColumnSpec kColumns[] = {{"commodity", true},   {"element", true},
                                              {"kg_per_unit", true}, kSource,
                                              kConfidence,           kDerivation};
    const CsvFile file = read_table("element_content.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& e = ds_.element_content;
    std::set<std::pair<Id, std::string>> seen;
    for (std::size_t r : t.rows()) {
        const Id commodity = commodity_ref(t, r, "commodity");
        auto element = t.required_text(r, "element");
        if (element && !is_element_symbol(*element)) {
            t.error(
                r, "element",
                fmt::format("'{}' is not a chemical symbol (Nd, Dy, ...)", element->substr(0, 20)));
            element.reset();
        }
        auto kg = t.quantity(r, "kg_per_unit", true);
        auto prov = provenance(t, r);
        if (commodity == kNoId || !element || !kg || !prov) continue;
        if (!unique(seen, std::pair{commodity, *element}, t, r, "element",
                    fmt::format("content of {} in {}", *element, ds_.commodities.id[commodity])))
            continue;
        e.commodity.push_back(commodity);
        e.element.push_back(*element);
        e.kg_per_unit.push_back(*kg);
        push(e.provenance, *prov);
    }
}

void DatasetLoader::load_deposits() {
    static constexpr ColumnSpec kColumns[] = {{"deposit_type", true},
                                              {"element", true},
                                              {"fraction", true},
                                              {"example", false},
                                              kSource,
                                              kConfidence,
                                              kDerivation};
    const CsvFile file = read_table("deposits.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& d = ds_.deposits;
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t r : t.rows()) {
        auto type = t.identifier(r, "deposit_type");
        auto element = t.required_text(r, "element");
        if (element && !is_element_symbol(*element) && *element != "other") {
            t.error(
                r, "element",
                fmt::format("'{}' is not a chemical symbol or 'other'", element->substr(0, 20)));
            element.reset();
        }
        auto fraction = t.quantity(r, "fraction", true);
        if (fraction && *fraction > 1) {
            t.error(r, "fraction", fmt::format("{} is more than 1", *fraction));
            fraction.reset();
        }
        auto prov = provenance(t, r);
        if (!type || !element || !fraction || !prov) continue;
        if (!unique(seen, std::pair{*type, *element}, t, r, "element",
                    fmt::format("fraction of {} in deposit type {}", *element, *type)))
            continue;
        Id type_id = kNoId;
        for (std::size_t i = 0; i < d.type_name.size(); ++i)
            if (d.type_name[i] == *type) type_id = static_cast<Id>(i);
        if (type_id == kNoId) {
            type_id = static_cast<Id>(d.type_name.size());
            d.type_name.push_back(*type);
        }
        d.deposit_type.push_back(type_id);
        d.element.push_back(*element);
        d.example.emplace_back(t.text(r, "example"));
        d.fraction.push_back(*fraction);
        push(d.provenance, *prov);
    }
    ds_.index_names();
}

void DatasetLoader::load_processes() {
    static constexpr ColumnSpec kColumns[] = {{"id", true}, {"name", true}, {"deposit_type", false},
                                              kSource,      kConfidence,    kDerivation};
    const CsvFile file = read_table("processes.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& p = ds_.processes;
    std::set<std::string> seen;
    for (std::size_t r : t.rows()) {
        auto id = t.identifier(r, "id");
        auto name = t.required_text(r, "name");
        const bool has_deposit = !t.text(r, "deposit_type").empty();
        const Id deposit = reference(
            t, r, "deposit_type", "deposit type (not in deposits.csv)",
            [&](std::string_view s) { return ds_.find_deposit_type(s); }, false);
        auto prov = provenance(t, r);
        if (id && !unique(seen, *id, t, r, "id", "process id " + *id)) continue;
        if (!id || !name || !prov || (has_deposit && deposit == kNoId)) {
            rejected_.emplace(t.text(r, "id"));
            continue;
        }
        p.id.push_back(*id);
        p.name.push_back(*name);
        p.deposit_type.push_back(deposit);
        push(p.provenance, *prov);
    }
    ds_.index_names();
}

void DatasetLoader::load_recipes() {
    static constexpr ColumnSpec kColumns[] = {
        {"process", true}, {"commodity", true}, {"role", true}, {"coefficient", true},
        kSource,           kConfidence,         kDerivation};
    const CsvFile file = read_table("recipes.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& rec = ds_.recipes;
    std::set<std::tuple<Id, Id, RecipeRole>> seen;
    for (std::size_t r : t.rows()) {
        const Id process = reference(t, r, "process", "process (not in processes.csv)",
                                     [&](std::string_view s) { return ds_.find_process(s); });
        const Id commodity = commodity_ref(t, r, "commodity");
        auto role = t.enumeration<RecipeRole>(r, "role");
        auto coefficient = t.quantity(r, "coefficient", true);
        if (coefficient && *coefficient <= 0) {
            t.error(r, "coefficient", "a recipe coefficient must be more than zero");
            coefficient.reset();
        }
        auto prov = provenance(t, r);
        if (process == kNoId || commodity == kNoId || !role || !coefficient || !prov) continue;
        if (!unique(seen, std::tuple{process, commodity, *role}, t, r, "commodity",
                    fmt::format("{} {} of process {}", to_string(*role),
                                ds_.commodities.id[commodity], ds_.processes.id[process])))
            continue;
        rec.process.push_back(process);
        rec.commodity.push_back(commodity);
        rec.role.push_back(*role);
        rec.coefficient.push_back(*coefficient);
        push(rec.provenance, *prov);
    }
    std::vector<std::pair<Id, Id>> pairs;
    for (std::size_t r = 0; r < rec.size(); ++r)
        pairs.emplace_back(rec.process[r], static_cast<Id>(r));
    ds_.processes.recipe_rows = Csr::build(ds_.processes.size(), pairs);
}

}  // namespace critmin::io::detail
