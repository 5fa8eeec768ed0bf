#include "stress/statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace critmin::stress {

namespace {

// Cumulative probabilities within this of alpha count as reaching it (rounding of the weights).
constexpr double kAlphaTolerance = 1e-9;

// The losses' positions in ascending order (stable: ties keep sample order); none needed when
// they already are.
std::vector<std::size_t> ascending(const std::vector<double>& loss) {
    std::vector<std::size_t> order(loss.size());
    std::iota(order.begin(), order.end(), 0);
    if (!std::is_sorted(loss.begin(), loss.end()))
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return loss[a] < loss[b]; });
    return order;
}

}  // namespace

double value_at_risk(const std::vector<double>& loss, const std::vector<double>& probability,
                     double alpha) {
    if (loss.empty()) return 0.0;
    const std::vector<std::size_t> order = ascending(loss);
    if (probability.empty()) {
        // Equal weights: the k-th smallest loss has cumulative probability k / N exactly.
        const auto n = static_cast<double>(loss.size());
        auto k = static_cast<std::size_t>(std::ceil((alpha - kAlphaTolerance) * n));
        k = std::clamp<std::size_t>(k, 1, loss.size());
        return loss[order[k - 1]];
    }
    double cumulative = 0;
    for (const std::size_t i : order) {
        cumulative += probability[i];
        if (cumulative >= alpha - kAlphaTolerance) return loss[i];
    }
    return loss[order.back()];
}

double conditional_value_at_risk(const std::vector<double>& loss,
                                 const std::vector<double>& probability, double alpha) {
    if (loss.empty()) return 0.0;
    const double var = value_at_risk(loss, probability, alpha);
    double excess = 0.0;
    if (probability.empty()) {
        for (double l : loss) excess += std::max(l - var, 0.0);  // sample order: a fixed sum
        return var + excess / (static_cast<double>(loss.size()) * (1.0 - alpha));
    }
    for (std::size_t w = 0; w < loss.size(); ++w)
        excess += probability[w] * std::max(loss[w] - var, 0.0);
    return var + excess / (1.0 - alpha);
}

double value_at_risk(const std::vector<double>& loss, double alpha) {
    return value_at_risk(loss, {}, alpha);
}

double conditional_value_at_risk(const std::vector<double>& loss, double alpha) {
    return conditional_value_at_risk(loss, {}, alpha);
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
