// Compiles a firm-level network (io/firm_reader.h) into the simulation network (sim/network.h).
//
// A firm is a node making its sector's product in its region. A buyer holds one input slot per
// sector it buys from, and the slot's supply edges are the firms of that sector that sell to it.
// The baseline is a steady state by construction: a firm's output is its sales to other firms
// plus its final demand, and its input coefficients are its purchases over its output.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/firm_reader.h"
#include "sim/network.h"
#include "sim/parameters.h"

namespace critmin::sim {

// How firms are numbered in the network. Numbering changes no result beyond rounding (sums over
// a slot's suppliers run in another order) and no output names a firm by its number.
enum class FirmOrder {
    file,  // the order of firms.csv
    // By region, then sector, then number of links (most first), then file order. A step reads
    // each partner's record at random; firms that trade with each other (mostly within a region
    // in real networks) then sit close, and the most connected firms, read by many partners on
    // every step, share few cache lines and pages.
    locality,
    degree,  // by number of links alone (most first), then file order; for comparison
};

struct FirmOptions {
    double steps_per_year = 365;  // amounts are per year; a step is 1/steps_per_year
    double inventory_steps = 90;  // target inventory of every input, in steps of use
    FirmOrder order = FirmOrder::file;
};

// The network index of each firm of `t` (a permutation of 0 .. n_firms - 1) under `order`.
[[nodiscard]] std::vector<std::uint32_t> firm_numbering(const sim::FirmTable& t, FirmOrder order);

// Builds the network in O(firms + edges) time with counting sorts (no per-edge map):
//   - edges are grouped by buyer, then by the supplier's sector (one slot per sector), then by
//     supplier; rows for the same (supplier, customer) pair are added up, rows of amount 0
//     are dropped; edge_z0 = amount / steps_per_year;
//   - x0 = (sales to firms + final demand) / steps_per_year;
//   - slot_tech = the slot's baseline inflow / the buyer's x0, binding above
//     p.technology_threshold (S7);
//   - one final-demand column per region ("<region>|final demand"); a firm with final demand
//     sells it to its own region's column.
//   - firms are numbered by options.order (node_labels keeps their ids).
// Throws Error(runtime) if the result fails Network::check().
[[nodiscard]] Network build_firm_network(const sim::FirmTable& firms, const ModelParameters& p,
                                         const FirmOptions& options = {});

}  // namespace critmin::sim
