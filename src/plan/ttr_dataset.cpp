#include "plan/ttr_dataset.h"

#include <limits>

#include "sim/ario.h"
#include "sim/parameters.h"

namespace critmin::plan {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

DatasetTtrModel dataset_ttr_model(const Dataset& data, const DatasetTtrOptions& options) {
    DatasetTtrModel m;
    sim::ModelParameters p;
    sim::DatasetNetworkOptions no;
    no.inventory_days = options.inventory_days;
    m.network = sim::build_dataset_network(data, p, no);
    DatasetTtrOptions o = options;
    if (!o.counted_countries.empty() || o.values != nullptr) {
        o.counted_columns.clear();
        o.value_per_t.clear();
        for (const auto& col : m.network.columns) {
            const double v =
                o.values != nullptr ? o.values->value(std::string(to_string(col.end_use))) : 1.0;
            // An end use the value table does not price (the other minerals' first uses, since
            // dataset 0.2) is not counted: its unmet demand would cost nothing and blur the
            // ranking of the magnet supply chain.
            const bool priced = o.values == nullptr || v > 0;
            o.counted_columns.push_back(
                priced && (o.counted_countries.empty() ||
                           (col.country != kNoId && o.counted_countries[col.country] != 0))
                    ? 1
                    : 0);
            o.value_per_t.push_back(v);
        }
    }
    // P10a: the other countries' buyers keep their share of each supplier's output, so a
    // country's view (--for) does not take the world's spare supply.
    if (o.others_keep_share && !o.counted_countries.empty()) {
        const sim::DatasetNetwork& dn = m.network;
        auto outside = [&](Id country) {
            return country == kNoId || country >= o.counted_countries.size() ||
                   o.counted_countries[country] == 0;
        };
        o.keep_share_nodes.assign(dn.net.n_nodes(), 0);
        for (std::size_t n = 0; n < dn.net.n_nodes(); ++n)
            o.keep_share_nodes[n] = outside(dn.node_country[n]) ? 1 : 0;
        o.keep_share_columns.assign(dn.net.n_final_columns(), 0);
        for (std::size_t c = 0; c < dn.columns.size(); ++c)
            o.keep_share_columns[c] = outside(dn.columns[c].country) ? 1 : 0;
    }
    // P10 groups: the nodes of each producer.
    std::vector<std::vector<std::uint32_t>> joint(data.producers.size());
    for (std::size_t n = 0; n < m.network.net.n_nodes(); ++n) {
        const Id owner = m.network.node_producer[n];
        if (owner == kNoId || m.network.node_end_use[n] != 0 || m.network.node_extra[n] != 0)
            continue;
        joint[owner].push_back(static_cast<std::uint32_t>(n));
    }
    m.lp = network_window_lp(m.network.net, o, joint, m.output_column, &m.share_relief);
    return m;
}

WindowLp network_window_lp(const sim::Network& net, const DatasetTtrOptions& o,
                           const std::vector<std::vector<std::uint32_t>>& joint,
                           std::vector<std::uint32_t>& output_column,
                           std::vector<std::vector<std::uint32_t>>* share_relief) {
    WindowLp lp;
    lp.tau_cap = o.tts_cap_days;

    // Columns: x_n (output over the window), f_e (flow on each supply edge), g_q (deliveries to
    // final demand), l_c (unmet demand of a counted column), tau.
    const std::size_t n_nodes = net.n_nodes();
    output_column.resize(n_nodes);
    for (std::size_t n = 0; n < n_nodes; ++n)
        output_column[n] = lp.add_column("x[" + net.node_labels[n] + "]", kInf);
    std::vector<std::uint32_t> flow(net.n_edges());
    for (std::size_t e = 0; e < net.n_edges(); ++e)
        flow[e] = lp.add_column("f[" + net.node_labels[net.edge_supplier[e]] + ">" +
                                    net.node_labels[net.edge_buyer[e]] + "]",
                                kInf);
    std::vector<std::uint32_t> final_flow(net.n_fd_entries());
    for (std::size_t q = 0; q < net.n_fd_entries(); ++q)
        final_flow[q] = lp.add_column("g[" + std::to_string(q) + "]", kInf);
    const std::size_t n_cols = net.n_final_columns();
    auto counted = [&](std::size_t c) {
        return o.counted_columns.empty() || (c < o.counted_columns.size() && o.counted_columns[c]);
    };
    std::vector<std::uint32_t> loss(n_cols, 0);
    for (std::size_t c = 0; c < n_cols; ++c)
        if (counted(c)) {
            const double v = c < o.value_per_t.size() ? o.value_per_t[c] : 1.0;
            loss[c] = lp.add_column("l[" + net.final_labels[c] + "]", kInf, v > 0 ? v : 1e-9);
        }
    lp.tau = lp.add_column("tau", kInf);

    // P7 capacity: x_n - alpha_max x0_n tau <= 0, with the node's own ceiling (S1a) where the
    // dataset gives a nameplate capacity, else the model's factor.
    sim::ModelParameters ceiling;
    ceiling.alpha_max = o.capacity_factor;
    for (std::size_t n = 0; n < n_nodes; ++n) {
        const auto r = lp.add_row("capacity[" + net.node_labels[n] + "]", -kInf, 0);
        lp.add(r, output_column[n], 1);
        lp.add(r, lp.tau, -sim::node_alpha_max(net, ceiling, n) * net.x0[n]);
    }
    // P8 output: sum_e f_e + sum_q g_q - x_n <= 0 (a node ships at most what it makes).
    for (std::size_t n = 0; n < n_nodes; ++n) {
        const auto r = lp.add_row("output[" + net.node_labels[n] + "]", -kInf, 0);
        for (std::uint32_t k = net.out_begin[n]; k < net.out_begin[n + 1]; ++k)
            lp.add(r, flow[net.out_edge[k]], 1);
        for (std::uint32_t q = net.fd_begin[n]; q < net.fd_begin[n + 1]; ++q)
            lp.add(r, final_flow[q], 1);
        lp.add(r, output_column[n], -1);
    }
    // P9 recipe: sum_{e in slot} f_e - a_k x_buyer >= -inventory_k, for inputs that bind.
    for (std::size_t k = 0; k < net.n_slots(); ++k) {
        if (net.slot_binding[k] == 0) continue;
        const std::uint32_t b = net.slot_buyer[k];
        const double use = net.slot_tech[k] * net.x0[b];
        const double stock = net.inventory_steps[net.slot_product[k]] * use;
        const auto r = lp.add_row(
            "input[" + net.node_labels[b] + "<" + net.product_labels[net.slot_product[k]] + "]",
            -stock, kInf);
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e)
            lp.add(r, flow[e], 1);
        lp.add(r, output_column[b], -net.slot_tech[k]);
    }
    // P10 joint production: a producer's co-products leave in their baseline proportions
    // (x_n x0_m - x_m x0_n = 0 for its nodes n, m), so feed cannot be steered to one co-product.
    for (const auto& group : joint) {
        for (std::size_t i = 1; i < group.size(); ++i) {
            const std::uint32_t f = group[0], n = group[i];
            const auto r = lp.add_row("joint[" + net.node_labels[n] + "]", 0, 0);
            lp.add(r, output_column[n], net.x0[f]);
            lp.add(r, output_column[f], -net.x0[n]);
        }
    }
    // P10a: f_e - (z0_e / x0_n) x_n + r_e >= 0 for a buyer that keeps its share, with the
    // relief r_e fixed at 0 unless the buyer is down; the same for the final-demand entries of a
    // column that keeps its share.
    if (share_relief != nullptr) share_relief->assign(n_nodes, {});
    auto keeps = [](const std::vector<unsigned char>& mask, std::size_t i) {
        return i < mask.size() && mask[i] != 0;
    };
    if (!o.keep_share_nodes.empty() || !o.keep_share_columns.empty()) {
        for (std::size_t n = 0; n < n_nodes; ++n) {
            if (!(net.x0[n] > 0)) continue;
            for (std::uint32_t k = net.out_begin[n]; k < net.out_begin[n + 1]; ++k) {
                const std::uint32_t e = net.out_edge[k];
                if (!keeps(o.keep_share_nodes, net.edge_buyer[e]) || !(net.edge_z0[e] > 0))
                    continue;
                const auto r = lp.add_row(
                    "share[" + net.node_labels[n] + ">" + net.node_labels[net.edge_buyer[e]] + "]",
                    0, kInf);
                lp.add(r, flow[e], 1);
                lp.add(r, output_column[n], -net.edge_z0[e] / net.x0[n]);
                const std::uint32_t relief = lp.add_column(
                    "r[" + net.node_labels[n] + ">" + net.node_labels[net.edge_buyer[e]] + "]", 0);
                lp.add(r, relief, 1);
                if (share_relief != nullptr) (*share_relief)[net.edge_buyer[e]].push_back(relief);
            }
            for (std::uint32_t q = net.fd_begin[n]; q < net.fd_begin[n + 1]; ++q) {
                if (!keeps(o.keep_share_columns, net.fd_column[q]) || !(net.fd_y0[q] > 0)) continue;
                const auto r = lp.add_row(
                    "share[" + net.node_labels[n] + ">" + net.final_labels[net.fd_column[q]] + "]",
                    0, kInf);
                lp.add(r, final_flow[q], 1);
                lp.add(r, output_column[n], -net.fd_y0[q] / net.x0[n]);
            }
        }
    }
    // P1 per counted column: sum_q g_q + l_c - y0_c tau >= 0.
    std::vector<double> y0(n_cols, 0.0);
    for (std::size_t q = 0; q < net.n_fd_entries(); ++q) y0[net.fd_column[q]] += net.fd_y0[q];
    std::vector<std::uint32_t> demand_row(n_cols, 0);
    for (std::size_t c = 0; c < n_cols; ++c)
        if (counted(c)) {
            demand_row[c] = lp.add_row("demand[" + net.final_labels[c] + "]", 0, kInf);
            lp.add(demand_row[c], loss[c], 1);
            lp.add(demand_row[c], lp.tau, -y0[c]);
        }
    for (std::size_t q = 0; q < net.n_fd_entries(); ++q)
        if (counted(net.fd_column[q])) lp.add(demand_row[net.fd_column[q]], final_flow[q], 1);
    return lp;
}

std::vector<ProducerNodes> producer_nodes(const Dataset& data, const sim::DatasetNetwork& dn) {
    std::vector<ProducerNodes> out;
    std::vector<std::size_t> slot(data.producers.size(), SIZE_MAX);
    for (std::size_t n = 0; n < dn.net.n_nodes(); ++n) {
        const Id p = dn.node_producer[n];
        if (p == kNoId || dn.node_end_use[n] != 0 || dn.node_extra[n] != 0) continue;
        if (slot[p] == SIZE_MAX) {
            slot[p] = out.size();
            ProducerNodes g;
            g.producer = p;
            const Id node = data.producers.node[p];
            g.id = data.nodes.id[node];
            g.name = data.producers.name[p];
            g.country = data.countries.iso3[data.nodes.country[node]];
            g.stage = data.commodities.stage[dn.node_commodity[n]];
            out.push_back(std::move(g));
        }
        out[slot[p]].nodes.push_back(static_cast<std::uint32_t>(n));
    }
    return out;
}

}  // namespace critmin::plan
