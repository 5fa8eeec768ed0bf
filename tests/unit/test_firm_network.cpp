// Firm-level input (io/firm_reader.h, sim/firm_network.h): the reader's checks and the network the
// builder compiles from it.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/firm_network.h"
#include "sim/firm_reader.h"
#include "sim/run.h"
#include "sim/state.h"
#include "temp_dir.h"

namespace {

using critmin::InvalidInput;
using critmin::sim::FirmTable;
using critmin::sim::read_firm_network;

std::string write(const std::string& name, const std::string& content) {
    return critmin::test::process_temp_dir().write(name, content);
}

// Four firms, amounts in multiples of 365 so that per-step flows are round numbers:
//   mine (ore, CHN)     -> smelter 730, maker 36.5      x0 = 2 + 0.1
//   trader (ore, AUS)   -> smelter 365 twice            x0 = 2 + final demand 1
//   smelter (metal, CHN) -> maker 1095                  x0 = 3 + final demand 1
//   maker (magnet, JPN)                                 x0 = final demand 4
const char* kFirms =
    "firm,sector,region,final_demand\n"
    "mine,ore,CHN,0\n"
    "smelter,metal,CHN,365\n"
    "maker,magnet,JPN,1460\n"
    "trader,ore,AUS,365\n";
const char* kEdges =
    "supplier,customer,amount\n"
    "mine,smelter,730\n"
    "trader,smelter,365\n"
    "smelter,maker,1095\n"
    "mine,maker,36.5\n"
    "trader,smelter,365\n";

// The diagnostics of a read that must fail, one per line.
std::string read_errors(const std::string& firms, const std::string& edges) {
    try {
        (void)read_firm_network(write("firms.csv", firms), write("edges.csv", edges));
    } catch (const InvalidInput& e) {
        return e.diagnostics().to_string();
    }
    return "no error";
}

std::string firms_path() {
    return (critmin::test::process_temp_dir() / "firms.csv").string();
}
std::string edges_path() {
    return (critmin::test::process_temp_dir() / "edges.csv").string();
}

}  // namespace

TEST(FirmNetwork, ReaderGivesIndicesAndSortedLabels) {
    const FirmTable t = read_firm_network(write("firms.csv", kFirms), write("edges.csv", kEdges));
    ASSERT_EQ(t.n_firms(), 4u);
    EXPECT_EQ(t.ids, (std::vector<std::string>{"mine", "smelter", "maker", "trader"}));
    EXPECT_EQ(t.sectors, (std::vector<std::string>{"magnet", "metal", "ore"}));
    EXPECT_EQ(t.regions, (std::vector<std::string>{"AUS", "CHN", "JPN"}));
    EXPECT_EQ(t.sector, (std::vector<std::uint32_t>{2, 1, 0, 2}));
    EXPECT_EQ(t.region, (std::vector<std::uint32_t>{1, 1, 2, 0}));
    EXPECT_EQ(t.n_edges(), 5u);
    EXPECT_EQ(t.supplier, (std::vector<std::uint32_t>{0, 3, 1, 0, 3}));
    EXPECT_EQ(t.customer, (std::vector<std::uint32_t>{1, 1, 2, 2, 1}));
    EXPECT_DOUBLE_EQ(t.amount[3], 36.5);
}

