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

struct EdgeDraft {
    std::uint32_t buyer;
    std::uint32_t product;
    std::uint32_t supplier;
    double yearly;
};

// The steps of build_dataset_network, in order, over shared state.
class Builder {
  public:
    Builder(const Dataset& data, const ModelParameters& p, const DatasetNetworkOptions& options)
        : data_(data), p_(p), options_(options) {
        year_ = options.year != 0 ? options.year : data.manifest.base_year;
        out_.year = year_;
        n_commodities_ = static_cast<std::uint32_t>(data.commodities.size());
    }

    DatasetNetwork build() {
        labels();
        producer_nodes();
        flow_edges();
        extra_suppliers();
        slots();
        overproduction_ceilings();
        stop_levels();
        final_demand();
        out_.net.check();
        return std::move(out_);
    }

  private:
    void labels() {
        Network& net = out_.net;
        for (std::size_t c = 0; c < data_.commodities.size(); ++c)
            net.product_labels.push_back(data_.commodities.id[c]);
        // End-use nodes make products, one synthetic product per end use after the commodities.
        for (std::string_view u : kEndUseNames)
            net.product_labels.push_back("end_use." + std::string(u));
        for (std::size_t c = 0; c < data_.countries.size(); ++c)
            net.region_labels.push_back(data_.countries.iso3[c]);
        net.inventory_steps.assign(net.product_labels.size(), options_.inventory_days);
        for (std::size_t c = 0;
             c < options_.inventory_days_by_commodity.size() && c < data_.commodities.size(); ++c)
            if (options_.inventory_days_by_commodity[c] > 0)
                net.inventory_steps[c] = options_.inventory_days_by_commodity[c];
        for (double& d : net.inventory_steps) d = std::max(d, 2.0);
    }

    std::uint32_t add_node(Id producer, Id commodity, Id country, const std::string& label,
                           const std::string& name, bool extra, std::uint32_t product = kNoId) {
        Network& net = out_.net;
        const auto id = static_cast<std::uint32_t>(net.node_labels.size());
        net.node_labels.push_back(label);
        net.node_product.push_back(product == kNoId ? commodity : product);
        out_.node_end_use.push_back(product == kNoId ? 0 : 1);
        net.node_region.push_back(country);
        out_.node_producer.push_back(producer);
        out_.node_commodity.push_back(commodity);
        out_.node_country.push_back(country);
        out_.node_name.push_back(name);
        out_.node_extra.push_back(extra ? 1 : 0);
        out_yearly_.push_back(0.0);
        return id;
    }

    [[nodiscard]] bool in_year(std::size_t f) const {
        return data_.flows.year[f] == year_ && data_.flows.quantity[f] > 0;
    }

    // Nodes: one per (producer, commodity) with output in the year.
    void producer_nodes() {
        const auto& flows = data_.flows;
        bool any_flow = false;
        for (std::size_t f = 0; f < flows.size(); ++f) {
            if (!in_year(f)) continue;
            any_flow = true;
            const Id s = flows.supplier[f];
            if (data_.nodes.kind[s] != NodeKind::producer) continue;
            const Id row = data_.nodes.row[s];
            const auto key = std::make_pair(row, flows.commodity[f]);
            auto it = node_of_.find(key);
            if (it == node_of_.end()) {
                const std::string label =
                    data_.nodes.commodity[s] == flows.commodity[f]
                        ? data_.nodes.id[s]
                        : data_.nodes.id[s] + ":" + data_.commodities.id[flows.commodity[f]];
                it = node_of_
                         .emplace(key, add_node(row, flows.commodity[f], data_.nodes.country[s],
                                                label, data_.producers.name[row], false))
                         .first;
            }
            out_yearly_[it->second] += flows.quantity[f];
        }
        if (!any_flow) {
            Diagnostics d;
            d.add({data_.root, 0, 0, ""}, fmt::format("the dataset has no flows in {}", year_));
            throw InvalidInput(std::move(d));
        }
        for (std::size_t k = 0; k < data_.element_content.size(); ++k)
            elements_[data_.element_content.commodity[k]].push_back(
                data_.element_content.element[k]);
        for (const auto& [key, node] : node_of_) outputs_of_[key.first].push_back(node);
    }

    [[nodiscard]] bool shares_element(Id a, Id b) const {
        const auto ia = elements_.find(a), ib = elements_.find(b);
        if (ia == elements_.end() || ib == elements_.end()) return false;
        for (const auto& x : ia->second)
            for (const auto& y : ib->second)
                if (x == y) return true;
        return false;
    }

