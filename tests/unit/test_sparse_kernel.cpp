// The sparse kernel of firm-level runs (docs/model.md, section 11, S43-S46) against the CSR step
// on the same random firm networks, step by step, with shocks, export controls and suppliers
// that lose all capacity; its conservation of shipments; its independence from the thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "sim/ario.h"
#include "sim/compiled_scenario.h"
#include "sim/events.h"
#include "sim/firm_network.h"
#include "sim/firm_reader.h"
#include "sim/responses.h"
#include "sim/run.h"
#include "sim/sparse_kernel.h"
#include "sim/state.h"

#ifdef _OPENMP
#include <omp.h>
#endif

using critmin::sim::FirmTable;
using critmin::sim::ModelParameters;
using critmin::sim::Network;
using critmin::sim::Rationing;
using critmin::sim::SparseKernel;
using critmin::sim::State;
using critmin::sim::StepHooks;

namespace {

// The documented agreement of the sparse kernel with the CSR step (docs/model.md, section 11):
// the same model in doubles, sums grouped differently, so results differ by rounding only.
constexpr double kTolerance = 1e-10;

// A random firm table: `n` firms in 5 sectors and 3 regions, about 4n edges with Pareto-like
// amounts, every firm selling something (to firms or final users).
FirmTable random_firms(std::mt19937& rng, std::uint32_t n) {
    FirmTable t;
    t.sectors = {"s0", "s1", "s2", "s3", "s4"};
    t.regions = {"r0", "r1", "r2"};
    std::uniform_int_distribution<std::uint32_t> firm(0, n - 1);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (std::uint32_t i = 0; i < n; ++i) {
        t.ids.push_back("f" + std::to_string(i));
        t.sector.push_back(i % 5);
        t.region.push_back((i / 5) % 3);
        t.final_demand.push_back(u(rng) < 0.7 ? 10.0 + 100.0 * u(rng) : 0.0);
    }
    for (std::uint32_t e = 0; e < 4 * n; ++e) {
        const std::uint32_t s = firm(rng);
        const std::uint32_t c = firm(rng);
        if (s == c) continue;
        t.supplier.push_back(s);
        t.customer.push_back(c);
        t.amount.push_back(1.0 / std::pow(1.0 - 0.95 * u(rng), 1.5));
    }
    for (std::uint32_t i = 0; i < n; ++i)
        if (t.final_demand[i] == 0.0 &&
            std::find(t.supplier.begin(), t.supplier.end(), i) == t.supplier.end())
            t.final_demand[i] = 5.0;
    return t;
}

// Shocks on days 3-40: every tenth firm loses `loss` of its capacity; every seventh firm of
// region r1 loses all of it (so some slots have no supplier left: the fallback of S43). From day
// 10 to 30 sector s2's sales from region r0 to other regions are licensed at half.
StepHooks shocks(const Network& net, double loss) {
    StepHooks h;
    h.before_production = [&net, loss](State& s) {
        const bool on = s.step >= 3 && s.step <= 40;
        for (std::size_t i = 0; i < net.n_nodes(); ++i) {
            double d = 0.0;
            if (on && i % 10 == 0) d = loss;
            if (on && i % 7 == 0 && net.node_region[i] == 1) d = 1.0;
            s.delta[i] = d;
        }
        const bool control = s.step >= 10 && s.step <= 30;
        if (control || s.licences_applied) {
            std::fill(s.license.begin(), s.license.end(), 1.0);
            for (std::size_t e = 0; e < net.n_edges(); ++e) {
                const std::uint32_t sup = net.edge_supplier[e];
                if (control && net.node_product[sup] == 2 && net.node_region[sup] == 0 &&
                    net.node_region[net.edge_buyer[e]] != 0)
                    s.license[e] = 0.5;
            }
            s.licences_applied = control;
            ++s.licence_version;
        }
    };
    return h;
}

double relative_gap(const std::vector<double>& a, const std::vector<double>& b,
                    const std::vector<double>& scale) {
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::fabs(a[i] - b[i]) / std::max(scale[i], 1e-12));
    return worst;
}

// Inventory scale per slot: the slot's baseline target.
std::vector<double> slot_scale(const Network& net) {
    std::vector<double> s(net.n_slots());
    for (std::size_t j = 0; j < net.n_nodes(); ++j)
        for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k)
            s[k] = net.x0[j] * net.slot_tech[k] * net.inventory_steps[net.slot_product[k]];
    return s;
}

}  // namespace

