#include "sim/slot_layout.h"

#include "core/error.h"

namespace critmin::sim {

SlotLayout::SlotLayout(Network& net, std::size_t n_nodes) : net_(net), n_nodes_(n_nodes) {
    net_.slot_begin.assign(n_nodes + 1, 0);
    net_.slot_product.clear();
    net_.slot_buyer.clear();
    net_.edge_begin.assign(1, 0);
    net_.edge_supplier.clear();
    net_.edge_z0.clear();
}

void SlotLayout::close_slot() {
    if (!open_) return;
    net_.slot_product.push_back(product_);
    net_.slot_buyer.push_back(buyer_);
    net_.edge_begin.push_back(static_cast<std::uint32_t>(net_.edge_supplier.size()));
    ++net_.slot_begin[buyer_ + 1];
    open_ = false;
    has_edge_ = false;
}

void SlotLayout::add(std::uint32_t buyer, std::uint32_t product, std::uint32_t supplier,
                     double amount) {
    if (buyer >= n_nodes_) throw Error(ErrorKind::runtime, "slot layout: buyer out of range");
    if (open_ && (buyer < buyer_ || (buyer == buyer_ && product < product_) ||
                  (buyer == buyer_ && product == product_ && supplier < supplier_)))
        throw Error(ErrorKind::runtime, "slot layout: edges out of order");
    if (!open_ || buyer != buyer_ || product != product_) {
        close_slot();
        open_ = true;
        buyer_ = buyer;
        product_ = product;
    }
    if (has_edge_ && supplier == supplier_) {
        net_.edge_z0.back() += amount;  // a repeated supplier of the slot
        return;
    }
    net_.edge_supplier.push_back(supplier);
    net_.edge_z0.push_back(amount);
    supplier_ = supplier;
    has_edge_ = true;
}

void SlotLayout::finish() {
    close_slot();
    // Counts per buyer into offsets.
    for (std::size_t j = 0; j < n_nodes_; ++j) net_.slot_begin[j + 1] += net_.slot_begin[j];
}

}  // namespace critmin::sim
