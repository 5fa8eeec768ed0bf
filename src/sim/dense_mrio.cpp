#include "sim/dense_mrio.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/ario.h"

namespace critmin::sim {

namespace {

// The row loops below run about a million times a step on a 1,000-industry table. On x86-64
// g++ also compiles an AVX2 copy, picked at load time. AVX2 without FMA rounds exactly as SSE2
// does (no fused multiply-add, no reordering), so results do not depend on the CPU either.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CRITMIN_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define CRITMIN_VECTOR_CLONES
#endif

// Partial sums run in eight fixed lanes (column j in lane j mod 8), so that the compiler can
// keep them in vector registers without changing the order of any addition.
constexpr std::size_t kLanes = 8;

double lane_total(const double* lane) {
    return ((lane[0] + lane[1]) + (lane[2] + lane[3])) +
           ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

// S40 for one supplier row over a block of columns: the orders being delivered (S39,
// z (a r_old + b)), what each buyer's slot receives (share x order) and the S17 denominator
// of the next orders (z x r_new). Returns the row's sum of orders over the block.
CRITMIN_VECTOR_CLONES
double deliver_row(const float* z, const double* a, const double* b, double ratio_old, double share,
                   double ratio_new, double* received, double* total, std::size_t w) {
    double lane[kLanes] = {};
    std::size_t j = 0;
    for (; j + kLanes <= w; j += kLanes) {
        for (std::size_t l = 0; l < kLanes; ++l) {
            const double zz = z[j + l];
            const double order = zz * (a[j + l] * ratio_old + b[j + l]);
            received[j + l] += order * share;
            total[j + l] += zz * ratio_new;
            lane[l] += order;
        }
    }
    for (std::size_t l = 0; j < w; ++j, ++l) {
        const double zz = z[j];
        const double order = zz * (a[j] * ratio_old + b[j]);
        received[j] += order * share;
        total[j] += zz * ratio_new;
        lane[l] += order;
    }
    return lane_total(lane);
}

// S41 for one supplier row over a block: the sum of the next orders z (a r + b).
CRITMIN_VECTOR_CLONES
double order_row(const float* z, const double* a, const double* b, double ratio, std::size_t w) {
    double lane[kLanes] = {};
    std::size_t j = 0;
    for (; j + kLanes <= w; j += kLanes)
        for (std::size_t l = 0; l < kLanes; ++l)
            lane[l] += static_cast<double>(z[j + l]) * (a[j + l] * ratio + b[j + l]);
    for (std::size_t l = 0; j < w; ++j, ++l)
        lane[l] += static_cast<double>(z[j]) * (a[j] * ratio + b[j]);
    return lane_total(lane);
}

// Whether a step on an n-industry table is worth a parallel region: a region costs
// microseconds, and the dense step of a 200-industry table takes about 40 of them.
bool worth_threads(std::size_t n) {
    return n * n >= 262144;
}

}  // namespace

bool dense_path_applies(const ModelParameters& p) {
    return p.mode == Mode::native && p.rationing == Rationing::proportional;
}

bool use_dense_kernel(MrioKernel kernel, const ModelParameters& p) {
    return kernel != MrioKernel::sparse && dense_path_applies(p);
}

std::size_t dense_block_width(std::size_t n) {
    // Wide enough that a row's segment spans whole cache lines, narrow enough that a block of
    // a 1,000-industry table (1,000 rows x 64 floats, 256 KiB) stays in a core's L2 cache
    // between the two passes, and that there are blocks for every thread.
    return n <= 4096 ? 64 : 128;
}

DenseMrio::DenseMrio(const MrioTable& mrio, const Network& net, const ModelParameters& p,
                     double steps_per_year)
    : p_(p),
      n_(mrio.n_industries()),
      sectors_(mrio.sectors.size()),
      regions_(mrio.regions.size()),
      n_fd_(mrio.n_final_columns()),
      width_(dense_block_width(mrio.n_industries())),
      restore_(1.0 / p.restoration_tau) {
    blocks_ = (n_ + width_ - 1) / width_;
    const double per_step = 1.0 / steps_per_year;
    z_.resize(n_ * n_);
    for (std::size_t k = 0; k < n_ * n_; ++k) z_[k] = static_cast<float>(mrio.z[k] * per_step);

    const std::size_t slots = sectors_ * n_;
    x0_ = net.x0;
    zsum_.assign(slots, 0.0);
    for (std::size_t i = 0; i < n_; ++i) {
        const std::size_t s = i % sectors_;
        for (std::size_t j = 0; j < n_; ++j) zsum_[s * n_ + j] += z_[i * n_ + j];
    }
    // Input coefficients from the float flows, so that the baseline stays a steady state:
    // what arrives (sum of z) equals what production uses (x0 a) to the last bit or so.
    tech_.assign(slots, 0.0);
    for (std::size_t k = 0; k < slots; ++k) {
        const double x0 = x0_[k % n_];
        tech_[k] = x0 != 0.0 ? zsum_[k] / x0 : 0.0;
    }
    binding_.assign(slots, 0);  // S7 as the CSR network decided it
    for (std::size_t j = 0; j < n_; ++j)
        for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k)
            binding_[net.slot_product[k] * n_ + j] = net.slot_binding[k];
    target_ = net.inventory_steps;
    inventory_.resize(slots);
    for (std::size_t k = 0; k < slots; ++k)
        inventory_[k] = (x0_[k % n_] * tech_[k]) * target_[k / n_];
    received_.assign(slots, 0.0);
    total_.assign(slots, 0.0);
    a_[0].assign(slots, 1.0);  // orders = baseline flows
    b_[0].assign(slots, 0.0);
    a_[1].assign(slots, 0.0);
    b_[1].assign(slots, 0.0);

