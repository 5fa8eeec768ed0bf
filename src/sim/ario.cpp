#include "sim/ario.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/error.h"

namespace critmin::sim {

namespace {

int thread_id() {
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

int max_threads() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

bool boario(const ModelParameters& p) {
    return p.mode == Mode::boario;
}

// Threads pay off only on large networks: a parallel region costs microseconds (far more when
// the cores are busy, or inside a stress test's own threads), which on the embedded dataset
// (about a hundred nodes) exceeds the work. Small loops never enter a parallel region. Each
// iteration writes only its own outputs, so results are the same with or without threads.
constexpr std::size_t kThreadedWork = 32768;

// Whether a step on this network is worth threads: its work grows with nodes and edges (a dense
// 1,000-industry MRIO has few nodes but a million edges).
bool worth_threads(const Network& net) {
    return net.n_nodes() + net.n_edges() >= kThreadedWork;
}

// body(i, thread) for i in [0, n); `thread` indexes per-thread scratch (0 when serial).
template <typename Body>
void for_each_index(std::ptrdiff_t n, bool threaded, Body&& body) {
    if (threaded) {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < n; ++i) body(i, thread_id());
    } else {
        for (std::ptrdiff_t i = 0; i < n; ++i) body(i, 0);
    }
}

// Whether pred(i) holds for every i in [0, n); pred runs for every i (it has side effects).
template <typename Pred>
bool all_of_index(std::ptrdiff_t n, bool threaded, Pred&& pred) {
    bool all = true;
    if (threaded) {
#pragma omp parallel for schedule(static) reduction(&& : all)
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            const bool ok = pred(i);
            all = all && ok;
        }
    } else {
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            const bool ok = pred(i);
            all = all && ok;
        }
    }
    return all;
}

// numpy.isclose(a, b) with its defaults: |a - b| <= atol + rtol * |b|.
bool numpy_close(double a, double b) {
    return std::fabs(a - b) <= 1e-8 + 1e-5 * std::fabs(b);
}

// S4 for one node: orders on its edges (as licensed) + final demand + rebuilding demand. In
// boario mode the two row sums are numpy's pairwise sums over the dense rows.
double node_demand(const Network& net, const State& st, std::size_t i, bool pairwise,
                   double* scratch) {
    double orders = 0.0;
    double final = 0.0;
    const std::uint32_t e0 = net.out_begin[i];
    const std::uint32_t e1 = net.out_begin[i + 1];
    const std::uint32_t f0 = net.fd_begin[i];
    const std::uint32_t f1 = net.fd_begin[i + 1];
    // st.orders_out holds the licensed orders in supplier order (gather_orders): contiguous.
    if (pairwise) {
        orders = pairwise_sum(st.orders_out.data() + e0, e1 - e0);
        for (std::uint32_t f = f0; f < f1; ++f)
            scratch[f - f0] = st.fd_orders[f] * st.fd_license[f];
        final = pairwise_sum(scratch, f1 - f0);
    } else {
        for (std::uint32_t k = e0; k < e1; ++k) orders += st.orders_out[k];
        for (std::uint32_t f = f0; f < f1; ++f) final += st.fd_orders[f] * st.fd_license[f];
    }
    return orders + final + st.rebuild_demand[i];
}

// Copies orders x licence (S12) into supplier order once per step, so that the demand sums
// (S4) and the rationing (S8-S11) read each supplier's orders contiguously instead of
// scattered over the edge arrays: one random pass instead of two on large networks.
void gather_orders(const Network& net, State& st, bool force) {
    const bool threaded = worth_threads(net);
    if (!force && st.orders_out_step == st.step) return;
    const auto n_out = static_cast<std::ptrdiff_t>(net.out_edge.size());
    for_each_index(n_out, threaded, [&](std::ptrdiff_t q, int /*thread*/) {
        const std::uint32_t e = net.out_edge[static_cast<std::size_t>(q)];
        st.orders_out[static_cast<std::size_t>(q)] = st.orders[e] * st.license[e];
    });
    st.orders_out_step = st.step;
}

