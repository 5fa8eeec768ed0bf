// Comparing a scenario run with an observed monthly series (docs/validation.md, eqs. V1-V2).
#pragma once

#include <string>
#include <vector>

#include "sim/scenario.h"
#include "sim/scenario_run.h"

namespace critmin::sim {

struct ObservedMonth {
    std::string month;  // YYYY-MM
    double value = 0;   // t
    double change_pct = 0;
    std::string basis;  // year_on_year or month_on_month
};

struct BacktestMonth {
    std::string month;
    int days = 0;                 // days of the month inside the run
    double simulated = 0;         // t delivered abroad in those days
    double baseline = 0;          // t at the dataset's baseline rate over the same days
    double simulated_change = 0;  // V1: % against the baseline
    double observed = 0;
    double observed_change = 0;
    std::string basis;
    double error = 0;  // V2: simulated - observed change, percentage points
};

struct Backtest {
    std::vector<BacktestMonth> months;
    double rmse = 0;  // V2: root mean square of the monthly errors
};

// Reads the observed CSV (file, line and column in every error; InvalidInput).
[[nodiscard]] std::vector<ObservedMonth> read_observed(const std::string& path);

[[nodiscard]] Backtest compare(const Scenario& sc, const ScenarioRun& run,
                               const std::vector<ObservedMonth>& observed);

}  // namespace critmin::sim