// S43-S45: every step, production, demand, capacity, inventories, orders and unmet final demand
// of the sparse kernel equal the CSR step's to rounding.
TEST(SparseKernel, S43_S44_S45_AgreeWithTheCsrStepEveryStep) {
    std::mt19937 rng(11);
    for (int trial = 0; trial < 3; ++trial) {
        const FirmTable t = random_firms(rng, 300);
        ModelParameters p;
        const Network net = build_firm_network(t, p);
        State csr = critmin::sim::initial_state(net, p);
        State fast = critmin::sim::initial_state(net, p);
        SparseKernel kernel(net, p, true);
        const StepHooks hooks = shocks(net, 0.3 + 0.2 * trial);
        const std::vector<double> inv_scale = slot_scale(net);
        double worst = 0.0;
        double lowest = 1.0;
        int input_limited = 0;  // node-steps where stocks limit production (S6, S42)
        for (int step = 0; step < 80; ++step) {
            critmin::sim::run_step(net, p, csr, hooks);
            kernel.step(fast, hooks);
            worst = std::max({worst, relative_gap(fast.production, csr.production, net.x0),
                              relative_gap(fast.total_demand, csr.total_demand, net.x0),
                              relative_gap(fast.capacity, csr.capacity, net.x0),
                              relative_gap(fast.inventory, csr.inventory, inv_scale),
                              relative_gap(kernel.orders(), csr.orders, net.edge_z0)});
            for (std::size_t c = 0; c < net.n_final_columns(); ++c)
                worst = std::max(worst, std::fabs(fast.fd_unmet[c] - csr.fd_unmet[c]) /
                                            std::max(csr.fd_fulfilment[c], 1e-12));
            for (std::size_t i = 0; i < net.n_nodes(); ++i) {
                lowest = std::min(lowest, csr.production[i] / net.x0[i]);
                if (csr.production[i] < csr.production_opt[i] * (1 - 1e-9)) ++input_limited;
            }
            // S18 and the conservation of what suppliers ship and buyers receive.
            EXPECT_LE(critmin::sim::mass_balance_error(net, fast), 1e-12);
            EXPECT_NEAR(kernel.shipped_to_firms(), SparseKernel::received_by_firms(fast),
                        1e-11 * kernel.shipped_to_firms());
        }
        std::printf("trial %d: sparse kernel vs CSR step, worst relative gap %.3g\n", trial, worst);
        EXPECT_LE(worst, kTolerance);
        EXPECT_LT(lowest, 0.5);  // the shocks moved the run, or agreeing would prove nothing
        EXPECT_GT(input_limited, 100);
    }
}

// S46: a slot whose suppliers all lost their capacity orders on baseline shares (a negative
// factor), and its orders equal the CSR step's fallback.
TEST(SparseKernel, S46_SlotsWithoutAnySupplierOrderOnBaselineShares) {
    FirmTable t;
    t.sectors = {"a", "b"};
    t.regions = {"r"};
    t.ids = {"A1", "A2", "B"};
    t.sector = {0, 0, 1};
    t.region = {0, 0, 0};
    t.final_demand = {0.0, 0.0, 365.0};
    t.supplier = {0, 1};
    t.customer = {2, 2};
    t.amount = {100.0, 300.0};
    ModelParameters p;
    const Network net = build_firm_network(t, p);
    State csr = critmin::sim::initial_state(net, p);
    State fast = critmin::sim::initial_state(net, p);
    SparseKernel kernel(net, p, false);
    StepHooks h;
    h.before_production = [](State& s) {
        s.delta[0] = 1.0;
        s.delta[1] = 1.0;
    };
    for (int step = 0; step < 3; ++step) {
        critmin::sim::run_step(net, p, csr, h);
        kernel.step(fast, h);
    }
    const std::vector<double> o = kernel.orders();
    ASSERT_EQ(o.size(), 2U);
    // Need split 1:3 as the baseline flows, nothing delivered.
    EXPECT_GT(o[0], 0.0);
    EXPECT_NEAR(o[1] / o[0], 3.0, 1e-12);
    EXPECT_NEAR(o[0], csr.orders[0], 1e-12 * csr.orders[0]);
    EXPECT_NEAR(o[1], csr.orders[1], 1e-12 * csr.orders[1]);
    EXPECT_EQ(fast.received[0], 0.0);
}

// Every node's results depend only on the node: bit-identical on 1, 2 and 3 threads.
TEST(SparseKernel, ResultsDoNotDependOnTheThreadCount) {
    std::mt19937 rng(5);
    const FirmTable t = random_firms(rng, 9000);  // above the threshold for parallel regions
    ModelParameters p;
    const Network net = build_firm_network(t, p);
    const StepHooks hooks = shocks(net, 0.6);
    std::vector<std::vector<double>> production;
    for (int threads : {1, 2, 3}) {
#ifdef _OPENMP
        omp_set_num_threads(threads);
#endif
        State st = critmin::sim::initial_state(net, p);
        SparseKernel kernel(net, p, true);
        for (int step = 0; step < 45; ++step) kernel.step(st, hooks);
        production.push_back(st.production);
        production.back().insert(production.back().end(), st.inventory.begin(), st.inventory.end());
    }
#ifdef _OPENMP
    omp_set_num_threads(omp_get_num_procs());
#endif
    EXPECT_TRUE(production[0] == production[1]);
    EXPECT_TRUE(production[0] == production[2]);
}

TEST(SparseKernel, RefusesRulesItDoesNotImplement) {
    ModelParameters p;
    EXPECT_TRUE(SparseKernel::supports(p));
    p.rationing = Rationing::allied_first;
    EXPECT_FALSE(SparseKernel::supports(p));
    p.rationing = Rationing::proportional;
    p.mode = critmin::sim::Mode::boario;
    EXPECT_FALSE(SparseKernel::supports(p));
}