// Priority key of each customer of a node under rules S9-S11 (lower is served first).
double edge_key(const Network& net, const ModelParameters& p, const State& st, std::uint32_t e) {
    switch (p.rationing) {
        case Rationing::final_demand_last:
            return 0.0;
        case Rationing::lowest_fulfilment_first:
            return st.fulfilment[net.edge_buyer[e]];
        case Rationing::allied_first: {
            const std::uint32_t r = net.node_region[net.edge_buyer[e]];
            return r < p.allied_region.size() && p.allied_region[r] != 0 ? 0.0 : 1.0;
        }
        case Rationing::proportional:
            break;
    }
    return 0.0;
}

double final_key(const Network& net, const ModelParameters& p, const State& st, std::uint32_t c) {
    switch (p.rationing) {
        case Rationing::final_demand_last:
            return 1.0;
        case Rationing::lowest_fulfilment_first:
            return st.fd_fulfilment[c];
        case Rationing::allied_first: {
            const std::uint32_t r = net.final_region[c];
            return r < p.allied_region.size() && p.allied_region[r] != 0 ? 0.0 : 1.0;
        }
        case Rationing::proportional:
            break;
    }
    return 0.0;
}

// S9-S11: serve customers in increasing key order, proportionally among equal keys, until
// `output` runs out. Items are (key, amount) in the thread's scratch; amounts are replaced by
// what each customer gets.
void serve_by_priority(std::uint32_t n, double output, std::uint32_t* order, const double* key,
                       double* amount) {
    std::iota(order, order + n, 0U);
    std::stable_sort(order, order + n,
                     [key](std::uint32_t a, std::uint32_t b) { return key[a] < key[b]; });
    double left = output;
    std::uint32_t g = 0;
    while (g < n) {
        std::uint32_t h = g;
        double group = 0.0;
        while (h < n && key[order[h]] == key[order[g]]) group += amount[order[h++]];
        const double share = group <= left ? 1.0 : (group > 0 ? left / group : 0.0);
        for (std::uint32_t k = g; k < h; ++k) amount[order[k]] *= share;
        left = share < 1.0 ? 0.0 : left - group;
        g = h;
    }
}

// S17: the weight of an edge in its slot's orders: baseline flow x the supplier's capacity
// ratio, plus any candidate weight, times the edge's export licence (native mode).
double order_weight(const Network& net, const State& st, std::uint32_t e, bool compat) {
    const double w = net.edge_z0[e] * st.node_scratch[net.edge_supplier[e]];
    if (compat) return w;
    return (w + st.edge_bonus[e]) * st.license[e];
}

}  // namespace

double pairwise_sum(const double* a, std::size_t n) {
    if (n < 8) {
        double res = 0.0;
        for (std::size_t i = 0; i < n; ++i) res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
        std::size_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i) res += a[i];
        return res;
    }
    std::size_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

void initial_node_state(State& st, const std::vector<double>& x0, const ModelParameters& p) {
    const std::size_t n = x0.size();
    st.production = x0;
    st.capacity = x0;
    st.production_opt = x0;
    st.total_demand.assign(n, 0.0);
    st.alpha.assign(n, p.alpha_base);
    st.delta.assign(n, 0.0);
    st.capacity_scale.assign(n, 1.0);
    st.capacity_extra.assign(n, 0.0);
    st.rebuild_demand.assign(n, 0.0);
    st.rebuild_delivered.assign(n, 0.0);
    st.delivered_out.assign(n, 0.0);
    st.fulfilment.assign(n, 1.0);
    st.node_scratch.assign(n, 0.0);
}

