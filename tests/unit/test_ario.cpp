// The ARIO step kernel, equation by equation (docs/model.md, S1-S24), on a three-node network
// built by hand, with numbers worked out on paper; then invariants on random networks.
//
// The hand-built network (money per step):
//
//   node 0  region 0, product 0, x0 = 10: sells 4 to node 2, final demand 6 (column 0)
//   node 1  region 1, product 0, x0 = 10: sells 2 to node 2, final demand 3 (col 0) + 5 (col 1)
//   node 2  region 0, product 1, x0 = 20: sells 3 to node 0, final demand 17 (column 0)
//
//   slot 0: node 0 holds product 1 (tech 3/10 = 0.3), one edge: node 2 -> node 0, z0 = 3
//   slot 1: node 2 holds product 0 (tech 6/20 = 0.3), edges: node 0 -> 2 (4), node 1 -> 2 (2)
//   inventory: product 0 for 5 steps of use, product 1 for 10; both initial stocks are 30.
//   capital: 100, 100, 200. Final-demand columns: 0 in region 0, 1 in region 1.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "sim/ario.h"
#include "sim/capital_events.h"
#include "sim/mrio.h"
#include "sim/mrio_network.h"
#include "sim/network.h"
#include "sim/run.h"

using critmin::sim::CapitalEvent;
using critmin::sim::CapitalEvents;
using critmin::sim::Mode;
using critmin::sim::ModelParameters;
using critmin::sim::Network;
using critmin::sim::Rationing;
using critmin::sim::RecoveryCurve;
using critmin::sim::State;

namespace {

Network tiny_net() {
    Network net;
    net.node_labels = {"r0|p0", "r1|p0", "r0|p1"};
    net.node_product = {0, 0, 1};
    net.node_region = {0, 1, 0};
    net.x0 = {10, 10, 20};
    net.product_labels = {"p0", "p1"};
    net.region_labels = {"r0", "r1"};
    net.inventory_steps = {5, 10};
    net.slot_begin = {0, 1, 1, 2};
    net.slot_product = {1, 0};
    net.slot_buyer = {0, 2};
    net.slot_tech = {0.3, 0.3};
    net.slot_binding = {1, 1};
    net.edge_begin = {0, 1, 3};
    net.edge_supplier = {2, 0, 1};
    net.edge_z0 = {3, 4, 2};
    net.final_labels = {"r0|hh", "r1|hh"};
    net.final_region = {0, 1};
    net.fd_begin = {0, 1, 3, 4};
    net.fd_column = {0, 0, 1, 0};
    net.fd_y0 = {6, 3, 5, 17};
    net.capital = {100, 100, 200};
    net.index_suppliers();
    net.check();
    return net;
}

ModelParameters params(Mode mode, Rationing rule = Rationing::proportional) {
    ModelParameters p;
    p.mode = mode;
    p.rationing = rule;
    return p;
}

// Production and distribution of one step, without overproduction or orders.
void produce_and_ship(const Network& net, const ModelParameters& p, State& st) {
    critmin::sim::compute_production(net, p, st);
    critmin::sim::distribute_output(net, p, st);
}

constexpr double kTol = 1e-12;

}  // namespace

// ---- Network layout ----------------------------------------------------------------------

TEST(Ario, NetworkSupplierIndexListsEdgesInBuyerOrder) {
    const Network net = tiny_net();
    EXPECT_EQ(net.out_begin, (std::vector<std::uint32_t>{0, 1, 2, 3}));
    EXPECT_EQ(net.out_edge, (std::vector<std::uint32_t>{1, 2, 0}));
    EXPECT_EQ(net.edge_buyer, (std::vector<std::uint32_t>{0, 2, 2}));
}

TEST(Ario, InitialStateIsTheBaseline) {
    const Network net = tiny_net();
    const State st = critmin::sim::initial_state(net, params(Mode::native));
    EXPECT_NEAR(st.inventory[0], 30.0, kTol);  // 10 x 0.3 x 10 steps
    EXPECT_NEAR(st.inventory[1], 30.0, kTol);  // 20 x 0.3 x 5 steps
    EXPECT_EQ(st.orders, net.edge_z0);
    EXPECT_EQ(st.fd_orders, net.fd_y0);
}

// ---- S1 overproduction -------------------------------------------------------------------

TEST(Ario, S1_OverproductionRisesUnderScarcity) {
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        // Scarcity (110 - 100) / 110 = 1/11: alpha += (1.25 - 1) x (1/11) / 365.
        EXPECT_NEAR(critmin::sim::next_alpha(1.0, 110, 100, p), 1.0 + 0.25 / 11.0 / 365.0, kTol);
    }
}

TEST(Ario, S1_OverproductionRelaxesWhenDemandIsMet) {
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        EXPECT_NEAR(critmin::sim::next_alpha(1.2, 100, 100, p), 1.2 - 0.2 / 365.0, kTol);
        EXPECT_EQ(critmin::sim::next_alpha(1.0, 100, 100, p), 1.0);  // never below 1
    }
}

