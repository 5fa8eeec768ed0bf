// `critmin mfa stock`: the dynamic stock model on a yearly series (docs/mfa.md).
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/in_memory.h"
#include "cli/selection.h"
#include "core/error.h"
#include "io/csv.h"
#include "io/table.h"
#include "mfa/stock_model.h"

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;

// Reads `year,<column>`: consecutive years, each once, values finite and not negative. A "year"
// is any period of the model's time axis: calendar years, or model time 0..N as ODYM's tests use
// (issue 17), over horizons of any length up to a million periods.
constexpr int kPeriodLimit = 1000000;
void read_series(const std::string& path, const char* column, std::vector<int>& years,
                 std::vector<double>& values) {
    Diagnostics d;
    const io::CsvFile file = io::read_csv(path, d);
    const io::ColumnSpec columns[] = {{"year", true}, {column, true}};
    io::TableReader t(file, columns, d);
    if (t.usable()) {
        for (std::size_t r : t.rows()) {
            auto year = t.whole_number(r, "year", -kPeriodLimit, kPeriodLimit);
            auto value = t.quantity(r, column, true);
            if (!year || !value) continue;
            if (!years.empty() && *year != years.back() + 1) {
                t.error(r, "year",
                        *year <= years.back()
                            ? fmt::format("year {} comes after {}; years must increase by one",
                                          *year, years.back())
                            : fmt::format("years {} to {} are missing; give every year",
                                          years.back() + 1, *year - 1));
                continue;
            }
            years.push_back(*year);
            values.push_back(*value);
        }
        if (years.empty() && d.empty()) d.add({path, 0, 0, ""}, "the series has no rows");
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
}

// The lifetime as --lifetime gives it; a bad one is reported as the flag's problem.
mfa::Lifetime check_lifetime(const std::string& text) {
    std::string error;
    auto lifetime = mfa::parse_lifetime(text, error);
    if (!lifetime) {
        Diagnostics d;
        d.add({"--lifetime", 0, 0, ""}, error);
        throw InvalidInput(std::move(d));
    }
    return *lifetime;
}

}  // namespace

Report run_mfa_stock(const MfaStockOptions& options) {
    if (options.inflow.empty() == options.stock.empty())
        throw Error(ErrorKind::usage, "give exactly one of --inflow FILE.csv and --stock FILE.csv");
    check_lifetime(options.lifetime);
    std::vector<int> years;
    std::vector<double> series;
    const bool inflow_driven = !options.inflow.empty();
    read_series(inflow_driven ? options.inflow : options.stock, inflow_driven ? "inflow" : "stock",
                years, series);
    return mfa_stock_report(years, series, inflow_driven, options.lifetime);
}

Report mfa_stock_report(const std::vector<int>& years, const std::vector<double>& series,
                        bool inflow_driven, const std::string& lifetime_text) {
    const mfa::Lifetime lifetime = check_lifetime(lifetime_text);
    if (years.empty() || years.size() != series.size())
        throw Error(ErrorKind::usage, "the series needs one value per year, and at least one");
    const auto r =
        inflow_driven ? mfa::inflow_driven(series, lifetime) : mfa::stock_driven(series, lifetime);
    Report report;
    report.command = "mfa stock";
    report.title = fmt::format("critmin mfa stock: {}-driven, lifetime {}, {}-{}",
                               inflow_driven ? "inflow" : "stock", lifetime.to_string(),
                               years.front(), years.back());
    for (std::size_t t = 0; t < years.size(); ++t) {
        report.rows.push_back(Json{{"year", years[t]},
                                   {"inflow", r.inflow[t]},
                                   {"stock", r.stock[t]},
                                   {"outflow", r.outflow[t]},
                                   {"balance", r.balance[t]}});
    }
    report.extra["model"] = inflow_driven ? "inflow-driven" : "stock-driven";
    report.extra["lifetime"] = lifetime.to_string();
    report.extra["max_imbalance"] = r.max_imbalance();
    report.notes =
        fmt::format("Mass balance (M9): largest |inflow - outflow - stock change| = {:.3g}\n",
                    r.max_imbalance());
    bool negative = false;
    for (double i : r.inflow) negative = negative || i < 0;
    if (negative)
        report.notes +=
            "Warning: the stock falls faster than the lifetime allows; some inflows are "
            "negative (no correction is applied, as in ODYM's default).\n";
    return report;
}

}  // namespace critmin::cli
