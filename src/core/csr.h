// Compressed sparse rows: the adjacency structure of every network in critmin.
//
// Row r owns items[offsets[r] .. offsets[r+1]). Built once from (row, item) pairs; read in hot
// loops as two flat arrays.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace critmin {

struct Csr {
    std::vector<std::uint32_t> offsets{0};  // size n_rows + 1
    std::vector<std::uint32_t> items;

    [[nodiscard]] std::size_t n_rows() const { return offsets.size() - 1; }
    [[nodiscard]] std::span<const std::uint32_t> row(std::size_t r) const {
        return {items.data() + offsets[r], items.data() + offsets[r + 1]};
    }

    // Items keep the order in which their pairs were given within each row (a stable
    // counting sort), so results that sum over a row do not depend on hashing or sorting.
    static Csr build(std::size_t n_rows,
                     const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs);
};

}  // namespace critmin
