// `critmin simulate SCENARIO.yaml`: a shock propagated day by day through a dataset's supply
// network (docs/scenarios.md); `--mrio DIR` runs an input-output table instead
// (simulate_mrio.cpp).
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>

#include "cli/commands.h"
#include "cli/in_memory.h"
#include "cli/interrupt.h"
#include "cli/selection.h"
#include "core/error.h"
#include "io/csv.h"
#include "io/loader.h"
#include "io/sqlite_writer.h"
#include "sim/firm_reader.h"
#include "sim/firm_scenario.h"
#include "sim/scenario_reader.h"
#include "sim/scenario_run.h"
#include "version.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;

class ProgressBar {
  public:
    explicit ProgressBar(bool enabled) : enabled_(enabled && ::isatty(2) == 1) {}
    void update(int done, int total) {
        if (!enabled_ || total <= 0) return;
        const int pct = done * 100 / total;
        if (pct == last_ && done != total) return;
        last_ = pct;
        const int width = 30;
        const int filled = done * width / total;
        std::fprintf(stderr, "\r[%.*s%.*s] %3d%%  day %d/%d", filled,
                     "##############################", width - filled,
                     "                              ", pct, done, total);
        if (done == total) std::fputc('\n', stderr);
        std::fflush(stderr);
    }
    void finish() {
        if (enabled_ && last_ >= 0 && last_ < 100) std::fputc('\n', stderr);
    }

  private:
    bool enabled_;
    int last_ = -1;
};

Json optional_number(double v) {
    return v < 0 ? Json() : Json(v);
}
Json optional_days(int v) {
    return v < 0 ? Json() : Json(v);
}

void write_csv(const std::string& dir, const sim::ScenarioRun& run) {
    const auto& net = run.network.net;
    const int steps = run.steps_done;
    std::vector<double> unmet(run.ordered.size());
    for (std::size_t k = 0; k < unmet.size(); ++k) unmet[k] = run.ordered[k] - run.delivered[k];
    write_series_folder(
        dir, {{"production.csv", series_csv(net.node_labels, run.production, steps)},
              {"capacity.csv", series_csv(net.node_labels, run.capacity, steps)},
              {"final_demand_ordered.csv", series_csv(net.final_labels, run.ordered, steps)},
              {"final_demand_delivered.csv", series_csv(net.final_labels, run.delivered, steps)},
              {"final_demand_unmet.csv", series_csv(net.final_labels, unmet, steps)}});
}

// value_lost is output_lost x the dataset's value_per_product, in the manifest's money.
MoneyUnit dataset_money(const Dataset& data) {
    MoneyUnit money;
    money.currency = data.manifest.money_unit;
    money.add_year(data.manifest.money_year);
    return money;
}

