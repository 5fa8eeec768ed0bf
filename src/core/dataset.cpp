#include "core/dataset.h"

namespace critmin {

Id Dataset::NameIndex::find(std::string_view key) const {
    auto it = map.find(std::string(key));
    return it == map.end() ? kNoId : it->second;
}

namespace {
template <typename Names>
void fill(std::unordered_map<std::string, Id>& map, const Names& names) {
    map.clear();
    map.reserve(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) map.emplace(names[i], static_cast<Id>(i));
}
}  // namespace

void Dataset::index_names() {
    fill(country_index_.map, countries.iso3);
    fill(group_index_.map, groups.name);
    fill(commodity_index_.map, commodities.id);
    fill(node_index_.map, nodes.id);
    fill(process_index_.map, processes.id);
    fill(deposit_index_.map, deposits.type_name);
    source_index_.map.clear();
    for (std::size_t i = 0; i < manifest.sources.size(); ++i)
        source_index_.map.emplace(manifest.sources[i].id, static_cast<Id>(i));
}

Id Dataset::find_country(std::string_view iso3) const {
    return country_index_.find(iso3);
}
Id Dataset::find_group(std::string_view name) const {
    return group_index_.find(name);
}
std::optional<std::vector<Id>> Dataset::countries_named(std::string_view name) const {
    if (const Id c = find_country(name); c != kNoId) return std::vector<Id>{c};
    if (const Id g = find_group(name); g != kNoId) {
        const auto members = groups.members.row(g);
        return std::vector<Id>(members.begin(), members.end());
    }
    return std::nullopt;
}
Id Dataset::find_commodity(std::string_view id) const {
    return commodity_index_.find(id);
}
Id Dataset::find_node(std::string_view id) const {
    return node_index_.find(id);
}
Id Dataset::find_process(std::string_view id) const {
    return process_index_.find(id);
}
Id Dataset::find_source(std::string_view id) const {
    return source_index_.find(id);
}
Id Dataset::find_deposit_type(std::string_view name) const {
    return deposit_index_.find(name);
}

std::optional<double> Dataset::world_total(Id commodity, int year) const {
    for (std::size_t r = 0; r < world_production.size(); ++r) {
        if (world_production.commodity[r] == commodity && world_production.year[r] == year)
            return world_production.quantity[r];
    }
    return std::nullopt;
}

std::optional<std::size_t> Dataset::price_row(Id commodity, int year) const {
    std::optional<std::size_t> best;
    for (std::size_t r = 0; r < prices.size(); ++r)
        if (prices.commodity[r] == commodity && prices.year[r] <= year &&
            (!best || prices.year[r] > prices.year[*best]))
            best = r;
    return best;
}

void Dataset::build_network() {
    std::vector<std::pair<Id, Id>> in, out;
    in.reserve(flows.size());
    out.reserve(flows.size());
    for (std::size_t r = 0; r < flows.size(); ++r) {
        in.emplace_back(flows.customer[r], static_cast<Id>(r));
        out.emplace_back(flows.supplier[r], static_cast<Id>(r));
    }
    network.inflows = Csr::build(nodes.size(), in);
    network.outflows = Csr::build(nodes.size(), out);
    std::vector<std::pair<Id, Id>> prod;
    for (std::size_t r = 0; r < production.size(); ++r)
        prod.emplace_back(production.producer[r], static_cast<Id>(r));
    network.production = Csr::build(producers.size(), prod);
}

}  // namespace critmin