    alpha_max_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) alpha_max_[i] = node_alpha_max(net, p, i);
    y0_.resize(n_ * n_fd_);
    fd_sum_.assign(n_, 0.0);
    fd_total_.assign(n_fd_, 0.0);
    for (std::size_t i = 0; i < n_; ++i) {
        for (std::size_t c = 0; c < n_fd_; ++c) {
            const double y = mrio.y[i * n_fd_ + c] * per_step;
            y0_[i * n_fd_ + c] = y;
            fd_sum_[i] += y;
            fd_total_[c] += y;
        }
    }
    share_.assign(n_, 1.0);
    ratio_old_.assign(n_, 1.0);
    ratio_new_.assign(n_, 1.0);
    production_ = x0_;
    production_opt_ = x0_;
    stock_cover_.assign(n_, std::numeric_limits<double>::infinity());
    for (std::size_t s = 0; s < sectors_; ++s) {
        for (std::size_t j = 0; j < n_; ++j) {
            const std::size_t k = s * n_ + j;
            const double per_unit = tech_[k] * target_[s];
            if (binding_[k] != 0 && per_unit != 0.0)
                stock_cover_[j] = std::min(stock_cover_[j], inventory_[k] / per_unit);
        }
    }
    delivered_part_.assign(blocks_ * n_, 0.0);
    orders_part_.assign(blocks_ * n_, 0.0);
    delivered_row_.assign(n_, 0.0);
    orders_row_.assign(n_, 0.0);
    for (std::size_t blk = 0; blk < blocks_; ++blk) order_sums(blk, a_[0].data(), b_[0].data());
    for (std::size_t i = 0; i < n_; ++i)
        for (std::size_t blk = 0; blk < blocks_; ++blk)
            orders_row_[i] += orders_part_[blk * n_ + i];
}

State DenseMrio::initial_state() const {
    State st;
    initial_node_state(st, x0_, p_);
    st.fd_unmet.assign(n_fd_, 0.0);
    st.fd_fulfilment.assign(n_fd_, 1.0);
    return st;
}