TEST(Ario, S1_BoarioRelaxesOnlyOnExactZeroScarcity) {
    // A scarcity of 1e-12 (rounding noise): native mode treats it as met demand and relaxes;
    // BoARIO moves toward alpha_max by a negligible amount and does not relax.
    const double demand = 1.0;
    const double production = 1.0 - 1e-12;
    const double native = critmin::sim::next_alpha(1.2, demand, production, params(Mode::native));
    const double boario = critmin::sim::next_alpha(1.2, demand, production, params(Mode::boario));
    EXPECT_NEAR(native, 1.2 - 0.2 / 365.0, kTol);
    EXPECT_GT(boario, 1.2);
    EXPECT_NEAR(boario, 1.2, 1e-14);
    // Production above demand (negative scarcity): BoARIO moves alpha by (alpha_max - alpha) s;
    // native mode relaxes toward alpha_base.
    const double s = (100.0 - 110.0) / 100.0;
    EXPECT_NEAR(critmin::sim::next_alpha(1.2, 100, 110, params(Mode::boario)),
                1.2 + 0.05 * s / 365.0, kTol);
    EXPECT_NEAR(critmin::sim::next_alpha(1.2, 100, 110, params(Mode::native)), 1.2 - 0.2 / 365.0,
                kTol);
}

TEST(Ario, S1_BoarioUpdatesOverproductionFromStepTwo) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        st.production[0] = 8;  // demand of node 0 is 10: scarcity 0.2
        st.step = 1;
        critmin::sim::update_overproduction(net, p, st);
        const double expected = 1.0 + 0.25 * 0.2 / 365.0;
        EXPECT_NEAR(st.alpha[0], mode == Mode::boario ? 1.0 : expected, kTol);
        st.alpha[0] = 1.0;
        st.step = 2;
        critmin::sim::update_overproduction(net, p, st);
        EXPECT_NEAR(st.alpha[0], expected, kTol);
    }
}

// ---- S2, S3 capacity ---------------------------------------------------------------------

TEST(Ario, S2_CapacityIsBaselineLessLossTimesAlpha) {
    EXPECT_NEAR(critmin::sim::node_capacity(100, 0.2, 1.1, 1.0, 0.0), 88.0, kTol);
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    st.delta[2] = 0.25;
    st.alpha[2] = 1.2;
    critmin::sim::compute_production(net, p, st);
    EXPECT_NEAR(st.capacity[2], 20 * 0.75 * 1.2, kTol);  // 18
    EXPECT_NEAR(st.capacity[0], 10.0, kTol);
}

TEST(Ario, S3_CapacityScaleAndExtraCapacity) {
    EXPECT_NEAR(critmin::sim::node_capacity(100, 0.2, 1.1, 0.5, 3.0), 47.0, kTol);
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    st.capacity_scale[1] = 0.5;
    st.capacity_extra[1] = 1.5;
    critmin::sim::compute_production(net, p, st);
    EXPECT_NEAR(st.capacity[1], 10 * 0.5 + 1.5, kTol);  // 6.5
    EXPECT_NEAR(st.production[1], 6.5, kTol);           // demand is 10
}

// ---- S4 total demand, S5 optimal production -----------------------------------------------

TEST(Ario, S4_TotalDemandSumsLicensedOrdersFinalDemandAndRebuilding) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        st.rebuild_demand[0] = 2;
        critmin::sim::compute_production(net, p, st);
        EXPECT_NEAR(st.total_demand[0], 4 + 6 + 2, kTol);
        EXPECT_NEAR(st.total_demand[1], 2 + 3 + 5, kTol);
        st.license[1] = 0.5;     // node 0 -> node 2 may ship half of the order
        st.fd_license[2] = 0.0;  // node 1's final demand in column 1 is embargoed
        critmin::sim::compute_production(net, p, st);
        EXPECT_NEAR(st.total_demand[0], 2 + 6 + 2, kTol);
        EXPECT_NEAR(st.total_demand[1], 2 + 3, kTol);
    }
}

TEST(Ario, S5_OptimalProductionIsDemandCappedByCapacity) {
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    st.delta[0] = 0.5;     // capacity 5 < demand 10
    st.fd_orders[3] = 12;  // node 2: demand 3 + 12 = 15 < capacity 20
    critmin::sim::compute_production(net, p, st);
    EXPECT_NEAR(st.production_opt[0], 5.0, kTol);
    EXPECT_NEAR(st.production_opt[2], 15.0, kTol);
    EXPECT_NEAR(st.production[2], 15.0, kTol);
}

// ---- S6, S7 inputs ----------------------------------------------------------------------

TEST(Ario, S6_ProductionLimitedByInventory) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        // Node 2 needs psi x steps x tech x x_opt = 0.8 x 5 x 0.3 x 20 = 24 of product 0; it
        // holds 12, so it produces half of x_opt.
        st.inventory[1] = 12;
        critmin::sim::compute_production(net, p, st);
        EXPECT_NEAR(st.production_opt[2], 20.0, kTol);
        EXPECT_NEAR(st.production[2], 10.0, kTol);
        // 24 or more: no limit.
        st.inventory[1] = 24;
        critmin::sim::compute_production(net, p, st);
        EXPECT_NEAR(st.production[2], 20.0, kTol);
    }
}

