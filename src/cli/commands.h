// The commands of the critmin tool. Each takes plain options and returns a Report; main.cpp
// wires them to CLI11 and handles output and exit codes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/output.h"
#include "io/baci.h"

namespace critmin::cli {

// The folder of embedded data: $CRITMIN_DATA, else data/ beside the build tree, else the folder
// configured at build time. It holds the datasets (rare-earths/) and reference tables
// (reference/, criticality/).
[[nodiscard]] std::string default_data_root();
// The embedded dataset: <data root>/rare-earths.
[[nodiscard]] std::string default_dataset_dir();
// `given`, or the embedded values per t by end use: <data root>/planning/shortfall-value.csv.
[[nodiscard]] std::string shortfall_value_file(const std::string& given);

struct AssessOptions {
    std::string method;                    // concentration (default), geopolrisk, eu, hhi or all
    std::string dataset;                   // empty: the embedded dataset
    std::string economy;                   // --for: ISO3 or group; empty: world view only
    std::vector<std::string> years;        // empty: the dataset's base year; or "all"
    std::vector<std::string> commodities;  // empty: all with production in the year; or "all"
    // Raw-table mode (docs/indices.md): giving any of these replaces the dataset.
    std::string production, trade, wgi;
    std::vector<std::string> economies;  // --economy: ISO3 codes, groups or "all"
    std::string eu_parameters;           // folder of the EU method's tables (default: embedded)
    [[nodiscard]] bool raw_mode() const {
        return !production.empty() || !trade.empty() || !wgi.empty();
    }
};
[[nodiscard]] Report run_assess(const AssessOptions& options);
[[nodiscard]] Report run_assess_raw(const AssessOptions& options);
// The EU method's tables: --eu-parameters, else <data root>/criticality.
[[nodiscard]] std::string eu_parameters_dir(const AssessOptions& options);

[[nodiscard]] Report run_data_summary(const std::string& dataset);

struct MfaStockOptions {
    std::string inflow, stock;  // exactly one: a CSV year,inflow or year,stock
    std::string lifetime;       // fixed:L, normal:MEAN:SD, lognormal:MEAN:SD, weibull:SHAPE:SCALE,
                                // foldednormal:MEAN:SD
};
[[nodiscard]] Report run_mfa_stock(const MfaStockOptions& options);

struct MfaRecyclingOptions {
    std::string dataset;     // for primary supply (default: embedded)
    std::string mfa_data;    // magnets-in-use tables (default: <data root>/mfa)
    std::string scenario;    // YAML; empty: today's collection rates and capacity
    std::vector<int> years;  // rows to show (default: all)
    std::vector<std::string> regions;
    std::string out_producers;  // write recycling producers' capacity per year here
};
[[nodiscard]] Report run_mfa_recycling(const MfaRecyclingOptions& options);

// `data import-baci`: the trade CSV text; the summary says what was kept and dropped.
[[nodiscard]] std::string run_import_baci(const io::BaciImport& request, io::BaciSummary& summary);

struct SimulateOptions {
    std::string scenario;              // SCENARIO.yaml (dataset mode)
    std::string mrio;                  // --mrio DIR: Z.csv, Y.csv, x.csv
    std::string boario_scenario;       // --boario-scenario FILE.json (with --mrio)
    std::string compat;                // --compat boario: keep BoARIO's quirks
    std::string mrio_kernel = "auto";  // --mrio-kernel auto|dense|sparse (with --mrio)
    std::string csv;                   // --csv DIR: one CSV per variable
    std::string out;                   // --out RESULTS.db: SQLite results
    int threads = 0;                   // 0: all cores
    bool progress = true;              // progress bar when stderr is a terminal
};
[[nodiscard]] Report run_simulate(const SimulateOptions& options);
[[nodiscard]] Report run_simulate_mrio(const SimulateOptions& options);
struct StressOptions {
    std::string catalogue;  // CATALOG.yaml
    long long samples = 1000;
    int horizon_days = 0;  // 0: the catalogue's
    int threads = 0;
    std::uint64_t seed = 1;
    std::string out;      // RESULTS.db: samples as they finish, then the summary
    bool resume = false;  // continue the run in --out
    bool progress = true;
};
[[nodiscard]] Report run_stress(const StressOptions& options);
// Finalises MPI when a stress run started it (call once, before exit).
void stress_finish();

struct BacktestOptions {
    std::string scenario;    // with an `observed:` block
    bool calibrate = false;  // grid-search inventory days and the strict licensing length
};
[[nodiscard]] Report run_backtest(const BacktestOptions& options);

struct ReportOptions {
    std::string dataset;               // default: embedded
    std::vector<std::string> results;  // simulate --out databases
    std::string stress;                // stress --out database
    std::string plan;                  // critmin optimize --format json output
    std::string coalition;             // critmin coalition --format json output
    std::string recycling;             // critmin mfa recycling --format json output
    std::string output;                // HTML file (default out/report.html)
    std::string assets;                // report/ folder (default: beside the data root)
    std::string economy;               // criticality tables for this economy (default JPN)
};
[[nodiscard]] Report run_report(const ReportOptions& options);

struct TtrOptions {
    std::string instance;         // --instance FILE.json: a plain plants-and-products instance
    std::string dataset;          // default: embedded
    std::string ttr_table;        // --ttr-table T.csv: time to recover per producer or stage
    std::string economy;          // --for ISO3|GROUP: end users that count (default: all)
    std::string shortfall_value;  // value per t of unmet demand by end use (default: embedded)
    double inventory_days = 60;   // buyers' inventory, in days of use
    std::string by = "producer";  // unit taken down: producer or country-stage
    // --sharing: with --for, `proportional` (P10a): other countries' buyers keep their baseline
    // share of every supplier's output; `first`: the counted end users are served first.
    std::string sharing = "proportional";
};
[[nodiscard]] Report run_ttr(const TtrOptions& options);

struct OptimizeOptions {
    std::string plan;              // PLAN.yaml
    long long samples = 0;         // > 0: overrides scenarios.samples
    long long out_of_sample = -1;  // >= 0: overrides out_of_sample.samples
    int threads = 0;
    std::string shortfall_value;  // default: data/planning/shortfall-value.csv
};
[[nodiscard]] Report run_optimize(const OptimizeOptions& options);

struct CoalitionOptions {
    std::string file;       // COALITION.yaml
    long long samples = 0;  // > 0: overrides scenarios.samples
    std::uint64_t seed = kSeedFromFile;
    int threads = 0;
    std::string shortfall_value;  // default: data/planning/shortfall-value.csv
    static constexpr std::uint64_t kSeedFromFile = ~std::uint64_t{0};  // scenarios.seed
};
[[nodiscard]] Report run_coalition(const CoalitionOptions& options);

// A time series as CSV: `step,<labels>`, then one row per step (row-major values, steps x
// labels) at 17 significant digits.
[[nodiscard]] std::string series_csv(const std::vector<std::string>& labels,
                                     const std::vector<double>& values, int steps);
// Creates `folder` if needed and writes each (name, text) atomically inside it.
void write_series_folder(const std::string& folder,
                         const std::vector<std::pair<std::string, std::string>>& files);

// Validation returns its report and sets `valid`; problems are rows (file, line, column, message).
[[nodiscard]] Report run_data_validate(const std::string& dataset, bool& valid);

}  // namespace critmin::cli
