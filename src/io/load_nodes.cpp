// The nodes of the network: producers.csv, demand.csv and stockpiles.csv.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "io/csv.h"
#include "io/dataset_loader.h"

namespace critmin::io::detail {

void DatasetLoader::load_producers() {
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

void DatasetLoader::load_demand() {
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

void DatasetLoader::load_stockpiles() {
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

}  // namespace critmin::io::detail