TEST(Ario, S7_InputsBelowThresholdNeverLimitProduction) {
    Network net = tiny_net();
    net.slot_binding[1] = 0;
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    st.inventory[1] = 0;
    critmin::sim::compute_production(net, p, st);
    EXPECT_NEAR(st.production[2], 20.0, kTol);
}

TEST(Ario, S7_BoarioComparesYearlyFlowWithDailyOutput) {
    // One region, sectors a and b; b buys a with A = 5e-6: below the threshold 1e-5 in native
    // mode, above BoARIO's effective threshold 1e-5 / 365.
    critmin::sim::MrioTable m;
    m.regions = {"r"};
    m.sectors = {"a", "b"};
    m.categories = {"hh"};
    m.x = {365, 365};
    m.z = {0, 365 * 5e-6, 100, 0};  // row supplier, column buyer
    m.y = {300, 200};
    for (Mode mode : {Mode::native, Mode::boario}) {
        const Network net =
            critmin::sim::build_mrio_network(m, params(mode), critmin::sim::MrioOptions{});
        int found = 0;
        for (std::uint32_t k = net.slot_begin[1]; k < net.slot_begin[2]; ++k) {
            if (net.slot_product[k] != 0) continue;
            ++found;
            EXPECT_NEAR(net.slot_tech[k], 5e-6, 1e-18);
            EXPECT_EQ(net.slot_binding[k], mode == Mode::boario ? 1 : 0);
        }
        EXPECT_EQ(found, 1);
        for (std::uint32_t k = net.slot_begin[0]; k < net.slot_begin[1]; ++k)
            if (net.slot_product[k] == 1) {
                EXPECT_EQ(net.slot_binding[k], 1);
            }
    }
}

// ---- S8-S11 rationing --------------------------------------------------------------------

TEST(Ario, S8_ProportionalRationing) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        st.delta[0] = 0.5;  // node 0 makes 5 of the 10 ordered: everyone gets half
        produce_and_ship(net, p, st);
        EXPECT_NEAR(st.delivered[1], 2.0, kTol);
        EXPECT_NEAR(st.fd_delivered[0], 3.0, kTol);
        EXPECT_NEAR(st.delivered_out[0], 5.0, kTol);
    }
}

TEST(Ario, S8_BoarioScalesEveryRowEvenWithoutShortage) {
    // Node 0 is asked for 0.7 (node 2) + 0.1 (final demand) = 0.7999999999999999 and makes all
    // of it. BoARIO still ships (a / D) x, which gives the final demand 0.10000000000000002:
    // the rounding noise its traces show in unmet final demand. Native mode ships the orders.
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        st.orders[1] = 0.7;
        st.fd_orders[0] = 0.1;
        produce_and_ship(net, p, st);
        const double d = 0.7 + 0.1;
        EXPECT_EQ(st.production[0], d);
        if (mode == Mode::native) {
            EXPECT_EQ(st.fd_delivered[0], 0.1);
            EXPECT_EQ(st.fd_unmet[0], 0.0);
        } else {
            EXPECT_EQ(st.fd_delivered[0], (0.1 / d) * d);
            EXPECT_NE(st.fd_delivered[0], 0.1);
            EXPECT_NE(st.fd_unmet[0], 0.0);
            EXPECT_LT(std::fabs(st.fd_unmet[0]), 1e-15);
        }
    }
}

TEST(Ario, S9_FinalDemandServedLast) {
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native, Rationing::final_demand_last);
    State st = critmin::sim::initial_state(net, p);
    st.delta[0] = 0.5;  // 5 for orders of 4 (node 2) and 6 (final demand)
    produce_and_ship(net, p, st);
    EXPECT_NEAR(st.delivered[1], 4.0, kTol);
    EXPECT_NEAR(st.fd_delivered[0], 1.0, kTol);
    EXPECT_NEAR(st.fd_unmet[0], 5.0, kTol);
}

TEST(Ario, S10_LowestFulfilmentServedFirst) {
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native, Rationing::lowest_fulfilment_first);
    State st = critmin::sim::initial_state(net, p);
    st.delta[1] = 0.4;  // node 1 makes 6 for 2 (node 2) + 3 (column 0) + 5 (column 1)
    st.fulfilment[2] = 0.5;
    st.fd_fulfilment = {0.9, 0.2};
    produce_and_ship(net, p, st);
    // Column 1 (0.2) gets its 5, node 2 (0.5) gets the last 1 of its 2, column 0 nothing.
    EXPECT_NEAR(st.fd_delivered[2], 5.0, kTol);
    EXPECT_NEAR(st.delivered[2], 1.0, kTol);
    EXPECT_NEAR(st.fd_delivered[1], 0.0, kTol);
    // Fulfilment recorded for the next step: node 2 got 4 + 1 of 4 + 2 ordered.
    EXPECT_NEAR(st.fulfilment[2], 5.0 / 6.0, kTol);
    EXPECT_NEAR(st.fd_fulfilment[1], 5.0 / 5.0, kTol);
}

