#include "sim/dataset_network.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "core/error.h"
#include "sim/slot_layout.h"

namespace critmin::sim {

namespace {

// A dataset network steps one day at a time; its tables are yearly.
constexpr double kDaysPerYear = 365.0;

struct EdgeDraft {
    std::uint32_t buyer;
    std::uint32_t product;
    std::uint32_t supplier;
    double yearly;
};

}  // namespace

DatasetNetwork build_dataset_network(const Dataset& data, const ModelParameters& p,
                                     const DatasetNetworkOptions& options) {
    DatasetNetwork out;
    const int year = options.year != 0 ? options.year : data.manifest.base_year;
    out.year = year;
    Network& net = out.net;
    const auto n_commodities = static_cast<std::uint32_t>(data.commodities.size());
    for (std::size_t c = 0; c < data.commodities.size(); ++c)
        net.product_labels.push_back(data.commodities.id[c]);
    // End-use nodes make products, one synthetic product per end use after the commodities.
    for (std::string_view u : kEndUseNames)
        net.product_labels.push_back("end_use." + std::string(u));
    for (std::size_t c = 0; c < data.countries.size(); ++c)
        net.region_labels.push_back(data.countries.iso3[c]);
    net.inventory_steps.assign(net.product_labels.size(), options.inventory_days);
    for (std::size_t c = 0;
         c < options.inventory_days_by_commodity.size() && c < data.commodities.size(); ++c)
        if (options.inventory_days_by_commodity[c] > 0)
            net.inventory_steps[c] = options.inventory_days_by_commodity[c];
    for (double& d : net.inventory_steps) d = std::max(d, 2.0);

    // Nodes: one per (producer, commodity) with output in the year.
    std::map<std::pair<Id, Id>, std::uint32_t> node_of;  // (producer row, commodity) -> node
    std::vector<double> out_yearly;
    auto add_node = [&](Id producer, Id commodity, Id country, const std::string& label,
                        const std::string& name, bool extra, std::uint32_t product = kNoId) {
        const auto id = static_cast<std::uint32_t>(net.node_labels.size());
        net.node_labels.push_back(label);
        net.node_product.push_back(product == kNoId ? commodity : product);
        out.node_end_use.push_back(product == kNoId ? 0 : 1);
        net.node_region.push_back(country);
        out.node_producer.push_back(producer);
        out.node_commodity.push_back(commodity);
        out.node_country.push_back(country);
        out.node_name.push_back(name);
        out.node_extra.push_back(extra ? 1 : 0);
        out_yearly.push_back(0.0);
        return id;
    };
    const auto& flows = data.flows;
    bool any_flow = false;
    for (std::size_t f = 0; f < flows.size(); ++f) {
        if (flows.year[f] != year || flows.quantity[f] <= 0) continue;
        any_flow = true;
        const Id s = flows.supplier[f];
        if (data.nodes.kind[s] != NodeKind::producer) continue;
        const Id row = data.nodes.row[s];
        const auto key = std::make_pair(row, flows.commodity[f]);
        auto it = node_of.find(key);
        if (it == node_of.end()) {
            const std::string label =
                data.nodes.commodity[s] == flows.commodity[f]
                    ? data.nodes.id[s]
                    : data.nodes.id[s] + ":" + data.commodities.id[flows.commodity[f]];
            it = node_of
                     .emplace(key, add_node(row, flows.commodity[f], data.nodes.country[s], label,
                                            data.producers.name[row], false))
                     .first;
        }
        out_yearly[it->second] += flows.quantity[f];
    }
    if (!any_flow) {
        Diagnostics d;
        d.add({data.root, 0, 0, ""}, fmt::format("the dataset has no flows in {}", year));
        throw InvalidInput(std::move(d));
    }

    // S25: the outputs an input goes to: those sharing an element with it, else all outputs.
    std::vector<std::vector<std::string>> elements(data.commodities.size());
    for (std::size_t k = 0; k < data.element_content.size(); ++k)
        elements[data.element_content.commodity[k]].push_back(data.element_content.element[k]);
    auto shares_element = [&](Id a, Id b) {
        for (const auto& x : elements[a])
            for (const auto& y : elements[b])
                if (x == y) return true;
        return false;
    };
    std::map<Id, std::vector<std::uint32_t>> outputs_of;  // producer row -> its nodes
    for (const auto& [key, node] : node_of) outputs_of[key.first].push_back(node);

    std::vector<EdgeDraft> drafts;
    std::map<Id, std::uint32_t> column_of;     // dataset demand node -> column
    std::map<Id, std::uint32_t> end_use_node;  // dataset demand node -> its end-use node
    std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> finals;  // node, column, yearly
    for (std::size_t f = 0; f < flows.size(); ++f) {
        if (flows.year[f] != year || flows.quantity[f] <= 0) continue;
        const Id s = flows.supplier[f];
        const Id c = flows.customer[f];
        if (data.nodes.kind[s] != NodeKind::producer) continue;
        const std::uint32_t supplier = node_of.at({data.nodes.row[s], flows.commodity[f]});
        if (data.nodes.kind[c] == NodeKind::demand) {
            auto it = column_of.find(c);
            if (it == column_of.end()) {
                const Id r0 = data.nodes.row[c];
                const auto use = static_cast<std::uint32_t>(data.demand.end_use[r0]);
                end_use_node[c] =
                    add_node(kNoId, data.nodes.commodity[c], data.nodes.country[c],
                             data.nodes.id[c], data.nodes.id[c], false, n_commodities + use);
                DemandColumn col;
                col.node = c;
                col.demand_row = data.nodes.row[c];
                col.country = data.nodes.country[c];
                col.commodity = data.nodes.commodity[c];
                const Id r = col.demand_row;
                col.end_use = data.demand.end_use[r];
                col.product_unit = data.demand.product_unit[r];
                col.content_per_product = data.demand.content_per_product[r];
                col.value_per_product = data.demand.value_per_product[r];
                it = column_of.emplace(c, static_cast<std::uint32_t>(out.columns.size())).first;
                out.columns.push_back(col);
                net.final_labels.push_back(data.nodes.id[c]);
                net.final_region.push_back(col.country);
            }
            out.columns[it->second].yearly += flows.quantity[f];
            const std::uint32_t maker = end_use_node.at(c);
            out_yearly[maker] += flows.quantity[f];
            finals.emplace_back(maker, it->second, flows.quantity[f]);
            drafts.push_back({maker, flows.commodity[f], supplier, flows.quantity[f]});
            continue;
        }
        if (data.nodes.kind[c] != NodeKind::producer) continue;
        const Id buyer_row = data.nodes.row[c];
        const auto it = outputs_of.find(buyer_row);
        if (it == outputs_of.end()) continue;  // the buyer makes nothing in the year: not modelled
        const Id input = flows.commodity[f];
        double total = 0.0;
        bool any_shared = false;
        for (std::uint32_t node : it->second)
            any_shared = any_shared || shares_element(input, out.node_commodity[node]);
        for (std::uint32_t node : it->second)
            if (!any_shared || shares_element(input, out.node_commodity[node]))
                total += out_yearly[node];
        for (std::uint32_t node : it->second) {
            if (any_shared && !shares_element(input, out.node_commodity[node])) continue;
            const double share = out_yearly[node] / total;  // S25
            drafts.push_back({node, input, supplier, flows.quantity[f] * share});
        }
    }
    // Extra suppliers: project nodes, or existing nodes with new (zero) edges to buyers.
    const auto n_base = static_cast<std::uint32_t>(net.node_labels.size());
    std::vector<std::uint32_t> buyers_of_product;
    for (const ExtraSupplier& x : options.extra) {
        std::uint32_t supplier = 0;
        if (x.producer == kNoId) {
            supplier = add_node(kNoId, x.commodity, x.country, x.label, x.label, true);
        } else {
            const auto it = node_of.find({x.producer, x.commodity});
            supplier = it != node_of.end() ? it->second
                                           : add_node(x.producer, x.commodity, x.country, x.label,
                                                      data.producers.name[x.producer], true);
        }
        std::vector<std::uint32_t> buyers;
        for (const EdgeDraft& e : drafts)
            if (e.product == x.commodity && e.buyer < n_base) buyers.push_back(e.buyer);
        std::sort(buyers.begin(), buyers.end());
        buyers.erase(std::unique(buyers.begin(), buyers.end()), buyers.end());
        for (std::uint32_t b : buyers) {
            if (!x.buyer_countries.empty() &&
                std::find(x.buyer_countries.begin(), x.buyer_countries.end(),
                          out.node_country[b]) == x.buyer_countries.end())
                continue;
            if (b == supplier) continue;
            drafts.push_back({b, x.commodity, supplier, 0.0});
        }
    }

    const std::size_t n = net.node_labels.size();
    net.x0.resize(n);
    for (std::size_t i = 0; i < n; ++i) net.x0[i] = out_yearly[i] / kDaysPerYear;
    // Group edges by (buyer, product); merge duplicates of the same supplier.
    std::sort(drafts.begin(), drafts.end(), [](const EdgeDraft& a, const EdgeDraft& b) {
        return std::tie(a.buyer, a.product, a.supplier) < std::tie(b.buyer, b.product, b.supplier);
    });
    SlotLayout layout(net, n);
    for (const EdgeDraft& d : drafts) layout.add(d.buyer, d.product, d.supplier, d.yearly);
    layout.finish();
    net.index_suppliers();
    // S7: input coefficients from the yearly flows, then every flow per day.
    net.slot_tech.resize(net.n_slots());
    net.slot_binding.resize(net.n_slots());
    for (std::uint32_t k = 0; k < net.n_slots(); ++k) {
        double slot_yearly = 0.0;
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e)
            slot_yearly += net.edge_z0[e];
        const std::uint32_t j = net.slot_buyer[k];
        net.slot_tech[k] = out_yearly[j] > 0 ? slot_yearly / out_yearly[j] : 0.0;
        net.slot_binding[k] = net.slot_tech[k] > p.technology_threshold ? 1 : 0;
    }
    for (double& z : net.edge_z0) z /= kDaysPerYear;
    (void)n_base;

