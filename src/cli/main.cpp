// critmin: the command-line front door. Parses flags, runs a command, prints its report and
// maps failures to exit codes (0 success, 1 runtime failure, 2 usage error, 3 invalid input).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "io/file.h"
#include "version.h"

namespace {

using critmin::cli::Format;

struct GlobalOptions {
    std::string format = "table";
    std::string output;  // write here (atomically) instead of stdout
};

void emit(const critmin::cli::Report& report, const GlobalOptions& global) {
    const auto format = critmin::cli::parse_format(global.format);
    const std::string text = critmin::cli::render(report, format.value_or(Format::table));
    if (global.output.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    } else {
        critmin::io::write_file_atomic(global.output, text);
    }
}

void add_output_flags(CLI::App& command, GlobalOptions& global) {
    command.add_option("--format", global.format, "Output format: table, json or csv")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    command.add_option("-o,--output", global.output,
                       "Write the result to this file (replaced atomically) instead of stdout");
}

// Issue 17 item 7: an output (-o, --html, --out, --out-producers, --csv) must not replace a file
// the command reads: a file given to any other option or argument, or an existing file inside an
// input folder (--dataset, DIR, --mrio, the embedded dataset). Exit 2 before anything runs.
bool is_output_option(const CLI::Option& o) {
    for (const std::string& name : o.get_lnames())
        if (name == "output" || name == "html" || name == "out" || name == "out-producers" ||
            name == "csv")
            return true;
    return false;
}

void refuse_outputs_over_inputs(const CLI::App& app) {
    namespace fs = std::filesystem;
    std::vector<const CLI::App*> commands;
    for (const CLI::App* c = &app; c != nullptr;) {
        commands.push_back(c);
        const auto subs = c->get_subcommands();
        c = subs.empty() ? nullptr : subs.front();
    }
    std::vector<std::pair<std::string, fs::path>> outputs;
    std::vector<fs::path> inputs{critmin::cli::default_dataset_dir()};
    std::error_code ec;
    for (const CLI::App* c : commands)
        for (const CLI::Option* o : c->get_options()) {
            if (o->count() == 0) continue;
            for (const std::string& value : o->results()) {
                if (value.empty()) continue;
                if (is_output_option(*o))
                    outputs.emplace_back(o->get_name(), fs::weakly_canonical(value, ec));
                else if (fs::exists(value, ec))
                    inputs.push_back(fs::weakly_canonical(value, ec));
            }
        }
    for (const auto& [flag, out] : outputs) {
        if (!fs::exists(out, ec)) continue;  // a new file replaces nothing
        for (const fs::path& in : inputs) {
            const bool same = fs::equivalent(out, in, ec);
            const auto rel = out.lexically_relative(in);
            const bool inside = fs::is_directory(in, ec) && !rel.empty() && *rel.begin() != "..";
            if (same || inside)
                throw critmin::Error(
                    critmin::ErrorKind::usage,
                    fmt::format("{} {} would replace {}, which this command reads; write elsewhere",
                                flag, out.string(),
                                same ? "that input" : "a file of " + in.string()));
        }
    }
}

int run(int argc, char** argv) {
    CLI::App app{"critmin: critical-mineral supply-chain risk and resilience"};
    app.name("critmin");
    app.set_version_flag("--version", std::string("critmin ") + critmin::kVersion);
    app.require_subcommand(1);

    GlobalOptions global;

    critmin::cli::AssessOptions assess;
    auto* assess_cmd = app.add_subcommand(
        "assess", "Concentration by commodity and stage; with --for, an economy's exposure");
    assess_cmd
        ->add_option("--method", assess.method,
                     "concentration (default with a dataset), geopolrisk, eu, hhi or all")
        ->check(CLI::IsMember({"concentration", "geopolrisk", "eu", "hhi", "all"}));
    assess_cmd->add_option("--dataset", assess.dataset,
                           "Dataset folder (default: embedded rare-earths)");
    assess_cmd->add_option("--for", assess.economy, "Economy: ISO3 code or group (JPN, G7, EU)");
    assess_cmd->add_option("--year", assess.years,
                           "Year; repeat for several, or 'all' (default: the dataset's base year)");
    assess_cmd->add_option("--commodity", assess.commodities,
                           "Commodity; repeat for several, or 'all' (default: all produced)");
    assess_cmd->add_option("--production", assess.production,
                           "Raw-table mode: production CSV (country,commodity,year,quantity)");
    assess_cmd->add_option(
        "--trade", assess.trade,
        "Raw-table mode: trade CSV (exporter,importer,commodity,year,quantity,value)");
    assess_cmd->add_option("--wgi", assess.wgi,
                           "Raw-table mode: governance CSV (iso3,year,political_stability,...)");
    assess_cmd->add_option("--eu-parameters", assess.eu_parameters,
                           "Folder of the EU method's tables (default: data/criticality)");
    assess_cmd->add_option("--economy", assess.economies,
                           "Raw-table mode: ISO3 code or group; repeat for several, or 'all'");
    add_output_flags(*assess_cmd, global);

    auto* data_cmd = app.add_subcommand("data", "Inspect and check datasets");
    data_cmd->require_subcommand(1);
    std::string summary_dir, validate_dir;
    auto* summary_cmd = data_cmd->add_subcommand("summary", "What a dataset holds");
    summary_cmd->add_option("DIR", summary_dir, "Dataset folder (default: embedded rare-earths)");
    add_output_flags(*summary_cmd, global);
    auto* validate_cmd = data_cmd->add_subcommand(
        "validate", "Check a dataset; list every problem with file, line and column");
    validate_cmd->add_option("DIR", validate_dir, "Dataset folder (default: embedded rare-earths)");
    add_output_flags(*validate_cmd, global);

    critmin::io::BaciImport baci;
    auto* baci_cmd = data_cmd->add_subcommand(
        "import-baci", "Convert CEPII BACI trade files into critmin's trade CSV");
    baci_cmd->add_option("--baci", baci.baci_files, "BACI file (columns t,i,j,k,v,q); repeatable")
        ->required();
    baci_cmd->add_option("--country-codes", baci.country_codes, "BACI country-code table")
        ->required();
    baci_cmd
        ->add_option("--hs-map", baci.hs_map,
                     "CSV hs_code,commodity (codes or prefixes of 2-6 digits)")
        ->required();
    baci_cmd->add_option("-o,--output", global.output, "Write the trade CSV here (atomically)");

    auto* mfa_cmd =
        app.add_subcommand("mfa", "Material flow analysis: stocks in use and recycling");
    mfa_cmd->require_subcommand(1);
    critmin::cli::MfaStockOptions mfa_stock;
    auto* mfa_stock_cmd = mfa_cmd->add_subcommand(
        "stock", "Dynamic stock model: stock and outflow from inflow, or inflow from stock");
    mfa_stock_cmd->add_option("--inflow", mfa_stock.inflow, "CSV with columns year,inflow");
    mfa_stock_cmd->add_option("--stock", mfa_stock.stock, "CSV with columns year,stock");
    mfa_stock_cmd
        ->add_option("--lifetime", mfa_stock.lifetime,
                     "fixed:L, normal:MEAN:SD, lognormal:MEAN:SD, weibull:SHAPE:SCALE or "
                     "foldednormal:MEAN:SD (years)")
        ->required();
    add_output_flags(*mfa_stock_cmd, global);
    critmin::cli::MfaRecyclingOptions mfa_recycling;
    auto* mfa_recycling_cmd = mfa_cmd->add_subcommand(
        "recycling", "Secondary Nd, Pr, Dy and Tb from end-of-life magnets, by region and year");
    mfa_recycling_cmd->add_option("--dataset", mfa_recycling.dataset,
                                  "Dataset for primary supply (default: embedded)");
    mfa_recycling_cmd->add_option("--scenario", mfa_recycling.scenario,
                                  "Recycling scenario (YAML)");
    mfa_recycling_cmd->add_option("--mfa-data", mfa_recycling.mfa_data,
                                  "Magnets-in-use tables (default: data/mfa)");
    mfa_recycling_cmd->add_option("--year", mfa_recycling.years,
                                  "Show these years only; repeatable");
    mfa_recycling_cmd->add_option("--region", mfa_recycling.regions,
                                  "Show these regions only; repeatable");
    mfa_recycling_cmd->add_option("--out-producers", mfa_recycling.out_producers,
                                  "Write recycling producers with capacity per year (CSV)");
    add_output_flags(*mfa_recycling_cmd, global);

    critmin::cli::SimulateOptions simulate;
    auto* simulate_cmd = app.add_subcommand(
        "simulate", "Propagate a shock day by day through the supply network (docs/model.md)");
    simulate_cmd->add_option("SCENARIO", simulate.scenario, "Scenario file (YAML)");
    simulate_cmd->add_option("--mrio", simulate.mrio,
                             "MRIO folder with Z.csv, Y.csv and x.csv instead of a scenario");
    simulate_cmd->add_option("--boario-scenario", simulate.boario_scenario,
                             "With --mrio: a BoARIO run's scenario.json (parameters and event)");
    simulate_cmd
        ->add_option("--compat", simulate.compat,
                     "boario: reproduce BoARIO 0.6.3, numerical quirks included")
        ->check(CLI::IsMember({"boario"}));
    simulate_cmd->add_option("--csv", simulate.csv, "Write one CSV per variable in this folder");
    simulate_cmd->add_option("--out", simulate.out, "Write a SQLite results database");
    simulate_cmd->add_option("--threads", simulate.threads, "Threads (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    simulate_cmd->add_flag("!--no-progress", simulate.progress, "Never show a progress bar");
    add_output_flags(*simulate_cmd, global);

    critmin::cli::BacktestOptions backtest;
    auto* backtest_cmd = app.add_subcommand(
        "backtest", "Compare a scenario with an observed episode (docs/validation.md)");
    backtest_cmd->add_option("SCENARIO", backtest.scenario, "Scenario with an observed: block")
        ->required();
    backtest_cmd->add_flag("--calibrate", backtest.calibrate,
                           "Fit inventory days and the strict licensing length to the episode");
    add_output_flags(*backtest_cmd, global);

    critmin::cli::ReportOptions report_options;
    auto* report_cmd = app.add_subcommand(
        "report",
        "One self-contained HTML report: map, supply chain, concentration, scenarios, stress");
    report_cmd->add_option("--dataset", report_options.dataset,
                           "Dataset folder (default: embedded)");
    report_cmd->add_option("--results", report_options.results,
                           "Results database of critmin simulate --out; repeatable");
    report_cmd->add_option("--stress", report_options.stress,
                           "Results database of critmin stress --out");
    report_cmd->add_option("--plan", report_options.plan,
                           "JSON output of critmin optimize --format json (plan and frontier)");
    report_cmd->add_option("--html", report_options.output,
                           "HTML file to write (default: out/report.html)");
    report_cmd->add_option("--assets", report_options.assets,
                           "The report/ folder (template and bundled libraries)");
    report_cmd->add_option("--for", report_options.economy,
                           "Economy of the criticality tables (default: JPN)");
    add_output_flags(*report_cmd, global);

    critmin::cli::StressOptions stress;
    auto* stress_cmd = app.add_subcommand(
        "stress", "Monte Carlo over an event catalogue: shortfall distributions, VaR and CVaR");
    stress_cmd->add_option("CATALOG", stress.catalogue, "Event catalogue (YAML)")->required();
    stress_cmd->add_option("--samples", stress.samples, "Scenario-years to draw")
        ->check(CLI::PositiveNumber);
    stress_cmd
        ->add_option("--horizon-days", stress.horizon_days,
                     "Days per scenario-year (default: the catalogue's; at most 36500, as a "
                     "scenario's horizon_days)")
        ->check(CLI::Range(1, 36500));
    stress_cmd->add_option("--threads", stress.threads, "Threads (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    stress_cmd->add_option("--seed", stress.seed,
                           "Random seed (sample i depends only on seed and i)");
    stress_cmd->add_option("--out", stress.out,
                           "Results database: samples as they finish, then the summary");
    stress_cmd->add_flag("--resume", stress.resume, "Continue the run stored in --out");
    stress_cmd->add_flag("!--no-progress", stress.progress, "Never show a progress bar");
    add_output_flags(*stress_cmd, global);

    critmin::cli::TtrOptions ttr;
    auto* ttr_cmd = app.add_subcommand(
        "ttr",
        "Time to survive, time to recover and risk exposure per producer (docs/planning.md)");
    ttr_cmd->add_option(
        "--instance", ttr.instance,
        "A plain instance (JSON: plants, products, scenarios) instead of a dataset");
    ttr_cmd->add_option("--dataset", ttr.dataset, "Dataset folder (default: embedded)");
    ttr_cmd->add_option("--ttr-table", ttr.ttr_table,
                        "CSV of ttr_days by producer, country and stage, or stage");
    ttr_cmd->add_option("--for", ttr.economy,
                        "Count only these end users: ISO3 code or group (default: all)");
    ttr_cmd->add_option("--shortfall-value", ttr.shortfall_value,
                        "CSV end_use,value_per_t (default: data/planning/shortfall-value.csv)");
    ttr_cmd->add_option("--by", ttr.by, "Unit taken down: producer (default) or country-stage")
        ->check(CLI::IsMember({"producer", "country-stage"}));
    ttr_cmd->add_option("--inventory-days", ttr.inventory_days, "Buyers' inventory in days of use")
        ->check(CLI::NonNegativeNumber);
    ttr_cmd
        ->add_option("--sharing", ttr.sharing,
                     "With --for: proportional (default; other countries keep their share of "
                     "each supplier's output) or first (the counted end users are served first)")
        ->check(CLI::IsMember({"proportional", "first"}));
    add_output_flags(*ttr_cmd, global);

    critmin::cli::OptimizeOptions optimize;
    auto* optimize_cmd = app.add_subcommand(
        "optimize", "Optimised diversification plan under cost and CVaR, re-tested in the engine");
    optimize_cmd->add_option("PLAN", optimize.plan, "Plan file (YAML)")->required();
    optimize_cmd->add_option("--samples", optimize.samples, "Scenarios drawn for the programme")
        ->check(CLI::PositiveNumber);
    optimize_cmd
        ->add_option("--out-of-sample", optimize.out_of_sample,
                     "Fresh samples for the engine check (0: none)")
        ->check(CLI::NonNegativeNumber);
    optimize_cmd->add_option("--threads", optimize.threads, "Threads (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    optimize_cmd->add_option(
        "--shortfall-value", optimize.shortfall_value,
        "CSV end_use,value_per_t (default: data/planning/shortfall-value.csv)");
    add_output_flags(*optimize_cmd, global);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::CallForVersion&) {
        std::cout << "critmin " << critmin::kVersion << "\n";
        return 0;
    } catch (const CLI::ParseError& e) {
        // Sub-command help requested with --help deep in the tree arrives here too.
        if (e.get_exit_code() == 0) {
            return app.exit(e);
        }
        std::cerr << "critmin: " << e.what() << "\nRun 'critmin --help' for usage.\n";
        return static_cast<int>(critmin::ErrorKind::usage);
    }

    refuse_outputs_over_inputs(app);

    if (optimize_cmd->parsed()) {
        emit(critmin::cli::run_optimize(optimize), global);
        return 0;
    }
    if (ttr_cmd->parsed()) {
        emit(critmin::cli::run_ttr(ttr), global);
        return 0;
    }
    if (report_cmd->parsed()) {
        emit(critmin::cli::run_report(report_options), global);
        return 0;
    }
    if (backtest_cmd->parsed()) {
        emit(critmin::cli::run_backtest(backtest), global);
        return 0;
    }
    if (stress_cmd->parsed()) {
        const auto report = critmin::cli::run_stress(stress);
        if (!report.silent) emit(report, global);
        critmin::cli::stress_finish();
        return report.exit_code;
    }
    if (simulate_cmd->parsed()) {
        const auto report = critmin::cli::run_simulate(simulate);
        emit(report, global);
        return report.exit_code;
    }
    if (assess_cmd->parsed()) {
        emit(critmin::cli::run_assess(assess), global);
    } else if (summary_cmd->parsed()) {
        emit(critmin::cli::run_data_summary(summary_dir), global);
    } else if (mfa_recycling_cmd->parsed()) {
        emit(critmin::cli::run_mfa_recycling(mfa_recycling), global);
    } else if (mfa_stock_cmd->parsed()) {
        emit(critmin::cli::run_mfa_stock(mfa_stock), global);
    } else if (baci_cmd->parsed()) {
        critmin::io::BaciSummary summary;
        const std::string csv = critmin::cli::run_import_baci(baci, summary);
        if (global.output.empty())
            std::cout << csv;
        else
            critmin::io::write_file_atomic(global.output, csv);
        std::string unknown;
        for (const auto& [code, rows] : summary.unknown_codes)
            unknown += fmt::format("{}{} ({} rows)", unknown.empty() ? "" : ", ", code, rows);
        std::cerr << fmt::format(
            "import-baci: {} rows read, {} kept in {} flows; {} without quantity left out{}\n",
            summary.rows_read, summary.rows_kept, summary.flows_written,
            summary.rows_without_quantity,
            unknown.empty() ? "" : "; country codes without ISO3, left out: " + unknown);
    } else if (validate_cmd->parsed()) {
        bool valid = false;
        auto report = critmin::cli::run_data_validate(validate_dir, valid);
        if (global.format == "table") {
            // The human form: problems go to stderr (or to the -o file) like a compiler's.
            if (!global.output.empty())
                critmin::io::write_file_atomic(global.output, report.notes);
            else
                (valid ? std::cout : std::cerr) << report.notes;
        } else {
            emit(report, global);
        }
        return valid ? 0 : static_cast<int>(critmin::ErrorKind::invalid_input);
    }
    return 0;
}

}  // namespace

// Output that could not be written (a full disk, a closed pipe) is a failed run, not a
// success: every write to stdout is checked once, at the end.
int checked_stdout(int code) {
    std::cout.flush();
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0 || !std::cout) {
        std::cerr << "critmin: could not write the output to stdout: " << std::strerror(errno)
                  << "\n";
        return code == 0 ? static_cast<int>(critmin::ErrorKind::runtime) : code;
    }
    return code;
}

int main(int argc, char** argv) {
    try {
        return checked_stdout(run(argc, argv));
    } catch (const critmin::InvalidInput& e) {
        std::cerr << e.diagnostics().to_string();
        std::cerr << fmt::format("critmin: invalid input ({} problem(s))\n",
                                 e.diagnostics().size());
        return e.exit_code();
    } catch (const critmin::Error& e) {
        std::cerr << "critmin: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "critmin: internal error: " << e.what() << "\n";
        return static_cast<int>(critmin::ErrorKind::runtime);
    }
}