TEST(Ario, S11_AlliedCustomersServedFirst) {
    const Network net = tiny_net();
    ModelParameters p = params(Mode::native, Rationing::allied_first);
    p.allied_region = {1, 0};
    State st = critmin::sim::initial_state(net, p);
    st.delta[1] = 0.4;  // 6 for 2 (node 2, region 0) + 3 (column 0, region 0) + 5 (region 1)
    produce_and_ship(net, p, st);
    EXPECT_NEAR(st.delivered[2], 2.0, kTol);
    EXPECT_NEAR(st.fd_delivered[1], 3.0, kTol);
    EXPECT_NEAR(st.fd_delivered[2], 1.0, kTol);
    EXPECT_NEAR(st.fd_unmet[1], 4.0, kTol);
}

// ---- S12 export licences -----------------------------------------------------------------

TEST(Ario, S12_ExportLicenceLimitsWhatShips) {
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    st.license[2] = 0.5;     // node 1 -> node 2: half of the order of 2
    st.fd_license[0] = 0.0;  // node 0 -> final demand column 0: embargoed
    produce_and_ship(net, p, st);
    EXPECT_NEAR(st.delivered[2], 1.0, kTol);
    EXPECT_NEAR(st.production[1], 9.0, kTol);  // demand 1 + 3 + 5
    EXPECT_NEAR(st.fd_delivered[0], 0.0, kTol);
    EXPECT_NEAR(st.production[0], 4.0, kTol);
    EXPECT_NEAR(st.fd_unmet[0], 6.0, kTol);  // an embargoed order is unmet demand
}

// ---- S13 inventory update, S14 unmet final demand ------------------------------------------

TEST(Ario, S13_InventoryGainsDeliveriesAndLosesUse) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        st.delta[0] = 0.5;
        produce_and_ship(net, p, st);
        // Node 2 used 20 x 0.3 = 6 of product 0 and received 2 + 2: 30 - 6 + 4.
        EXPECT_NEAR(st.received[1], 4.0, kTol);
        EXPECT_NEAR(st.inventory[1], 28.0, kTol);
        // Node 0 used 5 x 0.3 = 1.5 of product 1 and received 3: 30 - 1.5 + 3.
        EXPECT_NEAR(st.inventory[0], 31.5, kTol);
    }
}

TEST(Ario, S13_BoarioSkipsTheUpdateWhenEveryChangeIsClose) {
    // Node 0 orders 1e-10 more than it uses: every slot's change is within numpy.allclose, so
    // BoARIO leaves all inventories as they were; native mode applies the change.
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        st.orders[0] = 3 + 1e-10;
        st.fd_orders[3] = 17 - 1e-10;
        produce_and_ship(net, p, st);
        EXPECT_NE(st.received[0], 3.0);
        if (mode == Mode::boario) {
            EXPECT_EQ(st.inventory[0], 30.0);
        } else {
            EXPECT_NEAR(st.inventory[0], 30.0 + 1e-10, 1e-13);
        }
    }
}

TEST(Ario, S13_NativeInventoryNeverNegative) {
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    st.inventory[1] = 0.5;
    Network loose = net;
    loose.slot_binding[1] = 0;  // production does not wait for the input
    st.license[1] = 0;
    st.license[2] = 0;  // nothing arrives
    produce_and_ship(loose, p, st);
    EXPECT_EQ(st.inventory[1], 0.0);  // 0.5 - 6 clamps at 0
}

TEST(Ario, S14_UnmetFinalDemandPerColumn) {
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    st.delta[0] = 0.5;  // column 0 gets 3 of node 0's 6
    st.delta[1] = 0.5;  // node 1: 5 of 10, column 0 gets 1.5 of 3, column 1 2.5 of 5
    produce_and_ship(net, p, st);
    EXPECT_NEAR(st.fd_unmet[0], 3.0 + 1.5, kTol);
    EXPECT_NEAR(st.fd_unmet[1], 2.5, kTol);
    EXPECT_NEAR(st.fd_fulfilment[0], (26.0 - 4.5) / 26.0, kTol);
    // At the baseline nothing is unmet: exactly in native mode.
    State base = critmin::sim::initial_state(net, p);
    produce_and_ship(net, p, base);
    EXPECT_EQ(base.fd_unmet[0], 0.0);
    EXPECT_EQ(base.fd_unmet[1], 0.0);
}

// ---- S15-S17 orders ----------------------------------------------------------------------

