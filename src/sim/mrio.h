// A multi-regional input-output table (MRIO): industries are (region, sector) pairs, final
// demand columns are (region, category) pairs. Flows are money per year.
//
// Industries and final-demand columns are kept in lexicographic order of their labels (region
// first), the order BoARIO and pymrio's aggregation tools use, so results line up with theirs.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace critmin::sim {

struct MrioTable {
    std::vector<std::string> regions;     // sorted
    std::vector<std::string> sectors;     // sorted
    std::vector<std::string> categories;  // final-demand categories, sorted
    // Industry i = region r, sector s with i = r * n_sectors + s; column c = r * n_categories + k.
    std::vector<double> z;  // n_industries x n_industries, row-major (supplier row, buyer column)
    std::vector<double> y;  // n_industries x n_final_columns, row-major
    std::vector<double> x;  // gross output, n_industries

    [[nodiscard]] std::size_t n_industries() const { return regions.size() * sectors.size(); }
    [[nodiscard]] std::size_t n_final_columns() const { return regions.size() * categories.size(); }
    [[nodiscard]] std::string industry_label(std::size_t i) const {
        return regions[i / sectors.size()] + "|" + sectors[i % sectors.size()];
    }
    [[nodiscard]] std::string final_column_label(std::size_t c) const {
        return regions[c / categories.size()] + "|" + categories[c % categories.size()];
    }
};

}  // namespace critmin::sim
