// simulate_mrio: the CLI's `critmin simulate --mrio DIR --boario-scenario S.json` on tables a
// notebook holds (a pymrio IOSystem's Z, Y and x), placed by sim::assemble_mrio like the CLI's
// CSV files, and run by the same sim::run_mrio_scenario.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/in_memory.h"
#include "core/error.h"
#include "python/bindings.h"
#include "python/convert.h"
#include "python/run_guard.h"
#include "sim/boario_scenario.h"
#include "sim/mrio_reader.h"
#include "sim/mrio_run.h"

namespace py = pybind11;

namespace critmin::python {

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;
using Values = py::array_t<double, py::array::c_style | py::array::forcecast>;

// The values of a DataFrame `name` (rows x cols); every value finite and not negative, as the
// CLI requires of each CSV cell. Problems name the cell as NAME[row region|sector, column].
sim::LabelledMatrix labelled(const char* name, Labels rows, Labels cols, const Values& values,
                             Diagnostics& d) {
    sim::LabelledMatrix m;
    if (values.ndim() != 2 || static_cast<std::size_t>(values.shape(0)) != rows.size() ||
        static_cast<std::size_t>(values.shape(1)) != cols.size()) {
        d.add({name, 0, 0, ""}, "the values do not match the row and column labels");
        return m;
    }
    const double* v = values.data();
    m.values.assign(v, v + rows.size() * cols.size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < cols.size(); ++c) {
            const double value = m.values[r * cols.size() + c];
            if (std::isfinite(value) && value >= 0) continue;
            d.add({name, 0, 0,
                   fmt::format("[{}|{}, {}|{}]", rows[r].first, rows[r].second, cols[c].first,
                               cols[c].second)},
                  std::isfinite(value)
                      ? fmt::format("{} is negative; flows must be zero or more", value)
                      : fmt::format("`{}` is not a finite number", value));
        }
    m.rows = std::move(rows);
    m.cols = std::move(cols);
    return m;
}

// x: one output per industry of Z, as x.csv gives it.
void place_output(sim::MrioTable& t, const Labels& rows, const Values& values, Diagnostics& d) {
    std::map<std::pair<std::string, std::string>, std::size_t> industry;
    for (std::size_t i = 0; i < t.n_industries(); ++i)
        industry[{t.regions[i / t.sectors.size()], t.sectors[i % t.sectors.size()]}] = i;
    t.x.assign(t.n_industries(), 0.0);
    std::vector<bool> seen(t.n_industries(), false);
    if (static_cast<std::size_t>(values.size()) != rows.size()) {
        d.add({"x", 0, 0, ""}, "the values do not match the row labels");
        return;
    }
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::string where = fmt::format("[{}|{}]", rows[k].first, rows[k].second);
        const auto it = industry.find(rows[k]);
        if (it == industry.end() || seen[it->second]) {
            d.add({"x", 0, 0, where},
                  it == industry.end() ? "industry not in Z" : "industry given twice");
            continue;
        }
        const double v = values.data()[k];
        if (!std::isfinite(v) || v < 0) {
            d.add({"x", 0, 0, where},
                  fmt::format("`{}` is not a finite number of zero or more", v));
            continue;
        }
        seen[it->second] = true;
        t.x[it->second] = v;
    }
    for (std::size_t i = 0; i < t.n_industries(); ++i)
        if (!seen[i])
            d.add({"x", 0, 0, ""}, fmt::format("no output for industry `{}`", t.industry_label(i)));
}

py::dict simulate_mrio(Labels z_rows, Labels z_cols, const Values& z, Labels y_rows, Labels y_cols,
                       const Values& y, const Labels& x_rows, const Values& x,
                       const std::string& scenario_path,
                       const std::optional<std::string>& scenario_text, const std::string& compat) {
    Diagnostics d;
    const sim::LabelledMatrix zm = labelled("Z", std::move(z_rows), std::move(z_cols), z, d);
    const sim::LabelledMatrix ym = labelled("Y", std::move(y_rows), std::move(y_cols), y, d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    sim::MrioTable table = sim::assemble_mrio(zm, ym, "Z", "Y", d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    place_output(table, x_rows, x, d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    const sim::BoarioScenario scenario =
        scenario_text ? sim::parse_boario_scenario(*scenario_text, scenario_path)
                      : sim::read_boario_scenario(scenario_path);
    if (!compat.empty() && compat != "boario")
        throw Error(ErrorKind::usage, "compat is None or 'boario'");
    const sim::Mode mode = compat == "boario" ? sim::Mode::boario : sim::Mode::native;
    sim::MrioRun run;
    cli::Report report;
    run_interruptible([&](const std::atomic<bool>& /*stop: MRIO runs are short*/) {
        run = sim::run_mrio_scenario(table, scenario, mode);
        report = cli::simulate_mrio_report(run, mode, "(DataFrames)", "");
    });
    const auto steps = static_cast<std::size_t>(run.steps);
    py::dict out;
    out["report"] = PendingReport{std::move(report)};
    out["industries"] = run.industries;
    out["final_columns"] = run.final_columns;
    out["production"] = matrix(std::move(run.production), steps, run.industries.size());
    out["capacity"] = matrix(std::move(run.capacity), steps, run.industries.size());
    out["final_demand_unmet"] =
        matrix(std::move(run.final_demand_unmet), steps, run.final_columns.size());
    return out;
}

}  // namespace

void bind_mrio(py::module_& m) {
    m.def("simulate_mrio", &simulate_mrio, py::arg("z_rows"), py::arg("z_cols"), py::arg("z"),
          py::arg("y_rows"), py::arg("y_cols"), py::arg("y"), py::arg("x_rows"), py::arg("x"),
          py::arg("scenario_path"), py::arg("scenario_text"), py::arg("compat"));
}

}  // namespace critmin::python
