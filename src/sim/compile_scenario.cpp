#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/error.h"
#include "io/csv.h"
#include "io/table.h"
#include "sim/compiled_scenario.h"
#include "sim/dataset_entries.h"
#include "sim/resolver.h"

namespace critmin::sim {

namespace {

// A recycler found in a `recycling:` file: its node label and capacity, added after the build.
struct Recycled {
    std::string label;
    double capacity;  // t/yr
    int online;
};

Id project_row(const Dataset& data, const std::string& id) {
    for (std::size_t k = 0; k < data.projects.size(); ++k)
        if (data.projects.id[k] == id) return static_cast<Id>(k);
    return kNoId;
}

void add_projects(const Dataset& data, const Scenario& sc, Resolver& r,
                  DatasetNetworkOptions& options) {
    for (const ProjectOnline& pr : sc.projects) {
        const Id row = project_row(data, pr.project);
        if (row == kNoId) {
            r.fail(pr.where + ".id",
                   fmt::format("`{}` is not a project of the dataset", pr.project));
            continue;
        }
        ExtraSupplier x;
        x.label = "project." + pr.project;
        x.commodity = data.projects.commodity[row];
        x.country = data.projects.country[row];
        const std::set<Id> cs = r.countries(pr.customers, pr.where + ".customers");
        x.buyer_countries.assign(cs.begin(), cs.end());
        options.extra.push_back(x);
    }
}

// Recycling producers of the files named under `recycling:` (S30): one extra supplier each.
void add_recyclers(const Dataset& data, const Scenario& sc, Resolver& r,
                   DatasetNetworkOptions& options, std::vector<Recycled>& recycled,
                   Diagnostics& d) {
    for (const RecyclingSupply& rs : sc.recycling) {
        Diagnostics file_problems;
        const io::CsvFile file = io::read_csv(rs.file, file_problems);
        const io::ColumnSpec columns[] = {
            {"producer", true}, {"country", true}, {"commodity", true},   {"year", true},
            {"capacity", true}, {"source", false}, {"confidence", false}, {"derivation", false}};
        if (file_problems.empty()) {
            io::TableReader t(file, columns, file_problems);
            if (t.usable()) {
                for (std::size_t row : t.rows()) {
                    const auto year = t.year(row, "year");
                    const auto cap = t.quantity(row, "capacity", true);
                    if (!year || !cap || *year != rs.year || *cap <= 0) continue;
                    ExtraSupplier x;
                    x.commodity = data.find_commodity(t.text(row, "commodity"));
                    x.country = data.find_country(t.text(row, "country"));
                    if (!rs.countries.empty() && x.country != kNoId &&
                        r.countries(rs.countries, rs.where + ".country").count(x.country) == 0)
                        continue;
                    if (x.commodity == kNoId || x.country == kNoId) {
                        t.error(row, x.commodity == kNoId ? "commodity" : "country",
                                "not in the dataset");
                        continue;
                    }
                    x.label = fmt::format("recycling.{}:{}", t.text(row, "producer"),
                                          t.text(row, "commodity"));
                    const std::set<Id> cs = r.countries(rs.customers, rs.where + ".customers");
                    x.buyer_countries.assign(cs.begin(), cs.end());
                    options.extra.push_back(x);
                    recycled.push_back({x.label, *cap * rs.scale, rs.online});
                }
            }
        }
        d.append(file_problems);
    }
}

void add_candidates(const Dataset& data, const Scenario& sc, Resolver& r,
                    DatasetNetworkOptions& options) {
    for (const CandidateSupplier& c : sc.candidates) {
        ExtraSupplier x;
        x.producer = r.producer(c.supplier, c.where + ".supplier");
        x.commodity = r.commodity(c.commodity, c.where + ".commodity");
        if (x.producer == kNoId || x.commodity == kNoId) continue;
        x.label = c.supplier + ":" + c.commodity;
        x.country = data.nodes.country[data.producers.node[x.producer]];
        const std::set<Id> cs = r.countries(c.buyers, c.where + ".buyers");
        x.buyer_countries.assign(cs.begin(), cs.end());
        options.extra.push_back(x);
    }
}

// What the network needs before it is built: options, extra suppliers, allies (S8).
DatasetNetworkOptions network_options(const Dataset& data, const Scenario& sc, ModelParameters& p,
                                      std::vector<Recycled>& recycled, Diagnostics& d) {
    DatasetNetworkOptions options;
    options.year = sc.year;
    options.inventory_days = sc.inventory_days;
    options.stop_days = sc.stop_days;
    options.stock_spread_days = sc.stock_spread_days;
    options.inventory_days_by_commodity.assign(data.commodities.size(), 0.0);
    const DatasetNetwork none;  // names need no network
    Resolver r(data, none, sc.path, d, sc.positions.get());
    for (const auto& [name, days] : sc.inventory_days_by_commodity)
        if (Id c = r.commodity(name, "parameters.inventory_days_by_commodity." + name); c != kNoId)
            options.inventory_days_by_commodity[c] = days;
    add_projects(data, sc, r, options);
    add_recyclers(data, sc, r, options, recycled, d);
    add_candidates(data, sc, r, options);
    if (sc.parameters.rationing == Rationing::allied_first) {
        const std::set<Id> allies = r.countries(sc.allies, "allies");
        p.allied_region.assign(data.countries.size(), 0);
        for (Id c : allies) p.allied_region[c] = 1;
    }
    return options;
}

// S27: the edges and final-demand entries an export control licenses.
LicenceTargets licence_targets(const DatasetNetwork& dn, const ExportControl& e, Resolver& r) {
    const Network& net = dn.net;
    LicenceTargets t;
    const std::set<Id> exporter = r.countries({e.exporter}, e.where + ".exporter");
    const std::set<Id> coms = r.commodities(e.commodities, e.where + ".commodities");
    const std::set<Id> only = r.countries(e.destinations.only, e.where + ".destinations");
    const std::set<Id> except =
        r.countries(e.destinations.all_except, e.where + ".destinations.all_except");
    auto hit = [&](std::uint32_t supplier, Id buyer_country) {
        if (exporter.count(dn.node_country[supplier]) == 0) return false;
        if (coms.count(dn.node_commodity[supplier]) == 0) return false;
        if (exporter.count(buyer_country) != 0) return false;  // domestic sales are not exports
        if (!e.destinations.all) return only.count(buyer_country) != 0;
        return except.count(buyer_country) == 0;
    };
    for (std::uint32_t k = 0; k < net.n_edges(); ++k)
        if (hit(net.edge_supplier[k], dn.node_country[net.edge_buyer[k]])) t.edges.push_back(k);
    for (std::uint32_t i = 0; i < net.n_nodes(); ++i)
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
            if (hit(i, dn.columns[net.fd_column[f]].country)) t.finals.push_back(f);
    return t;
}

// S28: the columns a demand change scales.
std::vector<std::uint8_t> demand_columns(const DatasetNetwork& dn, const DemandChange& c,
                                         Resolver& r) {
    const std::set<Id> cs = r.countries(c.countries, c.where + ".country");
    std::set<int> uses;
    for (int u : r.end_uses(c.end_uses, c.where + ".end_use")) uses.insert(u);
    const std::size_t n_cols = dn.net.n_final_columns();
    std::vector<std::uint8_t> mask(n_cols, 0);
    for (std::size_t k = 0; k < n_cols; ++k)
        mask[k] =
            (c.countries.empty() || cs.count(dn.columns[k].country) != 0) &&
                    (c.end_uses.empty() || uses.count(static_cast<int>(dn.columns[k].end_use)) != 0)
                ? 1
                : 0;
    return mask;
}

// S26-S28: targets and the scenario's own entries.
void compile_events(CompiledScenario& c, const Scenario& sc, Resolver& r) {
    for (const CapacityShock& s : sc.capacity_shocks) {
        c.events.shocks.push_back(shock_event(s, static_cast<std::uint32_t>(c.shock_nodes.size())));
        c.shock_nodes.push_back(r.nodes(s.target, s.where + ".target"));
    }
    for (const ExportControl& e : sc.export_controls) {
        c.events.controls.push_back(
            control_event(e, static_cast<std::uint32_t>(c.licence_targets.size())));
        c.licence_targets.push_back(licence_targets(c.network, e, r));
    }
    for (const DemandChange& dc : sc.demand_changes) {
        c.events.demand.push_back(
            demand_event(dc, static_cast<std::uint32_t>(c.demand_columns.size())));
        c.demand_columns.push_back(demand_columns(c.network, dc, r));
    }
}

// S29: each holder's stockpile of each commodity, with the slots it refills.
void compile_stockpiles(CompiledScenario& c, const Dataset& data, const Scenario& sc, Resolver& r) {
    const Network& net = c.network.net;
    for (const StockpileRelease& s : sc.stockpiles) {
        const Id holder = data.find_country(s.holder);
        if (holder == kNoId) {
            r.fail(s.where + ".holder",
                   fmt::format("`{}` is not a country of the dataset", s.holder));
            continue;
        }
        std::set<Id> coms = r.commodities(s.commodities, s.where + ".commodities");
        if (s.commodities.empty())
            for (std::size_t k = 0; k < data.stockpiles.size(); ++k)
                if (data.nodes.country[data.stockpiles.node[k]] == holder)
                    coms.insert(data.nodes.commodity[data.stockpiles.node[k]]);
        for (Id com : coms) {
            StockpileTargets rel;
            rel.summary.holder = s.holder;
            rel.summary.commodity = data.commodities.id[com];
            for (std::uint32_t k = 0; k < net.n_slots(); ++k) {
                if (net.slot_product[k] != com ||
                    c.network.node_country[net.slot_buyer[k]] != holder)
                    continue;
                rel.slots.push_back(k);
                const double use = net.slot_tech[k] * net.x0[net.slot_buyer[k]];
                rel.summary.daily_use += use;
                rel.target.push_back(use * net.inventory_steps[com]);
            }
            if (rel.slots.empty()) {
                r.fail(s.where + ".commodities",
                       fmt::format("no producer in {} uses {} in the simulated year", s.holder,
                                   data.commodities.id[com]));
                continue;
            }
            double days = s.days_held;
            double quantity = 0;
            if (days < 0) {
                days = 0;
                for (std::size_t k = 0; k < data.stockpiles.size(); ++k) {
                    const Id node = data.stockpiles.node[k];
                    if (data.nodes.country[node] != holder || data.nodes.commodity[node] != com)
                        continue;
                    if (!std::isnan(data.stockpiles.quantity[k]))
                        quantity += data.stockpiles.quantity[k];
                    if (!std::isnan(data.stockpiles.days_of_consumption[k]))
                        days += data.stockpiles.days_of_consumption[k];
                }
            }
            rel.summary.stock = quantity + days * rel.summary.daily_use;
            rel.max_daily = s.max_daily_release * rel.summary.daily_use;
            rel.trigger = s.trigger;
            rel.start = s.start;
            c.stockpiles.push_back(std::move(rel));
        }
    }
}

std::uint32_t node_by_label(const Network& net, const std::string& label) {
    for (std::uint32_t i = 0; i < net.n_nodes(); ++i)
        if (net.node_labels[i] == label) return i;
    return static_cast<std::uint32_t>(net.n_nodes());
}

// S31 for a new supplier: its capacity is spread over its buyers by their baseline use.
void spread_over_buyers(const Network& net, ProjectTargets& t) {
    double total = 0;
    for (std::uint32_t k = net.out_begin[t.node]; k < net.out_begin[t.node + 1]; ++k) {
        const std::uint32_t e = net.out_edge[k];
        t.edges.push_back(e);
        const std::uint32_t b = net.edge_buyer[e];
        double use = 0;
        for (std::uint32_t s = net.slot_begin[b]; s < net.slot_begin[b + 1]; ++s)
            if (net.slot_product[s] == net.node_product[t.node]) use = net.slot_tech[s] * net.x0[b];
        t.buyer_share.push_back(use);
        total += use;
    }
    for (double& v : t.buyer_share) v = total > 0 ? v / total : 0.0;
}

// S30: projects and recyclers coming online, and spare capacity.
void compile_projects(CompiledScenario& c, const Dataset& data, const Scenario& sc,
                      const std::vector<Recycled>& recycled, Resolver& r) {
    const Network& net = c.network.net;
    const std::size_t n = net.n_nodes();
    for (const ProjectOnline& pr : sc.projects) {
        const std::uint32_t node = node_by_label(net, "project." + pr.project);
        if (node >= n) continue;  // reported as unknown before the build
        const Id row = project_row(data, pr.project);
        ProjectTargets t;
        t.node = node;
        const double cap = pr.capacity >= 0 ? pr.capacity : data.projects.capacity[row];
        if (std::isnan(cap)) {
            r.fail(pr.where + ".capacity",
                   fmt::format("the dataset gives no capacity for `{}`; set one", pr.project));
            continue;
        }
        t.capacity_per_day = cap / 365.0;
        t.online = pr.online;
        t.ramp = pr.ramp_up_days;
        spread_over_buyers(net, t);
        c.projects.push_back(std::move(t));
    }
    for (const Recycled& rc : recycled) {
        const std::uint32_t node = node_by_label(net, rc.label);
        if (node >= n) continue;
        ProjectTargets t;
        t.node = node;
        t.capacity_per_day = rc.capacity / 365.0;
        t.online = rc.online;
        spread_over_buyers(net, t);
        c.projects.push_back(std::move(t));
    }
    c.spare_capacity = sc.spare_capacity;
    for (const SpareCapacity& s : sc.spare_capacity)
        c.spare_nodes.push_back(r.nodes(s.target, s.where + ".target"));
}

// S31: candidate suppliers' new edges, each allowed max_share of its slot's baseline orders.
void compile_candidates(CompiledScenario& c, const Dataset& data, const Scenario& sc) {
    const Network& net = c.network.net;
    const std::size_t n = net.n_nodes();
    for (const CandidateSupplier& cs : sc.candidates) {
        CandidateTargets t;
        t.from = cs.start + cs.qualification_days;
        const std::uint32_t node = node_by_label(net, cs.supplier + ":" + cs.commodity);
        std::uint32_t supplier = node;
        if (node >= n) {
            // The producer already makes the commodity: its node carries the plain label.
            supplier = node_by_label(net, cs.supplier);
            if (supplier < n && net.node_product[supplier] != data.find_commodity(cs.commodity))
                supplier = static_cast<std::uint32_t>(n);
        }
        if (supplier >= n) continue;  // reported before the build as unknown
        for (std::uint32_t k = net.out_begin[supplier]; k < net.out_begin[supplier + 1]; ++k) {
            const std::uint32_t e = net.out_edge[k];
            if (net.edge_z0[e] != 0.0) continue;  // an existing supply, not a candidate
            std::uint32_t slot = 0;
            const std::uint32_t b = net.edge_buyer[e];
            for (std::uint32_t s = net.slot_begin[b]; s < net.slot_begin[b + 1]; ++s)
                if (e >= net.edge_begin[s] && e < net.edge_begin[s + 1]) slot = s;
            double base = 0;
            for (std::uint32_t x = net.edge_begin[slot]; x < net.edge_begin[slot + 1]; ++x)
                base += net.edge_z0[x];
            t.edges.push_back(e);
            t.bonus.push_back(cs.max_share < 1 ? base * cs.max_share / (1 - cs.max_share)
                                               : base * 1e6);
        }
        c.candidates.push_back(std::move(t));
    }
}

// S37, S38: priority pools of end users, and the slots each substitution scales.
void compile_downstream(CompiledScenario& c, const Scenario& sc, Resolver& r, Diagnostics& d) {
    const DatasetNetwork& dn = c.network;
    const Network& net = dn.net;
    const std::size_t n = net.n_nodes();
    // The end use of each end-use node (from its final-demand column).
    std::vector<int> node_use(n, -1);
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
            if (dn.node_end_use[i] != 0)
                node_use[i] = static_cast<int>(dn.columns[net.fd_column[f]].end_use);
    // S37: one pool per (country, input) of the end users the prioritisation covers.
    if (!sc.prioritise.empty()) {
        const std::string& w = sc.prioritise.where;
        const std::vector<int> order = r.end_uses(sc.prioritise.end_uses, w + ".end_uses");
        const std::set<Id> cs = r.countries(sc.prioritise.countries, w + ".countries");
        std::map<std::pair<Id, std::uint32_t>, PriorityPool> by_pool;
        for (std::uint32_t j = 0; j < n; ++j) {
            if (node_use[j] < 0) continue;
            if (!sc.prioritise.countries.empty() && cs.count(dn.node_country[j]) == 0) continue;
            // End uses not listed keep their own stock.
            const auto it = std::find(order.begin(), order.end(), node_use[j]);
            if (it == order.end()) continue;
            const auto rank = static_cast<std::uint32_t>(it - order.begin());
            for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k) {
                PriorityPool& pool = by_pool[{dn.node_country[j], net.slot_product[k]}];
                pool.slots.push_back(k);
                pool.rank.push_back(rank);
                pool.n_ranks = static_cast<std::uint32_t>(order.size());
            }
        }
        for (auto& [key, pool] : by_pool)
            if (pool.slots.size() > 1) {
                c.widest_pool = std::max(c.widest_pool, pool.slots.size());
                c.pools.push_back(std::move(pool));
            }
    }
    // S38: the slots each substitution scales.
    c.substitution = sc.substitution;
    for (const Substitution& sub : sc.substitution) {
        std::vector<std::uint32_t> slots;
        const std::set<Id> cs = r.countries(sub.countries, sub.where + ".country");
        const std::set<Id> inputs = r.commodities(sub.inputs, sub.where + ".inputs");
        const std::vector<int> uses = r.end_uses(sub.end_uses, sub.where + ".end_use");
        std::vector<std::uint8_t> buyers(n, 0);
        if (!sub.stages.empty()) {
            NodeSelector sel;
            sel.stages = sub.stages;
            sel.countries = sub.countries;
            buyers = r.nodes(sel, sub.where);
        } else {
            for (std::uint32_t j = 0; j < n; ++j)
                buyers[j] =
                    node_use[j] >= 0 &&
                            std::find(uses.begin(), uses.end(), node_use[j]) != uses.end() &&
                            (sub.countries.empty() || cs.count(dn.node_country[j]) != 0)
                        ? 1
                        : 0;
        }
        for (std::uint32_t k = 0; k < net.n_slots(); ++k)
            if (buyers[net.slot_buyer[k]] != 0 &&
                (sub.inputs.empty() || inputs.count(net.slot_product[k]) != 0))
                slots.push_back(k);
        if (slots.empty() && d.empty())
            r.fail(sub.where, "selects no buyer of the inputs named in the simulated year");
        c.substitution_slots.push_back(std::move(slots));
    }
}

// Index arrays the daily responses read: entry -> node, column -> end-use node, edge -> slot.
void compile_layout(CompiledScenario& c, const Dataset& data) {
    const DatasetNetwork& dn = c.network;
    const Network& net = dn.net;
    const std::size_t n = net.n_nodes();
    c.fd_node.assign(net.n_fd_entries(), 0);
    c.column_node.assign(net.n_final_columns(), 0);
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f) {
            c.fd_node[f] = i;
            if (dn.node_end_use[i] != 0) c.column_node[net.fd_column[f]] = i;
        }
    for (const DemandColumn& col : dn.columns) {
        c.column_country.push_back(data.countries.iso3[col.country]);
        c.column_commodity.push_back(data.commodities.id[col.commodity]);
    }
    c.edge_slot.assign(net.n_edges(), 0);
    c.edge_share.assign(net.n_edges(), 0.0);
    for (std::uint32_t k = 0; k < net.n_slots(); ++k) {
        double total = 0;
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e)
            total += net.edge_z0[e];
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e) {
            c.edge_slot[e] = k;
            c.edge_share[e] = total > 0 ? net.edge_z0[e] / total : 0.0;
        }
    }
}

