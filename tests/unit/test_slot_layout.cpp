// sim::SlotLayout, the one builder of input slots and supply edges (docs/model.md, section 1).
#include <gtest/gtest.h>

#include "core/error.h"
#include "sim/slot_layout.h"

using namespace critmin;

TEST(SlotLayout, SlotsPerBuyerProductAndRepeatedSuppliersAddUp) {
    // Buyer 0 buys product 5 from suppliers 2 (twice: 1 + 3) and 3; buyer 2 buys product 1 from
    // 0 and product 4 from 1 (a zero flow still makes an edge); buyer 1 buys nothing.
    sim::Network net;
    sim::SlotLayout layout(net, 3);
    layout.add(0, 5, 2, 1.0);
    layout.add(0, 5, 2, 3.0);
    layout.add(0, 5, 3, 2.0);
    layout.add(2, 1, 0, 7.0);
    layout.add(2, 4, 1, 0.0);
    layout.finish();
    EXPECT_EQ(net.slot_begin, (std::vector<std::uint32_t>{0, 1, 1, 3}));
    EXPECT_EQ(net.slot_product, (std::vector<std::uint32_t>{5, 1, 4}));
    EXPECT_EQ(net.slot_buyer, (std::vector<std::uint32_t>{0, 2, 2}));
    EXPECT_EQ(net.edge_begin, (std::vector<std::uint32_t>{0, 2, 3, 4}));
    EXPECT_EQ(net.edge_supplier, (std::vector<std::uint32_t>{2, 3, 0, 1}));
    EXPECT_EQ(net.edge_z0, (std::vector<double>{4.0, 2.0, 7.0, 0.0}));
}

TEST(SlotLayout, EdgesOutOfOrderAreABug) {
    sim::Network net;
    sim::SlotLayout layout(net, 3);
    layout.add(1, 2, 0, 1.0);
    EXPECT_THROW(layout.add(0, 2, 0, 1.0), Error);  // buyer goes back
    EXPECT_THROW(layout.add(1, 1, 0, 1.0), Error);  // product goes back
    EXPECT_THROW(layout.add(3, 0, 0, 1.0), Error);  // no such buyer
}