TEST(Ario, S15_S16_S17_OrdersCloseTheGapAndFollowCapacity) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        st.delta[0] = 0.5;
        produce_and_ship(net, p, st);
        critmin::sim::place_orders(net, p, st);
        // Slot 1 (node 2, product 0): target 20 x 0.3 x 5 = 30, holds 28: gap 2 / 60 (S15);
        // need = gap + 20 x 0.3 (S16); split by z0 x capacity ratio: 4 x 0.5 and 2 x 1 (S17).
        const double need = 2.0 / 60.0 + 6.0;
        EXPECT_NEAR(st.orders[1], need / 2, kTol);
        EXPECT_NEAR(st.orders[2], need / 2, kTol);
        // Slot 0 (node 0, product 1): target 5 x 0.3 x 10 = 15 < 31.5 held: no gap.
        EXPECT_NEAR(st.orders[0], 1.5, kTol);
    }
}

TEST(Ario, S15_BoarioDropsGapsWhenInventoriesAreClose) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        st.inventory[1] = 30 - 1e-7;  // within numpy.isclose of the target 30
        critmin::sim::place_orders(net, p, st);
        const double gap = mode == Mode::boario ? 0.0 : 1e-7 / 60.0;
        EXPECT_NEAR(st.orders[1] + st.orders[2], 6.0 + gap, 1e-14);
        if (mode == Mode::native) {
            EXPECT_GT(st.orders[1] + st.orders[2], 6.0);
        }
    }
}

TEST(Ario, S16_OrderNeedIsUseWhenNoGap) {
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    st.production[2] = 10;  // uses 3 of product 0, inventory at or above target
    st.production_opt[2] = 10;
    critmin::sim::place_orders(net, p, st);
    EXPECT_NEAR(st.orders[1] + st.orders[2], 3.0, kTol);
}

TEST(Ario, S17_BaselineSharesWithoutCapacityFollowing) {
    const Network net = tiny_net();
    ModelParameters p = params(Mode::boario);
    p.orders_follow_capacity = false;  // BoARIO's "noalt"
    State st = critmin::sim::initial_state(net, p);
    st.capacity[0] = 5;
    critmin::sim::place_orders(net, p, st);
    EXPECT_NEAR(st.orders[1], 6.0 * 4.0 / 6.0, kTol);
    EXPECT_NEAR(st.orders[2], 6.0 * 2.0 / 6.0, kTol);
}

TEST(Ario, S17_NativeOrdersFollowLicencesAndCandidates) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        st.license[2] = 0.5;  // node 1 -> node 2 half licensed
        critmin::sim::place_orders(net, p, st);
        // Native: weights 4 x 1 and 2 x 0.5; BoARIO ignores licences: 4 and 2.
        const double share = mode == Mode::native ? 4.0 / 5.0 : 4.0 / 6.0;
        EXPECT_NEAR(st.orders[1], 6.0 * share, kTol);
        EXPECT_NEAR(st.orders[2], 6.0 * (1 - share), kTol);
    }
    // A candidate weight (substitution) adds to the baseline weight.
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    st.edge_bonus[2] = 2;
    critmin::sim::place_orders(net, p, st);
    EXPECT_NEAR(st.orders[2], 6.0 * 4.0 / 8.0, kTol);
}

// ---- S18 mass balance --------------------------------------------------------------------

TEST(Ario, S18_MassBalanceErrorIsTheLargestRelativeGap) {
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    st.delta[0] = 0.3;
    produce_and_ship(net, p, st);
    EXPECT_LE(critmin::sim::mass_balance_error(net, st), 1e-15);
    st.delivered_out[2] = st.production[2] * 1.01;
    EXPECT_NEAR(critmin::sim::mass_balance_error(net, st), 0.01, 1e-12);
}

// ---- S19-S24 capital events --------------------------------------------------------------

namespace {

CapitalEvent recovery_event(double impact0) {
    CapitalEvent e;
    e.kind = CapitalEvent::Kind::recovery;
    e.occurrence = 2;
    e.duration = 1;
    e.impact = {impact0, 0, 0};
    e.recovery_tau = 180;
    return e;
}

CapitalEvent rebuild_event() {
    CapitalEvent e;
    e.kind = CapitalEvent::Kind::rebuild;
    e.occurrence = 2;
    e.duration = 1;
    e.impact = {0, 0, 60};  // node 2 loses 60 of its 200 of capital
    e.rebuild_tau = 10;
    e.rebuilding_factor = 1.0;
    e.rebuilding_share = {1.0, 1.0, 0.0};  // product 0 rebuilds
    return e;
}

// delta of `node` at the start of each step 0..steps-1 (events around a bare state).
std::vector<double> delta_path(const Network& net, const ModelParameters& p,
                               std::vector<CapitalEvent> events, std::size_t node, int steps) {
    CapitalEvents ce(net, p, std::move(events), 60);
    State st = critmin::sim::initial_state(net, p);
    std::vector<double> out;
    for (int t = 0; t < steps; ++t) {
        st.step = t;
        ce.begin_step(st);
        out.push_back(st.delta[node]);
        ce.end_step(st);
    }
    return out;
}

}  // namespace

