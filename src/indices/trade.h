// An economy's trade exposure for one commodity: import reliance and import sources
// (docs/assess.md, equations A4 and A5).
#pragma once

#include <vector>

#include "core/dataset.h"
#include "indices/economy.h"

namespace critmin::indices {

// A4: (imports - exports) / (production + imports - exports). NaN when the apparent consumption
// (the denominator) is not positive: the ratio means nothing for an economy that uses none.
[[nodiscard]] double import_reliance(double production, double imports, double exports);

struct TradeExposure {
    double production = 0;               // by producers located in the economy
    double imports = 0;                  // flows from outside into the economy
    double exports = 0;                  // flows from the economy to outside
    bool trade_recorded = false;         // the dataset has flows of this commodity in the year
    double import_reliance = kNotGiven;  // A4; NaN when undefined or trade not recorded
    std::vector<Id> source_country;      // largest first
    std::vector<double> source_share;    // A5: imports from each country / imports
};

[[nodiscard]] TradeExposure trade_exposure(const Dataset& ds, const Economy& economy, Id commodity,
                                           int year);

}  // namespace critmin::indices