State initial_state(const Network& net, const ModelParameters& p) {
    State st;
    const std::size_t n = net.n_nodes();
    initial_node_state(st, net.x0, p);
    st.inventory.assign(net.n_slots(), 0.0);
    for (std::size_t j = 0; j < n; ++j)
        for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k)
            st.inventory[k] =
                (net.x0[j] * net.slot_tech[k]) * net.inventory_steps[net.slot_product[k]];
    st.received.assign(net.n_slots(), 0.0);
    st.tech_scale.assign(net.n_slots(), 1.0);
    st.slot_scratch.assign(net.n_slots(), 0.0);
    st.orders = net.edge_z0;
    st.delivered.assign(net.n_edges(), 0.0);
    st.license.assign(net.n_edges(), 1.0);
    st.orders_out.assign(net.n_edges(), 0.0);
    st.edge_weight.assign(net.n_edges(), 0.0);
    st.edge_bonus.assign(net.n_edges(), 0.0);
    st.fd_orders = net.fd_y0;
    st.fd_license.assign(net.n_fd_entries(), 1.0);
    st.fd_delivered.assign(net.n_fd_entries(), 0.0);
    st.fd_unmet.assign(net.n_final_columns(), 0.0);
    st.fd_fulfilment.assign(net.n_final_columns(), 1.0);
    std::size_t row = 1;
    for (std::size_t i = 0; i < n; ++i)
        row = std::max<std::size_t>(row, (net.out_begin[i + 1] - net.out_begin[i]) +
                                             (net.fd_begin[i + 1] - net.fd_begin[i]) + 1);
    st.row_capacity = row;
    const auto threads = static_cast<std::size_t>(max_threads());
    st.row_order.assign(row * threads, 0);
    st.row_key.assign(row * threads, 0.0);
    st.row_amount.assign(row * threads, 0.0);
    return st;
}

void update_overproduction(const Network& net, const ModelParameters& p, State& st) {
    const bool threaded = worth_threads(net);
    // BoARIO updates overproduction only from its third step (t > 1).
    if (boario(p) && st.step <= 1) return;
    gather_orders(net, st, true);
    const auto n = static_cast<std::ptrdiff_t>(net.n_nodes());
    const bool pairwise = boario(p);
    for_each_index(n, threaded, [&](std::ptrdiff_t i, int thread) {
        double* scratch = st.row_amount.data() + st.row_capacity * thread;
        const auto u = static_cast<std::size_t>(i);
        const double demand = node_demand(net, st, u, pairwise, scratch);
        st.total_demand[u] = demand;  // reused by compute_production in this step
        st.alpha[u] =
            next_alpha(st.alpha[u], demand, st.production[u], p, node_alpha_max(net, p, u));
    });
    st.demand_step = st.step;
}

double stock_ratio(double days, double stop, double spread) {
    if (days >= stop + spread) return 1.0;
    if (spread <= 0.0) return days / stop;  // S6a
    // S6b: the mean over firms with stock uniform on [days - spread, days + spread] of
    // min(1, max(0, y) / stop), from its integral G(y) = int_0^y min(1, u / stop) du.
    auto integral = [stop](double y) {
        if (y <= 0.0) return 0.0;
        return y <= stop ? y * y / (2.0 * stop) : y - stop / 2.0;
    };
    const double mean = (integral(days + spread) - integral(days - spread)) / (2.0 * spread);
    return std::min({1.0, mean, std::max(days, 0.0)});
}

double input_limited_production(const Network& net, const ModelParameters& p, const State& st,
                                std::size_t j, double x_opt) {
    double ratio = 1.0;
    const double need_steps = j < net.need_steps.size() ? net.need_steps[j] : 0.0;
    for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k) {
        if (net.slot_binding[k] == 0) continue;  // S7
        // S6: the inventory production needs, psi of the target inventory; S6a: a node's
        // own stop level in steps of use where the network gives one. S38: a_k x scale.
        const double a = net.slot_tech[k] * st.tech_scale[k];
        if (need_steps > 0.0 && net.stock_spread_steps > 0.0) {
            const double use = x_opt * a;  // S6b: firms' stocks spread around the node's
            if (use > 0.0)
                ratio = std::min(ratio, stock_ratio(st.inventory[k] / use, stop_steps(net, p, j, k),
                                                    net.stock_spread_steps));
            continue;
        }
        // ARIO's own form of S6 without a stop level keeps BoARIO's rounding.
        const double need = need_steps > 0.0
                                ? (x_opt * a) * stop_steps(net, p, j, k)
                                : ((x_opt * a) * p.psi) * net.inventory_steps[net.slot_product[k]];
        if (need != 0.0 && st.inventory[k] < need) ratio = std::min(ratio, st.inventory[k] / need);
    }
    return ratio < 1.0 ? x_opt * ratio : x_opt;
}

