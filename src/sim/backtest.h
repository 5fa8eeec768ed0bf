// Comparing a scenario run with an observed monthly series (docs/validation.md, eqs. V1-V2).
#pragma once

#include <cstdint>
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

// A reported downstream loss (docs/validation.md, V3-V4): a country's (or group's) loss of output
// in some end uses over a window, as a band of percentages of their output.
struct ObservedLoss {
    std::string country;                // ISO3 or group (EU, G7)
    std::vector<std::string> end_uses;  // the dataset's end uses it is compared with
    std::string start, end;             // YYYY-MM-DD, inclusive
    double low_pct = 0, high_pct = 0;   // observed band
    std::string events, confidence, derivation;
    std::uint32_t line = 0;  // in the CSV, for messages
};

struct DownstreamCheck {
    ObservedLoss observed;
    int days = 0;              // days of the window inside the run
    double demand = 0;         // t ordered by those end users over the window
    double shortfall = 0;      // t not delivered
    double simulated_pct = 0;  // V3
    double observed_pct = 0;   // geometric middle of the band
    std::string agreement;     // V4: within | below | above (one order of magnitude)
    double log10_error = 0;    // V4
};

struct DownstreamBacktest {
    std::vector<DownstreamCheck> rows;
    double rms_log10_error = 0;  // V4
    int within = 0;              // rows within an order of magnitude of the band
};

// V4: `within` one order of magnitude of the band [low/10, 10 high], else `below` or `above`.
[[nodiscard]] std::string order_of_magnitude(double simulated, double low, double high);
// V4: log10 of the simulated loss over the band's geometric middle, with losses below a tenth of
// the band's low end counted at that floor (a zero loss has a finite error).
[[nodiscard]] double log10_error(double simulated, double low, double high);

// Reads the observed losses CSV (file, line and column in every error; InvalidInput).
[[nodiscard]] std::vector<ObservedLoss> read_observed_losses(const std::string& path);

// V3-V4: the simulated loss of each row's end users over its window against the band.
// Countries and groups are resolved on `data`; an unknown one is an InvalidInput naming the row.
[[nodiscard]] DownstreamBacktest compare_downstream(const Dataset& data, const Scenario& sc,
                                                    const ScenarioRun& run,
                                                    const std::vector<ObservedLoss>& observed,
                                                    const std::string& file);

// Reads the observed CSV (file, line and column in every error; InvalidInput).
[[nodiscard]] std::vector<ObservedMonth> read_observed(const std::string& path);

[[nodiscard]] Backtest compare(const Scenario& sc, const ScenarioRun& run,
                               const std::vector<ObservedMonth>& observed);

}  // namespace critmin::sim
