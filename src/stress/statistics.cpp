#include "stress/statistics.h"

#include <algorithm>
#include <cmath>

namespace critmin::stress {

double value_at_risk(const std::vector<double>& sorted, double alpha) {
    if (sorted.empty()) return 0.0;
    const auto n = static_cast<double>(sorted.size());
    auto k = static_cast<std::size_t>(std::ceil(alpha * n - 1e-9));
    k = std::clamp<std::size_t>(k, 1, sorted.size());
    return sorted[k - 1];
}

double conditional_value_at_risk(const std::vector<double>& sorted, double alpha) {
    if (sorted.empty()) return 0.0;
    const double var = value_at_risk(sorted, alpha);
    double excess = 0.0;
    for (double l : sorted) excess += std::max(l - var, 0.0);  // ascending order: fixed sum
    return var + excess / (static_cast<double>(sorted.size()) * (1.0 - alpha));
}

double exceedance(const std::vector<double>& sorted, double threshold) {
    if (sorted.empty()) return 0.0;
    const auto above = sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), threshold);
    return static_cast<double>(above) / static_cast<double>(sorted.size());
}

LossStatistics loss_statistics(const std::vector<double>& losses) {
    LossStatistics s;
    const std::size_t n = losses.size();
    if (n == 0) return s;
    // Compensated (Neumaier) sums in sample order: the same result for any split of the work.
    double sum = 0, c = 0;
    for (double l : losses) {
        const double t = sum + l;
        c += std::fabs(sum) >= std::fabs(l) ? (sum - t) + l : (l - t) + sum;
        sum = t;
    }
    s.mean = (sum + c) / static_cast<double>(n);
    double ss = 0;
    for (double l : losses) ss += (l - s.mean) * (l - s.mean);
    s.std_error =
        n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) / std::sqrt(static_cast<double>(n))
              : 0.0;
    std::vector<double> sorted = losses;
    std::sort(sorted.begin(), sorted.end());
    s.var95 = value_at_risk(sorted, 0.95);
    s.cvar95 = conditional_value_at_risk(sorted, 0.95);
    s.var99 = value_at_risk(sorted, 0.99);
    s.cvar99 = conditional_value_at_risk(sorted, 0.99);
    return s;
}

}  // namespace critmin::stress
