#include "sim/firm_network.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "core/error.h"
#include "sim/slot_layout.h"

namespace critmin::sim {

namespace {

// Stable counting sort of the edge permutation `in` by key(edge) in [0, n_keys): the passes of an
// LSD radix sort, O(edges + keys) each.
template <typename Key>
void counting_sort(const std::vector<std::uint32_t>& in, std::vector<std::uint32_t>& out,
                   std::size_t n_keys, Key key) {
    std::vector<std::uint32_t> start(n_keys + 1, 0);
    for (std::uint32_t e : in) ++start[key(e) + 1];
    for (std::size_t k = 0; k < n_keys; ++k) start[k + 1] += start[k];
    out.resize(in.size());
    for (std::uint32_t e : in) out[start[key(e)]++] = e;
}

// The table with firms renumbered: firm i of `t` becomes firm number[i].
FirmTable renumbered(const FirmTable& t, const std::vector<std::uint32_t>& number) {
    FirmTable r;
    const std::size_t n = t.n_firms();
    r.ids.resize(n);
    r.sector.resize(n);
    r.region.resize(n);
    r.final_demand.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t k = number[i];
        r.ids[k] = t.ids[i];
        r.sector[k] = t.sector[i];
        r.region[k] = t.region[i];
        r.final_demand[k] = t.final_demand[i];
    }
    r.sectors = t.sectors;
    r.regions = t.regions;
    r.supplier.resize(t.n_edges());
    r.customer.resize(t.n_edges());
    for (std::size_t e = 0; e < t.n_edges(); ++e) {
        r.supplier[e] = number[t.supplier[e]];
        r.customer[e] = number[t.customer[e]];
    }
    r.amount = t.amount;
    return r;
}

Network build_in_table_order(const sim::FirmTable& t, const ModelParameters& p,
                             const FirmOptions& options);

}  // namespace

std::vector<std::uint32_t> firm_numbering(const sim::FirmTable& t, FirmOrder order) {
    const std::size_t n = t.n_firms();
    std::vector<std::uint32_t> number(n);
    std::vector<std::uint32_t> by_rank(n);
    std::iota(by_rank.begin(), by_rank.end(), 0U);
    if (order != FirmOrder::file) {
        std::vector<std::uint32_t> links(n, 0);
        for (std::size_t e = 0; e < t.n_edges(); ++e) {
            if (!(t.amount[e] > 0)) continue;
            ++links[t.supplier[e]];
            ++links[t.customer[e]];
        }
        if (order == FirmOrder::locality)
            std::stable_sort(by_rank.begin(), by_rank.end(), [&](std::uint32_t a, std::uint32_t b) {
                if (t.region[a] != t.region[b]) return t.region[a] < t.region[b];
                if (t.sector[a] != t.sector[b]) return t.sector[a] < t.sector[b];
                return links[a] > links[b];
            });
        else
            std::stable_sort(by_rank.begin(), by_rank.end(),
                             [&](std::uint32_t a, std::uint32_t b) { return links[a] > links[b]; });
    }
    for (std::size_t r = 0; r < n; ++r) number[by_rank[r]] = static_cast<std::uint32_t>(r);
    return number;
}

Network build_firm_network(const sim::FirmTable& t, const ModelParameters& p,
                           const FirmOptions& options) {
    if (options.order == FirmOrder::file) return build_in_table_order(t, p, options);
    return build_in_table_order(renumbered(t, firm_numbering(t, options.order)), p, options);
}

namespace {

Network build_in_table_order(const sim::FirmTable& t, const ModelParameters& p,
                             const FirmOptions& options) {
    const std::size_t n = t.n_firms();
    const std::size_t n_sectors = t.sectors.size();
    const std::size_t n_regions = t.regions.size();
    const double per_step = 1.0 / options.steps_per_year;
    if (t.n_edges() >= std::numeric_limits<std::uint32_t>::max() ||
        n >= std::numeric_limits<std::uint32_t>::max())
        throw Error(ErrorKind::runtime, "firm network too large: ids are 32-bit");

    Network net;
    net.node_labels = t.ids;
    net.node_product = t.sector;
    net.node_region = t.region;
    net.product_labels = t.sectors;
    net.region_labels = t.regions;
    net.inventory_steps.assign(n_sectors, options.inventory_steps);

    // Order the edges by (customer, supplier's sector, supplier): three stable counting sorts,
    // least significant key first. Edges of amount 0 carry nothing and are left out.
    std::vector<std::uint32_t> order, sorted;
    order.reserve(t.n_edges());
    for (std::uint32_t e = 0; e < t.n_edges(); ++e)
        if (t.amount[e] > 0) order.push_back(e);
    counting_sort(order, sorted, n, [&](std::uint32_t e) { return t.supplier[e]; });
    counting_sort(sorted, order, n_sectors,
                  [&](std::uint32_t e) { return t.sector[t.supplier[e]]; });
    counting_sort(order, sorted, n, [&](std::uint32_t e) { return t.customer[e]; });
    order.clear();
    order.shrink_to_fit();

    // A new slot where (customer, sector) changes; repeated pairs are added up.
    SlotLayout layout(net, n);
    for (std::uint32_t e : sorted)
        layout.add(t.customer[e], t.sector[t.supplier[e]], t.supplier[e], t.amount[e]);
    layout.finish();
    for (double& z : net.edge_z0) z *= per_step;
    sorted.clear();
    sorted.shrink_to_fit();

    // Baseline output per step: sales to firms plus final demand. Edges are in buyer order, so
    // each supplier's sales are summed in the order of its out_edge list (what the kernel sums).
    net.x0.assign(n, 0.0);
    for (std::size_t e = 0; e < net.n_edges(); ++e) net.x0[net.edge_supplier[e]] += net.edge_z0[e];
    for (std::size_t i = 0; i < n; ++i) net.x0[i] += t.final_demand[i] * per_step;

    // Input coefficients: the slot's baseline inflow over the buyer's output, so that at the
    // baseline x0 * slot_tech is exactly what the slot receives (up to one rounding).
    const std::size_t n_slots = net.n_slots();
    net.slot_tech.resize(n_slots);
    net.slot_binding.resize(n_slots);
    for (std::size_t s = 0; s < n_slots; ++s) {
        double inflow = 0.0;
        for (std::uint32_t e = net.edge_begin[s]; e < net.edge_begin[s + 1]; ++e)
            inflow += net.edge_z0[e];
        const double x = net.x0[net.slot_buyer[s]];
        net.slot_tech[s] = x > 0 ? inflow / x : 0.0;
        net.slot_binding[s] = net.slot_tech[s] > p.technology_threshold ? 1 : 0;  // S7
    }
    net.index_suppliers();

    // Final demand: one column per region; each firm sells to its own region's column.
    net.final_labels.resize(n_regions);
    net.final_region.resize(n_regions);
    for (std::size_t r = 0; r < n_regions; ++r) {
        net.final_labels[r] = t.regions[r] + "|final demand";
        net.final_region[r] = static_cast<std::uint32_t>(r);
    }
    net.fd_begin.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (t.final_demand[i] > 0) {
            net.fd_column.push_back(t.region[i]);
            net.fd_y0.push_back(t.final_demand[i] * per_step);
        }
        net.fd_begin[i + 1] = static_cast<std::uint32_t>(net.fd_column.size());
    }
    net.check();
    return net;
}

}  // namespace

}  // namespace critmin::sim
