// Calendar dates as plain integers: days since 1970-01-01 (proleptic Gregorian).
//
// Shared by the dataset loader (the dates of controls.csv, docs/data-format.md) and the scenario
// reader (`start:` and dated shocks, docs/scenarios.md), so that a date in a table and a date in a
// scenario count from the same day 0 and can be subtracted.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace critmin {

// Days since 1970-01-01 of a valid calendar date YYYY-MM-DD with the year in 1900-2200 (the range
// of years the tables accept); nullopt for anything else, including 2025-02-29.
[[nodiscard]] inline std::optional<int> iso_date_days(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int y = 0, m = 0, d = 0;
    auto num = [&](std::size_t at, std::size_t len, int& out) {
        const auto r = std::from_chars(s.data() + at, s.data() + at + len, out);
        return r.ec == std::errc{} && r.ptr == s.data() + at + len;
    };
    if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 ||
        d > kDays[m - 1] + (m == 2 && leap ? 1 : 0))
        return std::nullopt;
    // Days from civil (proleptic Gregorian), as in H. Hinnant's date algorithms.
    y -= m <= 2 ? 1 : 0;
    const int era = y / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

}  // namespace critmin
