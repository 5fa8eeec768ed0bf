// The one builder of a Network's input slots and supply edges (docs/model.md, section 1), for
// the dataset, MRIO and firm networks. Edges come in (buyer, product, supplier) order; a new slot
// starts where (buyer, product) changes and repeated suppliers of a slot are added up. Amounts
// are kept in the caller's units (yearly flows): each builder converts edge_z0 to flows per step
// and sets slot_tech from them its own way.
#pragma once

#include <cstdint>

#include "sim/network.h"

namespace critmin::sim {

class SlotLayout {
  public:
    // Clears the slot and edge arrays of `net`, for `n_nodes` buyers.
    SlotLayout(Network& net, std::size_t n_nodes);
    // One edge; buyers must not decrease, and within a buyer (product, supplier) must not
    // decrease. A zero amount still makes an edge (candidate suppliers, dense MRIOs).
    void add(std::uint32_t buyer, std::uint32_t product, std::uint32_t supplier, double amount);
    // Closes the last slot and fills slot_begin for every buyer (the caller then sets x0 and
    // calls index_suppliers()).
    void finish();

  private:
    void close_slot();
    Network& net_;
    std::size_t n_nodes_;
    bool open_ = false;
    std::uint32_t buyer_ = 0, product_ = 0, supplier_ = 0;
    bool has_edge_ = false;
};

}  // namespace critmin::sim
