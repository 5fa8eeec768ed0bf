#include "indices/lookthrough.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "indices/concentration.h"

namespace critmin::indices {

OriginMatrix::OriginMatrix(const Dataset& ds, int year)
    : n_countries_(ds.countries.size()),
      values_(ds.nodes.size() * kStageCount * ds.countries.size(), 0.0),
      reached_(ds.nodes.size() * kStageCount, false) {
    // Flows only go down the chain (checked by the loader), so visiting nodes by stage, and
    // stockpiles after the producers of their stage, visits every supplier before its customers.
    std::vector<Id> order(ds.nodes.size());
    std::iota(order.begin(), order.end(), 0);
    auto rank = [&](Id n) {
        return static_cast<int>(ds.node_stage(n)) * 2 +
               (ds.nodes.kind[n] == NodeKind::stockpile ? 1 : 0);
    };
    std::stable_sort(order.begin(), order.end(), [&](Id a, Id b) { return rank(a) < rank(b); });

    for (Id n : order) {
        const auto own = static_cast<std::size_t>(ds.node_stage(n));
        const bool passes_through = ds.nodes.kind[n] == NodeKind::stockpile;
        // A6, own stage: the node itself (a stockpile holds others' output, so it passes through).
        if (!passes_through) {
            const std::size_t base = static_cast<std::size_t>(n) * kStageCount + own;
            values_[base * n_countries_ + ds.nodes.country[n]] = 1.0;
            reached_[base] = true;
        }
        double total = 0;
        for (Id f : ds.network.inflows.row(n))
            if (ds.flows.year[f] == year) total += ds.flows.quantity[f];
        if (!(total > 0)) continue;
        const std::size_t last = passes_through ? own + 1 : own;
        for (Id f : ds.network.inflows.row(n)) {
            if (ds.flows.year[f] != year) continue;
            const double weight = ds.flows.quantity[f] / total;
            const Id s = ds.flows.supplier[f];
            for (std::size_t stage = 0; stage < last; ++stage) {
                const std::size_t from = static_cast<std::size_t>(s) * kStageCount + stage;
                if (!reached_[from]) continue;
                const std::size_t to = static_cast<std::size_t>(n) * kStageCount + stage;
                reached_[to] = true;
                for (std::size_t c = 0; c < n_countries_; ++c)
                    values_[to * n_countries_ + c] += weight * values_[from * n_countries_ + c];
            }
        }
    }
}

std::vector<EndUseDependence> lookthrough_dependence(const Dataset& ds, const Economy& economy,
                                                     int year) {
    const OriginMatrix origins(ds, year);
    // (end use, commodity) -> demand nodes of the economy
    std::map<std::pair<EndUse, Id>, std::vector<std::size_t>> groups;
    for (std::size_t r = 0; r < ds.demand.size(); ++r) {
        const Id node = ds.demand.node[r];
        if (ds.demand.year[r] != year || !economy.contains(ds.nodes.country[node])) continue;
        groups[{ds.demand.end_use[r], ds.nodes.commodity[node]}].push_back(r);
    }
    std::vector<EndUseDependence> out;
    std::vector<double> mix(ds.countries.size());
    for (const auto& [key, rows] : groups) {
        double quantity = 0;
        for (std::size_t r : rows) quantity += ds.demand.quantity[r];
        for (std::size_t stage = 0; stage < static_cast<std::size_t>(Stage::end_use); ++stage) {
            std::fill(mix.begin(), mix.end(), 0.0);
            bool any = false;
            for (std::size_t r : rows) {
                const Id node = ds.demand.node[r];
                if (!origins.reaches(node, static_cast<Stage>(stage))) continue;
                any = true;
                const double weight = quantity > 0 ? ds.demand.quantity[r] / quantity
                                                   : 1.0 / static_cast<double>(rows.size());
                const auto o = origins.origin(node, static_cast<Stage>(stage));
                for (std::size_t c = 0; c < mix.size(); ++c) mix[c] += weight * o[c];
            }
            if (!any) continue;
            EndUseDependence d;
            d.end_use = key.first;
            d.commodity = key.second;
            d.stage = static_cast<Stage>(stage);
            d.quantity = quantity;
            rank_countries(ds, mix, 1.0, d.country, d.share);
            d.unattributed = std::max(0.0, 1.0 - std::accumulate(mix.begin(), mix.end(), 0.0));
            out.push_back(std::move(d));
        }
    }
    return out;
}

}  // namespace critmin::indices
