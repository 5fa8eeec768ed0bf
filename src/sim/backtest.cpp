#include "sim/backtest.h"

#include <fmt/format.h>

#include <cmath>

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

}  // namespace critmin::sim