void compute_production(const Network& net, const ModelParameters& p, State& st) {
    const bool threaded = worth_threads(net);
    const auto n = static_cast<std::ptrdiff_t>(net.n_nodes());
    const bool pairwise = boario(p);
    const bool fresh = st.demand_step == st.step;
    if (!fresh) gather_orders(net, st, true);
    for_each_index(n, threaded, [&](std::ptrdiff_t i, int thread) {
        const auto j = static_cast<std::size_t>(i);
        double* scratch = st.row_amount.data() + st.row_capacity * thread;
        // S4, unless update_overproduction computed it this step (nothing changes in between).
        const double demand =
            fresh ? st.total_demand[j] : node_demand(net, st, j, pairwise, scratch);
        st.total_demand[j] = demand;
        const double cap = node_capacity(net.x0[j], st.delta[j], st.alpha[j], st.capacity_scale[j],
                                         st.capacity_extra[j]);  // S2, S3
        st.capacity[j] = cap;
        const double x_opt = std::fmin(demand, cap);  // S5
        st.production_opt[j] = x_opt;
        st.production[j] = input_limited_production(net, p, st, j, x_opt);  // S6
    });
}

void unmet_final_demand(const Network& net, State& st) {
    // Summed over suppliers in index order. The running sums stay in registers while
    // consecutive entries share a column (a firm network numbered by region has long runs), which
    // adds the same terms in the same order as adding into the arrays entry by entry.
    std::fill(st.fd_unmet.begin(), st.fd_unmet.end(), 0.0);
    std::fill(st.fd_fulfilment.begin(), st.fd_fulfilment.end(), 0.0);
    const std::size_t n_entries = net.n_fd_entries();
    for (std::size_t f = 0; f < n_entries;) {
        const std::uint32_t c = net.fd_column[f];
        double unmet = st.fd_unmet[c];
        double ordered = st.fd_fulfilment[c];
        for (; f < n_entries && net.fd_column[f] == c; ++f) {
            unmet += st.fd_orders[f] - st.fd_delivered[f];
            ordered += st.fd_orders[f];
        }
        st.fd_unmet[c] = unmet;
        st.fd_fulfilment[c] = ordered;
    }
    for (std::size_t c = 0; c < net.n_final_columns(); ++c) {
        const double ordered = st.fd_fulfilment[c];
        st.fd_fulfilment[c] = ordered > 0.0 ? (ordered - st.fd_unmet[c]) / ordered : 1.0;
    }
}

