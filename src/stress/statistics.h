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

// The one VaR and CVaR of critmin: stress tests (equal weights, T11-T12) and plans (scenario
// probabilities, P17) both use these.
//
// T11, P17: the alpha-quantile of the losses, the smallest loss l with P(L <= l) >= alpha
// (cumulative probability compared with a tolerance of 1e-9). `probability` empty: every loss
// has weight 1/N; losses already in ascending order are not sorted again.
[[nodiscard]] double value_at_risk(const std::vector<double>& loss,
                                   const std::vector<double>& probability, double alpha);
// T12, P17: Rockafellar-Uryasev CVaR = VaR + E[(L - VaR)+] / (1 - alpha), the mean of the worst
// (1 - alpha) share of outcomes (fractional at the boundary); eta = VaR minimises the
// Rockafellar-Uryasev function (their theorem 1).
[[nodiscard]] double conditional_value_at_risk(const std::vector<double>& loss,
                                               const std::vector<double>& probability,
                                               double alpha);
// Equal weights: value_at_risk(losses, {}, alpha).
[[nodiscard]] double value_at_risk(const std::vector<double>& loss, double alpha);
[[nodiscard]] double conditional_value_at_risk(const std::vector<double>& loss, double alpha);
// T13: the share of samples whose loss exceeds `threshold`.
[[nodiscard]] double exceedance(const std::vector<double>& sorted, double threshold);

[[nodiscard]] LossStatistics loss_statistics(const std::vector<double>& losses_in_sample_order);

}  // namespace critmin::stress
