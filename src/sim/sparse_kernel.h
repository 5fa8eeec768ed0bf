// The step of section 3 on a large sparse network (firm level), with the orders of each input
// slot kept as one factor instead of one number per edge (docs/model.md, section 11, S43-S46).
//
// Why: on a firm network a step is bound by memory latency. The CSR step (sim/ario.h) stores
// orders and deliveries per edge, in buyer order, and reads them three times a step through the
// supplier index, each read a cache miss over 40 MB arrays. Here orders are never stored: the
// orders of slot k on edge e are c_k z0_e rho_s (S43), so a step is one pass over each supplier's
// edges (demand, production, rationing: S44) and one over each buyer's edges (deliveries,
// inventories, next orders: S45), each reading only a per-slot or a per-supplier array at random.
// Results agree with the CSR step to rounding (about 1e-13 of output) and do not depend on the
// thread count.
//
// Scope: native mode with proportional rationing (S8), no substitution (S17's beta and S38's
// tech_scale stay at their initial 0 and 1), as in every firm-level run with rationing
// `proportional`; other rules keep the CSR step. The kernel keeps no per-edge state of its own in
// State: `orders` and `delivered` are not maintained.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "sim/huge_page_allocator.h"
#include "sim/network.h"
#include "sim/parameters.h"
#include "sim/run.h"
#include "sim/state.h"

namespace critmin::sim {

class SparseKernel {
  public:
    // Whether the kernel implements this model (native mode, proportional rationing).
    [[nodiscard]] static bool supports(const ModelParameters& p);

    // For runs starting from initial_state(net, p); throws Error(runtime) if !supports(p).
    // `licences`: whether export controls may change st.license during the run (the kernel then
    // keeps copies of the licences; without them a change is an error).
    SparseKernel(const Network& net, const ModelParameters& p, bool licences);

    // Whether each step writes st.received (deliveries per slot, 36 MB a step on a million
    // firms); firm runs read it nowhere, tests do. On by default.
    void record_received(bool on) { record_received_ = on; }

    // One step: hooks.before_production, S44 for every supplier, S14, S45 for every buyer,
    // hooks.after_distribution, hooks.observe. Advances st.step. Unlike run_step, the buyer pass
    // places the next orders together with the deliveries, so after_distribution sees them
    // placed already (firm runs use no such hook).
    void step(State& st, const StepHooks& hooks);

    // The orders placed at the end of the last step, O_e (S43), in edge (buyer) order; for tests.
    [[nodiscard]] std::vector<double> orders() const;
    // Licensed deliveries of the last step summed over all edges, as shipped by the suppliers
    // and as received by the buyers (equal up to rounding; a check of S44-S45).
    [[nodiscard]] double shipped_to_firms() const;
    // Seconds spent in each pass so far (benchmarks; a clock read per pass costs nothing).
    struct Timing {
        double licences = 0, suppliers = 0, final_demand = 0, buyers = 0;
    };
    [[nodiscard]] const Timing& timing() const { return timing_; }
    [[nodiscard]] static double received_by_firms(const State& st);

  private:
    // Read at random by the buyer pass: one 16-byte record per supplier, four to a cache line.
    struct alignas(16) Supplier {
        double delivered = 1;   // rho_s(t-1) sigma_s: ratio of the orders x share served (S45)
        double ratio_next = 1;  // rho_s(t) = capacity / x0, for the next orders (S46)
    };

    void refresh_licences(const State& st);
    void supplier_pass(State& st);
    void buyer_pass(State& st);

    const Network& net_;
    const ModelParameters& p_;
    // Each supplier's edges (out_edge order): the buyer's slot and the baseline flow.
    HugeVector<std::uint32_t> out_slot_;
    HugeVector<double> out_z0_;
    // c_k (S43); a negative value -g_k marks a slot whose suppliers all lack capacity or licence,
    // whose orders fall back on baseline shares: g_k z0_e.
    HugeVector<double> slot_factor_;
    std::vector<double> slot_z0_;  // sum of the slot's baseline flows
    // S42: each node's stock cover, min over binding inputs of S_k / (a_k n_inv), written by the
    // buyer pass after S13 so that the supplier pass reads no slot; used when no node has its own
    // stop level (S6a), else the supplier pass runs S6 over the slots.
    std::vector<double> cover_;
    bool use_cover_ = false;
    bool record_received_ = true;
    double inventory_steps_ = 0;  // n_inv when every product has the same, else 0
    HugeVector<Supplier> supplier_;
    std::vector<double> share_;  // sigma_s, read only for fallback slots (S45)
    // Licences (S12): those in force this step and those in force when the current orders were
    // placed, in edge (buyer) order and in supplier order. Read only while one is below 1.
    bool with_licences_ = false;
    bool read_licences_ = false;
    bool now_below_one_ = false;
    bool ordered_stale_ = false;  // the orders were placed under other licences than today's
    std::uint64_t licence_version_ = 0;
    std::vector<double> licence_now_, licence_ordered_;
    std::vector<double> out_licence_now_, out_licence_ordered_;
    std::vector<double> shipped_by_node_;  // share x orders: what left each node for other firms
    bool threaded_ = false;
    Timing timing_;
};

// The step loop of sim/run.h with the sparse kernel (same hooks, stop flag and thread governor).
int run_sparse_steps(SparseKernel& kernel, State& st, int steps, const StepHooks& hooks,
                     const std::atomic<bool>* stop = nullptr);

}  // namespace critmin::sim