TEST(Ario, S19_CapacityLostFromDestroyedCapital) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const auto d = delta_path(net, params(mode), {recovery_event(25)}, 0, 4);
        EXPECT_EQ(d[1], 0.0);
        EXPECT_NEAR(d[2], 25.0 / 100.0, kTol);  // shows at the occurrence step
        EXPECT_NEAR(d[3], 0.25, kTol);
    }
}

TEST(Ario, S20_RecoveryCurves) {
    using critmin::sim::recovery_curve;
    EXPECT_NEAR(recovery_curve(RecoveryCurve::linear, 10, 30, 60), 5.0, kTol);
    EXPECT_NEAR(recovery_curve(RecoveryCurve::convex, 10, 1, 60), 10 * std::pow(59.0 / 60, 4),
                kTol);
    EXPECT_NEAR(recovery_curve(RecoveryCurve::convex_unscaled, 10, 2, 60),
                10 * (59.0 / 60) * (59.0 / 60), kTol);
    EXPECT_NEAR(recovery_curve(RecoveryCurve::concave, 10, 0, 60), 10.0, kTol);
    EXPECT_LT(recovery_curve(RecoveryCurve::concave, 10, 60, 60), 1.0);
    // numpy.around: half to even.
    EXPECT_EQ(critmin::sim::round_decimals(2.5, 0), 2.0);
    EXPECT_EQ(critmin::sim::round_decimals(3.5, 0), 4.0);
    EXPECT_NEAR(critmin::sim::round_decimals(0.12345678, 7), 0.1234568, 1e-17);
}

TEST(Ario, S20_LinearRecoveryStartsAfterDurationAndBoarioRounds) {
    const Network net = tiny_net();
    const double impact = 100.0 / 3.0;
    const double one_step = impact * (1.0 - 1.0 / 180.0);
    const auto native = delta_path(net, params(Mode::native), {recovery_event(impact)}, 0, 6);
    const auto boario = delta_path(net, params(Mode::boario), {recovery_event(impact)}, 0, 6);
    for (const auto* d : {&native, &boario}) {
        // Recovery starts at step 3 (occurrence 2 + duration 1) with elapsed 0; the first
        // decrement (elapsed 1, at the end of step 4) shows in step 5.
        EXPECT_NEAR((*d)[2], impact / 100.0, 1e-9);
        EXPECT_NEAR((*d)[4], impact / 100.0, 1e-9);  // boario: rounded to 7 decimals
    }
    EXPECT_EQ(native[5], one_step / 100.0);
    EXPECT_EQ(boario[5], critmin::sim::round_decimals(one_step, 7) / 100.0);
    EXPECT_NE(native[5], boario[5]);
}

TEST(Ario, S21_S22_RebuildDemandSpreadOverSuppliersByPurchases) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        CapitalEvents ce(net, p, {rebuild_event()}, 60);
        State st = critmin::sim::initial_state(net, p);
        st.step = 2;
        ce.begin_step(st);
        EXPECT_NEAR(st.delta[2], 60.0 / 200.0, kTol);  // S19
        EXPECT_EQ(st.rebuild_demand[0], 0.0);          // not before occurrence + duration
        ce.end_step(st);
        st.step = 3;
        ce.begin_step(st);
        // S21: node 2 buys product 0 from node 0 (4) and node 1 (2): rebuilding 40 and 20.
        // S22: a tenth of each per step.
        EXPECT_NEAR(st.rebuild_demand[0], 4.0, 1e-9);
        EXPECT_NEAR(st.rebuild_demand[1], 2.0, 1e-9);
        EXPECT_EQ(st.rebuild_demand[2], 0.0);
        EXPECT_NEAR(ce.capital_lost(), 60.0, 1e-9);
    }
}

TEST(Ario, S23_CapitalRebuiltByDeliveries) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        CapitalEvents ce(net, p, {rebuild_event()}, 60);
        State st = critmin::sim::initial_state(net, p);
        for (int t = 2; t <= 3; ++t) {
            st.step = t;
            ce.begin_step(st);
            if (t == 3) st.rebuild_delivered = {4.0, 1.0, 0.0};  // node 1 ships half of its 2
            ce.end_step(st);
        }
        st.step = 4;
        ce.begin_step(st);
        // Left: 40 - 4 = 36 and 20 - 1 = 19, so 55 of capital is still destroyed.
        EXPECT_NEAR(st.delta[2], 55.0 / 200.0, 1e-9);
        EXPECT_NEAR(st.rebuild_demand[0], 3.6, 1e-9);
        EXPECT_NEAR(st.rebuild_demand[1], 1.9, 1e-9);
    }
}