void write_database(const std::string& path, const Dataset& data, const sim::Scenario& sc,
                    const sim::ScenarioRun& run) {
    io::SqliteWriter db(path);
    db.exec(R"(
CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY, scenario TEXT, name TEXT,
  dataset TEXT, year INTEGER, start_date TEXT, horizon_days INTEGER, steps_done INTEGER,
  shock_start INTEGER, critmin_version TEXT, max_mass_balance_error REAL);
CREATE TABLE IF NOT EXISTS producers (run_id INTEGER, node INTEGER, label TEXT, name TEXT,
  country TEXT, commodity TEXT, stage TEXT, baseline_per_day REAL);
CREATE TABLE IF NOT EXISTS demand_columns (run_id INTEGER, col INTEGER, label TEXT, country TEXT,
  end_use TEXT, commodity TEXT, baseline_per_day REAL);
CREATE TABLE IF NOT EXISTS series (run_id INTEGER, step INTEGER, node INTEGER, production REAL,
  capacity REAL);
CREATE TABLE IF NOT EXISTS demand_series (run_id INTEGER, step INTEGER, col INTEGER,
  ordered REAL, delivered REAL, stock_days REAL);
CREATE TABLE IF NOT EXISTS summary (run_id INTEGER, country TEXT, end_use TEXT, commodity TEXT,
  demand_t REAL, shortfall_t REAL, shortfall_pct REAL, deepest_daily_pct REAL, tts_days INTEGER,
  ttr_days INTEGER, output_lost REAL, output_unit TEXT, value_lost REAL);
CREATE TABLE IF NOT EXISTS stockpiles (run_id INTEGER, holder TEXT, commodity TEXT, stock_t REAL,
  released_t REAL, first_release_day INTEGER, daily_use_t REAL);
)");
    // value_lost's currency and price year; added to databases written before they existed.
    db.add_column_if_missing("summary", "currency", "TEXT");
    db.add_column_if_missing("summary", "price_year", "INTEGER");
    const MoneyUnit money = dataset_money(data);
    const io::SqlValue price_year = money.price_year().is_null()
                                        ? io::SqlValue{}
                                        : io::SqlValue{std::int64_t{money.first_year}};
    const auto& dn = run.network;
    const auto& net = dn.net;
    db.begin_insert(
        "runs", {"scenario", "name", "dataset", "year", "start_date", "horizon_days", "steps_done",
                 "shock_start", "critmin_version", "max_mass_balance_error"});
    db.add({sc.path, sc.name, data.root, std::int64_t{dn.year}, sc.start_date,
            std::int64_t{sc.horizon_days}, std::int64_t{run.steps_done},
            std::int64_t{run.shock_start}, std::string(kVersion), run.max_mass_balance_error});
    db.end_insert();
    const std::int64_t id = db.last_row_id();
    db.begin_insert("producers", {"run_id", "node", "label", "name", "country", "commodity",
                                  "stage", "baseline_per_day"});
    for (std::size_t i = 0; i < net.n_nodes(); ++i) {
        const Id c = dn.node_commodity[i];
        db.add({id, static_cast<std::int64_t>(i), net.node_labels[i], dn.node_name[i],
                data.countries.iso3[dn.node_country[i]], data.commodities.id[c],
                std::string(to_string(data.commodities.stage[c])), net.x0[i]});
    }
    db.end_insert();
    db.begin_insert("demand_columns", {"run_id", "col", "label", "country", "end_use", "commodity",
                                       "baseline_per_day"});
    for (std::size_t c = 0; c < net.n_final_columns(); ++c) {
        const auto& col = dn.columns[c];
        db.add({id, static_cast<std::int64_t>(c), net.final_labels[c],
                data.countries.iso3[col.country], std::string(to_string(col.end_use)),
                data.commodities.id[col.commodity], col.yearly / 365.0});
    }
    db.end_insert();
    db.begin_insert("series", {"run_id", "step", "node", "production", "capacity"});
    const std::size_t n = net.n_nodes();
    for (int t = 0; t < run.steps_done; ++t)
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t at = static_cast<std::size_t>(t) * n + i;
            db.add({id, std::int64_t{t}, static_cast<std::int64_t>(i), run.production[at],
                    run.capacity[at]});
        }
    db.end_insert();
    db.begin_insert("demand_series",
                    {"run_id", "step", "col", "ordered", "delivered", "stock_days"});
    const std::size_t nc = net.n_final_columns();
    for (int t = 0; t < run.steps_done; ++t)
        for (std::size_t c = 0; c < nc; ++c) {
            const std::size_t at = static_cast<std::size_t>(t) * nc + c;
            db.add({id, std::int64_t{t}, static_cast<std::int64_t>(c), run.ordered[at],
                    run.delivered[at], run.stock_days[at]});
        }
    db.end_insert();
    auto opt = [](double v) { return v < 0 ? io::SqlValue{} : io::SqlValue{v}; };
    auto opt_days = [](int v) { return v < 0 ? io::SqlValue{} : io::SqlValue{std::int64_t{v}}; };
    db.begin_insert("summary",
                    {"run_id", "country", "end_use", "commodity", "demand_t", "shortfall_t",
                     "shortfall_pct", "deepest_daily_pct", "tts_days", "ttr_days", "output_lost",
                     "output_unit", "value_lost", "currency", "price_year"});
    for (const auto& s : run.columns)
        db.add({id, s.country, s.end_use, s.commodity, s.demand, s.shortfall, s.shortfall_pct,
                s.deepest_daily_pct, opt_days(s.tts_days), opt_days(s.ttr_days), opt(s.output_lost),
                s.output_unit, opt(s.value_lost), money.currency, price_year});
    db.end_insert();
    db.begin_insert("stockpiles", {"run_id", "holder", "commodity", "stock_t", "released_t",
                                   "first_release_day", "daily_use_t"});
    for (const auto& s : run.stockpiles)
        db.add({id, s.holder, s.commodity, s.stock, s.released, opt_days(s.first_release_day),
                s.daily_use});
    db.end_insert();
    db.commit();
}