    // S1a: a producer's nameplate capacity over its output of its main commodity in the year is
    // the overproduction ceiling of each of its nodes (co-products share one activity).
    std::vector<double> main_output(data.producers.size(), 0.0);
    for (std::size_t r = 0; r < data.production.size(); ++r) {
        const Id pr = data.production.producer[r];
        if (data.production.year[r] == year &&
            data.production.commodity[r] == data.nodes.commodity[data.producers.node[pr]])
            main_output[pr] += data.production.quantity[r];
    }
    net.alpha_max.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const Id pr = out.node_producer[i];
        if (pr == kNoId || out.node_extra[i] != 0) continue;
        const double capacity = data.producers.capacity[pr];
        if (!(capacity >= 0) || main_output[pr] <= 0) continue;  // NaN: not given
        net.alpha_max[i] = std::max(1.0, capacity / main_output[pr]);
    }

    // S6a: plants and end users run their stock down before they cut output.
    if (options.stop_days > 0) {
        net.need_steps.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) net.need_steps[i] = std::max(1.0, options.stop_days);
        net.stock_spread_steps = options.stock_spread_days;
    }

    std::sort(finals.begin(), finals.end());
    net.fd_begin.assign(1, 0);
    std::size_t f = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        while (f < finals.size() && std::get<0>(finals[f]) == i) {
            const std::uint32_t col = std::get<1>(finals[f]);
            double q = 0.0;
            while (f < finals.size() && std::get<0>(finals[f]) == i &&
                   std::get<1>(finals[f]) == col)
                q += std::get<2>(finals[f++]);
            net.fd_column.push_back(col);
            net.fd_y0.push_back(q / kDaysPerYear);
        }
        net.fd_begin.push_back(static_cast<std::uint32_t>(net.fd_column.size()));
    }
    net.check();
    return out;
}

}  // namespace critmin::sim