TEST(FirmNetwork, HandMadeNetworkHasTheExpectedBaselineSlotsAndIndex) {
    const FirmTable t = read_firm_network(write("firms.csv", kFirms), write("edges.csv", kEdges));
    critmin::sim::ModelParameters p;
    p.technology_threshold = 0.03;  // the maker's ore input (0.025) cannot limit its production
    critmin::sim::FirmOptions options;
    options.inventory_steps = 30;
    const auto net = critmin::sim::build_firm_network(t, p, options);

    ASSERT_EQ(net.n_nodes(), 4u);
    EXPECT_EQ(net.node_labels, t.ids);
    EXPECT_EQ(net.node_product, t.sector);
    EXPECT_EQ(net.node_region, t.region);
    EXPECT_EQ(net.inventory_steps, (std::vector<double>{30, 30, 30}));
    EXPECT_NEAR(net.x0[0], 2.1, 1e-14);
    EXPECT_NEAR(net.x0[1], 4.0, 1e-14);
    EXPECT_NEAR(net.x0[2], 4.0, 1e-14);
    EXPECT_NEAR(net.x0[3], 3.0, 1e-14);

    // Slots: the smelter buys ore (one slot, two suppliers, the repeated trader rows added up);
    // the maker buys metal, then ore (slots in sector order); the mine and trader buy nothing.
    EXPECT_EQ(net.slot_begin, (std::vector<std::uint32_t>{0, 0, 1, 3, 3}));
    EXPECT_EQ(net.slot_product, (std::vector<std::uint32_t>{2, 1, 2}));
    EXPECT_EQ(net.slot_buyer, (std::vector<std::uint32_t>{1, 2, 2}));
    ASSERT_EQ(net.slot_tech.size(), 3u);
    EXPECT_NEAR(net.slot_tech[0], 1.0, 1e-14);    // (2 + 2) / 4
    EXPECT_NEAR(net.slot_tech[1], 0.75, 1e-14);   // 3 / 4
    EXPECT_NEAR(net.slot_tech[2], 0.025, 1e-14);  // 0.1 / 4
    EXPECT_EQ(net.slot_binding, (std::vector<std::uint8_t>{1, 1, 0}));

    // Edges grouped by slot, suppliers in id order within a slot.
    EXPECT_EQ(net.edge_begin, (std::vector<std::uint32_t>{0, 2, 3, 4}));
    EXPECT_EQ(net.edge_supplier, (std::vector<std::uint32_t>{0, 3, 1, 0}));
    EXPECT_EQ(net.edge_buyer, (std::vector<std::uint32_t>{1, 1, 2, 2}));
    ASSERT_EQ(net.edge_z0.size(), 4u);
    EXPECT_NEAR(net.edge_z0[0], 2.0, 1e-14);
    EXPECT_NEAR(net.edge_z0[1], 2.0, 1e-14);
    EXPECT_NEAR(net.edge_z0[2], 3.0, 1e-14);
    EXPECT_NEAR(net.edge_z0[3], 0.1, 1e-14);

    // Supplier index: the mine sells on edges 0 (smelter) and 3 (maker), in buyer order.
    EXPECT_EQ(net.out_begin, (std::vector<std::uint32_t>{0, 2, 3, 3, 4}));
    EXPECT_EQ(net.out_edge, (std::vector<std::uint32_t>{0, 3, 2, 1}));

    // Final demand: one column per region; each firm sells to its own region.
    EXPECT_EQ(net.final_labels, (std::vector<std::string>{"AUS|final demand", "CHN|final demand",
                                                          "JPN|final demand"}));
    EXPECT_EQ(net.final_region, (std::vector<std::uint32_t>{0, 1, 2}));
    EXPECT_EQ(net.fd_begin, (std::vector<std::uint32_t>{0, 0, 1, 2, 3}));
    EXPECT_EQ(net.fd_column, (std::vector<std::uint32_t>{1, 2, 0}));
    ASSERT_EQ(net.fd_y0.size(), 3u);
    EXPECT_NEAR(net.fd_y0[0], 1.0, 1e-14);
    EXPECT_NEAR(net.fd_y0[1], 4.0, 1e-14);
    EXPECT_NEAR(net.fd_y0[2], 1.0, 1e-14);
}

TEST(FirmNetwork, BaselineIsASteadyState) {
    const FirmTable t = read_firm_network(write("firms.csv", kFirms), write("edges.csv", kEdges));
    const critmin::sim::ModelParameters p;
    const auto net = critmin::sim::build_firm_network(t, p);
    auto st = critmin::sim::initial_state(net, p);
    critmin::sim::run_steps(net, p, st, 30, {});
    for (std::size_t i = 0; i < net.n_nodes(); ++i)
        EXPECT_NEAR(st.production[i], net.x0[i], 1e-12 * net.x0[i]) << net.node_labels[i];
}

TEST(FirmNetwork, RegionIsOptional) {
    const FirmTable t =
        read_firm_network(write("firms.csv", "firm,sector,final_demand\na,x,1\nb,y,2\n"),
                          write("edges.csv", "supplier,customer,amount\na,b,3\n"));
    EXPECT_EQ(t.regions, (std::vector<std::string>{critmin::sim::kNoRegion}));
    EXPECT_EQ(t.region, (std::vector<std::uint32_t>{0, 0}));
}

TEST(FirmNetwork, BadEdgesAreReportedWithLineAndColumn) {
    const std::string errors = read_errors(kFirms,
                                           "supplier,customer,amount\n"
                                           "mine,nobody,5\n"
                                           "mine,mine,5\n"
                                           "mine,maker,-1\n"
                                           "mine,maker,abc\n"
                                           "ghost,maker,1\n"
                                           "mine,maker\n");
    const std::string e = edges_path();
    EXPECT_NE(errors.find(e + ":2:6: error: unknown firm 'nobody'"), std::string::npos) << errors;
    EXPECT_NE(errors.find(e + ":3:6: error: firm 'mine' supplies itself"), std::string::npos)
        << errors;
    EXPECT_NE(errors.find(e + ":4:12: error: amount -1 is negative"), std::string::npos) << errors;
    EXPECT_NE(errors.find(e + ":5:12: error: amount 'abc' is not a finite number"),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find(e + ":6:1: error: unknown firm 'ghost'"), std::string::npos) << errors;
    EXPECT_NE(errors.find(e + ":7:1: error: 2 fields; the header has 3"), std::string::npos)
        << errors;
}