void DenseMrio::produce(State& st) {
    for (std::size_t i = 0; i < n_; ++i) {
        const double demand = orders_row_[i] + fd_sum_[i] + st.rebuild_demand[i];  // S4
        st.total_demand[i] = demand;
        st.alpha[i] = next_alpha(st.alpha[i], demand, st.production[i], p_, alpha_max_[i]);  // S1
        const double cap = node_capacity(x0_[i], st.delta[i], st.alpha[i], st.capacity_scale[i],
                                         st.capacity_extra[i]);  // S2, S3
        st.capacity[i] = cap;
        const double x_opt = std::fmin(demand, cap);  // S5
        st.production_opt[i] = x_opt;
        // S42 = S6: the stock of the scarcest binding input allows cover / (psi x_opt).
        const double needed = x_opt * p_.psi;
        const double ratio = needed > 0.0 ? std::min(1.0, stock_cover_[i] / needed) : 1.0;
        const double x = ratio < 1.0 ? x_opt * ratio : x_opt;
        st.production[i] = x;
        production_[i] = x;
        production_opt_[i] = x_opt;
        // S8: the same share of every order, only when output falls short.
        const double share = x < demand ? x / demand : 1.0;
        share_[i] = share;
        st.rebuild_delivered[i] = st.rebuild_demand[i] * share;
        ratio_new_[i] = p_.orders_follow_capacity && x0_[i] != 0.0 ? cap / x0_[i] : 1.0;
    }
}

void DenseMrio::deliver_and_order(std::size_t blk) {
    const std::size_t j0 = blk * width_;
    const std::size_t w = std::min(width_, n_ - j0);
    const double* a_now = a_[cur_].data();
    const double* b_now = b_[cur_].data();
    double* a_next = a_[1 - cur_].data();
    double* b_next = b_[1 - cur_].data();
    for (std::size_t s = 0; s < sectors_; ++s) {
        std::fill_n(received_.begin() + static_cast<std::ptrdiff_t>(s * n_ + j0), w, 0.0);
        std::fill_n(total_.begin() + static_cast<std::ptrdiff_t>(s * n_ + j0), w, 0.0);
    }
    // S40: deliveries of the current orders into every slot of the block's buyers, in
    // supplier order within each product (the same order on any thread count).
    for (std::size_t s = 0; s < sectors_; ++s) {
        const std::size_t k0 = s * n_ + j0;
        for (std::size_t r = 0; r < regions_; ++r) {
            const std::size_t i = r * sectors_ + s;
            delivered_part_[blk * n_ + i] =
                deliver_row(z_.data() + i * n_ + j0, a_now + k0, b_now + k0, ratio_old_[i],
                            share_[i], ratio_new_[i], received_.data() + k0, total_.data() + k0, w);
        }
    }
    // S13 inventories, S15-S17 the next orders as per-slot factors (S39), S42 stock cover.
    for (std::size_t j = j0; j < j0 + w; ++j)
        stock_cover_[j] = std::numeric_limits<double>::infinity();
    for (std::size_t s = 0; s < sectors_; ++s) {
        for (std::size_t j = j0; j < j0 + w; ++j) {
            const std::size_t k = s * n_ + j;
            const double tech = tech_[k];
            const double use = production_[j] * tech;
            const double stock = std::max((inventory_[k] - use) + received_[k], 0.0);  // S13
            inventory_[k] = stock;
            const double goal = (production_opt_[j] * tech) * target_[s];
            const double gap = restore_ * std::max(goal - stock, 0.0);  // S15
            const double need = gap + use;                              // S16
            if (total_[k] != 0.0) {                                     // S17
                a_next[k] = need / total_[k];
                b_next[k] = 0.0;
            } else {
                // No supplier has capacity: the need is ordered on the baseline shares and
                // goes unfilled, as in the CSR step.
                a_next[k] = 0.0;
                b_next[k] = zsum_[k] != 0.0 ? need / zsum_[k] : 0.0;
            }
            const double per_unit = tech * target_[s];
            if (binding_[k] != 0 && per_unit != 0.0)
                stock_cover_[j] = std::min(stock_cover_[j], stock / per_unit);
        }
    }
    order_sums(blk, a_next, b_next);
}

