#include "sim/responses.h"

#include <algorithm>

#include "sim/ario.h"
#include "sim/downstream.h"

namespace critmin::sim {

namespace {

// Deliveries count as short when more than this share of the order is missing (S29, S38).
constexpr double kShortShare = 0.01;

// Yesterday's deliveries into a slot fell short of what was ordered (S29, S38 triggers).
bool short_yesterday(const Network& net, const State& s, std::uint32_t slot) {
    double ordered = 0;
    for (std::uint32_t e = net.edge_begin[slot]; e < net.edge_begin[slot + 1]; ++e)
        ordered += s.orders[e];
    return s.received[slot] < (1.0 - kShortShare) * ordered;
}

// A response with a trigger: from `start` on, at once (`start`) or on the first short day of
// one of its slots (`shortage`).
bool triggers(const Network& net, const State& s, const std::string& trigger,
              const std::vector<std::uint32_t>& slots, int day) {
    if (trigger == "start") return true;
    if (day <= 0) return false;
    return std::any_of(slots.begin(), slots.end(),
                       [&](std::uint32_t k) { return short_yesterday(net, s, k); });
}

}  // namespace

void apply_capacity_shocks(const std::vector<ShockEvent>& shocks,
                           const std::vector<std::vector<std::uint8_t>>& masks, int day, State& s) {
    std::fill(s.delta.begin(), s.delta.end(), 0.0);
    for (const ShockEvent& shock : shocks) {
        const double loss = shock_loss(shock, day);
        if (loss <= 0) continue;
        const std::vector<std::uint8_t>& mask = masks[shock.target];
        for (std::size_t i = 0; i < s.delta.size(); ++i)
            if (mask[i] != 0) s.delta[i] = 1.0 - (1.0 - s.delta[i]) * (1.0 - loss);
    }
}

void apply_licences(const std::vector<ControlEvent>& controls,
                    const std::vector<LicenceTargets>& targets, int day, State& s) {
    bool active = false;
    for (const ControlEvent& c : controls) active = active || c.days.contains(day);
    // Every licence is already 1: skip rewriting the per-edge array (5 M entries on a large firm
    // network) on the days no control is in force.
    if (!active && !s.licences_applied) return;
    s.licences_applied = active;
    ++s.licence_version;
    std::fill(s.license.begin(), s.license.end(), 1.0);
    std::fill(s.fd_license.begin(), s.fd_license.end(), 1.0);
    for (const ControlEvent& c : controls) {
        if (!c.days.contains(day)) continue;
        const double share = licensed_share(c.licensing, c.licensed, c.leak, c.days.start, day);
        const LicenceTargets& t = targets[c.target];
        for (std::uint32_t e : t.edges) s.license[e] = std::min(s.license[e], share);
        for (std::uint32_t f : t.finals) s.fd_license[f] = std::min(s.fd_license[f], share);
    }
}

void apply_demand_changes(const Network& net, const std::vector<DemandEvent>& changes,
                          const std::vector<std::vector<std::uint8_t>>& column_masks, int day,
                          State& s) {
    for (std::size_t f = 0; f < net.n_fd_entries(); ++f) {
        double factor = 1.0;
        for (const DemandEvent& c : changes)
            if (c.days.contains(day) && column_masks[c.target][net.fd_column[f]] != 0)
                factor *= c.factor;
        s.fd_orders[f] = net.fd_y0[f] * factor;
    }
}

void add_spare_capacity(const Network& net, const std::vector<SpareCapacity>& spare,
                        const std::vector<std::vector<std::uint8_t>>& masks, int day, State& s) {
    for (std::size_t k = 0; k < spare.size(); ++k) {
        const double share =
            spare[k].extra * ramp_share(day, spare[k].start, spare[k].ramp_up_days);
        for (std::size_t i = 0; i < net.n_nodes(); ++i)
            if (masks[k][i] != 0) s.capacity_extra[i] += share * net.x0[i];
    }
}

void apply_projects(const std::vector<ProjectTargets>& projects, int day, State& s) {
    for (const ProjectTargets& t : projects) {
        const double cap = t.capacity_per_day * ramp_share(day, t.online, t.ramp);
        s.capacity_extra[t.node] += cap;
        for (std::size_t k = 0; k < t.edges.size(); ++k)
            s.edge_bonus[t.edges[k]] = cap * t.buyer_share[k];  // S31
    }
}

void apply_candidates(const std::vector<CandidateTargets>& candidates, int day, State& s) {
    for (const CandidateTargets& c : candidates)
        if (day >= c.from)
            for (std::size_t k = 0; k < c.edges.size(); ++k) s.edge_bonus[c.edges[k]] = c.bonus[k];
}

HeldStock held_stock(const CompiledScenario& c, const Events& events) {
    const Network& net = c.network.net;
    const std::size_t n = net.n_nodes();
    HeldStock h;
    h.held.assign(n, 0.0);
    h.cap.assign(n, 0.0);
    // cap = hold_days x baseline sales under the control.
    std::vector<double> sales;
    for (const ControlEvent& e : events.controls) {
        if (e.hold_days <= 0) continue;
        const LicenceTargets& t = c.licence_targets[e.target];
        sales.assign(n, 0.0);
        for (std::uint32_t k : t.edges) sales[net.edge_supplier[k]] += net.edge_z0[k];
        for (std::uint32_t f : t.finals) sales[c.fd_node[f]] += net.fd_y0[f];
        for (std::size_t i = 0; i < n; ++i) h.cap[i] = std::max(h.cap[i], e.hold_days * sales[i]);
    }
    std::size_t widest = 0;
    for (std::uint32_t i = 0; i < n; ++i)
        if (h.cap[i] > 0) {
            h.holders.push_back(i);
            widest = std::max<std::size_t>(widest, net.out_begin[i + 1] - net.out_begin[i]);
        }
    h.gap.assign(widest, 0.0);
    return h;
}

double apply_held_stock(const CompiledScenario& c, const ModelParameters& p, HeldStock& h, int day,
                        State& s) {
    const Network& net = c.network.net;
    double abroad = 0;
    for (std::uint32_t i : h.holders) {
        if (day > 0) h.held[i] += s.rebuild_delivered[i];
        double refused = 0;
        for (std::uint32_t q = net.out_begin[i]; q < net.out_begin[i + 1]; ++q) {
            const std::uint32_t e = net.out_edge[q];
            refused += (1.0 - s.license[e]) * s.orders[e];
        }
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
            refused += (1.0 - s.fd_license[f]) * s.fd_orders[f];
        s.rebuild_demand[i] = held_stock_order(refused, h.held[i], h.cap[i]);
        if (h.held[i] <= 0) continue;
        double gap = 0;
        for (std::uint32_t q = net.out_begin[i]; q < net.out_begin[i + 1]; ++q) {
            const std::uint32_t e = net.out_edge[q];
            const std::uint32_t k = c.edge_slot[e];
            const std::uint32_t j = net.slot_buyer[k];
            const double target = s.production_opt[j] * net.slot_tech[k] * s.tech_scale[k] *
                                  net.inventory_steps[net.slot_product[k]];
            h.gap[q - net.out_begin[i]] =
                s.license[e] * std::max(target - s.inventory[k], 0.0) * c.edge_share[e];
            gap += h.gap[q - net.out_begin[i]];
        }
        const double release = held_stock_release(h.held[i], gap, p.restoration_tau);
        if (release <= 0) continue;
        for (std::uint32_t q = net.out_begin[i]; q < net.out_begin[i + 1]; ++q) {
            const std::uint32_t e = net.out_edge[q];
            const double amount = release * h.gap[q - net.out_begin[i]] / gap;
            s.inventory[c.edge_slot[e]] += amount;
            if (c.export_edge[e] != 0) abroad += amount;
        }
        h.held[i] -= release;
    }
    return abroad;
}

StockpileState stockpile_state(const CompiledScenario& c) {
    StockpileState st;
    for (const StockpileTargets& t : c.stockpiles) {
        st.summary.push_back(t.summary);
        st.left.push_back(t.summary.stock);
    }
    st.triggered.assign(c.stockpiles.size(), 0);
    return st;
}

void apply_stockpile_releases(const CompiledScenario& c, StockpileState& st, int day, State& s) {
    const Network& net = c.network.net;
    for (std::size_t r = 0; r < c.stockpiles.size(); ++r) {
        const StockpileTargets& rel = c.stockpiles[r];
        if (st.triggered[r] == 0 && day >= rel.start &&
            triggers(net, s, rel.trigger, rel.slots, day))
            st.triggered[r] = 1;
        if (st.triggered[r] == 0 || st.left[r] <= 0) continue;
        double gap = 0;
        for (std::size_t k = 0; k < rel.slots.size(); ++k)
            gap += std::max(rel.target[k] - s.inventory[rel.slots[k]], 0.0);
        const double amount = std::min({st.left[r], rel.max_daily, gap});
        if (amount <= 0) continue;
        for (std::size_t k = 0; k < rel.slots.size(); ++k) {
            const double g = std::max(rel.target[k] - s.inventory[rel.slots[k]], 0.0);
            s.inventory[rel.slots[k]] += amount * (g / gap);
        }
        st.left[r] -= amount;
        st.summary[r].released += amount;
        if (st.summary[r].first_release_day < 0) st.summary[r].first_release_day = day;
    }
}

void apply_substitution(const CompiledScenario& c, std::vector<int>& triggered, int day, State& s) {
    const Network& net = c.network.net;
    std::fill(s.tech_scale.begin(), s.tech_scale.end(), 1.0);
    for (std::size_t q = 0; q < c.substitution.size(); ++q) {
        const Substitution& sub = c.substitution[q];
        const std::vector<std::uint32_t>& slots = c.substitution_slots[q];
        if (triggered[q] < 0 && day >= sub.start && triggers(net, s, sub.trigger, slots, day))
            triggered[q] = day;
        const double factor = substitution_factor(sub, triggered[q], day);
        if (factor != 1.0)
            for (std::uint32_t k : slots) s.tech_scale[k] *= factor;
    }
}

void apply_priorities(const CompiledScenario& c, const ModelParameters& p,
                      std::vector<double>& need, State& s) {
    const Network& net = c.network.net;
    for (const PriorityPool& pool : c.pools) {
        for (std::size_t k = 0; k < pool.slots.size(); ++k) {
            const std::uint32_t slot = pool.slots[k];
            const std::uint32_t j = net.slot_buyer[slot];
            double orders = 0;
            for (std::uint32_t f = net.fd_begin[j]; f < net.fd_begin[j + 1]; ++f)
                orders += s.fd_orders[f];
            need[k] =
                orders * net.slot_tech[slot] * s.tech_scale[slot] * stop_steps(net, p, j, slot);
        }
        share_by_priority(pool, need.data(), s.inventory.data());
    }
}

}  // namespace critmin::sim
