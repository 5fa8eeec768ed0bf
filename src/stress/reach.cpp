#include "stress/reach.h"

#include <algorithm>
#include <numeric>

namespace critmin::stress {

namespace {

struct UnionFind {
    std::vector<Id> parent;
    explicit UnionFind(std::size_t n) : parent(n) {
        std::iota(parent.begin(), parent.end(), Id{0});
    }
    Id find(Id x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void join(Id a, Id b) { parent[find(a)] = find(b); }
};

bool base_touches_network(const sim::Scenario& s) {
    return !s.capacity_shocks.empty() || !s.export_controls.empty() || !s.demand_changes.empty() ||
           !s.stockpiles.empty() || !s.projects.empty() || !s.spare_capacity.empty() ||
           !s.recycling.empty() || !s.candidates.empty() || !s.regimes.empty() || s.pipeline.given;
}

}  // namespace

ReachablePart reachable_part(const Dataset& data, const Catalogue& c,
                             const std::vector<std::vector<std::string>>& shocked) {
    ReachablePart out{data, {}};
    if (base_touches_network(c.base)) return out;
    const std::size_t nc = data.commodities.size();
    // Chains: a flow joins its commodity with what its customer makes (a producer's main
    // commodity, or the commodity a demand node buys), and a producer joins all it ships.
    UnionFind chains(nc);
    std::vector<Id> shipped(data.nodes.size(), kNoId);
    for (std::size_t f = 0; f < data.flows.size(); ++f) {
        const Id com = data.flows.commodity[f];
        chains.join(com, data.nodes.commodity[data.flows.customer[f]]);
        const Id s = data.flows.supplier[f];
        if (shipped[s] != kNoId) chains.join(com, shipped[s]);
        shipped[s] = com;
    }
    std::vector<std::uint8_t> reached(nc, 0);
    auto reach = [&](Id com) {
        if (com != kNoId) reached[chains.find(com)] = 1;
    };
    for (const EventType& ev : c.events) {
        for (const auto& id : ev.commodities) reach(data.find_commodity(id));
        for (const auto& id : ev.target.commodities) reach(data.find_commodity(id));
        if (ev.type == "demand")
            for (std::size_t r = 0; r < data.demand.size(); ++r) {
                const auto use = std::string(to_string(data.demand.end_use[r]));
                if (ev.end_uses.empty() ||
                    std::find(ev.end_uses.begin(), ev.end_uses.end(), use) != ev.end_uses.end())
                    reach(data.nodes.commodity[data.demand.node[r]]);
            }
    }
    for (const auto& labels : shocked)
        for (const auto& label : labels) {
            // Node labels are a producer id, or "producer:commodity" for a joint output.
            const auto colon = label.find(':');
            const Id node = data.find_node(label.substr(0, colon));
            if (node == kNoId) continue;
            reach(colon == std::string::npos ? data.nodes.commodity[node]
                                             : data.find_commodity(label.substr(colon + 1)));
        }
    std::vector<std::uint8_t> keep(nc, 0);
    for (std::size_t k = 0; k < nc; ++k) keep[k] = reached[chains.find(static_cast<Id>(k))];
    for (std::size_t k = 0; k < nc; ++k) {
        bool has_flow = false;
        for (std::size_t f = 0; f < data.flows.size() && !has_flow; ++f)
            has_flow = data.flows.commodity[f] == static_cast<Id>(k);
        if (!keep[k] && has_flow) out.dropped.push_back(data.commodities.id[k]);
    }
    if (out.dropped.empty()) return out;
    FlowTable& t = out.data.flows;
    FlowTable kept;
    for (std::size_t f = 0; f < t.size(); ++f) {
        if (!keep[t.commodity[f]]) continue;
        kept.supplier.push_back(t.supplier[f]);
        kept.customer.push_back(t.customer[f]);
        kept.commodity.push_back(t.commodity[f]);
        kept.year.push_back(t.year[f]);
        kept.quantity.push_back(t.quantity[f]);
        kept.basis.push_back(t.basis[f]);
        kept.provenance.source.push_back(t.provenance.source[f]);
        kept.provenance.confidence.push_back(t.provenance.confidence[f]);
        kept.provenance.derivation.push_back(t.provenance.derivation[f]);
        kept.provenance.line.push_back(t.provenance.line[f]);
    }
    t = std::move(kept);
    out.data.build_network();
    return out;
}

}  // namespace critmin::stress
