#include "mfa/lifetime.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace critmin::mfa {

namespace {

// Upper tail of the standard normal distribution.
double normal_sf(double z) {
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

}  // namespace

double Lifetime::survival(double age) const {
    switch (kind) {
        case LifetimeKind::fixed:  // M1: in use while younger than L
            return age < a ? 1.0 : 0.0;
        case LifetimeKind::normal:   // M2: not truncated, so some outflow happens at age 0
            if (a == 0) return 0.0;  // a lifetime of 0 leaves in its inflow year
            return normal_sf((age - a) / b);
        case LifetimeKind::lognormal: {  // M3
            if (a == 0) return 0.0;
            // ODYM converts the lifetime's mean and standard deviation into the parameters of
            // the underlying normal with the ratio mean^2 / sd^2 (kept here for agreement).
            const double ratio = 1.0 + a * a / (b * b);
            const double mu = std::log(a / std::sqrt(ratio));
            const double sigma = std::sqrt(std::log(ratio));
            if (age <= 0) return 1.0;
            return normal_sf((std::log(age) - mu) / sigma);
        }
        case LifetimeKind::weibull:  // M4: shape a, scale b
            if (a == 0) return 0.0;
            if (age <= 0) return 1.0;
            return std::exp(-std::pow(age / b, a));
        case LifetimeKind::foldednormal: {  // M5: mean and sd of the normal before folding
            if (a == 0) return 0.0;
            const double c = a / b, y = age / b;
            return normal_sf(y - c) + normal_sf(y + c);
        }
    }
    return 0.0;
}

std::vector<double> Lifetime::survival_table(std::size_t n) const {
    std::vector<double> out(n);
    for (std::size_t age = 0; age < n; ++age) out[age] = survival(static_cast<double>(age));
    return out;
}

std::string Lifetime::to_string() const {
    switch (kind) {
        case LifetimeKind::fixed:
            return fmt::format("fixed:{}", a);
        case LifetimeKind::normal:
            return fmt::format("normal:{}:{}", a, b);
        case LifetimeKind::lognormal:
            return fmt::format("lognormal:{}:{}", a, b);
        case LifetimeKind::weibull:
            return fmt::format("weibull:{}:{}", a, b);
        case LifetimeKind::foldednormal:
            return fmt::format("foldednormal:{}:{}", a, b);
    }
    return {};
}

std::optional<Lifetime> parse_lifetime(std::string_view spec, std::string& error) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t colon = spec.find(':', start);
        parts.push_back(
            spec.substr(start, colon == std::string_view::npos ? spec.npos : colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    const std::string_view kind = parts[0];
    Lifetime lt;
    std::size_t expected = 3;
    if (kind == "fixed") {
        lt.kind = LifetimeKind::fixed;
        expected = 2;
    } else if (kind == "normal") {
        lt.kind = LifetimeKind::normal;
    } else if (kind == "lognormal") {
        lt.kind = LifetimeKind::lognormal;
    } else if (kind == "weibull") {
        lt.kind = LifetimeKind::weibull;
    } else if (kind == "foldednormal") {
        lt.kind = LifetimeKind::foldednormal;
    } else {
        error = fmt::format(
            "unknown lifetime kind '{}'; use fixed:L, normal:MEAN:SD, "
            "lognormal:MEAN:SD, weibull:SHAPE:SCALE or foldednormal:MEAN:SD",
            kind.substr(0, 40));
        return std::nullopt;
    }
    if (parts.size() != expected) {
        error = fmt::format("lifetime '{}' needs {} number{} after '{}:'", spec.substr(0, 60),
                            expected - 1, expected == 2 ? "" : "s", kind);
        return std::nullopt;
    }
    double values[2] = {0, 0};
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const auto [end, ec] =
            std::from_chars(parts[i].data(), parts[i].data() + parts[i].size(), values[i - 1]);
        if (parts[i].empty() || ec != std::errc() || end != parts[i].data() + parts[i].size() ||
            !std::isfinite(values[i - 1]) || values[i - 1] < 0) {
            error = fmt::format("'{}' in lifetime '{}' is not a number of zero or more",
                                parts[i].substr(0, 40), spec.substr(0, 60));
            return std::nullopt;
        }
    }
    lt.a = values[0];
    lt.b = values[1];
    if (lt.kind != LifetimeKind::fixed && lt.a > 0 && lt.b <= 0) {
        error = fmt::format("lifetime '{}': the {} must be more than zero", spec.substr(0, 60),
                            lt.kind == LifetimeKind::weibull ? "scale" : "standard deviation");
        return std::nullopt;
    }
    return lt;
}

}  // namespace critmin::mfa
