// The compiled supply network every simulation runs on (docs/model.md, section 1).
//
// One layout serves the three granularities (a dataset's physical network, an MRIO, a firm
// edge list): nodes make one product each; a buyer holds one inventory per input product
// ("input slot"); each supply edge belongs to the slot it restocks. Everything is a flat array:
// slots are contiguous per buyer, edges contiguous per slot, and a second index lists each
// supplier's edges in buyer order. A step reads and writes these arrays and allocates nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace critmin::sim {

struct Network {
    // Nodes: industries, producers or firms.
    std::vector<std::string> node_labels;
    std::vector<std::uint32_t> node_product;  // what each node makes
    std::vector<std::uint32_t> node_region;   // where it is (country or MRIO region)
    std::vector<double> x0;                   // baseline output per step
    std::vector<std::string> product_labels;
    std::vector<std::string> region_labels;
    std::vector<double> inventory_steps;  // per product: target inventory in steps of use
    // S1a: per-node overproduction ceiling (nameplate capacity / baseline output); empty, or
    // 0 for a node, means the model's alpha_max.
    std::vector<double> alpha_max;
    // S6a: per node, the stock (in steps of use) below which production falls in proportion;
    // empty, or 0 for a node, means psi x the target inventory (S6). A dataset's plants and end
    // users run their stock down before they cut output (docs/model.md, section 8).
    std::vector<double> need_steps;
    // S6b: half-width, in steps of use, of the spread of a node's firms' stock around the
    // node's own (nodes with a stop level only); 0: each node acts as one firm.
    double stock_spread_steps = 0;

    // Input slots (buyer, product): slots of buyer j are slot_begin[j] .. slot_begin[j+1].
    std::vector<std::uint32_t> slot_begin;    // n_nodes + 1
    std::vector<std::uint32_t> slot_product;  // product held in the slot
    std::vector<std::uint32_t> slot_buyer;
    std::vector<double> slot_tech;           // input per unit of the buyer's output (A aggregated)
    std::vector<std::uint8_t> slot_binding;  // 1: the input can limit production (eq. S7)

    // Supply edges, grouped by slot: edges of slot k are edge_begin[k] .. edge_begin[k+1].
    std::vector<std::uint32_t> edge_begin;  // n_slots + 1
    std::vector<std::uint32_t> edge_supplier;
    std::vector<std::uint32_t> edge_buyer;  // filled by index_suppliers()
    std::vector<double> edge_z0;            // baseline flow per step
    // Supplier view: edges of supplier i are out_edge[out_begin[i] .. out_begin[i+1]), in
    // increasing buyer order.
    std::vector<std::uint32_t> out_begin;
    std::vector<std::uint32_t> out_edge;

    // Final demand: columns (region, category or end use); entries grouped by supplier.
    std::vector<std::string> final_labels;
    std::vector<std::uint32_t> final_region;
    std::vector<std::uint32_t> fd_begin;  // n_nodes + 1
    std::vector<std::uint32_t> fd_column;
    std::vector<double> fd_y0;  // baseline final demand per step

    // Productive capital per node (money), for capital-destruction shocks; may be empty.
    std::vector<double> capital;

    [[nodiscard]] std::size_t n_nodes() const { return x0.size(); }
    [[nodiscard]] std::size_t n_slots() const { return slot_product.size(); }
    [[nodiscard]] std::size_t n_edges() const { return edge_supplier.size(); }
    [[nodiscard]] std::size_t n_final_columns() const { return final_labels.size(); }
    [[nodiscard]] std::size_t n_fd_entries() const { return fd_column.size(); }

    // Builds out_begin/out_edge from the slot-grouped edges (call after filling the edges).
    void index_suppliers();
    // Structural checks (sizes agree, ids in range, offsets increase); throws Error(runtime).
    void check() const;
};

}  // namespace critmin::sim
