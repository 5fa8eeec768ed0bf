// Product lifetime distributions for dynamic stock models, with ODYM's conventions
// (docs/mfa.md, equations M1-M5): the survival function is evaluated at whole ages 0, 1, 2, ...
// counted from the inflow year.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace critmin::mfa {

enum class LifetimeKind : std::uint8_t { fixed, normal, lognormal, weibull, foldednormal };

struct Lifetime {
    LifetimeKind kind = LifetimeKind::fixed;
    double a = 0;  // fixed: L; normal, lognormal, foldednormal: mean; weibull: shape
    double b = 0;  // normal, lognormal, foldednormal: standard deviation; weibull: scale

    // The share of a cohort still in use `age` whole years after its inflow year.
    [[nodiscard]] double survival(double age) const;
    // survival(0), survival(1), ..., survival(n - 1).
    [[nodiscard]] std::vector<double> survival_table(std::size_t n) const;
    [[nodiscard]] std::string to_string() const;
};

// Parses `fixed:L`, `normal:MEAN:SD`, `lognormal:MEAN:SD`, `weibull:SHAPE:SCALE` or
// `foldednormal:MEAN:SD`. On failure returns nullopt and sets `error` to a sentence.
[[nodiscard]] std::optional<Lifetime> parse_lifetime(std::string_view spec, std::string& error);

}  // namespace critmin::mfa
