#include "core/csr.h"

namespace critmin {

Csr Csr::build(std::size_t n_rows,
               const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs) {
    Csr csr;
    csr.offsets.assign(n_rows + 1, 0);
    for (const auto& [r, item] : pairs) ++csr.offsets[r + 1];
    for (std::size_t r = 0; r < n_rows; ++r) csr.offsets[r + 1] += csr.offsets[r];
    csr.items.resize(pairs.size());
    std::vector<std::uint32_t> cursor(csr.offsets.begin(), csr.offsets.end() - 1);
    for (const auto& [r, item] : pairs) csr.items[cursor[r]++] = item;
    return csr;
}

}  // namespace critmin
