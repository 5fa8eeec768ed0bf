// The state of a simulation: flat arrays sized once from the network (docs/model.md, sec. 2).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/network.h"
#include "sim/parameters.h"

namespace critmin::sim {

struct State {
    int step = 0;
    int demand_step = -1;      // step at which total_demand was last computed
    int orders_out_step = -1;  // step at which orders_out was last gathered
    // Bumped by whoever rewrites `license` or `fd_license`, so that a kernel keeping its own
    // copy of the licences (sim/sparse_kernel.h) knows when to refresh it.
    std::uint64_t licence_version = 0;
    bool licences_applied = false;  // some licence may be below 1 (apply_licences)
    // Per node.
    std::vector<double> production;      // x(t), realised output
    std::vector<double> capacity;        // x^cap(t) = x0 (1 - delta) alpha (eq. S2)
    std::vector<double> production_opt;  // x^opt(t) = min(D, x^cap) (eq. S5)
    std::vector<double> total_demand;    // D(t): orders + final demand + rebuilding (eq. S4)
    std::vector<double> alpha;           // overproduction factor (eq. S1)
    std::vector<double> delta;           // share of capacity lost to shocks (eq. S2)
    std::vector<double> capacity_scale;  // shocks and responses scale capacity (eq. S3), 1 = none
    std::vector<double> capacity_extra;  // responses: capacity added per step (eq. S3), 0 = none
    std::vector<double> rebuild_demand;  // rebuilding demand addressed to the node this step
    std::vector<double> rebuild_delivered;
    std::vector<double> delivered_out;  // all that left the node this step (mass balance)
    std::vector<double> fulfilment;     // share of the node's orders filled last step (S10)
    // Per input slot.
    std::vector<double> inventory;   // S(t)
    std::vector<double> received;    // deliveries into the slot this step
    std::vector<double> tech_scale;  // S38: substitution and thrifting scale a_k; 1 = none
    // Per edge.
    std::vector<double> orders;       // O(t): placed at the end of the previous step
    std::vector<double> delivered;    // what the supplier shipped on the edge this step
    std::vector<double> license;      // export controls: share of the order that may ship (S12)
    std::vector<double> edge_bonus;   // substitution: weight of candidate suppliers (S17)
    std::vector<double> orders_out;   // orders x licence in supplier (out_edge) order, per step
    std::vector<double> edge_weight;  // scratch: S17 weights of the current split
    // Per final-demand entry and column.
    std::vector<double> fd_orders;
    std::vector<double> fd_license;  // export controls on final demand (S12)
    std::vector<double> fd_delivered;
    std::vector<double> fd_unmet;       // per column: final demand not met this step
    std::vector<double> fd_fulfilment;  // per column, last step (S10)
    // Scratch used inside a step (sized once; never resized in a step).
    std::vector<double> node_scratch;
    std::vector<double> slot_scratch;
    std::vector<std::uint32_t> row_order;  // per-thread rows for priority rationing
    std::vector<double> row_key;
    std::vector<double> row_amount;
    std::size_t row_capacity = 0;  // length of one thread's share of the three arrays above
};

// The steady state the network was built for: production x0, orders z0, full inventories.
[[nodiscard]] State initial_state(const Network& net, const ModelParameters& p);
// The per-node part of the steady state (production x0, alpha_base, no shock), shared by every
// layout's initial state.
void initial_node_state(State& st, const std::vector<double>& x0, const ModelParameters& p);

}  // namespace critmin::sim
