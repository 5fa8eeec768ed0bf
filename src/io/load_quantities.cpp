// production.csv, world_production.csv, prices.csv, flows.csv and projects.csv.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "io/csv.h"
#include "io/dataset_loader.h"

namespace critmin::io::detail {

void DatasetLoader::load_production() {
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

void DatasetLoader::load_world_production() {
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

void DatasetLoader::load_prices() {
    static constexpr ColumnSpec kColumns[] = {
        {"commodity", true}, {"year", true}, {"price_per_t", true}, {"currency", true}, kSource,
        kConfidence,         kDerivation};
    const CsvFile file = read_table("prices.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& p = ds_.prices;
    std::set<std::pair<Id, int>> seen;
    for (std::size_t r : t.rows()) {
        const Id commodity = commodity_ref(t, r, "commodity");
        auto year = t.year(r, "year");
        auto price = t.quantity(r, "price_per_t", true);
        auto currency = t.required_text(r, "currency");
        auto prov = provenance(t, r);
        if (commodity == kNoId || !year || !price || !currency || !prov) continue;
        if (!unique(seen, std::pair{commodity, *year}, t, r, "year",
                    fmt::format("price of {} in {}", ds_.commodities.id[commodity], *year)))
            continue;
        p.commodity.push_back(commodity);
        p.year.push_back(*year);
        p.price.push_back(*price);
        p.currency.push_back(*currency);
        push(p.provenance, *prov);
    }
}

void DatasetLoader::load_flows() {
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

void DatasetLoader::load_projects() {
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

}  // namespace critmin::io::detail
