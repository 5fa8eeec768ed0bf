#include "indices/eu_parameters.h"

#include <algorithm>
#include <cmath>

namespace critmin::indices {

double EuParameters::largest_manufacturing_value_added() const {
    double best = std::nan("");
    for (const auto& v : value_added) {
        if (v.nace2.empty() || v.nace2[0] != 'C') continue;
        if (std::isnan(best) || v.value_added > best) best = v.value_added;
    }
    return best;
}

double EuParameters::value_added_of(const std::string& nace2) const {
    for (const auto& v : value_added)
        if (v.nace2 == nace2) return v.value_added;
    return std::nan("");
}

double EuParameters::t_of(const std::string& country, const std::string& material) const {
    for (const auto& r : restrictions)
        if (r.country == country && r.material == material) return r.t;
    return 1.0;
}

}  // namespace critmin::indices
