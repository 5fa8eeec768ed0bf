#include "indices/dataset_tables.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace critmin::indices {

RawTables raw_tables_from_dataset(const Dataset& ds) {
    RawTables t;
    auto& reg = t.countries;
    reg.iso3 = ds.countries.iso3;
    reg.name = ds.countries.name;
    for (std::size_t i = 0; i < reg.iso3.size(); ++i)
        reg.index.emplace(reg.iso3[i], static_cast<Id>(i));
    reg.group_name = ds.groups.name;
    reg.group_members = ds.groups.members;
    for (std::size_t g = 0; g < reg.group_name.size(); ++g)
        reg.group_index.emplace(reg.group_name[g], static_cast<Id>(g));
    t.commodities = ds.commodities.id;

    std::map<std::tuple<Id, Id, int>, double> production;  // ordered: deterministic rows
    for (std::size_t r = 0; r < ds.production.size(); ++r) {
        const Id country = ds.nodes.country[ds.producers.node[ds.production.producer[r]]];
        production[{ds.production.commodity[r], country, ds.production.year[r]}] +=
            ds.production.quantity[r];
    }
    for (const auto& [key, quantity] : production) {
        const auto& [commodity, country, year] = key;
        t.production.country.push_back(country);
        t.production.commodity.push_back(commodity);
        t.production.year.push_back(year);
        t.production.quantity.push_back(quantity);
    }

    std::map<std::uint64_t, double> trade;
    for (std::size_t r = 0; r < ds.flows.size(); ++r) {
        const Id from = ds.nodes.country[ds.flows.supplier[r]];
        const Id to = ds.nodes.country[ds.flows.customer[r]];
        if (from == to) continue;  // domestic supply is not trade
        trade[RawTrade::make_key(ds.flows.commodity[r], ds.flows.year[r], to, from)] +=
            ds.flows.quantity[r];
    }
    for (const auto& [key, quantity] : trade)
        t.trade.flows.push_back({key, quantity, std::nan(""), 0});

    for (std::size_t r = 0; r < ds.governance.size(); ++r) {
        std::array<double, kWgiDimensions.size()> values{};
        for (std::size_t d = 0; d < values.size(); ++d) values[d] = ds.governance.estimate[d][r];
        t.governance.estimate.emplace(
            RawGovernance::make_key(ds.governance.country[r], ds.governance.year[r]), values);
    }
    return t;
}

}  // namespace critmin::indices
