#include "sim/sparse_kernel.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "sim/ario.h"
#include "sim/thread_governor.h"

namespace critmin::sim {

namespace {

// Below this much work (nodes + edges) a step opens no parallel region: a region costs
// microseconds, more than a small network's whole step.
constexpr std::size_t kThreadedWork = 32768;
// Nodes handed to a thread at a time. Degrees on firm networks are very uneven (a hub has
// thousands of customers), so the passes use a dynamic schedule; every node's results depend
// only on the node, so the schedule cannot change a bit of them. 2048 rather than 256 took the
// 1M-firm year from 20.4 s to 18.1 s on 2 cores (docs/benchmarks.md): each chunk restarts the
// prefetch window and takes a shared counter, and 500 chunks still balance two threads.
constexpr int kChunk = 2048;
// How far ahead (in edges) the passes prefetch the record they will read at random.
constexpr std::size_t kPrefetch = 32;

// The S43 factor of a slot split into its two forms: c_k >= 0 (orders follow capacity ratios)
// or -g_k (every weight is zero: orders on baseline shares).
double normal_part(double factor) {
    return factor >= 0.0 ? factor : 0.0;
}
double fallback_part(double factor) {
    return factor < 0.0 ? -factor : 0.0;
}

}  // namespace

bool SparseKernel::supports(const ModelParameters& p) {
    return p.mode == Mode::native && p.rationing == Rationing::proportional;
}

SparseKernel::SparseKernel(const Network& net, const ModelParameters& p, bool licences)
    : net_(net), p_(p), with_licences_(licences) {
    if (!supports(p))
        throw Error(ErrorKind::runtime,
                    "the sparse kernel needs native mode and proportional rationing");
    const std::size_t n_edges = net.n_edges();
    std::vector<std::uint32_t> edge_slot(n_edges);
    for (std::uint32_t k = 0; k < net.n_slots(); ++k)
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e) edge_slot[e] = k;
    out_slot_.resize(n_edges);
    out_z0_.resize(n_edges);
    for (std::size_t q = 0; q < n_edges; ++q) {
        const std::uint32_t e = net.out_edge[q];
        out_slot_[q] = edge_slot[e];
        out_z0_[q] = net.edge_z0[e];
    }
    // The baseline orders are the baseline flows: c_k = 1 with every ratio 1.
    slot_factor_.assign(net.n_slots(), 1.0);
    slot_z0_.assign(net.n_slots(), 0.0);
    for (std::size_t k = 0; k < net.n_slots(); ++k)
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e)
            slot_z0_[k] += net.edge_z0[e];
    supplier_.assign(net.n_nodes(), Supplier{});
    share_.assign(net.n_nodes(), 1.0);
    const auto& steps = net.inventory_steps;
    if (!steps.empty() &&
        std::all_of(steps.begin(), steps.end(), [&](double v) { return v == steps.front(); }))
        inventory_steps_ = steps.front();
    use_cover_ =
        net.stock_spread_steps <= 0.0 && std::all_of(net.need_steps.begin(), net.need_steps.end(),
                                                     [](double v) { return v <= 0.0; });
    cover_.assign(net.n_nodes(), std::numeric_limits<double>::infinity());
    for (std::size_t j = 0; j < net.n_nodes(); ++j)
        for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k) {
            // The initial inventory of initial_state: x0 a n_inv.
            const double n_inv = net.inventory_steps[net.slot_product[k]];
            const double a = net.slot_tech[k];
            if (net.slot_binding[k] != 0 && a * n_inv > 0.0)
                cover_[j] = std::min(cover_[j], ((net.x0[j] * a) * n_inv) / (a * n_inv));
        }
    shipped_by_node_.assign(net.n_nodes(), 0.0);
    if (with_licences_) {
        licence_now_.assign(n_edges, 1.0);
        licence_ordered_.assign(n_edges, 1.0);
        out_licence_now_.assign(n_edges, 1.0);
        out_licence_ordered_.assign(n_edges, 1.0);
    }
    threaded_ = net.n_nodes() + n_edges >= kThreadedWork;
}

void SparseKernel::refresh_licences(const State& st) {
    if (st.licence_version == licence_version_) return;
    licence_version_ = st.licence_version;
    if (!with_licences_)
        throw Error(ErrorKind::runtime,
                    "export licences changed in a run whose sparse kernel keeps none");
    if (std::equal(st.license.begin(), st.license.end(), licence_now_.begin())) return;
    std::copy(st.license.begin(), st.license.end(), licence_now_.begin());
    const auto n = static_cast<std::ptrdiff_t>(net_.n_edges());
    bool below = false;
#pragma omp parallel for schedule(static) if (threaded_) reduction(|| : below)
    for (std::ptrdiff_t q = 0; q < n; ++q) {
        const double l = licence_now_[net_.out_edge[static_cast<std::size_t>(q)]];
        out_licence_now_[static_cast<std::size_t>(q)] = l;
        below = below || l < 1.0;
    }
    read_licences_ = below || now_below_one_;  // the orders' licences are the old ones
    now_below_one_ = below;
    ordered_stale_ = true;
}

