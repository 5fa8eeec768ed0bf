#include "mfa/stock_model.h"

#include <algorithm>
#include <cmath>

namespace critmin::mfa {

double StockModelResult::max_imbalance() const {
    double worst = 0;
    for (double b : balance) worst = std::max(worst, std::abs(b));
    return worst;
}

namespace {

// Outflow of year t: what the older cohorts lost since last year plus what the new cohort lost
// in its first year (M7, M8).
void fill_outflow_and_balance(StockModelResult& r, std::span<const double> sf) {
    const std::size_t n = r.inflow.size();
    r.outflow.assign(n, 0.0);
    for (std::size_t t = 0; t < n; ++t) {
        double out = r.inflow[t] * (1.0 - sf[0]);
        for (std::size_t c = 0; c < t; ++c) out += r.inflow[c] * (sf[t - 1 - c] - sf[t - c]);
        r.outflow[t] = out;
    }
    r.balance.assign(n, 0.0);
    for (std::size_t t = 0; t < n; ++t) {
        const double change = t == 0 ? r.stock[0] : r.stock[t] - r.stock[t - 1];
        r.balance[t] = r.inflow[t] - r.outflow[t] - change;  // M9
    }
}

}  // namespace

std::vector<double> stock_by_cohort(std::span<const double> inflow,
                                    std::span<const double> survival) {
    const std::size_t n = inflow.size();
    std::vector<double> s(n * n, 0.0);
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t c = 0; c <= t; ++c) s[t * n + c] = inflow[c] * survival[t - c];  // M6
    return s;
}

StockModelResult inflow_driven(std::span<const double> inflow, const Lifetime& lt) {
    const std::size_t n = inflow.size();
    const std::vector<double> sf = lt.survival_table(n);
    StockModelResult r;
    r.inflow.assign(inflow.begin(), inflow.end());
    r.stock.assign(n, 0.0);
    for (std::size_t t = 0; t < n; ++t) {
        double s = 0;
        for (std::size_t c = 0; c <= t; ++c) s += inflow[c] * sf[t - c];  // M6 summed over cohorts
        r.stock[t] = s;
    }
    fill_outflow_and_balance(r, sf);
    return r;
}

StockModelResult stock_driven(std::span<const double> stock, const Lifetime& lt) {
    const std::size_t n = stock.size();
    const std::vector<double> sf = lt.survival_table(n);
    StockModelResult r;
    r.stock.assign(stock.begin(), stock.end());
    r.inflow.assign(n, 0.0);
    for (std::size_t t = 0; t < n; ++t) {
        double remaining = 0;  // older cohorts still in use at the end of year t
        for (std::size_t c = 0; c < t; ++c) remaining += r.inflow[c] * sf[t - c];
        // M10: the new cohort fills the gap, scaled up for its own first-year losses.
        r.inflow[t] = sf[0] != 0 ? (stock[t] - remaining) / sf[0] : 0.0;
    }
    // With S(0) = 0 (a lifetime of zero) no stock can be built: the inflow stays 0, as in ODYM,
    // and the balance (M9) shows the stock that cannot be held.
    fill_outflow_and_balance(r, sf);
    return r;
}

}  // namespace critmin::mfa