void DenseMrio::order_sums(std::size_t blk, const double* a, const double* b) {
    const std::size_t j0 = blk * width_;
    const std::size_t w = std::min(width_, n_ - j0);
    for (std::size_t i = 0; i < n_; ++i) {
        const std::size_t k0 = (i % sectors_) * n_ + j0;
        orders_part_[blk * n_ + i] =
            order_row(z_.data() + i * n_ + j0, a + k0, b + k0, ratio_new_[i], w);
    }
}

void DenseMrio::finish_rows(std::size_t first, std::size_t last, State& st) {
    for (std::size_t i = first; i < last; ++i) {
        double orders = 0.0;
        double delivered = 0.0;
        for (std::size_t blk = 0; blk < blocks_; ++blk) {
            orders += orders_part_[blk * n_ + i];
            delivered += delivered_part_[blk * n_ + i];
        }
        orders_row_[i] = orders;
        // What left the node: deliveries to buyers (summed from the orders it served), final
        // demand and rebuilding (S18 compares it with production).
        st.delivered_out[i] =
            delivered * share_[i] + fd_sum_[i] * share_[i] + st.rebuild_delivered[i];
    }
}

void DenseMrio::final_demand(State& st) {
    std::fill(st.fd_unmet.begin(), st.fd_unmet.end(), 0.0);
    for (std::size_t i = 0; i < n_; ++i) {
        if (share_[i] >= 1.0) continue;
        for (std::size_t c = 0; c < n_fd_; ++c) {
            const double y = y0_[i * n_fd_ + c];
            st.fd_unmet[c] += y - y * share_[i];
        }
    }
    for (std::size_t c = 0; c < n_fd_; ++c)
        st.fd_fulfilment[c] =
            fd_total_[c] > 0.0 ? (fd_total_[c] - st.fd_unmet[c]) / fd_total_[c] : 1.0;
}

void DenseMrio::step(State& st, const StepHooks& hooks) {
    if (hooks.before_production) hooks.before_production(st);
    produce(st);
    const bool threaded = worth_threads(n_);
    const auto blocks = static_cast<std::ptrdiff_t>(blocks_);
    constexpr std::size_t kRows = 512;
    const auto chunks = static_cast<std::ptrdiff_t>((n_ + kRows - 1) / kRows);
#pragma omp parallel if (threaded)
    {
#pragma omp for schedule(dynamic, 1)
        for (std::ptrdiff_t blk = 0; blk < blocks; ++blk)
            deliver_and_order(static_cast<std::size_t>(blk));
#pragma omp for schedule(static)
        for (std::ptrdiff_t c = 0; c < chunks; ++c) {
            const auto first = static_cast<std::size_t>(c) * kRows;
            finish_rows(first, std::min(n_, first + kRows), st);
        }
    }
    final_demand(st);
    cur_ = 1 - cur_;
    ratio_old_.swap(ratio_new_);
    if (hooks.after_distribution) hooks.after_distribution(st);
    if (hooks.observe) hooks.observe(st);
    ++st.step;
}

double DenseMrio::mass_balance_error(const State& st) const {
    double worst = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
        const double x = st.production[i];
        worst =
            std::max(worst, std::fabs(st.delivered_out[i] - x) / std::max(std::fabs(x), 1e-300));
    }
    return worst;
}

double DenseMrio::order(std::size_t i, std::size_t j) const {
    const std::size_t k = (i % sectors_) * n_ + j;
    return static_cast<double>(z_[i * n_ + j]) * (a_[cur_][k] * ratio_old_[i] + b_[cur_][k]);
}

}  // namespace critmin::sim
