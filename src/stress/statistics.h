// Distribution statistics of per-sample losses (docs/stress.md, eqs. T10-T13). Every function
// reads the losses in sample order (or sorted), so results do not depend on who computed them.
#pragma once

#include <vector>

namespace critmin::stress {

struct LossStatistics {
    double mean = 0;       // T10
    double std_error = 0;  // T10: sample standard deviation / sqrt(N)
    double var95 = 0, cvar95 = 0, var99 = 0, cvar99 = 0;  // T11, T12
};

// T11: the alpha-quantile of the losses, the smallest loss l with P(L <= l) >= alpha.
[[nodiscard]] double value_at_risk(const std::vector<double>& sorted, double alpha);
// T12: Rockafellar-Uryasev CVaR = VaR + E[(L - VaR)+] / (1 - alpha), the mean of the worst
// (1 - alpha) share of outcomes (fractional at the boundary).
[[nodiscard]] double conditional_value_at_risk(const std::vector<double>& sorted, double alpha);
// T13: the share of samples whose loss exceeds `threshold`.
[[nodiscard]] double exceedance(const std::vector<double>& sorted, double threshold);

[[nodiscard]] LossStatistics loss_statistics(const std::vector<double>& losses_in_sample_order);

}  // namespace critmin::stress
