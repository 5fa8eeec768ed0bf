// An economy's trade exposure for one commodity: import reliance and import sources
// (docs/assess.md, equations A4, A4a and A5).
#pragma once

#include <vector>

#include "core/dataset.h"
#include "indices/economy.h"

namespace critmin::indices {

// A4: (imports - exports) / (production + imports - exports), negative for a net exporter. NaN
// when the apparent consumption (the denominator) is not positive: the ratio means nothing for an
// economy that uses none.
[[nodiscard]] double signed_import_reliance(double production, double imports, double exports);

// A4a: A4 floored at 0. A net exporter relies on no imports; a negative share of its own use
// (-467% for the G7's tungsten) reads as nonsense, so the sign goes to `net_exporter` instead.
// NaN stays NaN.
[[nodiscard]] double import_reliance(double production, double imports, double exports);

// A4a: the economy exports more than it imports (net imports below zero).
[[nodiscard]] bool is_net_exporter(double imports, double exports);

struct TradeExposure {
    double production = 0;               // by producers located in the economy
    double imports = 0;                  // flows from outside into the economy
    double exports = 0;                  // flows from the economy to outside
    bool trade_recorded = false;         // the dataset has flows of this commodity in the year
    double import_reliance = kNotGiven;  // A4a, >= 0; NaN when undefined or trade not recorded
    double signed_import_reliance = kNotGiven;  // A4, negative for a net exporter
    double net_imports = kNotGiven;             // imports - exports; NaN when trade not recorded
    bool net_exporter = false;                  // A4a: trade recorded and exports > imports
    std::vector<Id> source_country;             // largest first
    std::vector<double> source_share;           // A5: imports from each country / imports
};

[[nodiscard]] TradeExposure trade_exposure(const Dataset& ds, const Economy& economy, Id commodity,
                                           int year);

}  // namespace critmin::indices
