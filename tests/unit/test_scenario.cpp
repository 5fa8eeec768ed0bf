// Scenario mode on the hand-made tiny dataset (tests/data/tiny): equations S25-S36 of
// docs/model.md, and invariants of every run (mass balance, stockpile conservation).
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>

#include "cli/commands.h"
#include "sim/ario.h"
#include "sim/firm_network.h"
#include "sim/run.h"

#ifdef _OPENMP
#include <omp.h>
#endif

#include "io/loader.h"
#include "sim/dataset_network.h"
#include "sim/scenario_reader.h"
#include "sim/scenario_run.h"
#include "temp_dir.h"
#include "tiny.h"

namespace critmin::sim {
namespace {

using test::tiny;

std::size_t node(const DatasetNetwork& dn, const std::string& label) {
    return test::node_index(dn, label);
}

std::size_t column(const DatasetNetwork& dn, const std::string& label) {
    for (std::size_t c = 0; c < dn.net.n_final_columns(); ++c)
        if (dn.net.final_labels[c] == label) return c;
    ADD_FAILURE() << "no column " << label;
    return 0;
}

double slot_tech(const DatasetNetwork& dn, std::size_t buyer, const std::string& product) {
    const Network& net = dn.net;
    for (std::uint32_t k = net.slot_begin[buyer]; k < net.slot_begin[buyer + 1]; ++k)
        if (net.product_labels[net.slot_product[k]] == product) return net.slot_tech[k];
    return -1;
}

Scenario scenario(const std::string& yaml) {
    return parse_scenario(yaml, "test.yaml");
}

const char* kHeader = "name: test\nhorizon_days: 40\nparameters: {inventory_days: 10}\n";

TEST(Scenario, S25_NetworkFromDatasetKeepsBaselineBalance) {
    ModelParameters p;
    DatasetNetworkOptions o;
    const DatasetNetwork dn = build_dataset_network(tiny(), p, o);
    const Network& net = dn.net;
    // Nodes: two mines, one separation plant, two magnet makers, two end-use nodes.
    ASSERT_EQ(net.n_nodes(), 7u);
    EXPECT_NEAR(net.x0[node(dn, "CCC.sep")], 28.0 / 365, 1e-15);
    EXPECT_NEAR(net.x0[node(dn, "AAA.demand.ev")], 30.0 / 365, 1e-15);
    // S25 with one output: every input goes to it. 90 t ore for 28 t oxide; 8 t oxide for 16 t.
    EXPECT_NEAR(slot_tech(dn, node(dn, "CCC.sep"), "ore"), 90.0 / 28, 1e-12);
    EXPECT_NEAR(slot_tech(dn, node(dn, "AAA.magnet"), "oxide"), 0.5, 1e-12);
    EXPECT_NEAR(slot_tech(dn, node(dn, "AAA.demand.ev"), "magnet"), 1.0, 1e-12);
    // Baseline: output = deliveries to customers + final demand, for every node.
    for (std::size_t i = 0; i < net.n_nodes(); ++i) {
        double out = 0;
        for (std::uint32_t k = net.out_begin[i]; k < net.out_begin[i + 1]; ++k)
            out += net.edge_z0[net.out_edge[k]];
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f) out += net.fd_y0[f];
        EXPECT_NEAR(out, net.x0[i], 1e-12 * net.x0[i]) << net.node_labels[i];
    }
    EXPECT_EQ(dn.node_end_use[node(dn, "BBB.demand.wind")], 1);
}

TEST(Scenario, S1a_CapacityIsTheOverproductionCeiling) {
    // tests/data/tiny, 2024: AAA.mine makes 60 of a capacity of 70, BBB.mine runs at its 30,
    // CCC.sep makes 36 oxide of 40, AAA.magnet has no
    // capacity and keeps the model's alpha_max.
    ModelParameters p;
    const DatasetNetwork dn = build_dataset_network(tiny(), p, {});
    const Network& net = dn.net;
    EXPECT_DOUBLE_EQ(node_alpha_max(net, p, node(dn, "AAA.mine")), 70.0 / 60.0);
    EXPECT_DOUBLE_EQ(node_alpha_max(net, p, node(dn, "BBB.mine")), 1.0);
    EXPECT_DOUBLE_EQ(node_alpha_max(net, p, node(dn, "CCC.sep")), 40.0 / 36.0);
    EXPECT_DOUBLE_EQ(node_alpha_max(net, p, node(dn, "AAA.magnet")), p.alpha_max);
    // S1 moves alpha toward the node's own ceiling.
    const double a = next_alpha(1.0, 110, 100, p, 70.0 / 60.0);
    EXPECT_NEAR(a, 1.0 + (70.0 / 60.0 - 1.0) * (10.0 / 110.0) / p.alpha_tau, 1e-15);
}

TEST(Scenario, S25_JointOutputsShareInputsByElementThenMass) {
    // The embedded dataset: Japan's Dy metal maker takes Dy oxide and its NdPr metal maker none
    // (one process per element since dataset 0.2), while a Chinese separation plant's
    // concentrate feed is shared by all its oxides by output mass.
    const Dataset data = io::load_dataset(CRITMIN_SOURCE_DIR "/data/rare-earths");
    ModelParameters p;
    const DatasetNetwork dn = build_dataset_network(data, p, {});
    EXPECT_LT(slot_tech(dn, node(dn, "JPN.metal"), "dy_oxide"), 0);  // NdPr metal: no Dy input
    EXPECT_GT(slot_tech(dn, node(dn, "JPN.metal_dy"), "dy_oxide"), 0);
    EXPECT_LT(slot_tech(dn, node(dn, "JPN.metal_dy"), "ndpr_oxide"), 0);
    const double a = slot_tech(dn, node(dn, "CHN.sep.ion_adsorption_high_y"), "ree_concentrate");
    const double b =
        slot_tech(dn, node(dn, "CHN.sep.ion_adsorption_high_y:dy_oxide"), "ree_concentrate");
    // By output mass each output gets feed/total output per tonne: the same ratio everywhere.
    EXPECT_GT(a, 0);
    EXPECT_NEAR(a, b, 1e-9 * a);
}

TEST(Scenario, S26_CapacityShockProfile) {
    CapacityShock s;
    s.loss = 0.6;
    s.start = 10;
    s.duration = 5;
    s.recovery_days = 10;
    EXPECT_EQ(shock_loss(s, 9), 0.0);
    EXPECT_EQ(shock_loss(s, 10), 0.6);
    EXPECT_EQ(shock_loss(s, 14), 0.6);
    EXPECT_DOUBLE_EQ(shock_loss(s, 15), 0.6);  // recovery starts: nothing recovered yet
    EXPECT_DOUBLE_EQ(shock_loss(s, 20), 0.3);  // half way along the line
    EXPECT_EQ(shock_loss(s, 25), 0.0);
    s.recovery_days = 0;
    EXPECT_EQ(shock_loss(s, 15), 0.0);  // back at once
}

TEST(Scenario, S26_ShockCutsOutputAndDownstreamRunsOnInventory) {
    const ScenarioRun run = run_scenario(
        tiny(), scenario(std::string(kHeader) +
                         "shocks:\n  - {type: capacity, target: {producer: CCC.sep}, loss: 1,"
                         " start: 5, duration_days: 100}\n"));
    const auto& dn = run.network;
    const std::size_t n = dn.net.n_nodes();
    const std::size_t sep = node(dn, "CCC.sep");
    EXPECT_NEAR(run.production[4 * n + sep], 28.0 / 365, 1e-12);
    EXPECT_EQ(run.production[5 * n + sep], 0.0);
    // Magnet makers hold 10 days of oxide: they keep producing for a while, then stop.
    const std::size_t mag = node(dn, "DDD.magnet");
    EXPECT_NEAR(run.production[6 * n + mag], 20.0 / 365, 1e-9);
    EXPECT_LT(run.production[39 * n + mag], 0.5 * 20.0 / 365);
    EXPECT_LT(run.max_mass_balance_error, 1e-9);  // S18 holds in every step
}

TEST(Scenario, S27_ExportControlLicensesShareOfOrders) {
    // CCC exports oxide to AAA and DDD; half is licensed from day 0, so each magnet maker gets
    // at most half its orders and the separation plant sells only that.
    const ScenarioRun run = run_scenario(
        tiny(), scenario(std::string(kHeader) +
                         "shocks:\n  - {type: export_control, exporter: CCC, commodities: [oxide],"
                         " licensed: 0.5, start: 0}\n"));
    const auto& dn = run.network;
    const std::size_t n = dn.net.n_nodes();
    EXPECT_NEAR(run.production[0 * n + node(dn, "CCC.sep")], 0.5 * 28.0 / 365, 1e-12);
    EXPECT_LT(run.max_mass_balance_error, 1e-9);
}

TEST(Scenario, S27_ExportControlSparesOtherDestinations) {
    const ScenarioRun run = run_scenario(
        tiny(), scenario(std::string(kHeader) +
                         "shocks:\n  - {type: export_control, exporter: CCC, commodities: [oxide],"
                         " licensed: 0, destinations: [DDD], start: 0}\n"));
    const auto& dn = run.network;
    const std::size_t n = dn.net.n_nodes();
    // Only the 8 t/yr to AAA still ship on day 0.
    EXPECT_NEAR(run.production[node(dn, "CCC.sep")], 8.0 / 365, 1e-12);
    (void)n;
}

TEST(Scenario, S28_DemandChangeScalesFinalDemand) {
    const ScenarioRun run = run_scenario(
        tiny(), scenario(std::string(kHeader) +
                         "shocks:\n  - {type: demand, country: AAA, end_use: ev_traction_motors,"
                         " factor: 1.5, start: 3, end: 6}\n"));
    const auto& dn = run.network;
    const std::size_t nc = dn.net.n_final_columns();
    const std::size_t ev = column(dn, "AAA.demand.ev");
    EXPECT_NEAR(run.ordered[2 * nc + ev], 30.0 / 365, 1e-15);
    EXPECT_NEAR(run.ordered[3 * nc + ev], 1.5 * 30.0 / 365, 1e-15);
    EXPECT_NEAR(run.ordered[6 * nc + ev], 30.0 / 365, 1e-15);
    EXPECT_NEAR(run.ordered[3 * nc + column(dn, "BBB.demand.wind")], 6.0 / 365, 1e-15);
}

TEST(Scenario, S29_StockpileReleaseIsConservedAndLimited) {
    const ScenarioRun run = run_scenario(
        tiny(), scenario(std::string(kHeader) +
                         "shocks:\n  - {type: capacity, target: {producer: CCC.sep}, loss: 1,"
                         " start: 0, duration_days: 100}\n"
                         "responses:\n  stockpiles:\n    - {holder: AAA, commodities: [oxide],"
                         " max_daily_release: 0.5}\n"));
    ASSERT_EQ(run.stockpiles.size(), 1u);
    const StockpileSummary& s = run.stockpiles[0];
    // 60 days (dataset) of AAA's oxide use, 8 t/yr.
    EXPECT_NEAR(s.daily_use, 8.0 / 365, 1e-15);
    EXPECT_NEAR(s.stock, 60 * 8.0 / 365, 1e-12);
    EXPECT_GE(s.first_release_day, 1);  // after the first short delivery
    EXPECT_LE(s.released, s.stock + 1e-12);
    // Released at most half a day of use per day.
    const int days = 40 - s.first_release_day;
    EXPECT_LE(s.released, 0.5 * s.daily_use * days + 1e-12);
    EXPECT_GT(s.released, 0);
    for (std::size_t t = 1; t < run.stockpile_left.size(); ++t)
        EXPECT_LE(run.stockpile_left[t], run.stockpile_left[t - 1]);
    EXPECT_NEAR(run.stockpile_left.back(), s.stock - s.released, 1e-12);
}

TEST(Scenario, S30_RampShare) {
    EXPECT_EQ(ramp_share(4, 5, 10), 0.0);
    EXPECT_DOUBLE_EQ(ramp_share(5, 5, 10), 0.1);
    EXPECT_DOUBLE_EQ(ramp_share(14, 5, 10), 1.0);
    EXPECT_EQ(ramp_share(100, 5, 10), 1.0);
    EXPECT_EQ(ramp_share(5, 5, 0), 1.0);
}

TEST(Scenario, S30_ProjectSuppliesAfterGoingOnline) {
    // BBB's new mine (20 t/yr) comes online on day 0 when AAA's mines stop: the separation
    // plant then receives ore from it.
    const ScenarioRun run = run_scenario(
        tiny(), scenario(std::string(kHeader) +
                         "shocks:\n  - {type: capacity, target: {producer: AAA.mine}, loss: 1,"
                         " start: 0, duration_days: 100}\n"
                         "responses:\n  projects:\n    - {id: BBB.new_mine, online: 0}\n"));
    const auto& dn = run.network;
    const std::size_t n = dn.net.n_nodes();
    const std::size_t mine = node(dn, "project.BBB.new_mine");
    EXPECT_NEAR(run.capacity[mine], 20.0 / 365, 1e-15);
    EXPECT_GT(run.production[5 * n + mine], 0.0);
    EXPECT_LE(run.production[5 * n + mine], 20.0 / 365 + 1e-15);
}

TEST(Scenario, S31_CandidateSupplierTakesOrders) {
    // AAA's magnet maker stops; BBB's wind makers may buy up to half their magnets from DDD
    // after qualification. Without the candidate they get nothing once their stock is gone.
    const std::string shock = std::string(kHeader) +
                              "shocks:\n  - {type: capacity, target: {producer: AAA.magnet},"
                              " loss: 1, start: 0, duration_days: 100}\n";
    const ScenarioRun without = run_scenario(tiny(), scenario(shock));
    const ScenarioRun with = run_scenario(
        tiny(), scenario(shock + "responses:\n  candidates:\n    - {supplier: DDD.magnet, "
                                 "commodity: magnet, buyers: [BBB], max_share: 0.5}\n"));
    auto delivered = [](const ScenarioRun& r, int day) {
        const std::size_t nc = r.network.net.n_final_columns();
        return r
            .delivered[static_cast<std::size_t>(day) * nc + column(r.network, "BBB.demand.wind")];
    };
    // Without it, deliveries decay with the stock (exponentially in ARIO: production is
    // proportional to the inventory once it is below psi x target).
    EXPECT_LT(delivered(without, 39), 0.05 * 6.0 / 365);
    EXPECT_GT(delivered(with, 39), 0.2 * 6.0 / 365);
}

TEST(Scenario, S32_S33_S36_ShortfallAndOutputLost) {
    const ScenarioRun run = run_scenario(
        tiny(), scenario(std::string(kHeader) +
                         "shocks:\n  - {type: capacity, target: {producer: DDD.magnet}, loss: 1,"
                         " start: 0, duration_days: 100}\n"));
    const auto& dn = run.network;
    const std::size_t nc = dn.net.n_final_columns();
    const std::size_t ev = column(dn, "AAA.demand.ev");
    double demand = 0, missing = 0, deepest = 0;
    for (int t = 0; t < run.steps_done; ++t) {
        const double o = run.ordered[static_cast<std::size_t>(t) * nc + ev];
        const double d = run.delivered[static_cast<std::size_t>(t) * nc + ev];
        demand += o;
        missing += o - d;
        deepest = std::max(deepest, 100 * (o - d) / o);
    }
    const ColumnSummary* s = nullptr;
    for (const auto& c : run.columns)
        if (c.column == "AAA.demand.ev") s = &c;
    ASSERT_NE(s, nullptr);
    EXPECT_NEAR(s->demand, demand, 1e-12);
    EXPECT_NEAR(s->shortfall, missing, 1e-12);  // S32
    EXPECT_NEAR(s->shortfall_pct, 100 * missing / demand, 1e-9);
    EXPECT_NEAR(s->deepest_daily_pct, deepest, 1e-9);  // S33
    EXPECT_GT(s->shortfall, 0);
    EXPECT_NEAR(s->output_lost, s->shortfall / 0.002, 1e-9);   // S36: 0.002 t per vehicle
    EXPECT_NEAR(s->value_lost, s->output_lost * 40000, 1e-6);  // S36: 40,000 per vehicle
    EXPECT_EQ(s->output_unit, "vehicle");

    // summarise over the same series, fed day by day, gives the run's summaries.
    const CompiledScenario compiled =
        compile_scenario(tiny(), scenario(std::string(kHeader) +
                                          "shocks:\n  - {type: capacity, target: {producer: "
                                          "DDD.magnet}, loss: 1, start: 0, duration_days: 100}\n"));
    ColumnTracker tracker(nc, run.shock_start);
    for (int t = 0; t < run.steps_done; ++t) {
        const std::size_t at = static_cast<std::size_t>(t) * nc;
        tracker.add_day(t, run.ordered.data() + at, run.delivered.data() + at);
    }
    const auto summaries = summarise(compiled, tracker, static_cast<std::size_t>(run.steps_done));
    ASSERT_EQ(summaries.size(), run.columns.size());
    for (std::size_t k = 0; k < summaries.size(); ++k) {
        EXPECT_EQ(summaries[k].column, run.columns[k].column);
        EXPECT_EQ(summaries[k].country, run.columns[k].country);
        EXPECT_EQ(summaries[k].shortfall, run.columns[k].shortfall);
        EXPECT_EQ(summaries[k].output_lost, run.columns[k].output_lost);
        EXPECT_EQ(summaries[k].value_lost, run.columns[k].value_lost);
    }
}

TEST(Scenario, S34_S35_TimeToSurviveAndRecover) {
    const std::vector<double> ordered = {1, 1, 1, 1, 1, 1};
    EXPECT_EQ(time_to_survive(ordered, {1, 1, 0.5, 0.995, 1, 1}, 1), 1);
    // S35: within 1% of demand from day 3 on, two days after the shock.
    EXPECT_EQ(time_to_recover(ordered, {1, 1, 0.5, 0.995, 1, 1}, 1), 2);
    EXPECT_EQ(time_to_survive(ordered, {1, 1, 1, 1, 1, 1}, 1), -1);          // never unmet
    EXPECT_EQ(time_to_recover(ordered, {1, 1, 0.5, 0.5, 0.9, 0.5}, 1), -1);  // not within the run
    EXPECT_EQ(time_to_survive(ordered, {1, 1, 0.5, 1, 1, 1}, -1), -1);       // no shock
}

TEST(Scenario, RejectsBadInputWithYamlPaths) {
    try {
        (void)scenario(
            "name: x\nstart: 2025-04-01\nhorizon_days: 30\nshocks:\n"
            "  - {type: capacity, target: {country: AAA}, loss: 0.5, start: 2025-03-01,"
            " duration_days: 3}\n");
        FAIL() << "accepted a date before the start";
    } catch (const InvalidInput& e) {
        EXPECT_NE(e.diagnostics().to_string().find("shocks[0].start: date before the run start"),
                  std::string::npos)
            << e.diagnostics().to_string();
    }
    EXPECT_THROW((void)run_scenario(tiny(), scenario(std::string(kHeader) +
                                                     "shocks:\n  - {type: capacity, target: "
                                                     "{producer: NOPE}, loss: 1, start: 0,"
                                                     " duration_days: 1}\n")),
                 InvalidInput);
}

TEST(Scenario, StopFlagKeepsFinishedSteps) {
    // Ctrl-C sets the stop flag; the run ends between two steps and keeps what it finished.
    std::atomic<bool> stop{false};
    RunControl control;
    control.stop = &stop;
    control.progress = [&stop](int done, int) {
        if (done == 7) stop.store(true);
    };
    const ScenarioRun run = run_scenario(tiny(), scenario(kHeader), control);
    EXPECT_EQ(run.steps_done, 7);
    EXPECT_EQ(run.production.size(), 7 * run.network.net.n_nodes());
}

TEST(Scenario, AlliedFirstServesAlliesBeforeOthers) {
    // CCC's oxide output is cut by half; under allied_first the ally AAA is served its 8 t/yr
    // first and DDD gets the rest, where proportional rationing cuts both by half.
    const std::string base = std::string(kHeader) +
                             "shocks:\n  - {type: capacity, target: {producer: CCC.sep}, loss: 0.5,"
                             " start: 0, duration_days: 100}\n";
    const ScenarioRun allied =
        run_scenario(tiny(), scenario(base + "rationing: allied_first\nallies: [AAA]\n"));
    const ScenarioRun prop = run_scenario(tiny(), scenario(base));
    auto magnet_output = [](const ScenarioRun& r, const char* label, int day) {
        return r.production[static_cast<std::size_t>(day) * r.network.net.n_nodes() +
                            node(r.network, label)];
    };
    // The ally's magnet maker keeps more of its output, the other loses more.
    EXPECT_GT(magnet_output(allied, "AAA.magnet", 39), 1.1 * magnet_output(prop, "AAA.magnet", 39));
    EXPECT_LT(magnet_output(allied, "DDD.magnet", 39), 0.9 * magnet_output(prop, "DDD.magnet", 39));
}

TEST(Scenario, ResultsDatabaseHoldsTheRun) {
    namespace fs = std::filesystem;
    const test::TempDir tmp("db");
    const fs::path& dir = tmp.path();
    const fs::path yaml = dir / "s.yaml";
    tmp.write("s.yaml", std::string(kHeader) +
                            "dataset: " CRITMIN_SOURCE_DIR
                            "/tests/data/tiny\nshocks:\n  - {type: capacity, target: "
                            "{producer: DDD.magnet}, loss: 1, start: 0, duration_days: 5}\n");
    cli::SimulateOptions o;
    o.scenario = yaml.string();
    o.out = (dir / "results.db").string();
    o.progress = false;
    for (int k = 0; k < 2; ++k) (void)cli::run_simulate(o);  // a second run is appended
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(o.out.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    auto count = [db](const char* sql) {
        sqlite3_stmt* st = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK);
        EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
        const auto v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
    };
    EXPECT_EQ(count("SELECT COUNT(*) FROM runs"), 2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM series WHERE run_id = 2"), 40 * 7);
    EXPECT_EQ(count("SELECT COUNT(*) FROM demand_series WHERE run_id = 1"), 40 * 2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM summary WHERE run_id = 1"), 2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM producers WHERE run_id = 1 AND label = 'DDD.magnet'"), 1);
    // value_lost's currency travels with it; tiny's manifest states no price year.
    EXPECT_EQ(count("SELECT COUNT(*) FROM summary WHERE currency = 'USD' AND price_year IS NULL"),
              4);
    sqlite3_close(db);
    // No temporary file is left beside the database.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
    EXPECT_EQ(files, 2u);
}

// A database written before the summary table had currency and price_year takes new runs: the
// columns are added, and the old rows keep null in them.
TEST(Scenario, OlderResultsDatabaseGainsTheMoneyColumns) {
    namespace fs = std::filesystem;
    const test::TempDir tmp("db-old");
    const fs::path& dir = tmp.path();
    const fs::path yaml = dir / "s.yaml", path = dir / "old.db";
    tmp.write("s.yaml", std::string(kHeader) +
                            "dataset: " CRITMIN_SOURCE_DIR
                            "/tests/data/tiny\nshocks:\n  - {type: capacity, target: "
                            "{producer: DDD.magnet}, loss: 1, start: 0, duration_days: 5}\n");
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE summary (run_id INTEGER, country TEXT, end_use TEXT, "
                           "commodity TEXT, demand_t REAL, shortfall_t REAL, shortfall_pct REAL, "
                           "deepest_daily_pct REAL, tts_days INTEGER, ttr_days INTEGER, "
                           "output_lost REAL, output_unit TEXT, value_lost REAL);"
                           "INSERT INTO summary (run_id, country) VALUES (0, 'OLD');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    cli::SimulateOptions o;
    o.scenario = yaml.string();
    o.out = path.string();
    o.progress = false;
    (void)cli::run_simulate(o);
    ASSERT_EQ(sqlite3_open_v2(o.out.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    auto count = [db](const char* sql) {
        sqlite3_stmt* st = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK);
        EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
        const auto v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
    };
    EXPECT_EQ(count("SELECT COUNT(*) FROM summary WHERE country = 'OLD' AND currency IS NULL"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM summary WHERE currency = 'USD'"), 2);
    sqlite3_close(db);
}

// Threads only split the work when nodes + edges reach 32,768: check invariance on such a network.
TEST(Scenario, LargeNetworkResultsDoNotDependOnThreads) {
    sim::FirmTable t;
    const std::uint32_t n = 6000;
    t.sectors = {"a", "b", "c"};
    t.regions = {"r"};
    std::uint64_t x = 12345;
    auto next = [&x]() {  // splitmix64: a fixed, portable sequence
        x += 0x9e3779b97f4a7c15ULL;
        std::uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    for (std::uint32_t i = 0; i < n; ++i) {
        t.ids.push_back("f" + std::to_string(i));
        t.sector.push_back(i % 3);
        t.region.push_back(0);
        t.final_demand.push_back(1.0 + static_cast<double>(next() % 100));
    }
    for (std::uint32_t k = 0; k < 6 * n; ++k) {
        const auto a = static_cast<std::uint32_t>(next() % n);
        const auto b = static_cast<std::uint32_t>(next() % n);
        if (a == b) continue;
        t.supplier.push_back(a);
        t.customer.push_back(b);
        t.amount.push_back(1.0 + static_cast<double>(next() % 1000));
    }
    ModelParameters p;
    const Network net = build_firm_network(t, p);
    auto run = [&](int threads) {
#ifdef _OPENMP
        omp_set_num_threads(threads);
#endif
        State st = initial_state(net, p);
        StepHooks hooks;
        hooks.before_production = [&](State& s) {
            for (std::size_t i = 0; i < n; i += 7) s.delta[i] = s.step < 10 ? 0.5 : 0.0;
        };
        (void)run_steps(net, p, st, 30, hooks);
        EXPECT_LT(mass_balance_error(net, st), 1e-9);
        return st.production;
    };
    const auto one = run(1);
    const auto two = run(2);
    ASSERT_EQ(one.size(), two.size());
    for (std::size_t i = 0; i < one.size(); ++i) ASSERT_EQ(one[i], two[i]) << "node " << i;
}

TEST(Scenario, IsoDates) {
    EXPECT_EQ(parse_iso_date("1970-01-01"), 0);
    EXPECT_EQ(parse_iso_date("2025-04-04").value() - parse_iso_date("2025-04-01").value(), 3);
    EXPECT_EQ(format_iso_date(*parse_iso_date("2024-02-29")), "2024-02-29");
    EXPECT_FALSE(parse_iso_date("2025-02-29"));
    EXPECT_FALSE(parse_iso_date("2025-13-01"));
}

}  // namespace
}  // namespace critmin::sim