Json column_row(const sim::ColumnSummary& s, const MoneyUnit& money) {
    Json row{{"view", "shortfall"},
             {"country", s.country},
             {"end_use", s.end_use},
             {"demand_t", s.demand},
             {"shortfall_t", s.shortfall},
             {"shortfall_pct", s.shortfall_pct},
             {"deepest_daily_pct", s.deepest_daily_pct},
             {"tts_days", optional_days(s.tts_days)},
             {"ttr_days", optional_days(s.ttr_days)},
             {"output_lost", optional_number(s.output_lost)},
             {"output_unit", s.output_unit},
             {"value_lost", optional_number(s.value_lost)}};
    money.add_to(row);
    return row;
}

// The scenario on a firm-level network (`firms:` in the scenario file).
Report simulate_firms(const SimulateOptions& options, const sim::Scenario& sc,
                      const sim::RunControl& control, ProgressBar& bar) {
    const sim::FirmTable firms = sim::read_firm_network(sc.firms_table, sc.firms_edges);
    const sim::FirmScenarioRun run = sim::run_firm_scenario(firms, sc, control);
    bar.finish();
    const std::string csv = !options.csv.empty() ? options.csv : sc.csv_dir;
    if (!options.out.empty() || !sc.database.empty())
        throw Error(ErrorKind::usage,
                    "results databases are written for dataset scenarios; use --csv for firm "
                    "networks");
    if (!csv.empty()) {
        const auto& net = run.net;
        std::vector<double> unmet(run.ordered.size());
        for (std::size_t k = 0; k < unmet.size(); ++k) unmet[k] = run.ordered[k] - run.delivered[k];
        write_series_folder(
            csv, {{"sector_output.csv",
                   series_csv(net.product_labels, run.sector_output, run.steps_done)},
                  {"final_demand_ordered.csv",
                   series_csv(net.final_labels, run.ordered, run.steps_done)},
                  {"final_demand_delivered.csv",
                   series_csv(net.final_labels, run.delivered, run.steps_done)},
                  {"final_demand_unmet.csv", series_csv(net.final_labels, unmet, run.steps_done)}});
    }
    Report report;
    report.command = "simulate";
    report.title = fmt::format("critmin simulate: {} ({} days, {} firms, {} links)", sc.name,
                               sc.horizon_days, run.net.n_nodes(), run.net.n_edges());
    for (const auto& s : run.columns) {
        // Amounts are in the edge list's unit, not tonnes.
        report.rows.push_back(Json{{"view", "shortfall"},
                                   {"region", s.country},
                                   {"demand", s.demand},
                                   {"shortfall", s.shortfall},
                                   {"shortfall_pct", s.shortfall_pct},
                                   {"deepest_daily_pct", s.deepest_daily_pct},
                                   {"tts_days", optional_days(s.tts_days)},
                                   {"ttr_days", optional_days(s.ttr_days)}});
    }
    for (const auto& s : run.sectors)
        report.rows.push_back(
            Json{{"view", "sector"},
                 {"sector", s.sector},
                 {"baseline_output", s.baseline},
                 {"output_lost", s.lost},
                 {"output_lost_pct", s.baseline > 0 ? 100 * s.lost / s.baseline : 0.0},
                 {"lowest_output_ratio", s.lowest_ratio},
                 {"lowest_day", optional_days(s.lowest_day)}});
    report.extra["scenario"] = sc.name;
    report.extra["firms"] = run.net.n_nodes();
    report.extra["links"] = run.net.n_edges();
    report.extra["steps_done"] = run.steps_done;
    report.extra["shock_start_day"] = optional_days(run.shock_start);
    report.extra["max_mass_balance_error"] = run.max_mass_balance_error;
    report.extra["kernel"] = run.kernel;
    if (run.steps_done < run.steps_planned) {
        report.notes += fmt::format("Stopped by Ctrl-C after {} of {} days.\n", run.steps_done,
                                    run.steps_planned);
        report.extra["interrupted"] = true;
        report.exit_code = 130;
    }
    report.notes +=
        "Amounts are in the edge list's unit (per year in the files, summed per day here).\n";
    if (!csv.empty()) report.notes += fmt::format("Time series written to {}/\n", csv);
    return report;
}

}  // namespace

