#include "io/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <tuple>

#include "io/check.h"
#include "io/csv.h"
#include "io/manifest.h"
#include "io/table.h"

namespace critmin::io {

namespace {

namespace fs = std::filesystem;

// Columns every data table carries (docs/data-format.md, "Provenance columns").
constexpr ColumnSpec kSource{"source", true};
constexpr ColumnSpec kConfidence{"confidence", true};
constexpr ColumnSpec kDerivation{"derivation", false};

class Loader {
  public:
    Loader(std::string dir, Diagnostics& diagnostics)
        : dir_(std::move(dir)), diagnostics_(diagnostics) {}

    std::optional<Dataset> run();

  private:
    std::string table_path(const char* name) const { return (fs::path(dir_) / name).string(); }

    // Reads a table file. Optional tables that do not exist give an empty file.
    CsvFile read_table(const char* name, bool required) {
        const std::string path = table_path(name);
        std::error_code ec;
        if (!required && !fs::exists(path, ec)) return CsvFile{path, {}, 1, {}};
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
    void load_flows();
    void load_projects();
    void load_controls();
    void build_network();

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

void Loader::load_countries() {
    static constexpr ColumnSpec kColumns[] = {{"iso3", true},    {"name", true}, {"region", true},
                                              {"groups", false}, kSource,        kConfidence,
                                              kDerivation};
    const CsvFile file = read_table("countries.csv", true);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    std::set<std::string> seen;
    std::vector<std::pair<std::string, Id>> memberships;
    auto& c = ds_.countries;
    for (std::size_t r : t.rows()) {
        auto iso3 = t.required_text(r, "iso3");
        auto name = t.required_text(r, "name");
        auto region = t.required_text(r, "region");
        if (iso3) {
            const bool valid =
                iso3->size() == 3 && std::all_of(iso3->begin(), iso3->end(),
                                                 [](char ch) { return ch >= 'A' && ch <= 'Z'; });
            if (!valid) {
                t.error(r, "iso3",
                        fmt::format("'{}' is not an ISO3 code (three capital letters)",
                                    iso3->substr(0, 20)));
                iso3.reset();
            } else if (!unique(seen, *iso3, t, r, "iso3", "country " + *iso3)) {
                iso3.reset();
            }
        }
        auto prov = provenance(t, r);
        if (!prov || !iso3 || !name || !region) {
            rejected_.emplace(t.text(r, "iso3"));
            continue;
        }
        push(c.provenance, *prov);
        const Id id = static_cast<Id>(c.iso3.size());
        c.iso3.push_back(*iso3);
        c.name.push_back(*name);
        c.region.push_back(*region);
        for (auto& g : split_list(t.text(r, "groups"))) {
            if (!is_identifier(g)) {
                t.error(r, "groups",
                        fmt::format("group name '{}' is not a valid identifier", g.substr(0, 40)));
                continue;
            }
            memberships.emplace_back(std::move(g), id);
        }
    }
    // Groups in order of first appearance; members in file order.
    std::vector<std::pair<Id, Id>> pairs;
    for (const auto& [group, country] : memberships) {
        Id g = kNoId;
        for (std::size_t i = 0; i < ds_.groups.name.size(); ++i)
            if (ds_.groups.name[i] == group) g = static_cast<Id>(i);
        if (g == kNoId) {
            if (ds_.find_country(group) != kNoId || seen.count(group) != 0) {
                diagnostics_.add({file.path, 0, 0, ""},
                                 fmt::format("group '{}' has the same name as a country", group));
                continue;
            }
            g = static_cast<Id>(ds_.groups.name.size());
            ds_.groups.name.push_back(group);
        }
        pairs.emplace_back(g, country);
    }
    ds_.groups.members = Csr::build(ds_.groups.name.size(), pairs);
    ds_.index_names();
}

void Loader::load_governance() {
    std::vector<ColumnSpec> cols = {{"iso3", true}, {"year", true}};
    for (auto d : kWgiDimensions) cols.push_back({d, true});
    cols.insert(cols.end(), {kSource, kConfidence, kDerivation});
    const CsvFile file = read_table("governance.csv", false);
    TableReader t(file, cols, diagnostics_);
    if (!t.usable()) return;
    auto& g = ds_.governance;
    std::set<std::pair<Id, int>> seen;
    for (std::size_t r : t.rows()) {
        const Id country = country_ref(t, r, "iso3");
        auto year = t.year(r, "year");
        std::array<double, kWgiDimensions.size()> values{};
        bool ok = country != kNoId && year.has_value();
        for (std::size_t d = 0; d < kWgiDimensions.size(); ++d) {
            auto v = t.number(r, kWgiDimensions[d]);
            if (v && (*v < -2.5 || *v > 2.5)) {
                t.error(r, kWgiDimensions[d],
                        fmt::format("{} is outside the WGI range -2.5 to 2.5", *v));
                v.reset();
            }
            ok = ok && v.has_value();
            if (v) values[d] = *v;
        }
        auto prov = provenance(t, r);
        if (!ok || !prov) continue;
        if (!unique(seen, std::pair{country, *year}, t, r, "year",
                    fmt::format("governance row for {} in {}", ds_.countries.iso3[country], *year)))
            continue;
        g.country.push_back(country);
        g.year.push_back(*year);
        for (std::size_t d = 0; d < kWgiDimensions.size(); ++d) g.estimate[d].push_back(values[d]);
        push(g.provenance, *prov);
    }
}

// Units a commodity may be measured in (docs/data-format.md).
constexpr std::array<std::string_view, 8> kUnits = {"t",    "t REO", "t Li",  "t Co",
                                                    "t Ni", "kg",    "units", "MW"};

void Loader::load_commodities() {
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

bool is_element_symbol(std::string_view s) {
    return (s.size() == 1 || s.size() == 2) && s[0] >= 'A' && s[0] <= 'Z' &&
           (s.size() == 1 || (s[1] >= 'a' && s[1] <= 'z'));
}

void Loader::load_element_content() {
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

void Loader::load_deposits() {
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

void Loader::load_processes() {
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

void Loader::load_recipes() {
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

void Loader::load_producers() {
    static constexpr ColumnSpec kColumns[] = {{"id", true},
                                              {"name", true},
                                              {"kind", true},
                                              {"country", true},
                                              {"commodity", true},
                                              {"process", false},
                                              {"capacity", false},
                                              {"status", true},
                                              {"operator", false},
                                              {"deposit_type", false},
                                              kSource,
                                              kConfidence,
                                              kDerivation};
    const CsvFile file = read_table("producers.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& p = ds_.producers;
    for (std::size_t r : t.rows()) {
        auto id = t.identifier(r, "id");
        auto name = t.required_text(r, "name");
        auto kind = t.enumeration<ProducerKind>(r, "kind");
        const Id country = country_ref(t, r, "country");
        const Id commodity = commodity_ref(t, r, "commodity");
        const bool has_process = !t.text(r, "process").empty();
        const Id process = reference(
            t, r, "process", "process (not in processes.csv)",
            [&](std::string_view s) { return ds_.find_process(s); }, false);
        auto capacity = t.quantity(r, "capacity", false);
        auto status = t.enumeration<Status>(r, "status");
        const bool has_deposit = !t.text(r, "deposit_type").empty();
        const Id deposit = reference(
            t, r, "deposit_type", "deposit type (not in deposits.csv)",
            [&](std::string_view s) { return ds_.find_deposit_type(s); }, false);
        auto prov = provenance(t, r);
        if (id && !unique(node_ids_, *id, t, r, "id", "node id " + *id)) continue;
        if (!id || !name || !kind || country == kNoId || commodity == kNoId ||
            (has_process && process == kNoId) || !capacity || !status ||
            (has_deposit && deposit == kNoId) || !prov) {
            rejected_.emplace(t.text(r, "id"));
            continue;
        }
        const Id row = static_cast<Id>(p.size());
        p.node.push_back(add_node(*id, NodeKind::producer, country, commodity, row));
        p.name.push_back(*name);
        p.operator_name.emplace_back(t.text(r, "operator"));
        p.kind.push_back(*kind);
        p.process.push_back(process);
        p.capacity.push_back(*capacity);
        p.status.push_back(*status);
        p.deposit_type.push_back(deposit);
        push(p.provenance, *prov);
    }
}

void Loader::load_demand() {
    static constexpr ColumnSpec kColumns[] = {{"id", true},
                                              {"country", true},
                                              {"end_use", true},
                                              {"commodity", true},
                                              {"year", true},
                                              {"quantity", true},
                                              {"product_unit", false},
                                              {"content_per_product", false},
                                              {"value_per_product", false},
                                              {"grade", false},
                                              {"dy_kg_per_t", false},
                                              {"tb_kg_per_t", false},
                                              kSource,
                                              kConfidence,
                                              kDerivation};
    const CsvFile file = read_table("demand.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& d = ds_.demand;
    for (std::size_t r : t.rows()) {
        auto id = t.identifier(r, "id");
        const Id country = country_ref(t, r, "country");
        auto end_use = t.enumeration<EndUse>(r, "end_use");
        const Id commodity = commodity_ref(t, r, "commodity");
        auto year = t.year(r, "year");
        auto quantity = t.quantity(r, "quantity", true);
        auto content = t.quantity(r, "content_per_product", false);
        auto value = t.quantity(r, "value_per_product", false);
        auto dy = t.quantity(r, "dy_kg_per_t", false);
        auto tb = t.quantity(r, "tb_kg_per_t", false);
        auto prov = provenance(t, r);
        if (id && !unique(node_ids_, *id, t, r, "id", "node id " + *id)) continue;
        if (!id || country == kNoId || !end_use || commodity == kNoId || !year || !quantity ||
            !content || !value || !dy || !tb || !prov) {
            rejected_.emplace(t.text(r, "id"));
            continue;
        }
        const Id row = static_cast<Id>(d.size());
        d.node.push_back(add_node(*id, NodeKind::demand, country, commodity, row));
        d.end_use.push_back(*end_use);
        d.year.push_back(*year);
        d.quantity.push_back(*quantity);
        d.product_unit.emplace_back(t.text(r, "product_unit"));
        d.content_per_product.push_back(*content);
        d.value_per_product.push_back(*value);
        d.grade.emplace_back(t.text(r, "grade"));
        d.dy_kg_per_t.push_back(*dy);
        d.tb_kg_per_t.push_back(*tb);
        push(d.provenance, *prov);
    }
}

void Loader::load_stockpiles() {
    static constexpr ColumnSpec kColumns[] = {{"id", true},
                                              {"holder", true},
                                              {"country", true},
                                              {"commodity", true},
                                              {"quantity", false},
                                              {"days_of_consumption", false},
                                              kSource,
                                              kConfidence,
                                              kDerivation};
    const CsvFile file = read_table("stockpiles.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& s = ds_.stockpiles;
    for (std::size_t r : t.rows()) {
        auto id = t.identifier(r, "id");
        auto holder = t.required_text(r, "holder");
        const Id country = country_ref(t, r, "country");
        const Id commodity = commodity_ref(t, r, "commodity");
        auto quantity = t.quantity(r, "quantity", false);
        auto days = t.quantity(r, "days_of_consumption", false);
        if (quantity && days && std::isnan(*quantity) == std::isnan(*days)) {
            t.error(r, "quantity",
                    "give exactly one of 'quantity' and 'days_of_consumption' for a stockpile");
            quantity.reset();
        }
        auto prov = provenance(t, r);
        if (id && !unique(node_ids_, *id, t, r, "id", "node id " + *id)) continue;
        if (!id || !holder || country == kNoId || commodity == kNoId || !quantity || !days ||
            !prov) {
            rejected_.emplace(t.text(r, "id"));
            continue;
        }
        const Id row = static_cast<Id>(s.size());
        s.node.push_back(add_node(*id, NodeKind::stockpile, country, commodity, row));
        s.holder.push_back(*holder);
        s.quantity.push_back(*quantity);
        s.days_of_consumption.push_back(*days);
        push(s.provenance, *prov);
    }
}

void Loader::load_production() {
    static constexpr ColumnSpec kColumns[] = {
        {"producer", true}, {"commodity", true}, {"year", true}, {"quantity", true}, kSource,
        kConfidence,        kDerivation};
    const CsvFile file = read_table("production.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& p = ds_.production;
    std::set<std::tuple<Id, Id, int>> seen;
    for (std::size_t r : t.rows()) {
        Id node = node_ref(t, r, "producer");
        if (node != kNoId && ds_.nodes.kind[node] != NodeKind::producer) {
            t.error(r, "producer",
                    fmt::format("'{}' is a {} node, not a producer", ds_.nodes.id[node],
                                to_string(ds_.nodes.kind[node])));
            node = kNoId;
        }
        const Id commodity = commodity_ref(t, r, "commodity");
        auto year = t.year(r, "year");
        auto quantity = t.quantity(r, "quantity", true);
        auto prov = provenance(t, r);
        if (node == kNoId || commodity == kNoId || !year || !quantity || !prov) continue;
        const Id producer = ds_.nodes.row[node];
        if (!unique(seen, std::tuple{producer, commodity, *year}, t, r, "year",
                    fmt::format("production of {} by {} in {}", ds_.commodities.id[commodity],
                                ds_.nodes.id[node], *year)))
            continue;
        p.producer.push_back(producer);
        p.commodity.push_back(commodity);
        p.year.push_back(*year);
        p.quantity.push_back(*quantity);
        push(p.provenance, *prov);
    }
}

void Loader::load_world_production() {
    static constexpr ColumnSpec kColumns[] = {
        {"commodity", true}, {"year", true}, {"quantity", true}, kSource, kConfidence, kDerivation};
    const CsvFile file = read_table("world_production.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& w = ds_.world_production;
    std::set<std::pair<Id, int>> seen;
    for (std::size_t r : t.rows()) {
        const Id commodity = commodity_ref(t, r, "commodity");
        auto year = t.year(r, "year");
        auto quantity = t.quantity(r, "quantity", true);
        auto prov = provenance(t, r);
        if (commodity == kNoId || !year || !quantity || !prov) continue;
        if (!unique(seen, std::pair{commodity, *year}, t, r, "year",
                    fmt::format("world total of {} in {}", ds_.commodities.id[commodity], *year)))
            continue;
        w.commodity.push_back(commodity);
        w.year.push_back(*year);
        w.quantity.push_back(*quantity);
        push(w.provenance, *prov);
    }
}

void Loader::load_flows() {
    static constexpr ColumnSpec kColumns[] = {{"supplier", true},
                                              {"customer", true},
                                              {"commodity", true},
                                              {"year", true},
                                              {"quantity", true},
                                              {"basis", true},
                                              kSource,
                                              kConfidence,
                                              kDerivation};
    const CsvFile file = read_table("flows.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& f = ds_.flows;
    std::set<std::tuple<Id, Id, Id, int>> seen;
    for (std::size_t r : t.rows()) {
        Id supplier = node_ref(t, r, "supplier");
        if (supplier != kNoId && ds_.nodes.kind[supplier] == NodeKind::demand) {
            t.error(r, "supplier",
                    fmt::format("'{}' is a demand node; demand nodes do not supply",
                                ds_.nodes.id[supplier]));
            supplier = kNoId;
        }
        const Id customer = node_ref(t, r, "customer");
        const Id commodity = commodity_ref(t, r, "commodity");
        auto year = t.year(r, "year");
        auto quantity = t.quantity(r, "quantity", true);
        auto basis = t.enumeration<FlowBasis>(r, "basis");
        auto prov = provenance(t, r);
        if (supplier == kNoId || customer == kNoId || commodity == kNoId || !year || !quantity ||
            !basis || !prov)
            continue;
        if (supplier == customer) {
            t.error(r, "customer", "a flow from a node to itself");
            continue;
        }
        if (!unique(seen, std::tuple{supplier, customer, commodity, *year}, t, r, "customer",
                    fmt::format("flow of {} from {} to {} in {}", ds_.commodities.id[commodity],
                                ds_.nodes.id[supplier], ds_.nodes.id[customer], *year)))
            continue;
        f.supplier.push_back(supplier);
        f.customer.push_back(customer);
        f.commodity.push_back(commodity);
        f.year.push_back(*year);
        f.quantity.push_back(*quantity);
        f.basis.push_back(*basis);
        push(f.provenance, *prov);
    }
}

void Loader::load_projects() {
    static constexpr ColumnSpec kColumns[] = {{"id", true},
                                              {"name", true},
                                              {"kind", true},
                                              {"country", true},
                                              {"commodity", true},
                                              {"capacity", true},
                                              {"earliest_start", true},
                                              {"ramp_up_years", false},
                                              {"capex", false},
                                              {"opex", false},
                                              {"operator", false},
                                              {"status", true},
                                              {"probability_on_time", false},
                                              kSource,
                                              kConfidence,
                                              kDerivation};
    const CsvFile file = read_table("projects.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& p = ds_.projects;
    std::set<std::string> seen;
    for (std::size_t r : t.rows()) {
        auto id = t.identifier(r, "id");
        auto name = t.required_text(r, "name");
        auto kind = t.enumeration<ProjectKind>(r, "kind");
        const Id country = country_ref(t, r, "country");
        const Id commodity = commodity_ref(t, r, "commodity");
        auto capacity = t.quantity(r, "capacity", true);
        auto start = t.year(r, "earliest_start");
        auto ramp = t.quantity(r, "ramp_up_years", false);
        auto capex = t.quantity(r, "capex", false);
        auto opex = t.quantity(r, "opex", false);
        auto status = t.enumeration<Status>(r, "status");
        if (status == Status::operating) {
            t.error(r, "status",
                    "a project is planned or under_construction; operating capacity "
                    "belongs in producers.csv");
            status.reset();
        }
        // A probability, read by the scenario response `pipeline:` (docs/scenarios.md).
        auto probability = t.quantity(r, "probability_on_time", false);
        if (probability && *probability > 1) {
            t.error(r, "probability_on_time",
                    fmt::format("{} is more than 1; a probability is 0 to 1", *probability));
            probability.reset();
        }
        auto prov = provenance(t, r);
        if (id && !unique(seen, *id, t, r, "id", "project id " + *id)) continue;
        if (!id || !name || !kind || country == kNoId || commodity == kNoId || !capacity ||
            !start || !ramp || !capex || !opex || !status || !probability || !prov)
            continue;
        p.id.push_back(*id);
        p.name.push_back(*name);
        p.operator_name.emplace_back(t.text(r, "operator"));
        p.kind.push_back(*kind);
        p.country.push_back(country);
        p.commodity.push_back(commodity);
        p.capacity.push_back(*capacity);
        p.earliest_start.push_back(*start);
        p.ramp_up_years.push_back(*ramp);
        p.capex.push_back(*capex);
        p.opex.push_back(*opex);
        p.probability_on_time.push_back(*probability);
        p.status.push_back(*status);
        push(p.provenance, *prov);
    }
}

// controls.csv (docs/data-format.md): export-control regimes as data, one row per measure.
void Loader::load_controls() {
    static constexpr ColumnSpec kColumns[] = {{"id", true},
                                              {"measure", true},
                                              {"exporter", true},
                                              {"commodities", true},
                                              {"destinations", false},
                                              {"destinations_except", false},
                                              {"licensed", true},
                                              {"start", true},
                                              {"end", false},
                                              {"status", true},
                                              {"suspended_from", false},
                                              {"suspended_until", false},
                                              {"announcement", false},
                                              kSource,
                                              kConfidence,
                                              kDerivation};
    const CsvFile file = read_table("controls.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& c = ds_.controls;
    std::set<std::string> seen;
    // A country or a group: the exporter and destinations of a control may be either, as in a
    // scenario's export_control shock.
    auto country_or_group = [&](std::string_view name) {
        return ds_.find_country(name) != kNoId || ds_.find_group(name) != kNoId;
    };
    // A `;`-list of countries or groups; every unknown name is reported, false if any was.
    auto places = [&](std::size_t r, std::string_view column, std::vector<std::string>& out) {
        out = split_list(t.text(r, column));
        bool ok = true;
        for (const auto& name : out) {
            if (country_or_group(name) || rejected_.count(name) != 0) continue;
            t.error(r, column,
                    fmt::format("unknown country or group (not in countries.csv) '{}'",
                                name.substr(0, 60)));
            ok = false;
        }
        return ok;
    };
    for (std::size_t r : t.rows()) {
        auto id = t.identifier(r, "id");
        auto measure = t.required_text(r, "measure");
        auto exporter = t.required_text(r, "exporter");
        if (exporter && !country_or_group(*exporter)) {
            if (rejected_.count(*exporter) == 0)
                t.error(r, "exporter",
                        fmt::format("unknown country or group (not in countries.csv) '{}'",
                                    exporter->substr(0, 60)));
            exporter.reset();
        }
        bool ok = true;
        std::vector<Id> commodities;
        const std::vector<std::string> names = split_list(t.text(r, "commodities"));
        if (names.empty()) {
            t.error(r, "commodities", "'commodities' is empty; a control names its commodities");
            ok = false;
        }
        for (const auto& name : names) {
            const Id com = ds_.find_commodity(name);
            if (com == kNoId) {
                if (rejected_.count(name) == 0)
                    t.error(r, "commodities",
                            fmt::format("unknown commodity (not in commodities.csv) '{}'",
                                        name.substr(0, 60)));
                ok = false;
            } else if (std::find(commodities.begin(), commodities.end(), com) ==
                       commodities.end()) {
                commodities.push_back(com);
            }
        }
        std::vector<std::string> only, except;
        ok = places(r, "destinations", only) && ok;
        ok = places(r, "destinations_except", except) && ok;
        // `destinations_except` narrows "all destinations"; with a list of destinations it would
        // be ambiguous (which wins?), so the two exclude each other, as in a scenario.
        if (!only.empty() && !except.empty()) {
            t.error(r, "destinations_except",
                    "'destinations_except' is only allowed when 'destinations' is empty (all "
                    "destinations)");
            ok = false;
        }
        auto licensed = t.quantity(r, "licensed", true);
        if (licensed && *licensed > 1) {
            t.error(r, "licensed",
                    fmt::format("{} is more than 1; 'licensed' is the share of orders that may "
                                "still ship (0 to 1)",
                                *licensed));
            licensed.reset();
        }
        // Dates: `end` and `suspended_until` are exclusive, so each must come after its start.
        auto start = t.date(r, "start", true);
        auto end = t.date(r, "end", false);
        if (start && end && *end != kNoDate && *end <= *start) {
            t.error(r, "end",
                    fmt::format("end {} is not after start {} (end is the first day no longer "
                                "in force)",
                                t.text(r, "end"), t.text(r, "start")));
            end.reset();
        }
        auto status = t.enumeration<ControlStatus>(r, "status");
        auto from = t.date(r, "suspended_from", false);
        auto until = t.date(r, "suspended_until", false);
        if (from && until && (*from == kNoDate) != (*until == kNoDate)) {
            const char* missing = *from == kNoDate ? "suspended_from" : "suspended_until";
            t.error(r, missing,
                    "give both 'suspended_from' and 'suspended_until' (a suspension window), or "
                    "neither");
            until.reset();
        } else if (from && until && *from != kNoDate && *until <= *from) {
            t.error(r, "suspended_until",
                    fmt::format("suspended_until {} is not after suspended_from {} "
                                "(suspended_until is the first day in force again)",
                                t.text(r, "suspended_until"), t.text(r, "suspended_from")));
            until.reset();
        }
        auto prov = provenance(t, r);
        if (id && !unique(seen, *id, t, r, "id", "control id " + *id)) continue;
        if (!id || !measure || !exporter || !ok || !licensed || !start || !end || !status ||
            !from || !until || !prov)
            continue;
        c.id.push_back(*id);
        c.measure.push_back(*measure);
        c.exporter.push_back(*exporter);
        c.commodities.push_back(std::move(commodities));
        c.destinations.push_back(std::move(only));
        c.destinations_except.push_back(std::move(except));
        c.licensed.push_back(*licensed);
        c.start.push_back(*start);
        c.end.push_back(*end);
        c.status.push_back(*status);
        c.suspended_from.push_back(*from);
        c.suspended_until.push_back(*until);
        c.announcement.emplace_back(t.text(r, "announcement"));
        push(c.provenance, *prov);
    }
}

void Loader::build_network() {
    ds_.build_network();
}

std::optional<Dataset> Loader::run() {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
        diagnostics_.add({dir_, 0, 0, ""}, fs::exists(dir_, ec)
                                               ? "this is not a folder; a dataset is a folder "
                                                 "holding dataset.yaml and CSV tables"
                                               : "the dataset folder does not exist");
        return std::nullopt;
    }
    ds_.root = dir_;
    auto manifest = read_manifest(table_path("dataset.yaml"), diagnostics_);
    if (!manifest) return std::nullopt;  // without sources no row can be checked
    ds_.manifest = std::move(*manifest);
    ds_.index_names();
    load_countries();
    load_governance();
    load_commodities();
    load_element_content();
    load_deposits();
    load_processes();
    load_recipes();
    load_producers();
    load_demand();
    load_stockpiles();
    ds_.index_names();
    load_production();
    load_world_production();
    load_flows();
    load_projects();
    load_controls();
    if (!diagnostics_.empty()) return std::nullopt;
    build_network();
    return std::move(ds_);
}

}  // namespace

std::optional<Dataset> read_dataset(const std::string& dir, Diagnostics& diagnostics) {
    Diagnostics local;
    auto ds = Loader(dir, local).run();
    diagnostics.append(local);
    return ds;
}

Dataset load_dataset(const std::string& dir) {
    Diagnostics diagnostics;
    auto ds = read_dataset(dir, diagnostics);
    if (ds) check_dataset(*ds, diagnostics);
    if (!diagnostics.empty() || !ds) throw InvalidInput(std::move(diagnostics));
    return std::move(*ds);
}

}  // namespace critmin::io
