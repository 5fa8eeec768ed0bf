#include "sim/network.h"

#include <fmt/format.h>

#include "core/error.h"

namespace critmin::sim {

void Network::index_suppliers() {
    const std::size_t n = n_nodes();
    out_begin.assign(n + 1, 0);
    for (std::uint32_t s : edge_supplier) ++out_begin[s + 1];
    for (std::size_t i = 0; i < n; ++i) out_begin[i + 1] += out_begin[i];
    out_edge.assign(n_edges(), 0);
    edge_buyer.assign(n_edges(), 0);
    for (std::size_t k = 0; k < n_slots(); ++k)
        for (std::uint32_t e = edge_begin[k]; e < edge_begin[k + 1]; ++e)
            edge_buyer[e] = slot_buyer[k];
    std::vector<std::uint32_t> next(out_begin.begin(), out_begin.end() - 1);
    // Edges are stored by buyer (slots are contiguous per buyer), so filling in edge order
    // lists each supplier's edges in increasing buyer order.
    for (std::uint32_t e = 0; e < n_edges(); ++e) out_edge[next[edge_supplier[e]]++] = e;
}

void Network::check() const {
    const std::size_t n = n_nodes();
    auto fail = [](const std::string& what) {
        throw Error(ErrorKind::runtime, "inconsistent network: " + what);
    };
    if (node_product.size() != n || node_region.size() != n || node_labels.size() != n)
        fail("node arrays differ in length");
    if (slot_begin.size() != n + 1 || slot_begin.back() != n_slots()) fail("slot offsets");
    if (slot_tech.size() != n_slots() || slot_binding.size() != n_slots() ||
        slot_buyer.size() != n_slots())
        fail("slot arrays differ in length");
    if (edge_begin.size() != n_slots() + 1 || edge_begin.back() != n_edges()) fail("edge offsets");
    if (edge_z0.size() != n_edges()) fail("edge arrays differ in length");
    if (out_begin.size() != n + 1 || out_edge.size() != n_edges()) fail("supplier index");
    if (fd_begin.size() != n + 1 || fd_begin.back() != n_fd_entries() ||
        fd_y0.size() != n_fd_entries())
        fail("final demand offsets");
    if (inventory_steps.size() != product_labels.size()) fail("inventory per product");
    for (std::uint32_t p : node_product)
        if (p >= product_labels.size()) fail("node product out of range");
    for (std::uint32_t p : slot_product)
        if (p >= product_labels.size()) fail("slot product out of range");
    for (std::uint32_t s : edge_supplier)
        if (s >= n) fail(fmt::format("edge supplier {} out of range", s));
    for (std::uint32_t c : fd_column)
        if (c >= n_final_columns()) fail("final demand column out of range");
    if (!capital.empty() && capital.size() != n) fail("capital per node");
    if (!need_steps.empty() && need_steps.size() != n) fail("stop level per node");
    // S6a: below one step of use a node could use stock it does not have.
    for (double v : need_steps)
        if (v != 0.0 && !(v >= 1.0)) fail("a stop level below one step of use");
    if (!(stock_spread_steps >= 0.0 && stock_spread_steps <= 36500.0))
        fail("a stock spread outside [0, 36500] steps");
}

}  // namespace critmin::sim