    // Every flow of the year: to a demand node (an end-use node and a final-demand entry), or
    // to a producer's nodes (S25).
    void flow_edges() {
        const auto& flows = data_.flows;
        for (std::size_t f = 0; f < flows.size(); ++f) {
            if (!in_year(f)) continue;
            const Id s = flows.supplier[f];
            const Id c = flows.customer[f];
            if (data_.nodes.kind[s] != NodeKind::producer) continue;
            const std::uint32_t supplier = node_of_.at({data_.nodes.row[s], flows.commodity[f]});
            if (data_.nodes.kind[c] == NodeKind::demand)
                demand_flow(f, c, supplier);
            else if (data_.nodes.kind[c] == NodeKind::producer)
                producer_flow(f, c, supplier);
        }
    }

    void demand_flow(std::size_t f, Id c, std::uint32_t supplier) {
        const auto& flows = data_.flows;
        auto it = column_of_.find(c);
        if (it == column_of_.end()) {
            const Id r = data_.nodes.row[c];
            const auto use = static_cast<std::uint32_t>(data_.demand.end_use[r]);
            end_use_node_[c] =
                add_node(kNoId, data_.nodes.commodity[c], data_.nodes.country[c], data_.nodes.id[c],
                         data_.nodes.id[c], false, n_commodities_ + use);
            DemandColumn col;
            col.node = c;
            col.demand_row = r;
            col.country = data_.nodes.country[c];
            col.commodity = data_.nodes.commodity[c];
            col.end_use = data_.demand.end_use[r];
            col.product_unit = data_.demand.product_unit[r];
            col.content_per_product = data_.demand.content_per_product[r];
            col.value_per_product = data_.demand.value_per_product[r];
            it = column_of_.emplace(c, static_cast<std::uint32_t>(out_.columns.size())).first;
            out_.columns.push_back(col);
            out_.net.final_labels.push_back(data_.nodes.id[c]);
            out_.net.final_region.push_back(col.country);
        }
        out_.columns[it->second].yearly += flows.quantity[f];
        const std::uint32_t maker = end_use_node_.at(c);
        out_yearly_[maker] += flows.quantity[f];
        finals_.emplace_back(maker, it->second, flows.quantity[f]);
        drafts_.push_back({maker, flows.commodity[f], supplier, flows.quantity[f]});
    }

    // S25: the outputs an input goes to: those sharing an element with it, else all outputs,
    // in proportion to their output.
    void producer_flow(std::size_t f, Id c, std::uint32_t supplier) {
        const auto& flows = data_.flows;
        const auto it = outputs_of_.find(data_.nodes.row[c]);
        if (it == outputs_of_.end()) return;  // the buyer makes nothing in the year: not modelled
        const Id input = flows.commodity[f];
        double total = 0.0;
        bool any_shared = false;
        for (std::uint32_t node : it->second)
            any_shared = any_shared || shares_element(input, out_.node_commodity[node]);
        for (std::uint32_t node : it->second)
            if (!any_shared || shares_element(input, out_.node_commodity[node]))
                total += out_yearly_[node];
        for (std::uint32_t node : it->second) {
            if (any_shared && !shares_element(input, out_.node_commodity[node])) continue;
            const double share = out_yearly_[node] / total;  // S25
            drafts_.push_back({node, input, supplier, flows.quantity[f] * share});
        }
    }

    // Extra suppliers: project nodes, or existing nodes with new (zero) edges to buyers.
    void extra_suppliers() {
        const auto n_base = static_cast<std::uint32_t>(out_.net.node_labels.size());
        for (const ExtraSupplier& x : options_.extra) {
            std::uint32_t supplier = 0;
            if (x.producer == kNoId) {
                supplier = add_node(kNoId, x.commodity, x.country, x.label, x.label, true);
            } else {
                const auto it = node_of_.find({x.producer, x.commodity});
                supplier = it != node_of_.end()
                               ? it->second
                               : add_node(x.producer, x.commodity, x.country, x.label,
                                          data_.producers.name[x.producer], true);
            }
            std::vector<std::uint32_t> buyers;
            for (const EdgeDraft& e : drafts_)
                if (e.product == x.commodity && e.buyer < n_base) buyers.push_back(e.buyer);
            std::sort(buyers.begin(), buyers.end());
            buyers.erase(std::unique(buyers.begin(), buyers.end()), buyers.end());
            for (std::uint32_t b : buyers) {
                if (!x.buyer_countries.empty() &&
                    std::find(x.buyer_countries.begin(), x.buyer_countries.end(),
                              out_.node_country[b]) == x.buyer_countries.end())
                    continue;
                if (b == supplier) continue;
                drafts_.push_back({b, x.commodity, supplier, 0.0});
            }
        }
    }