// FirmOrder::locality numbers firms by region, sector, then links (most first): a permutation.
TEST(FirmNumbering, LocalityOrdersByRegionSectorThenLinks) {
    std::mt19937 rng(3);
    const FirmTable t = random_firms(rng, 200);
    const std::vector<std::uint32_t> number =
        critmin::sim::firm_numbering(t, critmin::sim::FirmOrder::locality);
    std::vector<std::uint32_t> firm_at(number.size());
    std::vector<int> seen(number.size(), 0);
    for (std::size_t i = 0; i < number.size(); ++i) {
        ASSERT_LT(number[i], number.size());
        ++seen[number[i]];
        firm_at[number[i]] = static_cast<std::uint32_t>(i);
    }
    EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int s) { return s == 1; }));
    std::vector<int> links(number.size(), 0);
    for (std::size_t e = 0; e < t.n_edges(); ++e) {
        ++links[t.supplier[e]];
        ++links[t.customer[e]];
    }
    for (std::size_t r = 1; r < firm_at.size(); ++r) {
        const std::uint32_t a = firm_at[r - 1];
        const std::uint32_t b = firm_at[r];
        const auto key = [&](std::uint32_t f) {
            return std::make_tuple(t.region[f], t.sector[f], -links[f]);
        };
        EXPECT_LE(key(a), key(b));
    }
}

// Renumbering is invisible: the same run on the network in file order and in locality order
// gives every firm (found by id) the same production and stock, to rounding.
TEST(FirmNumbering, RenumberingChangesNoResultBeyondRounding) {
    std::mt19937 rng(8);
    const FirmTable t = random_firms(rng, 400);
    ModelParameters p;
    critmin::sim::FirmOptions file_order;
    critmin::sim::FirmOptions local = file_order;
    local.order = critmin::sim::FirmOrder::locality;
    const Network a = build_firm_network(t, p, file_order);
    const Network b = build_firm_network(t, p, local);
    ASSERT_NE(a.node_labels, b.node_labels);  // the numbering did change
    std::vector<std::size_t> in_b(a.n_nodes());
    for (std::size_t i = 0; i < b.n_nodes(); ++i) {
        const auto it = std::find(a.node_labels.begin(), a.node_labels.end(), b.node_labels[i]);
        in_b[static_cast<std::size_t>(it - a.node_labels.begin())] = i;
    }
    State sa = critmin::sim::initial_state(a, p);
    State sb = critmin::sim::initial_state(b, p);
    SparseKernel ka(a, p, false);
    SparseKernel kb(b, p, false);
    auto shock = [](const Network& net) {
        StepHooks h;
        h.before_production = [&net](State& s) {
            for (std::size_t i = 0; i < net.n_nodes(); ++i)
                s.delta[i] = s.step >= 2 && s.step < 30 && net.node_labels[i].size() % 3 == 0 &&
                                     net.node_product[i] == 1
                                 ? 0.7
                                 : 0.0;
        };
        return h;
    };
    const StepHooks ha = shock(a);
    const StepHooks hb = shock(b);
    double worst = 0.0;
    double lowest = 1.0;
    for (int step = 0; step < 60; ++step) {
        ka.step(sa, ha);
        kb.step(sb, hb);
        for (std::size_t i = 0; i < a.n_nodes(); ++i) {
            worst = std::max(worst, std::fabs(sa.production[i] - sb.production[in_b[i]]) / a.x0[i]);
            lowest = std::min(lowest, sa.production[i] / a.x0[i]);
        }
    }
    EXPECT_LE(worst, kTolerance);
    EXPECT_LT(lowest, 0.5);
}

// S27 as the sparse kernel relies on it: apply_licences bumps State::licence_version only on the
// days it rewrites the licences (a control in force, or one that just ended), and leaves the
// per-edge array alone otherwise.
TEST(SparseKernel, S27_LicencesAreRewrittenOnlyAroundControls) {
    State s;
    s.license.assign(4, 1.0);
    s.fd_license.assign(2, 1.0);
    critmin::sim::ControlEvent c;
    c.licensed = 0.25;
    c.days.start = 3;
    c.days.end = 5;
    const std::vector<critmin::sim::ControlEvent> controls{c};
    const std::vector<critmin::sim::LicenceTargets> targets{{{1, 2}, {0}}};
    std::vector<std::uint64_t> versions;
    std::vector<double> licence_of_edge_1;
    for (int day = 0; day < 8; ++day) {
        critmin::sim::apply_licences(controls, targets, day, s);
        versions.push_back(s.licence_version);
        licence_of_edge_1.push_back(s.license[1]);
    }
    EXPECT_EQ(versions, (std::vector<std::uint64_t>{0, 0, 0, 1, 2, 3, 3, 3}));
    EXPECT_EQ(licence_of_edge_1, (std::vector<double>{1, 1, 1, 0.25, 0.25, 1, 1, 1}));
    EXPECT_FALSE(s.licences_applied);
    EXPECT_EQ(s.license[0], 1.0);
    EXPECT_EQ(s.fd_license[0], 1.0);
}
