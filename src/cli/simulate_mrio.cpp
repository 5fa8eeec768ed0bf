// `critmin simulate --mrio DIR`: the ARIO engine on a multi-regional input-output table, with
// BoARIO's events; --compat boario reproduces BoARIO 0.6.3 (docs/model.md, section 5).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "cli/commands.h"
#include "cli/in_memory.h"
#include "core/error.h"
#include "io/csv.h"
#include "io/file.h"
#include "sim/boario_scenario.h"
#include "sim/mrio_reader.h"
#include "sim/mrio_run.h"

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;

}  // namespace

// `step,<labels>` then one row per step at 17 significant digits (round-trips a double).
std::string series_csv(const std::vector<std::string>& labels, const std::vector<double>& values,
                       int steps) {
    std::string out = "step";
    for (const auto& l : labels) out += "," + io::csv_escape(l);
    out += "\n";
    const std::size_t n = labels.size();
    for (int t = 0; t < steps; ++t) {
        out += std::to_string(t);
        for (std::size_t i = 0; i < n; ++i)
            out += fmt::format(",{:.17g}", values[static_cast<std::size_t>(t) * n + i]);
        out += "\n";
    }
    return out;
}

void write_series_folder(const std::string& folder,
                         const std::vector<std::pair<std::string, std::string>>& files) {
    io::ensure_output_folder(folder);
    for (const auto& [name, text] : files)
        io::write_file_atomic(fmt::format("{}/{}", folder, name), text);
}

Report run_simulate_mrio(const SimulateOptions& options) {
    if (options.boario_scenario.empty())
        throw Error(ErrorKind::usage,
                    "--mrio needs --boario-scenario FILE.json (parameters and events)");
    const sim::Mode mode = options.compat == "boario" ? sim::Mode::boario : sim::Mode::native;
    const sim::MrioTable mrio = sim::read_mrio(options.mrio);
    const sim::BoarioScenario scenario = sim::read_boario_scenario(options.boario_scenario);
    const sim::MrioKernel kernel = options.mrio_kernel == "dense"    ? sim::MrioKernel::dense
                                   : options.mrio_kernel == "sparse" ? sim::MrioKernel::sparse
                                                                     : sim::MrioKernel::automatic;
    const sim::MrioRun run = sim::run_mrio_scenario(mrio, scenario, mode, kernel);

    if (!options.csv.empty()) {
        write_series_folder(
            options.csv,
            {{"production_realised.csv", series_csv(run.industries, run.production, run.steps)},
             {"production_capacity.csv", series_csv(run.industries, run.capacity, run.steps)},
             {"final_demand_unmet.csv",
              series_csv(run.final_columns, run.final_demand_unmet, run.steps)}});
    }
    return simulate_mrio_report(run, mode, options.mrio, options.csv);
}

Report simulate_mrio_report(const sim::MrioRun& run, sim::Mode mode, const std::string& source,
                            const std::string& csv) {
    Report report;
    report.command = "simulate";
    report.title = fmt::format("critmin simulate: MRIO {} ({} industries), {} steps, {} mode",
                               source, run.industries.size(), run.steps,
                               mode == sim::Mode::boario ? "boario" : "native");
    const std::size_t n = run.industries.size();
    double total_lost = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        double lowest = 1.0;
        int lowest_step = -1;
        double lost = 0.0;
        double cap_lowest = 1.0;
        for (int t = 0; t < run.steps; ++t) {
            const std::size_t at = static_cast<std::size_t>(t) * n + i;
            const double x0 = run.x0[i];
            if (x0 <= 0) continue;
            const double ratio = run.production[at] / x0;
            if (ratio < lowest) {
                lowest = ratio;
                lowest_step = t;
            }
            cap_lowest = std::min(cap_lowest, run.capacity[at] / x0);
            lost += x0 - run.production[at];
        }
        total_lost += lost;
        report.rows.push_back(Json{{"industry", run.industries[i]},
                                   {"min_production_ratio", lowest},
                                   {"min_step", lowest_step < 0 ? Json() : Json(lowest_step)},
                                   {"min_capacity_ratio", cap_lowest},
                                   {"production_lost", lost}});
    }
    double unmet = 0.0;
    for (double v : run.final_demand_unmet) unmet += v;
    report.extra["mode"] = mode == sim::Mode::boario ? "boario" : "native";
    report.extra["kernel"] = run.dense ? "dense" : "sparse";
    report.extra["steps"] = run.steps;
    report.extra["production_lost"] = total_lost;
    report.extra["final_demand_unmet"] = unmet;
    report.extra["max_mass_balance_error"] = run.max_mass_balance_error;
    report.notes = fmt::format(
        "Production lost over the run: {:.6g} (money per step, summed over steps); final demand "
        "not met: {:.6g}.\n{}",
        total_lost, unmet, csv.empty() ? "" : fmt::format("Time series written to {}/\n", csv));
    return report;
}

}  // namespace critmin::cli