TEST(Ario, S23_TwoRebuildEventsShareDeliveriesByDemand) {
    // BoARIO credits every rebuild event with the whole rebuilding output; critmin splits it
    // by each event's demand (in both modes), so capital is never rebuilt twice.
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native);
    CapitalEvents ce(net, p, {rebuild_event(), rebuild_event()}, 60);
    State st = critmin::sim::initial_state(net, p);
    for (int t = 2; t <= 3; ++t) {
        st.step = t;
        ce.begin_step(st);
        if (t == 3) {
            EXPECT_NEAR(st.rebuild_demand[0], 8.0, 1e-9);
            st.rebuild_delivered = {8.0, 4.0, 0.0};  // everything asked for
        }
        ce.end_step(st);
    }
    st.step = 4;
    ce.begin_step(st);
    EXPECT_NEAR(ce.capital_lost(), 2 * (36.0 + 18.0), 1e-9);
    EXPECT_NEAR(st.delta[2], 108.0 / 200.0, 1e-9);
}

TEST(Ario, S24_ArbitraryLossShowsAtOnceNativeAndOneStepLateInBoario) {
    const Network net = tiny_net();
    CapitalEvent e;
    e.kind = CapitalEvent::Kind::arbitrary;
    e.occurrence = 2;
    e.duration = 1;
    e.impact = {0.15, 0, 0};
    e.recovery_tau = 90;
    const auto native = delta_path(net, params(Mode::native), {e}, 0, 8);
    const auto boario = delta_path(net, params(Mode::boario), {e}, 0, 8);
    EXPECT_EQ(native[1], 0.0);
    EXPECT_NEAR(native[2], 0.15, kTol);
    EXPECT_EQ(boario[2], 0.0);
    EXPECT_NEAR(boario[3], 0.15, kTol);
    // First decrement at the end of step 4 (elapsed 1): native shows it at step 5, boario at
    // step 6 and rounded to 6 decimals.
    EXPECT_NEAR(native[4], 0.15, kTol);
    EXPECT_EQ(native[5], 0.15 * (1.0 - 1.0 / 90.0));
    EXPECT_NEAR(boario[5], 0.15, kTol);
    EXPECT_EQ(boario[6], 0.148333);
}

// ---- Invariants on random networks (S8-S13, S18) --------------------------------------------

