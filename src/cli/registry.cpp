#include "cli/registry.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/mpi.h"
#include "cli/commands.h"
#include "cli/option_table.h"
#include "core/error.h"
#include "io/baci.h"
#include "io/file.h"

namespace critmin::cli {

namespace {

void emit(const Report& report, const GlobalOptions& global) {
    const std::string text = render(report, parse_format(global.format).value_or(Format::table));
    if (global.output.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    } else {
        io::write_file_atomic(global.output, text);
    }
}

// A command whose options struct `Options` is filled by `table` and handed to `run`.
template <class Options>
Command make(std::vector<std::string> path, std::string help, OptionTable<Options> table,
             std::function<int(const Options&, const GlobalOptions&)> run) {
    auto options = std::make_shared<Options>();
    Command c;
    c.path = std::move(path);
    c.help = std::move(help);
    c.add_options = [options, table](CLI::App& app) {
        for (const auto& row : table) {
            CLI::Option* o = row.bind(app, *options);
            if (row.required) o->required();
        }
    };
    c.run = [options, run](const GlobalOptions& g) { return run(*options, g); };
    c.markdown = [table] { return options_markdown(table); };
    return c;
}

// Commands that print one report and exit 0.
template <class Options>
std::function<int(const Options&, const GlobalOptions&)> reporting(Report (*run)(const Options&)) {
    return [run](const Options& o, const GlobalOptions& g) {
        const Report report = run(o);
        emit(report, g);
        return report.exit_code;
    };
}

constexpr const char* kDatasetHelp = "Dataset folder (default: embedded rare-earths)";
constexpr const char* kThreadsHelp = "Threads (default: all cores)";
constexpr const char* kShortfallHelp =
    "CSV end_use,value_per_t (default: data/planning/shortfall-value.csv)";

Command assess_command() {
    using O = AssessOptions;
    return make<O>(
        {"assess"}, "Concentration by commodity and stage; with --for, an economy's exposure",
        {option_of(&O::method, "--method",
                   "concentration (default with a dataset), geopolrisk, eu, hhi or all",
                   {"concentration", "geopolrisk", "eu", "hhi", "all"}),
         option(&O::dataset, "--dataset", "DIR", kDatasetHelp),
         option(&O::economy, "--for", "ISO3|GROUP", "Economy: ISO3 code or group (JPN, G7, EU)"),
         option(&O::years, "--year", "Y|all",
                "Year; repeat for several, or 'all' (default: the dataset's base year)"),
         option(&O::commodities, "--commodity", "ID|all",
                "Commodity; repeat for several, or 'all' (default: all produced)"),
         option(&O::production, "--production", "P.csv",
                "Raw-table mode: production CSV (country,commodity,year,quantity)"),
         option(&O::trade, "--trade", "T.csv",
                "Raw-table mode: trade CSV (exporter,importer,commodity,year,quantity,value)"),
         option(&O::wgi, "--wgi", "W.csv",
                "Raw-table mode: governance CSV (iso3,year,political_stability,...)"),
         option(&O::eu_parameters, "--eu-parameters", "DIR",
                "Folder of the EU method's tables (default: data/criticality)"),
         option(&O::economies, "--economy", "ISO3|GROUP|all",
                "Raw-table mode: ISO3 code or group; repeat for several, or 'all'")},
        reporting(&run_assess));
}

// `data summary DIR` and `data validate DIR`.
struct DataDir {
    std::string dir;
};

Command data_summary_command() {
    return make<DataDir>({"data", "summary"}, "What a dataset holds",
                         {option(&DataDir::dir, "DIR", "", kDatasetHelp)},
                         [](const DataDir& o, const GlobalOptions& g) {
                             emit(run_data_summary(o.dir), g);
                             return 0;
                         });
}

Command data_validate_command() {
    return make<DataDir>({"data", "validate"},
                         "Check a dataset; list every problem with file, line and column",
                         {option(&DataDir::dir, "DIR", "", kDatasetHelp)},
                         [](const DataDir& o, const GlobalOptions& g) {
                             bool valid = false;
                             const Report report = run_data_validate(o.dir, valid);
                             if (g.format == "table") {
                                 // The human form: problems go to stderr (or to the -o file) like a
                                 // compiler's.
                                 if (!g.output.empty())
                                     io::write_file_atomic(g.output, report.notes);
                                 else
                                     (valid ? std::cout : std::cerr) << report.notes;
                             } else {
                                 emit(report, g);
                             }
                             return valid ? 0 : static_cast<int>(ErrorKind::invalid_input);
                         });
}

Command import_baci_command() {
    using O = io::BaciImport;
    Command c = make<O>(
        {"data", "import-baci"}, "Convert CEPII BACI trade files into critmin's trade CSV",
        {option(&O::baci_files, "--baci", "FILE", "BACI file (columns t,i,j,k,v,q); repeatable")
             .require(),
         option(&O::country_codes, "--country-codes", "FILE", "BACI country-code table").require(),
         option(&O::hs_map, "--hs-map", "FILE",
                "CSV hs_code,commodity (codes or prefixes of 2-6 digits)")
             .require()},
        [](const O& o, const GlobalOptions& g) {
            io::BaciSummary summary;
            const std::string csv = run_import_baci(o, summary);
            if (g.output.empty())
                std::cout << csv;
            else
                io::write_file_atomic(g.output, csv);
            std::string unknown;
            for (const auto& [code, rows] : summary.unknown_codes)
                unknown += fmt::format("{}{} ({} rows)", unknown.empty() ? "" : ", ", code, rows);
            std::cerr << fmt::format(
                "import-baci: {} rows read, {} kept in {} flows; {} without quantity left out{}\n",
                summary.rows_read, summary.rows_kept, summary.flows_written,
                summary.rows_without_quantity,
                unknown.empty() ? "" : "; country codes without ISO3, left out: " + unknown);
            return 0;
        });
    c.format_flag = false;
    return c;
}

Command mfa_stock_command() {
    using O = MfaStockOptions;
    return make<O>({"mfa", "stock"},
                   "Dynamic stock model: stock and outflow from inflow, or inflow from stock",
                   {option(&O::inflow, "--inflow", "FILE", "CSV with columns year,inflow"),
                    option(&O::stock, "--stock", "FILE", "CSV with columns year,stock"),
                    option(&O::lifetime, "--lifetime", "KIND:PARAMS",
                           "fixed:L, normal:MEAN:SD, lognormal:MEAN:SD, weibull:SHAPE:SCALE or "
                           "foldednormal:MEAN:SD (years)")
                        .require()},
                   reporting(&run_mfa_stock));
}

Command mfa_recycling_command() {
    using O = MfaRecyclingOptions;
    return make<O>(
        {"mfa", "recycling"},
        "Secondary Nd, Pr, Dy and Tb from end-of-life magnets, by region and year",
        {option(&O::dataset, "--dataset", "DIR", "Dataset for primary supply (default: embedded)"),
         option(&O::scenario, "--scenario", "FILE", "Recycling scenario (YAML)"),
         option(&O::mfa_data, "--mfa-data", "DIR", "Magnets-in-use tables (default: data/mfa)"),
         option(&O::years, "--year", "Y", "Show these years only; repeatable"),
         option(&O::regions, "--region", "REGION", "Show these regions only; repeatable"),
         option(&O::out_producers, "--out-producers", "FILE",
                "Write recycling producers with capacity per year (CSV)")},
        reporting(&run_mfa_recycling));
}

Command simulate_command() {
    using O = SimulateOptions;
    return make<O>(
        {"simulate"}, "Propagate a shock day by day through the supply network (docs/model.md)",
        {option(&O::scenario, "SCENARIO", "", "Scenario file (YAML)"),
         option(&O::mrio, "--mrio", "DIR",
                "MRIO folder with Z.csv, Y.csv and x.csv instead of a scenario"),
         option(&O::boario_scenario, "--boario-scenario", "FILE.json",
                "With --mrio: a BoARIO run's scenario.json (parameters and event)"),
         option_of(&O::compat, "--compat",
                   "boario: reproduce BoARIO 0.6.3, numerical quirks included", {"boario"}),
         option_of(&O::mrio_kernel, "--mrio-kernel",
                   "With --mrio: the step's layout; auto takes the dense path (float flows, "
                   "docs/model.md sec. 10) wherever it applies",
                   {"auto", "dense", "sparse"}),
         option(&O::csv, "--csv", "DIR", "Write one CSV per variable in this folder"),
         option(&O::out, "--out", "RESULTS.db", "Write a SQLite results database"),
         option_min(&O::threads, "--threads", "N", kThreadsHelp, false),
         flag(&O::progress, "!--no-progress", "Never show a progress bar")},
        reporting(&run_simulate));
}

Command backtest_command() {
    using O = BacktestOptions;
    return make<O>(
        {"backtest"}, "Compare a scenario with an observed episode (docs/validation.md)",
        {option(&O::scenario, "SCENARIO", "", "Scenario with an observed: block").require(),
         flag(&O::calibrate, "--calibrate",
              "Fit inventory days and the strict licensing length to the episode")},
        reporting(&run_backtest));
}

Command report_command() {
    using O = ReportOptions;
    return make<O>(
        {"report"},
        "One self-contained HTML report: map, supply chain, concentration, scenarios, stress",
        {option(&O::dataset, "--dataset", "DIR", "Dataset folder (default: embedded)"),
         option(&O::results, "--results", "RESULTS.db",
                "Results database of critmin simulate --out; repeatable"),
         option(&O::stress, "--stress", "STRESS.db", "Results database of critmin stress --out"),
         option(&O::plan, "--plan", "PLAN.json",
                "JSON output of critmin optimize --format json (plan and frontier)"),
         option(&O::coalition, "--coalition", "COALITION.json",
                "JSON output of critmin coalition --format json (who gains what)"),
         option(&O::recycling, "--recycling", "RECYCLING.json",
                "JSON output of critmin mfa recycling --format json (secondary supply)"),
         option(&O::output, "--html", "FILE", "HTML file to write (default: out/report.html)"),
         option(&O::assets, "--assets", "DIR",
                "The report/ folder (template and bundled libraries)"),
         option(&O::economy, "--for", "ISO3|GROUP",
                "Economy of the criticality tables (default: JPN)")},
        reporting(&run_report));
}

Command stress_command() {
    using O = StressOptions;
    return make<O>(
        {"stress"}, "Monte Carlo over an event catalogue: shortfall distributions, VaR and CVaR",
        {option(&O::catalogue, "CATALOG", "", "Event catalogue (YAML)").require(),
         option_min(&O::samples, "--samples", "N", "Scenario-years to draw", true),
         option_in(&O::horizon_days, "--horizon-days", "D",
                   "Days per scenario-year (default: the catalogue's; at most 36500, as a "
                   "scenario's horizon_days)",
                   1, 36500),
         option_min(&O::threads, "--threads", "K", kThreadsHelp, false),
         option_seed(&O::seed, "--seed", "Random seed (sample i depends only on seed and i)"),
         option(&O::out, "--out", "RESULTS.db",
                "Results database: samples as they finish, then the summary"),
         flag(&O::resume, "--resume", "Continue the run stored in --out"),
         flag(&O::progress, "!--no-progress", "Never show a progress bar")},
        [](const O& o, const GlobalOptions& g) {
            const Report report = run_stress(o);
            if (!report.silent) emit(report, g);
            stress_finish();
            return report.exit_code;
        });
}

Command ttr_command() {
    using O = TtrOptions;
    return make<O>(
        {"ttr"},
        "Time to survive, time to recover and risk exposure per producer (docs/planning.md)",
        {option(&O::instance, "--instance", "FILE.json",
                "A plain instance (JSON: plants, products, scenarios) instead of a dataset"),
         option(&O::dataset, "--dataset", "DIR", "Dataset folder (default: embedded)"),
         option(&O::ttr_table, "--ttr-table", "T.csv",
                "CSV of ttr_days by producer, country and stage, or stage"),
         option(&O::economy, "--for", "ISO3|GROUP",
                "Count only these end users: ISO3 code or group (default: all)"),
         option(&O::shortfall_value, "--shortfall-value", "V.csv", kShortfallHelp),
         option_of(&O::by, "--by", "Unit taken down: producer (default) or country-stage",
                   {"producer", "country-stage"}),
         option_min(&O::inventory_days, "--inventory-days", "D", "Buyers' inventory in days of use",
                    false),
         option_of(&O::sharing, "--sharing",
                   "With --for: proportional (default; other countries keep their share of each "
                   "supplier's output) or first (the counted end users are served first)",
                   {"proportional", "first"})},
        reporting(&run_ttr));
}

Command optimize_command() {
    using O = OptimizeOptions;
    return make<O>(
        {"optimize"}, "Optimised diversification plan under cost and CVaR, re-tested in the engine",
        {option(&O::plan, "PLAN", "", "Plan file (YAML)").require(),
         option_min(&O::samples, "--samples", "N", "Scenarios drawn for the programme", true),
         option_min(&O::out_of_sample, "--out-of-sample", "M",
                    "Fresh samples for the engine check (0: none)", false),
         option_min(&O::threads, "--threads", "K", kThreadsHelp, false),
         option(&O::shortfall_value, "--shortfall-value", "V.csv", kShortfallHelp)},
        reporting(&run_optimize));
}

Command coalition_command() {
    using O = CoalitionOptions;
    return make<O>(
        {"coalition"},
        "Who gains what from cooperating: pooled reserves, joint offtakes and price floors "
        "(docs/coalition.md)",
        {option(&O::file, "COALITION", "", "Coalition file (YAML)").require(),
         option_min(&O::samples, "--samples", "N", "Scenario-years (default: the file's)", true),
         option_seed(&O::seed, "--seed", "Random seed (default: the file's scenarios.seed)"),
         option_min(&O::threads, "--threads", "K", kThreadsHelp, false),
         option(&O::shortfall_value, "--shortfall-value", "V.csv", kShortfallHelp)},
        [](const O& o, const GlobalOptions& g) {
            const Report report = run_coalition(o);
            if (!report.silent) emit(report, g);
            app::mpi_finish();  // under mpirun
            return report.exit_code;
        });
}

}  // namespace

std::vector<Command> commands() {
    return {assess_command(),      data_summary_command(), data_validate_command(),
            import_baci_command(), mfa_stock_command(),    mfa_recycling_command(),
            simulate_command(),    backtest_command(),     report_command(),
            stress_command(),      ttr_command(),          optimize_command(),
            coalition_command()};
}

std::vector<std::pair<std::string, std::string>> command_groups() {
    return {{"data", "Inspect and check datasets"},
            {"mfa", "Material flow analysis: stocks in use and recycling"}};
}

std::string options_reference() {
    std::string out;
    for (const Command& c : commands()) {
        out += fmt::format("### critmin {}\n\n{}.\n\n", fmt::join(c.path, " "), c.help);
        out += c.markdown();
        out +=
            c.format_flag
                ? "| `--format table\\|json\\|csv` | `table` | table, json, csv | Output format |\n"
                : "";
        out +=
            "| `-o,--output FILE` |  |  | Write the result to this file (replaced atomically) "
            "instead of stdout |\n\n";
    }
    return out;
}

}  // namespace critmin::cli