// Backtest: which edges and final-demand entries are the observed exports.
void compile_observed(CompiledScenario& c, const Scenario& sc, Resolver& r) {
    const DatasetNetwork& dn = c.network;
    const Network& net = dn.net;
    c.export_edge.assign(net.n_edges(), 0);
    if (sc.observed.empty()) return;
    c.observed = true;
    const std::set<Id> exporter = r.countries({sc.observed.exporter}, "observed.exporter");
    const std::set<Id> coms = r.commodities(sc.observed.commodities, "observed.commodities");
    auto exported = [&](std::uint32_t supplier, Id buyer_country) {
        return exporter.count(dn.node_country[supplier]) != 0 &&
               coms.count(dn.node_commodity[supplier]) != 0 && dn.node_end_use[supplier] == 0 &&
               exporter.count(buyer_country) == 0;
    };
    for (std::uint32_t e = 0; e < net.n_edges(); ++e)
        if (exported(net.edge_supplier[e], dn.node_country[net.edge_buyer[e]])) {
            c.export_edges.push_back(e);
            c.export_edge[e] = 1;
            c.baseline_exports += net.edge_z0[e];
        }
    for (std::uint32_t i = 0; i < net.n_nodes(); ++i)
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
            if (exported(i, dn.columns[net.fd_column[f]].country)) {
                c.export_finals.push_back(f);
                c.baseline_exports += net.fd_y0[f];
            }
}

}  // namespace