// S44 for every node as a supplier: S4 from the slot factors, S1, S2-S7, S8.
void SparseKernel::supplier_pass(State& st) {
    const Network& net = net_;
    const ModelParameters& p = p_;
    const auto n = static_cast<std::ptrdiff_t>(net.n_nodes());
    const bool licensed = read_licences_;
    const std::size_t n_out = out_slot_.size();
    // The factors are read at random: ask for the one kPrefetch edges ahead (the loads are
    // independent, so their latencies overlap).
    auto prefetch_factor = [&](std::size_t q) {
        if (q + kPrefetch < n_out) __builtin_prefetch(&slot_factor_[out_slot_[q + kPrefetch]]);
    };
#pragma omp parallel for schedule(dynamic, kChunk) if (threaded_)
    for (std::ptrdiff_t ii = 0; ii < n; ++ii) {
        const auto i = static_cast<std::size_t>(ii);
        Supplier& s = supplier_[i];
        const double ratio = s.ratio_next;  // the ratio the current orders were placed with
        // S43 summed over the node's customers: rho_i sum c_k z0 (l_ord l_now) + sum g_k z0 l_now.
        double follow = 0.0;
        double fallback = 0.0;
        const std::uint32_t q0 = net.out_begin[i];
        const std::uint32_t q1 = net.out_begin[i + 1];
        if (licensed) {
            for (std::uint32_t q = q0; q < q1; ++q) {
                prefetch_factor(q);
                const double c = slot_factor_[out_slot_[q]];
                const double z = out_z0_[q] * out_licence_now_[q];
                follow += normal_part(c) * z * out_licence_ordered_[q];
                fallback += fallback_part(c) * z;
            }
        } else {
            for (std::uint32_t q = q0; q < q1; ++q) {
                prefetch_factor(q);
                const double c = slot_factor_[out_slot_[q]];
                follow += normal_part(c) * out_z0_[q];
                fallback += fallback_part(c) * out_z0_[q];
            }
        }
        const double orders = ratio * follow + fallback;
        double final = 0.0;
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
            final += st.fd_orders[f] * st.fd_license[f];
        const double demand = orders + final + st.rebuild_demand[i];  // S4
        st.total_demand[i] = demand;
        st.alpha[i] =
            next_alpha(st.alpha[i], demand, st.production[i], p, node_alpha_max(net, p, i));  // S1
        const double cap = node_capacity(net.x0[i], st.delta[i], st.alpha[i], st.capacity_scale[i],
                                         st.capacity_extra[i]);  // S2, S3
        st.capacity[i] = cap;
        const double x_opt = cap < demand ? cap : demand;  // S5 (fmin for numbers, inlined)
        st.production_opt[i] = x_opt;
        // S6, S7 from the stock cover (S42): x = min(x_opt, C / psi).
        const double limit = cover_[i] / p.psi;
        const double x = use_cover_ ? (x_opt > 0.0 && limit < x_opt ? limit : x_opt)
                                    : input_limited_production(net, p, st, i, x_opt);
        st.production[i] = x;
        const double share = x < demand ? x / demand : 1.0;  // S8
        double out = share * orders;
        shipped_by_node_[i] = out;
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f) {
            st.fd_delivered[f] = (st.fd_orders[f] * st.fd_license[f]) * share;
            out += st.fd_delivered[f];
        }
        st.rebuild_delivered[i] = st.rebuild_demand[i] * share;
        st.delivered_out[i] = out + st.rebuild_delivered[i];
        s.delivered = ratio * share;
        share_[i] = share;
        s.ratio_next = p.orders_follow_capacity && net.x0[i] != 0.0 ? cap / net.x0[i] : 1.0;
    }
}

