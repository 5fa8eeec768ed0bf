// The commands' work on inputs already in memory: a loaded dataset, a finished run, a series.
// Each CLI command (commands.h) reads its files and calls one of these; the Python package
// (src/python) calls them on the objects a notebook holds, so both produce the same rows from the
// same code.
#pragma once

#include <string>
#include <vector>

#include "app/stress_pipeline.h"
#include "cli/commands.h"
#include "core/dataset.h"
#include "sim/mrio_run.h"
#include "sim/scenario.h"
#include "sim/scenario_run.h"

namespace critmin::cli {

// `assess` on a loaded dataset (options.dataset is not read).
[[nodiscard]] Report assess_dataset(const Dataset& ds, const AssessOptions& options);

// `simulate`'s report of a dataset run of `sc` (without the notes on files written).
[[nodiscard]] Report simulate_report(const Dataset& data, const sim::Scenario& sc,
                                     const sim::ScenarioRun& run);

// `simulate --mrio`'s report of an MRIO run; `source` names the table in the title, `csv` the
// folder the series were written to (empty: none).
[[nodiscard]] Report simulate_mrio_report(const sim::MrioRun& run, sim::Mode mode,
                                          const std::string& source, const std::string& csv);

// `stress`'s report of a finished (or interrupted) stress run.
[[nodiscard]] Report stress_report(const StressOptions& options, const app::StressOutcome& outcome);

// `ttr` on a loaded dataset (options.dataset and options.instance are not read).
[[nodiscard]] Report ttr_dataset(const Dataset& data, const TtrOptions& options);

// `mfa stock` on a series already read: one value per year of `years` (consecutive), the inflow
// (inflow_driven) or the stock; `lifetime` as --lifetime takes it.
[[nodiscard]] Report mfa_stock_report(const std::vector<int>& years,
                                      const std::vector<double>& series, bool inflow_driven,
                                      const std::string& lifetime);

}  // namespace critmin::cli