CompiledScenario compile_scenario(const Dataset& data, const Scenario& scenario) {
    Diagnostics d;
    // Regimes and the pipeline become plain export controls and projects first: from here on
    // they are the scenario's own entries (S27, S30).
    const Scenario sc = with_dataset_entries(data, scenario, d);
    CompiledScenario c;
    c.path = sc.path;
    c.horizon_days = sc.horizon_days;
    c.parameters = sc.parameters;
    c.parameters.mode = Mode::native;
    // Extra suppliers (projects, recyclers, candidates) must exist before the network is built;
    // problems found so far are reported together with those found after the build.
    std::vector<Recycled> recycled;
    const DatasetNetworkOptions options = network_options(data, sc, c.parameters, recycled, d);
    c.network = build_dataset_network(data, c.parameters, options);
    Resolver r(data, c.network, sc.path, d, sc.positions.get());
    compile_events(c, sc, r);
    compile_stockpiles(c, data, sc, r);
    compile_projects(c, data, sc, recycled, r);
    compile_candidates(c, data, sc);
    compile_downstream(c, sc, r, d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    compile_layout(c, data);
    compile_observed(c, sc, r);
    if (!d.empty()) throw InvalidInput(std::move(d));
    return c;
}

std::vector<std::uint8_t> nodes_hit(const CompiledScenario& c, const Events& events) {
    const Network& net = c.network.net;
    std::vector<std::uint8_t> hit(net.n_nodes(), 0);
    for (const ShockEvent& s : events.shocks)
        for (std::size_t i = 0; i < hit.size(); ++i) hit[i] |= c.shock_nodes[s.target][i];
    for (const ControlEvent& e : events.controls) {
        const LicenceTargets& t = c.licence_targets[e.target];
        for (std::uint32_t k : t.edges) hit[net.edge_supplier[k]] = 1;
        for (std::uint32_t f : t.finals) hit[c.fd_node[f]] = 1;
    }
    return hit;
}

}  // namespace critmin::sim
