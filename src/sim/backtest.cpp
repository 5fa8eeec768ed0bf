#include "sim/backtest.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.h"
#include "io/csv.h"
#include "io/table.h"
#include "sim/scenario_reader.h"

namespace critmin::sim {

std::vector<ObservedMonth> read_observed(const std::string& path) {
    Diagnostics d;
    const io::CsvFile file = io::read_csv(path, d);
    std::vector<ObservedMonth> out;
    if (d.empty()) {
        const io::ColumnSpec columns[] = {
            {"month", true},   {"exports_t", true},   {"change_pct", true}, {"change_basis", true},
            {"source", false}, {"confidence", false}, {"note", false}};
        io::TableReader t(file, columns, d);
        if (t.usable()) {
            for (std::size_t r : t.rows()) {
                ObservedMonth m;
                m.month = std::string(t.text(r, "month"));
                if (!parse_iso_date(m.month + "-01")) {
                    t.error(r, "month", fmt::format("`{}` is not a month YYYY-MM", m.month));
                    continue;
                }
                auto v = t.quantity(r, "exports_t", true);
                auto c = t.number(r, "change_pct");
                m.basis = std::string(t.text(r, "change_basis"));
                if (m.basis != "year_on_year" && m.basis != "month_on_month")
                    t.error(r, "change_basis", "must be year_on_year or month_on_month");
                if (!v || !c) continue;
                m.value = *v;
                m.change_pct = *c;
                out.push_back(m);
            }
        }
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
    return out;
}

Backtest compare(const Scenario& sc, const ScenarioRun& run,
                 const std::vector<ObservedMonth>& observed) {
    Backtest b;
    const int start = parse_iso_date(sc.start_date).value_or(0);
    double sq = 0;
    for (const ObservedMonth& o : observed) {
        BacktestMonth m;
        m.month = o.month;
        m.observed = o.value;
        m.observed_change = o.change_pct;
        m.basis = o.basis;
        const int first = *parse_iso_date(o.month + "-01") - start;
        for (int day = std::max(first, 0); day < first + 31 && day < run.steps_done; ++day) {
            if (format_iso_date(start + day).substr(0, 7) != o.month) break;
            m.simulated += run.exports[static_cast<std::size_t>(day)];
            m.baseline += run.baseline_exports;
            ++m.days;
        }
        if (m.days == 0) continue;  // the month is outside the run
        // V1: the simulated change against the dataset's (2024) rate, the model's stand-in for
        // both the year-earlier month and the previous month.
        m.simulated_change = m.baseline > 0 ? 100.0 * (m.simulated / m.baseline - 1.0) : 0.0;
        m.error = m.simulated_change - m.observed_change;  // V2
        sq += m.error * m.error;
        b.months.push_back(m);
    }
    b.rmse = b.months.empty() ? 0.0 : std::sqrt(sq / static_cast<double>(b.months.size()));
    return b;
}

std::vector<ObservedLoss> read_observed_losses(const std::string& path) {
    Diagnostics d;
    const io::CsvFile file = io::read_csv(path, d);
    std::vector<ObservedLoss> out;
    if (d.empty()) {
        const io::ColumnSpec columns[] = {
            {"country", true}, {"end_uses", true},         {"start", true},
            {"end", true},     {"observed_low_pct", true}, {"observed_high_pct", true},
            {"events", false}, {"confidence", false},      {"derivation", false}};
        io::TableReader t(file, columns, d);
        if (t.usable()) {
            for (std::size_t r : t.rows()) {
                ObservedLoss o;
                o.line = t.line(r);
                o.country = std::string(t.text(r, "country"));
                const std::string uses(t.text(r, "end_uses"));
                for (std::size_t a = 0; a <= uses.size();) {
                    const std::size_t b = std::min(uses.find(';', a), uses.size());
                    if (b > a) o.end_uses.push_back(uses.substr(a, b - a));
                    a = b + 1;
                }
                if (o.end_uses.empty()) t.error(r, "end_uses", "names no end use");
                for (const auto& u : o.end_uses)
                    if (!parse_enum<EndUse>(u))
                        t.error(r, "end_uses", fmt::format("`{}` is not an end use", u));
                o.start = std::string(t.text(r, "start"));
                o.end = std::string(t.text(r, "end"));
                const auto first = parse_iso_date(o.start);
                const auto last = parse_iso_date(o.end);
                if (!first) t.error(r, "start", fmt::format("`{}` is not a date", o.start));
                if (!last) t.error(r, "end", fmt::format("`{}` is not a date", o.end));
                if (first && last && *last < *first) t.error(r, "end", "comes before start");
                const auto lo = t.quantity(r, "observed_low_pct", true);
                const auto hi = t.quantity(r, "observed_high_pct", true);
                if (!lo || !hi) continue;
                // The band's middle and the order-of-magnitude test need a positive band.
                if (*lo <= 0 || *hi > 100 || *hi < *lo) {
                    t.error(
                        r, "observed_high_pct",
                        "the band must satisfy 0 < observed_low_pct <= observed_high_pct <= 100");
                    continue;
                }
                o.low_pct = *lo;
                o.high_pct = *hi;
                o.events = std::string(t.text(r, "events"));
                o.confidence = std::string(t.text(r, "confidence"));
                o.derivation = std::string(t.text(r, "derivation"));
                out.push_back(std::move(o));
            }
        }
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
    return out;
}

std::string order_of_magnitude(double simulated, double low, double high) {
    if (simulated < low / 10) return "below";
    if (simulated > high * 10) return "above";
    return "within";
}

double log10_error(double simulated, double low, double high) {
    return std::log10(std::max(simulated, low / 10) / std::sqrt(low * high));
}

DownstreamBacktest compare_downstream(const Dataset& data, const Scenario& sc,
                                      const ScenarioRun& run,
                                      const std::vector<ObservedLoss>& observed,
                                      const std::string& file) {
    DownstreamBacktest b;
    const int day0 = parse_iso_date(sc.start_date).value_or(0);
    const auto& cols = run.network.columns;
    const std::size_t n_cols = cols.size();
    Diagnostics d;
    double sq = 0;
    for (std::size_t r = 0; r < observed.size(); ++r) {
        const ObservedLoss& o = observed[r];
        const auto members = data.countries_named(o.country);
        if (!members) {
            d.add({file, o.line, 0, ""},
                  fmt::format("`{}` is neither a country (ISO3) nor a group of the dataset",
                              o.country));
            continue;
        }
        const std::set<Id> countries(members->begin(), members->end());
        std::set<EndUse> uses;
        for (const auto& u : o.end_uses) uses.insert(*parse_enum<EndUse>(u));
        DownstreamCheck c;
        c.observed = o;
        const int first = std::max(*parse_iso_date(o.start) - day0, 0);
        const int last = std::min(*parse_iso_date(o.end) - day0, run.steps_done - 1);
        for (int day = first; day <= last; ++day) {
            ++c.days;
            for (std::size_t k = 0; k < n_cols; ++k) {
                if (countries.count(cols[k].country) == 0 || uses.count(cols[k].end_use) == 0)
                    continue;
                const std::size_t at = static_cast<std::size_t>(day) * n_cols + k;
                c.demand += run.ordered[at];
                c.shortfall += std::max(run.ordered[at] - run.delivered[at], 0.0);
            }
        }
        // V3: the share of the end users' orders not delivered over the window.
        c.simulated_pct = c.demand > 0 ? 100.0 * c.shortfall / c.demand : 0.0;
        if (c.simulated_pct < 1e-9) c.simulated_pct = 0.0;  // rounding noise
        // V4: one order of magnitude around the band; the error is measured from the band's
        // geometric middle, with losses below a tenth of the band counted at that floor.
        c.observed_pct = std::sqrt(o.low_pct * o.high_pct);
        c.agreement = order_of_magnitude(c.simulated_pct, o.low_pct, o.high_pct);
        c.log10_error = log10_error(c.simulated_pct, o.low_pct, o.high_pct);
        sq += c.log10_error * c.log10_error;
        b.within += c.agreement == "within" ? 1 : 0;
        b.rows.push_back(std::move(c));
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
    b.rms_log10_error = b.rows.empty() ? 0.0 : std::sqrt(sq / static_cast<double>(b.rows.size()));
    return b;
}

}  // namespace critmin::sim
