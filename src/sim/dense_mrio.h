// The native-mode step on a dense MRIO (docs/model.md, section 10 "Dense MRIO path", eqs.
// S39-S42). Same model as run_step on the CSR network (S1-S17 with proportional rationing, no
// licences, no substitution): only the layout and the order of the work differ.
//
// Why a second layout: on a dense 1,000-industry table the CSR step streams six passes over a
// million edges of 8-byte values, scattered through the supplier view. Here the flows are one
// float matrix in supplier-row order, orders are never stored (S39: they are the baseline flow
// times a per-slot and a per-supplier factor), and one pass over a column block computes
// deliveries, inventories, the next orders and their row sums (S40-S42) while the block is in
// cache. Every block is summed in a fixed order, so results are bit-identical whatever the
// thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/mrio.h"
#include "sim/network.h"
#include "sim/parameters.h"
#include "sim/run.h"
#include "sim/state.h"

namespace critmin::sim {

// Which step an MRIO run uses: `automatic` takes the dense path wherever it applies.
enum class MrioKernel : std::uint8_t { automatic, dense, sparse };

// Whether the dense path can run a model: native mode and proportional rationing (BoARIO
// compatibility keeps the CSR step, its doubles and its summation order).
[[nodiscard]] bool dense_path_applies(const ModelParameters& p);

// Columns per block of the dense step: a function of the table's size only (never of the
// thread count), so that sums are grouped the same way on any machine.
[[nodiscard]] std::size_t dense_block_width(std::size_t n_industries);

class DenseMrio {
  public:
    // `net` is build_mrio_network(mrio, p, ...) for the same table: the dense path reads its
    // per-step baseline (x0, final demand), binding inputs (S7) and target inventories from it.
    // `steps_per_year` converts the table's yearly flows as MrioOptions does.
    DenseMrio(const MrioTable& mrio, const Network& net, const ModelParameters& p,
              double steps_per_year);

    // The steady state: per-node arrays of State only (the CSR per-edge arrays stay empty).
    [[nodiscard]] State initial_state() const;

    // One step in run_step's order. Hooks may change delta, capacity_scale, capacity_extra and
    // rebuild_demand (before production) and read the step's results (after distribution): what
    // CapitalEvents does. Fills production, capacity, production_opt, total_demand, alpha,
    // rebuild_delivered, delivered_out, fd_unmet and fd_fulfilment. Advances st.step.
    void step(State& st, const StepHooks& hooks);

    // S18 on the last step: the largest relative gap between production and what left a node.
    [[nodiscard]] double mass_balance_error(const State& st) const;

    // Orders placed on supplier i by buyer j for the next step (S39), for tests.
    [[nodiscard]] double order(std::size_t i, std::size_t j) const;
    // Inventory of product s held by buyer j (S13), for tests.
    [[nodiscard]] double inventory(std::size_t s, std::size_t j) const {
        return inventory_[s * n_ + j];
    }

  private:
    void produce(State& st);                    // S4, S1, S2, S5, S42, S8 per node
    void deliver_and_order(std::size_t block);  // S13, S15-S17, S40, S41 on one column block
    void order_sums(std::size_t block, const double* a, const double* b);  // S41, one block
    void finish_rows(std::size_t first, std::size_t last, State& st);      // row sums, S18
    void final_demand(State& st);                                          // S14

    const ModelParameters& p_;
    std::size_t n_ = 0;        // industries
    std::size_t sectors_ = 0;  // products
    std::size_t regions_ = 0;
    std::size_t n_fd_ = 0;
    std::size_t width_ = 0;  // columns per block
    std::size_t blocks_ = 0;
    double restore_ = 0;  // 1 / restoration_tau
    // n x n baseline flow per step, supplier row i, buyer column j (float: half the bytes).
    std::vector<float> z_;
    // Per slot (product s, buyer j), s-major: s * n + j.
    std::vector<double> tech_;  // input per unit of output, from the float flows
    std::vector<std::uint8_t> binding_;
    std::vector<double> zsum_;       // sum of the slot's baseline flows
    std::vector<double> inventory_;  // S13
    std::vector<double> received_;   // scratch of the block pass
    std::vector<double> total_;      // S17 denominator, scratch
    std::vector<double> a_[2];       // S39 per-slot factor of the current / next orders
    std::vector<double> b_[2];       // S39 fallback factor (no supplier has capacity)
    int cur_ = 0;                    // which of a_/b_ holds the orders being delivered
    std::vector<double> target_;     // per product: target inventory in steps of use
    // Per node.
    std::vector<double> x0_;
    std::vector<double> alpha_max_;
    std::vector<double> fd_sum_;       // baseline final demand of the row
    std::vector<double> orders_row_;   // sum of the orders on supplier i (S4)
    std::vector<double> share_;        // S8: delivered / ordered this step
    std::vector<double> ratio_old_;    // capacity ratio the current orders were split with
    std::vector<double> ratio_new_;    // capacity ratio of this step (next orders)
    std::vector<double> stock_cover_;  // S42: min over binding inputs of inventory / (a target)
    std::vector<double> production_;   // this step's, read by the block pass
    std::vector<double> production_opt_;
    // Final demand, n x n_fd, row-major; its column totals.
    std::vector<double> y0_;
    std::vector<double> fd_total_;
    // Per block x node: partial row sums of deliveries (pass A) and next orders (pass B).
    std::vector<double> delivered_part_;
    std::vector<double> orders_part_;
    std::vector<double> delivered_row_;  // sum over blocks, this step
};

// The `automatic` choice of run_mrio_scenario: dense when the path applies.
[[nodiscard]] bool use_dense_kernel(MrioKernel kernel, const ModelParameters& p);

}  // namespace critmin::sim
