// Named distributions of the event catalogue (docs/stress.md, eqs. T1-T6), sampled by inverse
// transform from uniforms so that a sample is a pure function of its random numbers.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace critmin::stress {

struct Distribution {
    enum class Kind { fixed, uniform, triangular, lognormal, beta, empirical } kind = Kind::fixed;
    double a = 0, b = 0, c = 0;  // fixed: a; uniform: [a, b]; triangular: min a, mode c, max b;
                                 // lognormal: median a, sigma b; beta: alpha a, beta b on [lo, hi]
    double lo = 0, hi = 1;
    std::vector<double> values, weights;  // empirical
    // Draws one value; `uniform(k)` returns the k-th uniform of this draw (beta uses several).
    [[nodiscard]] double sample(const std::function<double(unsigned)>& uniform) const;
    [[nodiscard]] double mean() const;
};

// The standard normal quantile (Wichura's AS241, relative error about 1e-16).
[[nodiscard]] double normal_quantile(double p);

}  // namespace critmin::stress
