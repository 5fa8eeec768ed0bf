#include "core/raw_tables.h"

#include <cmath>

namespace critmin {

double RawGovernance::get(Id country, int year, std::size_t dimension) const {
    auto it = estimate.find(make_key(country, year));
    return it == estimate.end() ? std::nan("") : it->second[dimension];
}

double RawGovernance::latest(Id country, int year, std::size_t dimension) const {
    for (int y = year; y >= 1900; --y) {
        const double v = get(country, y, dimension);
        if (!std::isnan(v)) return v;
    }
    return std::nan("");
}

Id RawTables::find_commodity(std::string_view name) const {
    for (std::size_t i = 0; i < commodities.size(); ++i)
        if (commodities[i] == name) return static_cast<Id>(i);
    return kNoId;
}

}  // namespace critmin