Report run_simulate(const SimulateOptions& options) {
#ifdef _OPENMP
    if (options.threads > 0) omp_set_num_threads(options.threads);
#endif
    if (!options.mrio.empty()) {
        if (!options.scenario.empty())
            throw Error(ErrorKind::usage, "give a scenario file or --mrio, not both");
        return run_simulate_mrio(options);
    }
    if (options.scenario.empty())
        throw Error(ErrorKind::usage, "give a scenario file (SCENARIO.yaml) or --mrio DIR");
    if (options.compat == "boario")
        throw Error(ErrorKind::usage,
                    "--compat boario reproduces BoARIO on an MRIO: use it with --mrio DIR");
    const sim::Scenario sc = sim::read_scenario(options.scenario);
    InterruptGuard guard;
    ProgressBar bar(options.progress);
    sim::RunControl control;
    control.stop = guard.stop();
    control.progress = [&bar](int done, int total) { bar.update(done, total); };
    if (!sc.firms_table.empty()) return simulate_firms(options, sc, control, bar);

    const Dataset data = io::load_dataset(sc.dataset.empty() ? default_dataset_dir() : sc.dataset);
    const sim::ScenarioRun run = sim::run_scenario(data, sc, control);
    bar.finish();

    const std::string csv = !options.csv.empty() ? options.csv : sc.csv_dir;
    const std::string db = !options.out.empty() ? options.out : sc.database;
    if (!csv.empty()) write_csv(csv, run);
    if (!db.empty()) write_database(db, data, sc, run);

    Report report = simulate_report(data, sc, run);
    if (!csv.empty()) report.notes += fmt::format("Time series written to {}/\n", csv);
    if (!db.empty()) report.notes += fmt::format("Results database: {}\n", db);
    return report;
}

Report simulate_report(const Dataset& data, const sim::Scenario& sc, const sim::ScenarioRun& run) {
    Report report;
    report.command = "simulate";
    report.title = fmt::format("critmin simulate: {} ({} days from {}, dataset {} {})", sc.name,
                               sc.horizon_days, sc.start_date.empty() ? "day 0" : sc.start_date,
                               data.manifest.name, run.network.year);
    const MoneyUnit money = dataset_money(data);
    for (const auto& s : run.columns) report.rows.push_back(column_row(s, money));
    for (const auto& s : run.stockpiles) {
        report.rows.push_back(Json{{"view", "stockpile"},
                                   {"holder", s.holder},
                                   {"commodity", s.commodity},
                                   {"stock_t", s.stock},
                                   {"released_t", s.released},
                                   {"first_release_day", optional_days(s.first_release_day)},
                                   {"daily_use_t", s.daily_use}});
    }
    report.extra["scenario"] = sc.name;
    report.extra["start"] = sc.start_date;
    report.extra["horizon_days"] = sc.horizon_days;
    report.extra["steps_done"] = run.steps_done;
    report.extra["shock_start_day"] = optional_days(run.shock_start);
    report.extra["max_mass_balance_error"] = run.max_mass_balance_error;
    std::string notes;
    if (run.steps_done < run.steps_planned) {
        notes +=
            fmt::format("Stopped by Ctrl-C after {} of {} days; results cover the finished days.\n",
                        run.steps_done, run.steps_planned);
        report.extra["interrupted"] = true;
        report.exit_code = 130;
    }
    notes += fmt::format(
        "shortfall_t: demand not delivered over the run (t of {}); tts_days: days from the first "
        "shock until demand first goes unmet; ttr_days: days from the first shock until deliveries "
        "stay within 1% of demand (empty: not disrupted, or not recovered within the horizon).\n",
        run.columns.empty() ? "product" : run.columns.front().commodity);
    notes += fmt::format(
        "value_lost: output_lost x the dataset's value per product unit, in {} (for wind "
        "generators the full installed cost of the capacity not built, not value added).\n",
        money.label());
    report.notes = notes;
    report.table_columns["shortfall"] = {
        "country",  "end_use",  "demand_t",    "shortfall_t", "shortfall_pct", "deepest_daily_pct",
        "tts_days", "ttr_days", "output_lost", "output_unit", "value_lost"};
    report.column_labels["value_lost"] = fmt::format("value_lost ({})", money.label());
    return report;
}

}  // namespace critmin::cli