void distribute_output(const Network& net, const ModelParameters& p, State& st) {
    const bool threaded = worth_threads(net);
    const auto n = static_cast<std::ptrdiff_t>(net.n_nodes());
    const bool compat = boario(p);
    gather_orders(net, st, false);  // gathered by the demand phase of this step
    for_each_index(n, threaded, [&](std::ptrdiff_t ii, int thread) {
        const auto i = static_cast<std::size_t>(ii);
        const std::size_t base = st.row_capacity * static_cast<std::size_t>(thread);
        double* amount = st.row_amount.data() + base;
        const std::uint32_t e0 = net.out_begin[i];
        const std::uint32_t e1 = net.out_begin[i + 1];
        const std::uint32_t f0 = net.fd_begin[i];
        const std::uint32_t f1 = net.fd_begin[i + 1];
        const std::uint32_t n_edges = e1 - e0;
        const std::uint32_t n_final = f1 - f0;
        const std::uint32_t n_items = n_edges + n_final + 1;
        // The node's row of demands: edges (as licensed, S12), final demand, rebuilding.
        std::copy(st.orders_out.begin() + e0, st.orders_out.begin() + e1, amount);
        for (std::uint32_t f = 0; f < n_final; ++f)
            amount[n_edges + f] = st.fd_orders[f0 + f] * st.fd_license[f0 + f];
        amount[n_items - 1] = st.rebuild_demand[i];
        double demand = 0.0;
        if (compat) {
            demand = pairwise_sum(amount, n_items);
        } else {
            for (std::uint32_t k = 0; k < n_items; ++k) demand += amount[k];
        }
        const double x = st.production[i];
        // BoARIO scales every row by x / D, even when output meets demand (its traces show
        // the resulting rounding noise in unmet final demand); native mode rations only when
        // output falls short.
        const bool ration = compat || x < demand;
        if (ration) {
            if (p.rationing == Rationing::proportional || compat) {
                // S8: the same share for every customer.
                for (std::uint32_t k = 0; k < n_items; ++k)
                    amount[k] = demand != 0.0 ? (amount[k] / demand) * x : 0.0;
            } else {
                double* key = st.row_key.data() + base;
                for (std::uint32_t k = 0; k < n_edges; ++k)
                    key[k] = edge_key(net, p, st, net.out_edge[e0 + k]);
                for (std::uint32_t f = 0; f < n_final; ++f)
                    key[n_edges + f] = final_key(net, p, st, net.fd_column[f0 + f]);
                key[n_items - 1] = p.rationing == Rationing::final_demand_last ? 0.0 : 1.0;
                serve_by_priority(n_items, x, st.row_order.data() + base, key, amount);
            }
        }
        double out = 0.0;
        for (std::uint32_t k = 0; k < n_edges; ++k) {
            st.delivered[net.out_edge[e0 + k]] = amount[k];
            out += amount[k];
        }
        for (std::uint32_t f = 0; f < n_final; ++f) {
            st.fd_delivered[f0 + f] = amount[n_edges + f];
            out += amount[n_edges + f];
        }
        st.rebuild_delivered[i] = amount[n_items - 1];
        st.delivered_out[i] = out + amount[n_items - 1];
    });

    // S13: inventories gain what arrived and lose what production used.
    const auto n_slots = static_cast<std::ptrdiff_t>(net.n_slots());
    bool all_close = true;
    all_close = all_of_index(n_slots, threaded, [&](std::ptrdiff_t kk) {
        const auto k = static_cast<std::size_t>(kk);
        double add = 0.0;
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e)
            add += st.delivered[e];
        st.received[k] = add;
        const double use = st.production[net.slot_buyer[k]] * (net.slot_tech[k] * st.tech_scale[k]);
        st.slot_scratch[k] = use;
        return numpy_close(add, use);
    });
    // BoARIO skips the whole update when every slot's change is within numpy's tolerance.
    if (!(compat && all_close)) {
        for_each_index(n_slots, threaded, [&](std::ptrdiff_t kk, int /*thread*/) {
            const auto k = static_cast<std::size_t>(kk);
            const double next = (st.inventory[k] - st.slot_scratch[k]) + st.received[k];
            st.inventory[k] = compat ? next : std::max(next, 0.0);
        });
    }

    // Fulfilment of each buyer's orders this step, which only S10 uses (next step).
    const bool track_fulfilment = !compat && p.rationing == Rationing::lowest_fulfilment_first;
    for_each_index((track_fulfilment ? n : 0), threaded, [&](std::ptrdiff_t jj, int /*thread*/) {
        const auto j = static_cast<std::size_t>(jj);
        double ordered = 0.0;
        double got = 0.0;
        for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k) {
            got += st.received[k];
            for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e)
                ordered += st.orders[e];
        }
        st.fulfilment[j] = ordered > 0.0 ? got / ordered : 1.0;
    });

    unmet_final_demand(net, st);  // S14
}

