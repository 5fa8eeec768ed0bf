#include "sim/resolver.h"

#include <fmt/format.h>

#include <utility>

namespace critmin::sim {

Resolver::Resolver(const Dataset& data, const DatasetNetwork& dn, std::string file, Diagnostics& d,
                   const SourcePositions* positions)
    : data_(data), dn_(dn), file_(std::move(file)), d_(d), positions_(positions) {}

void Resolver::fail(const std::string& where, const std::string& message) {
    const auto [line, column] =
        positions_ != nullptr ? positions_->find(where) : std::pair<std::uint32_t, std::uint32_t>{};
    d_.add({file_, line, column, where}, message);
}

std::set<Id> Resolver::countries(const std::vector<std::string>& names, const std::string& where) {
    std::set<Id> out;
    for (const auto& n : names) {
        const Id c = data_.find_country(n);
        if (c != kNoId) {
            out.insert(c);
            continue;
        }
        const Id g = data_.find_group(n);
        if (g != kNoId) {
            for (std::uint32_t m : data_.groups.members.row(g)) out.insert(m);
            continue;
        }
        fail(where, fmt::format("`{}` is neither a country (ISO3) nor a group of the dataset", n));
    }
    return out;
}

Id Resolver::commodity(const std::string& name, const std::string& where) {
    const Id c = data_.find_commodity(name);
    if (c == kNoId) fail(where, fmt::format("`{}` is not a commodity of the dataset", name));
    return c;
}

std::set<Id> Resolver::commodities(const std::vector<std::string>& names,
                                   const std::string& where) {
    std::set<Id> out;
    for (const auto& n : names)
        if (Id c = commodity(n, where); c != kNoId) out.insert(c);
    return out;
}

Id Resolver::producer(const std::string& name, const std::string& where) {
    const Id node = data_.find_node(name);
    if (node == kNoId || data_.nodes.kind[node] != NodeKind::producer) {
        fail(where, fmt::format("`{}` is not a producer of the dataset", name));
        return kNoId;
    }
    return data_.nodes.row[node];
}

std::vector<int> Resolver::end_uses(const std::vector<std::string>& names,
                                    const std::string& where) {
    std::vector<int> out;
    for (const auto& u : names) {
        if (auto v = parse_enum<EndUse>(u))
            out.push_back(static_cast<int>(*v));
        else
            fail(where, fmt::format("`{}` is not an end use", u));
    }
    return out;
}

std::vector<std::uint8_t> Resolver::nodes(const NodeSelector& s, const std::string& where) {
    std::set<Id> producers;
    for (const auto& p : s.producers)
        if (Id r = producer(p, where + ".producer"); r != kNoId) producers.insert(r);
    const std::set<Id> cs = countries(s.countries, where + ".country");
    std::set<Stage> stages;
    for (const auto& st : s.stages) {
        const auto v = parse_enum<Stage>(st);
        if (!v)
            fail(where + ".stage", fmt::format("`{}` is not a stage (mining, separation, refining, "
                                               "metal, alloy, magnet, component)",
                                               st));
        else
            stages.insert(*v);
    }
    const std::set<Id> coms = commodities(s.commodities, where + ".commodity");
    std::vector<std::uint8_t> mask(dn_.net.n_nodes(), 0);
    std::size_t hits = 0;
    for (std::size_t i = 0; i < mask.size(); ++i) {
        const Id prod = dn_.node_producer[i];
        const Id com = dn_.node_commodity[i];
        // End-use nodes sit at the end_use stage and make products, not the commodity.
        const bool end_use = dn_.node_end_use[i] != 0;
        const Stage stage = end_use ? Stage::end_use : data_.commodities.stage[com];
        bool ok = true;
        if (!s.producers.empty()) ok = ok && prod != kNoId && producers.count(prod) != 0;
        if (!s.countries.empty()) ok = ok && cs.count(dn_.node_country[i]) != 0;
        if (!s.stages.empty()) ok = ok && stages.count(stage) != 0;
        if (!s.commodities.empty()) ok = ok && !end_use && coms.count(com) != 0;
        mask[i] = ok ? 1 : 0;
        hits += ok ? 1 : 0;
    }
    if (hits == 0 && d_.empty())
        fail(where, "selects no producer with output in the simulated year");
    return mask;
}

}  // namespace critmin::sim
