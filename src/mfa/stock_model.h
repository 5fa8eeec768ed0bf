// The dynamic stock model of material flow analysis, inflow-driven and stock-driven, with
// ODYM's conventions (docs/mfa.md, equations M6-M10). Stocks are at the end of a year; flows
// happen during it.
#pragma once

#include <span>
#include <vector>

#include "mfa/lifetime.h"

namespace critmin::mfa {

struct StockModelResult {
    std::vector<double> inflow, stock, outflow;
    std::vector<double> balance;  // M9: inflow - outflow - stock change, per year (should be 0)
    [[nodiscard]] double max_imbalance() const;
};

// M6-M8: stock by cohort s[t][c] = inflow[c] S(t - c); outflow by mass balance of each cohort,
// including the share that leaves in its inflow year (1 - S(0)).
[[nodiscard]] StockModelResult inflow_driven(std::span<const double> inflow, const Lifetime& lt);

// M10: the inflow that keeps the given total stock, year by year (no correction of negative
// inflows, as ODYM's default).
[[nodiscard]] StockModelResult stock_driven(std::span<const double> stock, const Lifetime& lt);

// Stock of each cohort at the end of each year: s_c[t * n + c] (for callers that need cohorts).
[[nodiscard]] std::vector<double> stock_by_cohort(std::span<const double> inflow,
                                                  std::span<const double> survival);

}  // namespace critmin::mfa
