#include "stress/distributions.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace critmin::stress {

double normal_quantile(double p) {
    // Wichura, M. J. (1988), Algorithm AS 241, Applied Statistics 37(3), 477-484 (PPND16).
    const double q = p - 0.5;
    if (std::fabs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q *
               (((((((2509.0809287301226727 * r + 33430.575583588128105) * r +
                     67265.770927008700853) *
                        r +
                    45921.953931549871457) *
                       r +
                   13731.693765509461125) *
                      r +
                  1971.5909503065514427) *
                     r +
                 133.14166789178437745) *
                    r +
                3.387132872796366608) /
               (((((((5226.495278852545925 * r + 28729.085735721942674) * r +
                     39307.89580009271061) *
                        r +
                    21213.794301586595867) *
                       r +
                   5394.1960214247511077) *
                      r +
                  687.1870074920579083) *
                     r +
                 42.313330701600911252) *
                    r +
                1.0);
    }
    double r = q < 0 ? p : 1.0 - p;
    r = std::sqrt(-std::log(r));
    double x = 0;
    if (r <= 5.0) {
        r -= 1.6;
        x = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r +
                  0.24178072517745061177) *
                     r +
                 1.27045825245236838258) *
                    r +
                3.64784832476320460504) *
                   r +
               5.7694972214606914055) *
                  r +
              4.6303378461565452959) *
                 r +
             1.42343711074968357734) /
            (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r +
                  0.0151986665636164571966) *
                     r +
                 0.14810397642748007459) *
                    r +
                0.68976733498510000455) *
                   r +
               1.6763848301838038494) *
                  r +
              2.05319162663775882187) *
                 r +
             1.0);
    } else {
        r -= 5.0;
        x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
                  0.0012426609473880784386) *
                     r +
                 0.026532189526576123093) *
                    r +
                0.29656057182850489123) *
                   r +
               1.7848265399172913358) *
                  r +
              5.4637849111641143699) *
                 r +
             6.6579046435011037772) /
            (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r +
                  1.8463183175100546818e-5) *
                     r +
                 7.868691311456132591e-4) *
                    r +
                0.0148753612908506148525) *
                   r +
               0.13692988092273580531) *
                  r +
              0.59983220655588793769) *
                 r +
             1.0);
    }
    x = q < 0 ? -x : x;
    // One Halley step on Phi(x) - p brings the result to full double precision.
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double step = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
    return x - step / (1.0 + 0.5 * x * step);
}

namespace {

// A gamma(shape, 1) variate by Marsaglia and Tsang (2000), using uniforms 2k and 2k+1 for the
// k-th attempt; shape < 1 uses the boost gamma(shape+1) x U^(1/shape).
double gamma_variate(double shape, const std::function<double(unsigned)>& u, unsigned first) {
    double boost = 1.0;
    if (shape < 1.0) {
        boost = std::pow(u(first), 1.0 / shape);
        shape += 1.0;
        ++first;
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (unsigned k = 0; k < 64; ++k) {
        const double z = normal_quantile(u(first + 2 * k));
        const double v = std::pow(1.0 + c * z, 3);
        if (v <= 0) continue;
        const double w = u(first + 2 * k + 1);
        if (std::log(w) < 0.5 * z * z + d - d * v + d * std::log(v)) return d * v * boost;
    }
    return d * boost;  // practically unreachable (acceptance is above 95% per attempt)
}

}  // namespace

double Distribution::sample(const std::function<double(unsigned)>& u) const {
    switch (kind) {
        case Kind::fixed:  // T1
            return a;
        case Kind::uniform:
            return a + (b - a) * u(0);  // T2
        case Kind::triangular: {        // T3: inverse CDF
            const double p = u(0);
            const double f = (c - a) / (b - a);
            return p < f ? a + std::sqrt(p * (b - a) * (c - a))
                         : b - std::sqrt((1 - p) * (b - a) * (b - c));
        }
        case Kind::lognormal:
            return a * std::exp(b * normal_quantile(u(0)));  // T4
        case Kind::beta: {                                   // T5
            const double x = gamma_variate(a, u, 0);
            const double y = gamma_variate(b, u, 200);
            return lo + (hi - lo) * (x / (x + y));
        }
        case Kind::empirical: {  // T6: a listed value, by weight
            const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
            double p = u(0) * total;
            for (std::size_t k = 0; k < values.size(); ++k) {
                p -= weights[k];
                if (p < 0) return values[k];
            }
            return values.back();
        }
    }
    return a;
}

double Distribution::mean() const {
    switch (kind) {
        case Kind::fixed:
            return a;
        case Kind::uniform:
            return 0.5 * (a + b);
        case Kind::triangular:
            return (a + b + c) / 3.0;
        case Kind::lognormal:
            return a * std::exp(0.5 * b * b);
        case Kind::beta:
            return lo + (hi - lo) * a / (a + b);
        case Kind::empirical: {
            const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
            double m = 0;
            for (std::size_t k = 0; k < values.size(); ++k) m += values[k] * weights[k];
            return m / total;
        }
    }
    return a;
}

}  // namespace critmin::stress