// S45 for every node as a buyer: deliveries into each slot (S40), S13, and the next orders
// (S15-S17 as the slot factor, S43).
void SparseKernel::buyer_pass(State& st) {
    const Network& net = net_;
    const auto n = static_cast<std::ptrdiff_t>(net.n_nodes());
    const bool licensed = read_licences_;
    const double restore = 1.0 / p_.restoration_tau;
    const std::size_t n_edges = net.n_edges();
    auto prefetch_supplier = [&](std::size_t e) {
        if (e + kPrefetch < n_edges)
            __builtin_prefetch(&supplier_[net.edge_supplier[e + kPrefetch]]);
    };
#pragma omp parallel for schedule(dynamic, kChunk) if (threaded_)
    for (std::ptrdiff_t jj = 0; jj < n; ++jj) {
        const auto j = static_cast<std::size_t>(jj);
        const double x = st.production[j];
        const double x_opt = st.production_opt[j];
        double cover = std::numeric_limits<double>::infinity();
        for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k) {
            const double c = slot_factor_[k];
            const bool follow = c >= 0.0;
            double arrived = 0.0;  // S40 before the slot's factor
            double total = 0.0;    // S17's denominator for the next orders
            const std::uint32_t e0 = net.edge_begin[k];
            const std::uint32_t e1 = net.edge_begin[k + 1];
            if (licensed) {
                for (std::uint32_t e = e0; e < e1; ++e) {
                    prefetch_supplier(e);
                    const std::uint32_t sup = net.edge_supplier[e];
                    const Supplier& s = supplier_[sup];
                    const double z = net.edge_z0[e] * licence_now_[e];
                    arrived += follow ? z * licence_ordered_[e] * s.delivered : z * share_[sup];
                    total += z * s.ratio_next;
                }
            } else {
                for (std::uint32_t e = e0; e < e1; ++e) {
                    prefetch_supplier(e);
                    const std::uint32_t sup = net.edge_supplier[e];
                    const Supplier& s = supplier_[sup];
                    const double z = net.edge_z0[e];
                    arrived += z * (follow ? s.delivered : share_[sup]);
                    total += z * s.ratio_next;
                }
            }
            const double received = (follow ? c : -c) * arrived;
            if (record_received_) st.received[k] = received;
            const double a = net.slot_tech[k];  // S38's scale stays 1: no substitution
            const double inventory = std::max((st.inventory[k] - x * a) + received, 0.0);  // S13
            st.inventory[k] = inventory;
            const double n_inv = inventory_steps_ > 0.0 ? inventory_steps_
                                                        : net.inventory_steps[net.slot_product[k]];
            if (net.slot_binding[k] != 0 && a > 0.0)
                cover = std::min(cover, inventory / (a * n_inv));  // S42
            const double goal = (x_opt * a) * n_inv;
            const double gap = restore * std::max(goal - inventory, 0.0);  // S15
            const double need = gap + x * a;                               // S16
            // S17, S43: orders follow capacity ratios (x licence); with no supplier able to
            // deliver, the need is still ordered on baseline shares and goes unfilled.
            double next = 0.0;
            if (total != 0.0)
                next = need / total;
            else if (slot_z0_[k] != 0.0)
                next = -(need / slot_z0_[k]);
            slot_factor_[k] = next;
        }
        cover_[j] = cover;
    }
}

void SparseKernel::step(State& st, const StepHooks& hooks) {
    using Clock = std::chrono::steady_clock;
    auto seconds = [](Clock::time_point a, Clock::time_point b) {
        return std::chrono::duration<double>(b - a).count();
    };
    if (hooks.before_production) hooks.before_production(st);
    const auto t0 = Clock::now();
    refresh_licences(st);
    const auto t1 = Clock::now();
    supplier_pass(st);
    const auto t2 = Clock::now();
    unmet_final_demand(net_, st);  // S14
    const auto t3 = Clock::now();
    buyer_pass(st);
    const auto t4 = Clock::now();
    timing_.licences += seconds(t0, t1);
    timing_.suppliers += seconds(t1, t2);
    timing_.final_demand += seconds(t2, t3);
    timing_.buyers += seconds(t3, t4);
    if (ordered_stale_) {
        // The orders just placed used today's licences.
        std::copy(licence_now_.begin(), licence_now_.end(), licence_ordered_.begin());
        std::copy(out_licence_now_.begin(), out_licence_now_.end(), out_licence_ordered_.begin());
        ordered_stale_ = false;
        read_licences_ = now_below_one_;
    }
    if (hooks.after_distribution) hooks.after_distribution(st);
    if (hooks.observe) hooks.observe(st);
    ++st.step;
}

std::vector<double> SparseKernel::orders() const {
    std::vector<double> out(net_.n_edges(), 0.0);
    for (std::size_t k = 0; k < net_.n_slots(); ++k) {
        const double c = slot_factor_[k];
        for (std::uint32_t e = net_.edge_begin[k]; e < net_.edge_begin[k + 1]; ++e) {
            const double licence = with_licences_ ? licence_now_[e] : 1.0;
            out[e] =
                c >= 0.0
                    ? c * (net_.edge_z0[e] * supplier_[net_.edge_supplier[e]].ratio_next) * licence
                    : -c * net_.edge_z0[e];
        }
    }
    return out;
}

double SparseKernel::shipped_to_firms() const {
    double sum = 0.0;
    for (double v : shipped_by_node_) sum += v;
    return sum;
}

double SparseKernel::received_by_firms(const State& st) {
    double sum = 0.0;
    for (double v : st.received) sum += v;
    return sum;
}

int run_sparse_steps(SparseKernel& kernel, State& st, int steps, const StepHooks& hooks,
                     const std::atomic<bool>* stop) {
    int done = 0;
    ThreadGovernor governor;  // one thread or all, whichever steps faster: same results
    while (st.step < steps) {
        if (stop != nullptr && stop->load(std::memory_order_relaxed)) break;
        governor.begin_step();
        kernel.step(st, hooks);
        governor.end_step();
        ++done;
    }
    return done;
}

}  // namespace critmin::sim