void place_orders(const Network& net, const ModelParameters& p, State& st) {
    const bool threaded = worth_threads(net);
    const auto n = static_cast<std::ptrdiff_t>(net.n_nodes());
    const bool compat = boario(p);
    const double restore = 1.0 / p.restoration_tau;
    // S15: the target inventory; boario mode drops every gap when all inventories are within
    // numpy's tolerance of their targets.
    // In boario mode a node with rebuilding demand aims at min(demand, capacity) where the
    // demand counts only the rebuilding demand it could not serve this step: BoARIO subtracts
    // the rebuilding deliveries from its demand matrix before computing the order targets
    // (docs/model.md, S22).
    bool all_close = true;
    all_close = all_of_index(n, threaded, [&](std::ptrdiff_t jj) {
        const auto j = static_cast<std::size_t>(jj);
        bool close = true;
        double x_opt = st.production_opt[j];
        if (compat && st.rebuild_demand[j] != 0.0)
            x_opt = std::fmin(st.total_demand[j] - st.rebuild_delivered[j], st.capacity[j]);
        for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k) {
            const double goal = (x_opt * (net.slot_tech[k] * st.tech_scale[k])) *
                                net.inventory_steps[net.slot_product[k]];
            st.slot_scratch[k] = goal;
            close = close && numpy_close(st.inventory[k], goal);
        }
        return close;
    });
    const bool drop_gaps = compat && all_close;
    // Capacity ratio of every supplier: orders shift toward suppliers that can still deliver.
    for_each_index(n, threaded, [&](std::ptrdiff_t ii, int /*thread*/) {
        const auto i = static_cast<std::size_t>(ii);
        st.node_scratch[i] =
            p.orders_follow_capacity && net.x0[i] != 0.0 ? st.capacity[i] / net.x0[i] : 1.0;
    });
    for_each_index(n, threaded, [&](std::ptrdiff_t jj, int /*thread*/) {
        const auto j = static_cast<std::size_t>(jj);
        for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k) {
            double gap = 0.0;
            if (!drop_gaps) {
                gap = st.slot_scratch[k] - st.inventory[k];
                if (gap < 0.0) gap = 0.0;
                gap = restore * gap;  // S15
            }
            const double need =
                gap + st.production[j] * (net.slot_tech[k] * st.tech_scale[k]);  // S16, S38
            // S17: split across suppliers by baseline flow x capacity ratio (x licence).
            double total = 0.0;
            const std::uint32_t b = net.edge_begin[k];
            const std::uint32_t c = net.edge_begin[k + 1];
            for (std::uint32_t e = b; e < c; ++e) {
                // Kept for the split below: each weight reads the supplier's ratio at random.
                st.edge_weight[e] = order_weight(net, st, e, compat);
                total += st.edge_weight[e];
            }
            if (total == 0.0 && !compat) {
                // No supplier can deliver (no capacity or no licence): the need is still ordered
                // on the baseline shares and goes unfilled, so buyers' shortages stay visible.
                for (std::uint32_t e = b; e < c; ++e) total += net.edge_z0[e];
                for (std::uint32_t e = b; e < c; ++e)
                    st.orders[e] = total != 0.0 ? need * (net.edge_z0[e] / total) : 0.0;
                continue;
            }
            for (std::uint32_t e = b; e < c; ++e) {
                const double w = st.edge_weight[e];
                st.orders[e] = total != 0.0 ? need * (w / total) : 0.0;
            }
        }
    });
}

double mass_balance_error(const Network& net, const State& st) {
    double worst = 0.0;
    for (std::size_t i = 0; i < net.n_nodes(); ++i) {
        const double x = st.production[i];
        const double gap = std::fabs(st.delivered_out[i] - x);
        const double scale = std::max(std::fabs(x), 1e-300);
        worst = std::max(worst, gap / scale);
    }
    return worst;
}

void check_mass_balance(double error) {
    // S18 holds to rounding: a larger gap is a bug.
    constexpr double kTolerance = 1e-9;
    if (error > kTolerance)
        throw Error(ErrorKind::runtime,
                    fmt::format("mass balance violated (largest relative gap {:.3g}); please "
                                "report this bug",
                                error));
}

}  // namespace critmin::sim
