// The daily step of the ARIO-family model (docs/model.md). Each function is one phase of a
// step and cites the equations it implements; a step calls them in this order:
//   update_overproduction -> compute_production -> distribute_output -> place_orders.
// Shocks and responses (sim/shocks.h) change `delta`, `capacity_scale`, `license`,
// `fd_orders` and `rebuild_demand` between steps.
#pragma once

#include <algorithm>
#include <cmath>

#include <cstddef>

#include "sim/network.h"
#include "sim/parameters.h"
#include "sim/state.h"

namespace critmin::sim {

// S1: the overproduction factor moves toward alpha_max while demand exceeds production and
// back toward alpha_base when it does not. Returns the new alpha. `alpha_max` is the node's
// ceiling (S1a: its nameplate capacity over its baseline output where the dataset gives one).
// Inline: every kernel calls it once per node and step.
[[nodiscard]] inline double next_alpha(double alpha, double demand, double production,
                                       const ModelParameters& p, double alpha_max) {
    const double rate = 1.0 / p.alpha_tau;
    double scarcity = 0.0;
    if (demand != 0.0) scarcity = (demand - production) / demand;
    if (std::isnan(scarcity)) scarcity = 0.0;
    double change = 0.0;
    if (p.mode == Mode::boario) {
        // BoARIO's form, kept term by term: only an exact zero scarcity lets alpha relax.
        change = ((alpha_max - alpha) * scarcity) * rate +
                 ((p.alpha_base - alpha) * (scarcity == 0.0 ? 1.0 : 0.0)) * rate;
    } else if (scarcity > 1e-9) {
        change = (alpha_max - alpha) * scarcity * rate;
    } else {
        // Demand met (or production above demand): relax toward the base factor.
        change = (p.alpha_base - alpha) * rate;
    }
    const double next = alpha + change;
    return next < 1.0 ? 1.0 : next;
}
[[nodiscard]] inline double next_alpha(double alpha, double demand, double production,
                                       const ModelParameters& p) {
    return next_alpha(alpha, demand, production, p, p.alpha_max);
}

// S1a: a node's overproduction ceiling: its own where the network has one, else alpha_max.
[[nodiscard]] inline double node_alpha_max(const Network& net, const ModelParameters& p,
                                           std::size_t node) {
    return node < net.alpha_max.size() && net.alpha_max[node] > 0 ? net.alpha_max[node]
                                                                  : p.alpha_max;
}

// S2, S3: production capacity of one node: baseline less shocks, times overproduction and any
// scaling, plus capacity added by responses (new projects, spare capacity).
[[nodiscard]] inline double node_capacity(double x0, double delta, double alpha, double scale,
                                          double extra) {
    return x0 * (1.0 - delta) * alpha * scale + extra;
}

// numpy's pairwise summation (blocks of 8 partial sums, halves above 128 items), used in
// boario mode so sums agree with BoARIO's to the last bit where the order of terms matters.
[[nodiscard]] double pairwise_sum(const double* values, std::size_t n);

// S1 for every node (boario mode: only from step 2 on, as BoARIO does).
void update_overproduction(const Network& net, const ModelParameters& p, State& st);

// S6, S6a: the stock, in steps of use, below which node j's production falls for its input
// slot k: psi x the target inventory, or the node's own stop level where the network gives one
// (never above psi x the target).
[[nodiscard]] inline double stop_steps(const Network& net, const ModelParameters& p, std::size_t j,
                                       std::uint32_t k) {
    const double psi_target = p.psi * net.inventory_steps[net.slot_product[k]];
    const double own = j < net.need_steps.size() ? net.need_steps[j] : 0.0;
    return own > 0.0 ? std::min(own, psi_target) : psi_target;
}

// S6a, S6b: the share of full production that a node's stock of one input allows. `days` is
// the stock in steps of today's use, `stop` the level below which a firm cuts output and
// `spread` the half-width of the uniform spread of the node's firms' stock around `days` (0: the
// node is one firm, min(1, days / stop)). Never above `days`: a node uses at most what it holds.
[[nodiscard]] double stock_ratio(double days, double stop, double spread);

// S6, S6a, S6b, S7: node j's production given its optimal production `x_opt` and the stock of
// its binding inputs (st.inventory, st.tech_scale).
[[nodiscard]] double input_limited_production(const Network& net, const ModelParameters& p,
                                              const State& st, std::size_t j, double x_opt);

// S4, S2, S5-S7: total demand, capacity, optimal production and production limited by inputs.
void compute_production(const Network& net, const ModelParameters& p, State& st);

// S8-S11 (rationing), S12 (export licences), S13 (inventory update), S14 (unmet final demand).
void distribute_output(const Network& net, const ModelParameters& p, State& st);

// S14 for every column from st.fd_orders and st.fd_delivered, and each column's fulfilment (S10).
void unmet_final_demand(const Network& net, State& st);

// S15-S17: orders for the next step, split across suppliers (substitution toward suppliers
// with capacity and licences).
void place_orders(const Network& net, const ModelParameters& p, State& st);

// S18: the largest relative gap, over nodes, between production and what left the node
// (deliveries to customers, final demand and rebuilding). ARIO ships instantly, so nothing is
// in transit. Zero in native mode up to rounding (<= 1e-12 relative).
[[nodiscard]] double mass_balance_error(const Network& net, const State& st);
// S18 on a finished run: a relative gap above 1e-9 is an engine bug; throws Error(runtime).
// Every run of every path (dataset, firm, MRIO) calls it.
void check_mass_balance(double max_relative_error);

}  // namespace critmin::sim