namespace {

// A random balanced network: x0 = deliveries to customers + final demand, every node sells.
Network random_network(std::mt19937& rng) {
    std::uniform_int_distribution<int> n_dist(2, 7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const int n = n_dist(rng);
    const int n_products = std::uniform_int_distribution<int>(1, std::min(n, 3))(rng);
    const int n_regions = 3;
    Network net;
    for (int i = 0; i < n; ++i) {
        net.node_labels.push_back("n" + std::to_string(i));
        net.node_product.push_back(static_cast<std::uint32_t>(i % n_products));
        net.node_region.push_back(static_cast<std::uint32_t>(rng() % n_regions));
    }
    for (int q = 0; q < n_products; ++q) {
        net.product_labels.push_back("p" + std::to_string(q));
        net.inventory_steps.push_back(2 + 28 * u(rng));
    }
    for (int r = 0; r < n_regions; ++r) {
        net.region_labels.push_back("r" + std::to_string(r));
        net.final_labels.push_back("r" + std::to_string(r) + "|hh");
        net.final_region.push_back(static_cast<std::uint32_t>(r));
    }
    std::vector<double> sold(static_cast<std::size_t>(n), 0.0);
    std::vector<double> slot_flow;
    net.slot_begin = {0};
    net.edge_begin = {0};
    for (int j = 0; j < n; ++j) {
        for (int q = 0; q < n_products; ++q) {
            if (u(rng) < 0.4) continue;
            double flow = 0;
            for (int i = 0; i < n; ++i) {
                if (static_cast<int>(net.node_product[static_cast<std::size_t>(i)]) != q) continue;
                if (u(rng) < 0.3) continue;
                const double z = 0.1 + 10 * u(rng);
                net.edge_supplier.push_back(static_cast<std::uint32_t>(i));
                net.edge_z0.push_back(z);
                sold[static_cast<std::size_t>(i)] += z;
                flow += z;
            }
            if (flow == 0) continue;
            net.slot_product.push_back(static_cast<std::uint32_t>(q));
            net.slot_buyer.push_back(static_cast<std::uint32_t>(j));
            net.slot_binding.push_back(1);
            slot_flow.push_back(flow);
            net.edge_begin.push_back(static_cast<std::uint32_t>(net.edge_supplier.size()));
        }
        net.slot_begin.push_back(static_cast<std::uint32_t>(net.slot_product.size()));
    }
    net.fd_begin = {0};
    for (int i = 0; i < n; ++i) {
        for (int c = 0; c < n_regions; ++c) {
            if (c > 0 && u(rng) < 0.5) continue;
            const double y = 0.5 + 20 * u(rng);
            net.fd_column.push_back(static_cast<std::uint32_t>(c));
            net.fd_y0.push_back(y);
            sold[static_cast<std::size_t>(i)] += y;
        }
        net.fd_begin.push_back(static_cast<std::uint32_t>(net.fd_column.size()));
    }
    net.x0 = sold;
    for (std::size_t k = 0; k < net.slot_product.size(); ++k)
        net.slot_tech.push_back(slot_flow[k] / net.x0[net.slot_buyer[k]]);
    for (double x : net.x0) net.capital.push_back(100 * x);
    net.index_suppliers();
    net.check();
    return net;
}

}  // namespace

RC_GTEST_PROP(ArioProperties, S8_S11_RationingKeepsOrdersMassAndInventories, ()) {
    const auto seed = *rc::gen::arbitrary<std::uint32_t>();
    const auto rule =
        *rc::gen::element(Rationing::proportional, Rationing::final_demand_last,
                          Rationing::lowest_fulfilment_first, Rationing::allied_first);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const Network net = random_network(rng);
    ModelParameters p = params(Mode::native, rule);
    p.allied_region = {1, 0, static_cast<std::uint8_t>(seed % 2)};
    State st = critmin::sim::initial_state(net, p);
    for (int t = 0; t < 40; ++t) {
        // Random shocks: capacity losses, licences, extra final demand.
        if (t % 5 == 1) {
            for (auto& d : st.delta) d = u(rng) < 0.4 ? 0.8 * u(rng) : 0.0;
            for (auto& l : st.license) l = u(rng) < 0.2 ? u(rng) : 1.0;
            for (auto& l : st.fd_license) l = u(rng) < 0.2 ? u(rng) : 1.0;
            for (std::size_t f = 0; f < st.fd_orders.size(); ++f)
                st.fd_orders[f] = net.fd_y0[f] * (0.5 + u(rng));
            st.rebuild_demand[rng() % net.n_nodes()] = u(rng) < 0.3 ? 5 * u(rng) : 0.0;
        }
        critmin::sim::update_overproduction(net, p, st);
        critmin::sim::compute_production(net, p, st);
        critmin::sim::distribute_output(net, p, st);
        for (std::size_t e = 0; e < net.n_edges(); ++e) {
            RC_ASSERT(st.delivered[e] >= 0.0);
            RC_ASSERT(st.delivered[e] <= st.orders[e] * st.license[e] * (1 + 1e-12) + 1e-300);
        }
        for (std::size_t f = 0; f < net.n_fd_entries(); ++f)
            RC_ASSERT(st.fd_delivered[f] <= st.fd_orders[f] * st.fd_license[f] * (1 + 1e-12));
        for (std::size_t i = 0; i < net.n_nodes(); ++i)
            RC_ASSERT(st.rebuild_delivered[i] <= st.rebuild_demand[i] * (1 + 1e-12));
        RC_ASSERT(critmin::sim::mass_balance_error(net, st) <= 1e-9);  // S18
        for (double s : st.inventory) RC_ASSERT(s >= 0.0);             // S13
        critmin::sim::place_orders(net, p, st);
        for (double o : st.orders) RC_ASSERT(o >= 0.0);
        ++st.step;
    }
}

TEST(Ario, S18_RunStepKeepsMassBalanceOnRandomNetworks) {
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        std::mt19937 rng(seed);
        const Network net = random_network(rng);
        const ModelParameters p = params(Mode::native);
        State st = critmin::sim::initial_state(net, p);
        critmin::sim::StepHooks hooks;
        double worst = 0;
        hooks.before_production = [&](State& s) {
            if (s.step == 3) s.delta[0] = 0.5;
            if (s.step == 20) s.delta[0] = 0.1;
        };
        hooks.observe = [&](const State& s) {
            worst = std::max(worst, critmin::sim::mass_balance_error(net, s));
        };
        EXPECT_EQ(critmin::sim::run_steps(net, p, st, 60, hooks), 60);
        EXPECT_EQ(st.step, 60);
        EXPECT_LE(worst, 1e-9) << "seed " << seed;
    }
}

TEST(Ario, RunStepsStopsWhenAsked) {
    const Network net = tiny_net();
    const ModelParameters p = params(Mode::native);
    State st = critmin::sim::initial_state(net, p);
    std::atomic<bool> stop{false};
    critmin::sim::StepHooks hooks;
    hooks.observe = [&](const State& s) {
        if (s.step == 4) stop.store(true);
    };
    EXPECT_EQ(critmin::sim::run_steps(net, p, st, 100, hooks, &stop), 5);
    EXPECT_EQ(st.step, 5);
}

TEST(Ario, BaselineIsASteadyState) {
    const Network net = tiny_net();
    for (Mode mode : {Mode::native, Mode::boario}) {
        const ModelParameters p = params(mode);
        State st = critmin::sim::initial_state(net, p);
        critmin::sim::run_steps(net, p, st, 30, {});
        for (std::size_t i = 0; i < net.n_nodes(); ++i) {
            EXPECT_NEAR(st.production[i], net.x0[i], 1e-12);
            // Native mode relaxes on rounding noise; BoARIO's exact-zero test lets it creep.
            if (mode == Mode::native) {
                EXPECT_EQ(st.alpha[i], 1.0);
            }
            EXPECT_NEAR(st.alpha[i], 1.0, 1e-12);
        }
        for (std::size_t k = 0; k < net.n_slots(); ++k) EXPECT_NEAR(st.inventory[k], 30.0, 1e-9);
    }
}