    // Slots and edges; S7 input coefficients from the yearly flows, then every flow per day.
    void slots() {
        Network& net = out_.net;
        const std::size_t n = net.node_labels.size();
        net.x0.resize(n);
        for (std::size_t i = 0; i < n; ++i) net.x0[i] = out_yearly_[i] / kDaysPerYear;
        // Group edges by (buyer, product); duplicates of the same supplier are merged.
        std::sort(drafts_.begin(), drafts_.end(), [](const EdgeDraft& a, const EdgeDraft& b) {
            return std::tie(a.buyer, a.product, a.supplier) <
                   std::tie(b.buyer, b.product, b.supplier);
        });
        SlotLayout layout(net, n);
        for (const EdgeDraft& d : drafts_) layout.add(d.buyer, d.product, d.supplier, d.yearly);
        layout.finish();
        net.index_suppliers();
        net.slot_tech.resize(net.n_slots());
        net.slot_binding.resize(net.n_slots());
        for (std::uint32_t k = 0; k < net.n_slots(); ++k) {
            double slot_yearly = 0.0;
            for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e)
                slot_yearly += net.edge_z0[e];
            const std::uint32_t j = net.slot_buyer[k];
            net.slot_tech[k] = out_yearly_[j] > 0 ? slot_yearly / out_yearly_[j] : 0.0;
            net.slot_binding[k] = net.slot_tech[k] > p_.technology_threshold ? 1 : 0;
        }
        for (double& z : net.edge_z0) z /= kDaysPerYear;
    }

    // S1a: a producer's nameplate capacity over its output of its main commodity in the year is
    // the overproduction ceiling of each of its nodes (co-products share one activity).
    void overproduction_ceilings() {
        std::vector<double> main_output(data_.producers.size(), 0.0);
        for (std::size_t r = 0; r < data_.production.size(); ++r) {
            const Id pr = data_.production.producer[r];
            if (data_.production.year[r] == year_ &&
                data_.production.commodity[r] == data_.nodes.commodity[data_.producers.node[pr]])
                main_output[pr] += data_.production.quantity[r];
        }
        const std::size_t n = out_.net.n_nodes();
        out_.net.alpha_max.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            const Id pr = out_.node_producer[i];
            if (pr == kNoId || out_.node_extra[i] != 0) continue;
            const double capacity = data_.producers.capacity[pr];
            if (!(capacity >= 0) || main_output[pr] <= 0) continue;  // NaN: not given
            out_.net.alpha_max[i] = std::max(1.0, capacity / main_output[pr]);
        }
    }

    // S6a: plants and end users run their stock down before they cut output.
    void stop_levels() {
        if (options_.stop_days <= 0) return;
        out_.net.need_steps.assign(out_.net.n_nodes(), std::max(1.0, options_.stop_days));
        out_.net.stock_spread_steps = options_.stock_spread_days;
    }

    // Final-demand entries grouped by end-use node, per day.
    void final_demand() {
        Network& net = out_.net;
        std::sort(finals_.begin(), finals_.end());
        net.fd_begin.assign(1, 0);
        std::size_t f = 0;
        for (std::uint32_t i = 0; i < net.n_nodes(); ++i) {
            while (f < finals_.size() && std::get<0>(finals_[f]) == i) {
                const std::uint32_t col = std::get<1>(finals_[f]);
                double q = 0.0;
                while (f < finals_.size() && std::get<0>(finals_[f]) == i &&
                       std::get<1>(finals_[f]) == col)
                    q += std::get<2>(finals_[f++]);
                net.fd_column.push_back(col);
                net.fd_y0.push_back(q / kDaysPerYear);
            }
            net.fd_begin.push_back(static_cast<std::uint32_t>(net.fd_column.size()));
        }
    }

    const Dataset& data_;
    const ModelParameters& p_;
    const DatasetNetworkOptions& options_;
    int year_ = 0;
    std::uint32_t n_commodities_ = 0;
    DatasetNetwork out_;
    std::map<std::pair<Id, Id>, std::uint32_t> node_of_;   // (producer row, commodity) -> node
    std::vector<double> out_yearly_;                       // per node
    std::map<Id, std::vector<std::string>> elements_;      // commodity -> elements it holds
    std::map<Id, std::vector<std::uint32_t>> outputs_of_;  // producer row -> its nodes
    std::vector<EdgeDraft> drafts_;
    std::map<Id, std::uint32_t> column_of_;     // dataset demand node -> column
    std::map<Id, std::uint32_t> end_use_node_;  // dataset demand node -> its end-use node
    std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> finals_;  // node, column, t
};

}  // namespace

DatasetNetwork build_dataset_network(const Dataset& data, const ModelParameters& p,
                                     const DatasetNetworkOptions& options) {
    return Builder(data, p, options).build();
}

}  // namespace critmin::sim
