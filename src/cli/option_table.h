// One table per command: each row is a flag or argument with its name, help, bounds and the
// field of the command's options struct it fills. The same rows register the options with CLI11
// (cli/registry.cpp) and write the command's section of docs/cli.md (`options_markdown`), and
// defaults are read from a default-constructed options struct, so each default is written once:
// in the struct. A test fails when docs/cli.md is stale.
#pragma once

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace critmin::cli {

template <class Options>
struct OptionRow {
    std::string names;  // "--samples", "-o,--output", or "SCENARIO" (an argument)
    std::string value;  // what the docs show after the name: "N", "FILE", "" for a flag
    std::string help;
    std::string bounds;  // "1-36500", "producer, country-stage"; "" when any value goes
    bool required = false;
    bool repeatable = false;
    std::function<CLI::Option*(CLI::App&, Options&)> bind;
    std::function<std::string(const Options&)> shown_default;  // "" when there is none

    OptionRow& require() {
        required = true;
        return *this;
    }
};

template <class Options>
using OptionTable = std::vector<OptionRow<Options>>;

namespace option_detail {

template <class T>
std::string show(const T& v) {
    if constexpr (std::is_same_v<T, bool>)
        return v ? "on" : "off";
    else if constexpr (std::is_arithmetic_v<T>)
        return fmt::format("{}", v);
    else if constexpr (std::is_same_v<T, std::string>)
        return v;
    else
        return v.empty() ? "" : fmt::format("{}", fmt::join(v, ", "));
}

template <class T>
constexpr bool kIsList = !std::is_arithmetic_v<T> && !std::is_same_v<T, std::string>;

}  // namespace option_detail

// A value option (or argument) filling `field`; lists are repeatable.
template <class Options, class T>
OptionRow<Options> option(T Options::*field, const std::string& names, const std::string& value,
                          const std::string& help) {
    OptionRow<Options> row;
    row.names = names;
    row.value = value;
    row.help = help;
    row.repeatable = option_detail::kIsList<T>;
    row.bind = [field, n = row.names, h = row.help](CLI::App& app, Options& o) {
        return app.add_option(n, o.*field, h);
    };
    row.shown_default = [field](const Options& o) { return option_detail::show(o.*field); };
    return row;
}

// A number within [lo, hi].
template <class Options, class T>
OptionRow<Options> option_in(T Options::*field, const std::string& names, const std::string& value,
                             const std::string& help, T lo, T hi) {
    OptionRow<Options> row = option(field, names, value, help);
    row.bounds = fmt::format("{}-{}", lo, hi);
    row.bind = [field, n = row.names, h = row.help, lo, hi](CLI::App& app, Options& o) {
        return app.add_option(n, o.*field, h)->check(CLI::Range(lo, hi));
    };
    return row;
}

// Validators with plain messages (CLI11's own print the largest double, 309 digits).
// A number of at least `lo`, or above it when `strictly`.
inline CLI::Validator at_least(double lo, bool strictly) {
    return CLI::Validator(
        [lo, strictly](std::string& text) -> std::string {
            double v = 0;
            if (!CLI::detail::lexical_cast(text, v) || !std::isfinite(v))
                return fmt::format("`{}` is not a number", text);
            if (strictly ? !(v > lo) : !(v >= lo))
                return fmt::format("{} must be {} {}", text, strictly ? "above" : "at least", lo);
            return "";
        },
        strictly ? "POSITIVE" : "NONNEGATIVE");
}

// A whole number 0 .. 2^64-1 written in digits (a seed): -1 and 1e23 are refused instead of
// wrapping to 2^64-1.
inline CLI::Validator whole_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const bool digits = !text.empty() && text.size() <= 20 &&
                                text.find_first_not_of("0123456789") == std::string::npos;
            if (!digits || (text.size() == 20 && text > "18446744073709551615"))
                return fmt::format("`{}` is not a whole number from 0 to 18446744073709551615",
                                   text);
            return "";
        },
        "UINT64");
}

// A number of at least 0 (`positive` false) or above 0 (`positive` true).
template <class Options, class T>
OptionRow<Options> option_min(T Options::*field, const std::string& names, const std::string& value,
                              const std::string& help, bool positive) {
    OptionRow<Options> row = option(field, names, value, help);
    row.bounds = positive ? "above 0" : "0 or more";
    row.bind = [field, n = row.names, h = row.help, positive](CLI::App& app, Options& o) {
        return app.add_option(n, o.*field, h)->check(at_least(0, positive));
    };
    return row;
}

// A seed: a whole number 0 .. 2^64-1.
template <class Options>
OptionRow<Options> option_seed(std::uint64_t Options::*field, const std::string& names,
                               const std::string& help) {
    OptionRow<Options> row = option(field, names, "S", help);
    row.bounds = "0-18446744073709551615";
    row.bind = [field, n = row.names, h = row.help](CLI::App& app, Options& o) {
        return app.add_option(n, o.*field, h)->check(whole_number());
    };
    return row;
}

// One of `choices`.
template <class Options>
OptionRow<Options> option_of(std::string Options::*field, const std::string& names,
                             const std::string& help, std::vector<std::string> choices) {
    OptionRow<Options> row = option(field, names, "", help);
    row.value = fmt::format("{}", fmt::join(choices, "|"));
    row.bounds = fmt::format("{}", fmt::join(choices, ", "));
    row.bind = [field, n = row.names, h = row.help, choices](CLI::App& app, Options& o) {
        return app.add_option(n, o.*field, h)->check(CLI::IsMember(choices));
    };
    return row;
}

// A flag: sets `field` to true, or to false when `names` starts with `!` (--no-progress).
template <class Options>
OptionRow<Options> flag(bool Options::*field, const std::string& names, const std::string& help) {
    OptionRow<Options> row;
    row.names = names;
    row.help = help;
    if (!row.names.empty() && row.names.front() == '!') row.names.erase(0, 1);
    row.bind = [field, names, h = row.help](CLI::App& app, Options& o) {
        return app.add_flag(names, o.*field, h);
    };
    row.shown_default = [](const Options&) { return std::string(); };
    return row;
}

// A markdown table cell: `|` escaped.
inline std::string cell(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

// The command's options as a markdown table: name, value, default, bounds, help.
template <class Options>
std::string options_markdown(const OptionTable<Options>& table) {
    const Options defaults{};
    std::string out = "| option | default | allowed | meaning |\n|---|---|---|---|\n";
    for (const auto& row : table) {
        std::string name = "`" + row.names + (row.value.empty() ? "" : " " + row.value) + "`";
        if (row.repeatable) name += " (repeatable)";
        if (row.required) name += " (required)";
        const std::string shown = row.shown_default ? row.shown_default(defaults) : "";
        out += fmt::format("| {} | {} | {} | {} |\n", cell(name),
                           shown.empty() ? "" : cell("`" + shown + "`"), cell(row.bounds),
                           cell(row.help));
    }
    return out;
}

}  // namespace critmin::cli