TEST(FirmNetwork, BadFirmsAreReportedWithLineAndColumn) {
    const std::string errors = read_errors(
        "firm,sector,region,final_demand\n"
        "a,ore,CHN,1\n"
        "b,ore,CHN,-2\n"
        "a,metal,JPN,3\n"
        "c,,JPN,3\n"
        "d,ore,JPN,lots\n",
        "supplier,customer,amount\n");
    const std::string f = firms_path();
    EXPECT_NE(errors.find(f + ":3:11: error: final_demand -2 is negative"), std::string::npos)
        << errors;
    EXPECT_NE(errors.find(f + ":4:1: error: firm 'a' is given twice (first on line 2)"),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find(f + ":5:3: error: the sector is empty"), std::string::npos) << errors;
    EXPECT_NE(errors.find(f + ":6:11: error: final_demand 'lots' is not a finite number"),
              std::string::npos)
        << errors;
}

TEST(FirmNetwork, MissingColumnsAndZeroOutputAreReported) {
    std::string errors = read_errors("firm,region,final_demand\na,CHN,1\n", "supplier,customer\n");
    EXPECT_NE(errors.find(firms_path() + ":1: error: required column 'sector' is missing"),
              std::string::npos)
        << errors;
    errors = read_errors("firm,sector,final_demand\na,x,1\nb,y,0\n",
                         "supplier,customer,amount\na,b,3\n");
    EXPECT_NE(errors.find(firms_path() + ":3:5: error: firm 'b' buys inputs but sells nothing"),
              std::string::npos)
        << errors;
    errors = read_errors(kFirms, "customer,amount\n");
    EXPECT_NE(errors.find(edges_path() + ":1: error: required column 'supplier' is missing"),
              std::string::npos)
        << errors;
}

// Mass balance of the baseline: what a firm sells to other firms plus its final demand is its
// output, for any network (repeated pairs, zero amounts and firms without customers included).
RC_GTEST_PROP(FirmNetworkProperties, BaselineSalesAddUpToOutput, ()) {
    const auto n_firms = *rc::gen::inRange<std::uint32_t>(2, 30);
    const auto n_sectors = *rc::gen::inRange<std::uint32_t>(1, 5);
    FirmTable t;
    for (std::uint32_t s = 0; s < n_sectors; ++s) t.sectors.push_back("s" + std::to_string(s));
    t.regions = {"r0", "r1"};
    for (std::uint32_t i = 0; i < n_firms; ++i) {
        t.ids.push_back("f" + std::to_string(i));
        t.sector.push_back(*rc::gen::inRange<std::uint32_t>(0, n_sectors));
        t.region.push_back(*rc::gen::inRange<std::uint32_t>(0, 2));
        t.final_demand.push_back(*rc::gen::inRange(0, 100000) / 7.0);
    }
    const auto n_edges = *rc::gen::inRange<std::size_t>(0, 200);
    for (std::size_t e = 0; e < n_edges; ++e) {
        const auto s = *rc::gen::inRange<std::uint32_t>(0, n_firms);
        const auto c = *rc::gen::inRange<std::uint32_t>(0, n_firms);
        if (s == c) continue;
        t.supplier.push_back(s);
        t.customer.push_back(c);
        t.amount.push_back(*rc::gen::inRange(0, 1000000) / 3.0);
    }
    const auto net = critmin::sim::build_firm_network(t, critmin::sim::ModelParameters{});
    for (std::size_t i = 0; i < net.n_nodes(); ++i) {
        double sold = 0.0;
        for (std::uint32_t k = net.out_begin[i]; k < net.out_begin[i + 1]; ++k)
            sold += net.edge_z0[net.out_edge[k]];
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f) sold += net.fd_y0[f];
        RC_ASSERT(std::fabs(sold - net.x0[i]) <= 1e-12 * std::max(net.x0[i], 1e-300));
    }
    // And what a slot receives at the baseline is what its buyer's output uses (firms that
    // buy but sell nothing have no output; the reader refuses them).
    for (std::size_t k = 0; k < net.n_slots(); ++k) {
        if (net.x0[net.slot_buyer[k]] == 0.0) continue;
        double inflow = 0.0;
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e)
            inflow += net.edge_z0[e];
        const double use = net.x0[net.slot_buyer[k]] * net.slot_tech[k];
        RC_ASSERT(std::fabs(use - inflow) <= 1e-12 * inflow);
    }
}
