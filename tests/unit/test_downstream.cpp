// Downstream responses (docs/model.md, section 8): S6a, S27a-c, S37, S38 with numbers worked out
// by hand, on the tiny dataset where a run is needed, and V3-V4 (docs/validation.md).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>

#include <unistd.h>

#include "io/loader.h"
#include "sim/ario.h"
#include "sim/backtest.h"
#include "sim/downstream.h"
#include "sim/scenario_reader.h"
#include "sim/scenario_run.h"
#include "temp_dir.h"
#include "tiny.h"

namespace critmin::sim {
namespace {

using test::tiny;
const auto node = test::node_index;

ScenarioRun run(const std::string& yaml) {
    return run_scenario(tiny(), parse_scenario("name: test\nhorizon_days: 60\n" + yaml, "t.yaml"));
}

TEST(Downstream, S27a_LicencesGrantedCaseByCase) {
    Licensing l;
    l.given = true;
    l.processing_days = 10;
    l.initial = 0.2;
    l.final_share = 1.0;
    l.ramp_days = 4;
    // A control starting on day 5: 0.2 until day 14, then 0.4, 0.6, 0.8, 1.0.
    EXPECT_DOUBLE_EQ(licensed_share(l, 0, 0, 5, 5), 0.2);
    EXPECT_DOUBLE_EQ(licensed_share(l, 0, 0, 5, 14), 0.2);
    EXPECT_DOUBLE_EQ(licensed_share(l, 0, 0, 5, 15), 0.4);
    EXPECT_DOUBLE_EQ(licensed_share(l, 0, 0, 5, 17), 0.8);
    EXPECT_DOUBLE_EQ(licensed_share(l, 0, 0, 5, 18), 1.0);
    EXPECT_DOUBLE_EQ(licensed_share(l, 0, 0, 5, 400), 1.0);
    l.ramp_days = 0;  // all at once
    EXPECT_DOUBLE_EQ(licensed_share(l, 0, 0, 5, 15), 1.0);
    // Without `licensing:` the fixed share applies.
    EXPECT_DOUBLE_EQ(licensed_share(Licensing{}, 0.25, 0, 5, 100), 0.25);
}

TEST(Downstream, S27b_LeakThroughThirdCountries) {
    EXPECT_DOUBLE_EQ(licensed_share(Licensing{}, 0.2, 0.5, 0, 0), 0.6);  // 0.2 + 0.8 x 0.5
    EXPECT_DOUBLE_EQ(licensed_share(Licensing{}, 0.0, 0.1, 0, 0), 0.1);
    EXPECT_DOUBLE_EQ(licensed_share(Licensing{}, 1.0, 0.3, 0, 0), 1.0);
}

TEST(Downstream, S27a_RunFollowsTheApprovals) {
    // CCC's oxide exports: half ships while applications are processed (days 0-9), then all.
    const ScenarioRun r =
        run("parameters: {inventory_days: 10}\nshocks:\n  - {type: export_control, exporter: CCC,"
            " commodities: [oxide], licensing: {processing_days: 10, initial: 0.5, final: 1},"
            " start: 0}\n");
    const std::size_t n = r.network.net.n_nodes();
    const std::size_t sep = node(r.network, "CCC.sep");
    EXPECT_NEAR(r.production[0 * n + sep], 0.5 * 28.0 / 365, 1e-12);
    // Approvals on day 10: all orders ship, output jumps as buyers restock.
    EXPECT_GT(r.production[10 * n + sep], 1.5 * r.production[9 * n + sep]);
    EXPECT_LT(r.max_mass_balance_error, 1e-9);
}

TEST(Downstream, S27c_HeldStockHandComputed) {
    // The exporter makes what is refused while the cap has room: 4 refused, 5 held, cap 6: 1.
    EXPECT_DOUBLE_EQ(held_stock_order(4, 5, 6), 1.0);
    EXPECT_DOUBLE_EQ(held_stock_order(0.5, 5, 6), 0.5);
    EXPECT_DOUBLE_EQ(held_stock_order(4, 6, 6), 0.0);
    // Release: buyers' licensed gaps of 120 closed over 60 days: 2 a day, within the stock.
    EXPECT_DOUBLE_EQ(held_stock_release(10, 120, 60), 2.0);
    EXPECT_DOUBLE_EQ(held_stock_release(1.5, 120, 60), 1.5);
    EXPECT_DOUBLE_EQ(held_stock_release(10, 0, 60), 0.0);
}

TEST(Downstream, S27c_ExporterShipsWhatItHeldOnceLicensed) {
    const std::string control =
        "parameters: {inventory_days: 10}\nshocks:\n  - {type: export_control, exporter: CCC,"
        " commodities: [oxide], licensed: 0, start: 0, end: 20";
    const ScenarioRun plain = run(control + "}\n");
    const ScenarioRun held = run(control + ", hold_days: 5}\n");
    const std::size_t n = plain.network.net.n_nodes();
    const std::size_t sep = node(plain.network, "CCC.sep");
    // While nothing may ship, the plant keeps making what is refused until it holds 5 days of
    // its 28 t/yr exports: 140/365 t.
    double made = 0;
    for (int d = 0; d < 20; ++d) {
        EXPECT_EQ(plain.production[static_cast<std::size_t>(d) * n + sep], 0.0);
        made += held.production[static_cast<std::size_t>(d) * n + sep];
    }
    EXPECT_NEAR(made, 5 * 28.0 / 365, 1e-9);
    // Magnet makers get the held oxide once licensed, so they recover sooner.
    const std::size_t mag = node(plain.network, "DDD.magnet");
    double plain_mag = 0, held_mag = 0;
    for (int d = 20; d < 40; ++d) {
        plain_mag += plain.production[static_cast<std::size_t>(d) * n + mag];
        held_mag += held.production[static_cast<std::size_t>(d) * n + mag];
    }
    EXPECT_GT(held_mag, plain_mag);
    EXPECT_LT(held.max_mass_balance_error, 1e-9);
}

TEST(Downstream, S37_StockMovesToTheEndUsesServedFirst) {
    // Three end uses of one country, ranks 0, 1, 2; stock 1, 5, 4; need 3, 6, 0.
    PriorityPool pool;
    pool.slots = {0, 1, 2};
    pool.rank = {0, 1, 2};
    pool.n_ranks = 3;
    double inventory[] = {1, 5, 4};
    const double need[] = {3, 6, 0};
    // Rank 0 lacks 2: the lowest rank (2) gives them. Rank 1 lacks 1: rank 2 gives it too.
    EXPECT_DOUBLE_EQ(share_by_priority(pool, need, inventory), 3.0);
    EXPECT_DOUBLE_EQ(inventory[0], 3.0);
    EXPECT_DOUBLE_EQ(inventory[1], 6.0);
    EXPECT_DOUBLE_EQ(inventory[2], 1.0);
    // Not enough below: rank 0 gets what the others hold, shared by their gaps.
    PriorityPool two;
    two.slots = {0, 1, 2};
    two.rank = {0, 0, 1};
    two.n_ranks = 2;
    double inv2[] = {0, 1, 3};
    const double need2[] = {4, 3, 10};
    EXPECT_DOUBLE_EQ(share_by_priority(two, need2, inv2), 3.0);
    EXPECT_DOUBLE_EQ(inv2[0], 0 + 4 * (3.0 / 6));  // gaps 4 and 2 share the 3 t
    EXPECT_DOUBLE_EQ(inv2[1], 1 + 2 * (3.0 / 6));
    EXPECT_DOUBLE_EQ(inv2[2], 0.0);
}

TEST(Downstream, S37_PoolKeepsItsStockAndNothingGoesNegative) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.0, 10.0);
    std::uniform_int_distribution<std::uint32_t> ranks(1, 5);
    for (int trial = 0; trial < 500; ++trial) {
        PriorityPool pool;
        pool.n_ranks = ranks(rng);
        const std::size_t m = 1 + rng() % 8;
        std::vector<double> inv(m), need(m);
        for (std::size_t k = 0; k < m; ++k) {
            pool.slots.push_back(static_cast<std::uint32_t>(k));
            pool.rank.push_back(static_cast<std::uint32_t>(rng() % pool.n_ranks));
            inv[k] = u(rng);
            need[k] = u(rng);
        }
        const std::vector<double> before = inv;
        (void)share_by_priority(pool, need.data(), inv.data());
        const double total = std::accumulate(before.begin(), before.end(), 0.0);
        EXPECT_NEAR(std::accumulate(inv.begin(), inv.end(), 0.0), total, 1e-12 * (1 + total));
        for (std::size_t k = 0; k < m; ++k) {
            EXPECT_GE(inv[k], 0.0);
            // A slot of the top rank never loses stock; one of the bottom rank never gains.
            if (pool.rank[k] == 0) {
                EXPECT_GE(inv[k], before[k] - 1e-12);
            }
            if (pool.rank[k] + 1 == pool.n_ranks && pool.n_ranks > 1) {
                EXPECT_LE(inv[k], before[k] + 1e-12);
            }
        }
    }
}

TEST(Downstream, S38_SubstitutionFactor) {
    Substitution s;
    s.reduction = 0.4;
    s.lead_days = 5;
    s.ramp_days = 10;
    EXPECT_EQ(substitution_factor(s, -1, 100), 1.0);  // never triggered
    EXPECT_EQ(substitution_factor(s, 10, 14), 1.0);   // lead time
    EXPECT_DOUBLE_EQ(substitution_factor(s, 10, 15), 1.0 - 0.4 * 0.1);
    EXPECT_DOUBLE_EQ(substitution_factor(s, 10, 24), 0.6);
    EXPECT_DOUBLE_EQ(substitution_factor(s, 10, 400), 0.6);
    s.ramp_days = 0;
    EXPECT_DOUBLE_EQ(substitution_factor(s, 10, 15), 0.6);
}

TEST(Downstream, S38_ThriftingLowersTheShortfall) {
    const std::string shock =
        "parameters: {inventory_days: 10}\nshocks:\n  - {type: capacity, target: {producer: "
        "DDD.magnet}, loss: 1, start: 0, duration_days: 100}\n";
    const ScenarioRun plain = run(shock);
    const ScenarioRun thrift =
        run(shock +
            "responses:\n  substitution:\n    - {kind: thrifting, end_use: "
            "[ev_traction_motors], inputs: [magnet], reduction: 0.5, trigger: start}\n");
    const auto ev = [](const ScenarioRun& r) {
        for (const auto& c : r.columns)
            if (c.end_use == "ev_traction_motors") return c.shortfall;
        return -1.0;
    };
    // AAA's EV makers lose two thirds of their magnets (DDD's 20 of 30 t/yr); needing half as
    // much per vehicle, AAA's own 10 t/yr cover a third of output instead of a sixth... and
    // stock lasts longer: the shortfall falls.
    EXPECT_GT(ev(plain), 0.0);
    EXPECT_LT(ev(thrift), 0.7 * ev(plain));
    EXPECT_LT(thrift.max_mass_balance_error, 1e-9);
}

TEST(Downstream, S6a_EndUsersRunTheirStockDown) {
    const std::string shock =
        "shocks:\n  - {type: capacity, target: {producer: DDD.magnet}, loss: 1, start: 0, "
        "duration_days: 100}\n";
    // ARIO's rule (psi 0.8 of 10 days): output falls as soon as stock dips below 8 days.
    const ScenarioRun ario = run("parameters: {inventory_days: 10, stop_days: 0}\n" + shock);
    // Stop level 2 days: output holds until the stock is down to 2 days of use.
    const ScenarioRun stop = run("parameters: {inventory_days: 10, stop_days: 2}\n" + shock);
    const std::size_t n = stop.network.net.n_nodes();
    const std::size_t ev = node(stop.network, "AAA.demand.ev");
    const double x0 = 30.0 / 365;
    EXPECT_LT(ario.production[6 * n + ev], x0 * (1 - 1e-6));
    EXPECT_NEAR(stop.production[3 * n + ev], x0, 1e-12);
    EXPECT_NEAR(stop.production[6 * n + ev], x0, 1e-12);
    // Stock after day t: about 10 - t x (1 - 1/3) days (AAA's own magnets still come): 2 days
    // of use after day 12, where output starts to fall.
    EXPECT_NEAR(stop.production[11 * n + ev], x0, 1e-12);
    EXPECT_LT(stop.production[16 * n + ev], x0 * (1 - 1e-6));
    EXPECT_LT(stop.max_mass_balance_error, 1e-9);
}

TEST(Downstream, S6b_StockSpreadAcrossFirmsHandComputed) {
    // One firm: min(1, days / stop).
    EXPECT_DOUBLE_EQ(stock_ratio(5, 10, 0), 0.5);
    EXPECT_DOUBLE_EQ(stock_ratio(12, 10, 0), 1.0);
    // Firms on [5, 25] days, stop 10: G(25) = 25 - 5 = 20, G(5) = 25 / 20 = 1.25, so
    // (20 - 1.25) / 20 = 0.9375 although the node holds 15 days.
    EXPECT_DOUBLE_EQ(stock_ratio(15, 10, 10), 0.9375);
    // Firms on [-9.5, 10.5]: G(10.5) = 5.5, so 0.275; capped at what the node holds (0.2 days).
    EXPECT_DOUBLE_EQ(stock_ratio(0.5, 10, 10), 0.275);
    EXPECT_DOUBLE_EQ(stock_ratio(0.2, 10, 10), 0.2);
    EXPECT_DOUBLE_EQ(stock_ratio(20, 10, 10), 1.0);
    // Property: between 0 and 1, rising with the stock, and to the one-firm rule as spread -> 0.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0.0, 40.0);
    for (int i = 0; i < 2000; ++i) {
        const double stop = 1.0 + u(rng) / 4, spread = u(rng), days = u(rng);
        const double r = stock_ratio(days, stop, spread);
        EXPECT_GE(r, 0.0);
        EXPECT_LE(r, std::min(1.0, days) + 1e-15);
        EXPECT_LE(r, stock_ratio(days + 0.5, stop, spread) + 1e-12);
        EXPECT_NEAR(stock_ratio(days, stop, 1e-9), std::min(1.0, days / stop), 1e-6);
    }
}

TEST(Downstream, S6b_SpreadStopsSomeFirmsEarlier) {
    const std::string shock =
        "shocks:\n  - {type: capacity, target: {producer: DDD.magnet}, loss: 1, start: 0, "
        "duration_days: 100}\n";
    const ScenarioRun one = run("parameters: {inventory_days: 10, stop_days: 2}\n" + shock);
    const ScenarioRun spread =
        run("parameters: {inventory_days: 10, stop_days: 2, stock_spread_days: 4}\n" + shock);
    const std::size_t n = one.network.net.n_nodes();
    const std::size_t ev = node(one.network, "AAA.demand.ev");
    const double x0 = 30.0 / 365;
    // Day 9: the node holds about 10 - 9 x 2/3 = 4 days; as one firm it runs at full output,
    // but firms holding under 2 days (on [0, 8]) have cut theirs.
    EXPECT_NEAR(one.production[9 * n + ev], x0, 1e-12);
    EXPECT_LT(spread.production[9 * n + ev], x0 * (1 - 1e-3));
    EXPECT_NEAR(spread.production[2 * n + ev], x0, 1e-12);
    EXPECT_LT(spread.max_mass_balance_error, 1e-9);
}

TEST(Downstream, ReaderRejectsBadEntriesWithPaths) {
    const auto bad = [](const std::string& yaml, const std::string& where) {
        try {
            (void)parse_scenario("name: t\nhorizon_days: 10\n" + yaml, "t.yaml");
            ADD_FAILURE() << "accepted: " << yaml;
        } catch (const InvalidInput& e) {
            EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
        }
    };
    bad("shocks:\n  - {type: export_control, exporter: C, commodities: [x], licensed: 0.5,"
        " licensing: {processing_days: 3, final: 1}, start: 0}\n",
        "shocks[0].licensed");
    bad("shocks:\n  - {type: export_control, exporter: C, commodities: [x], licensing: {final: 1},"
        " start: 0}\n",
        "shocks[0].licensing.processing_days");
    bad("shocks:\n  - {type: export_control, exporter: C, commodities: [x], licensed: 0, leak: 2,"
        " start: 0}\n",
        "shocks[0].leak");
    bad("responses:\n  substitution:\n    - {inputs: [x], reduction: 0.3}\n",
        "responses.substitution[0]");
    bad("responses:\n  substitution:\n    - {end_use: [other], reduction: 1.5}\n",
        "responses.substitution[0].reduction");
    bad("responses:\n  prioritise: {countries: [JPN]}\n", "responses.prioritise.end_uses");
    bad("parameters: {stop_days: 0.5}\n", "parameters.stop_days");
}

// V3-V4 fixture: the tiny dataset with DDD's magnets lost for 60 days, and a table of two
// reported losses in a temporary folder removed at the end.
struct LossCase {
    explicit LossCase(const std::string& tag)
        : scenario(parse_scenario(
              "name: t\nhorizon_days: 60\nstart: 2025-04-01\nparameters: {inventory_days: 10}\n"
              "shocks:\n  - {type: capacity, target: {producer: DDD.magnet}, loss: 1, start: 0, "
              "duration_days: 100}\n",
              "t.yaml")),
          run(run_scenario(tiny(), scenario)),
          dir("downstream-" + tag),
          csv(dir.write("losses.csv",
                        "country,end_uses,start,end,observed_low_pct,observed_high_pct\n"
                        "AAA,ev_traction_motors,2025-04-01,2025-05-30,1,3\n"
                        "BBB,wind_generators,2025-04-11,2025-04-20,10,20\n")) {}
    Scenario scenario;
    ScenarioRun run;
    test::TempDir dir;
    std::string csv;
};

TEST(Downstream, V3_LossesAgainstTheReportedBand) {
    const LossCase lc("v3");
    const Scenario& sc = lc.scenario;
    const ScenarioRun& r = lc.run;
    const DownstreamBacktest b =
        compare_downstream(tiny(), sc, r, read_observed_losses(lc.csv), lc.csv);
    ASSERT_EQ(b.rows.size(), 2u);
    // V3 by hand from the run's series: AAA's EV makers over all 60 days.
    const std::size_t nc = r.network.net.n_final_columns();
    std::size_t ev = 0;
    for (std::size_t c = 0; c < nc; ++c)
        if (r.network.net.final_labels[c] == "AAA.demand.ev") ev = c;
    double ordered = 0, missing = 0;
    for (std::size_t d = 0; d < 60; ++d) {
        ordered += r.ordered[d * nc + ev];
        missing += r.ordered[d * nc + ev] - r.delivered[d * nc + ev];
    }
    EXPECT_EQ(b.rows[0].days, 60);
    EXPECT_NEAR(b.rows[0].simulated_pct, 100 * missing / ordered, 1e-9);
    EXPECT_GT(b.rows[0].simulated_pct, 30.0);  // far above 10 x 3%
    EXPECT_EQ(b.rows[0].agreement, "above");
    EXPECT_NEAR(b.rows[0].log10_error, std::log10(b.rows[0].simulated_pct / std::sqrt(3.0)), 1e-12);
}

TEST(Downstream, V4_OrderOfMagnitudeAndLogError) {
    const LossCase lc("v4");
    const Scenario& sc = lc.scenario;
    const ScenarioRun& r = lc.run;
    const std::string& csv = lc.csv;
    const DownstreamBacktest b = compare_downstream(tiny(), sc, r, read_observed_losses(csv), csv);
    ASSERT_EQ(b.rows.size(), 2u);
    // V4 on a whole row and by hand: the order-of-magnitude window and the floored error.
    EXPECT_EQ(b.rows[1].agreement, order_of_magnitude(b.rows[1].simulated_pct, 10, 20));
    EXPECT_EQ(b.within, b.rows[1].agreement == "within" ? 1 : 0);
    EXPECT_EQ(order_of_magnitude(0.0, 0.05, 0.5), "below");
    EXPECT_EQ(order_of_magnitude(0.005, 0.05, 0.5), "within");  // the floor, low / 10
    EXPECT_EQ(order_of_magnitude(5.0, 0.05, 0.5), "within");    // the ceiling, 10 x high
    EXPECT_EQ(order_of_magnitude(5.01, 0.05, 0.5), "above");
    EXPECT_DOUBLE_EQ(log10_error(0.0, 0.05, 0.5), std::log10(0.005 / std::sqrt(0.025)));
    EXPECT_DOUBLE_EQ(log10_error(25.0, 0.05, 0.5), std::log10(25.0 / std::sqrt(0.025)));
    EXPECT_NEAR(b.rms_log10_error,
                std::sqrt((b.rows[0].log10_error * b.rows[0].log10_error +
                           b.rows[1].log10_error * b.rows[1].log10_error) /
                          2),
                1e-12);
    // A band that is not one, and an unknown country, name the file and line.
    std::ofstream(csv) << "country,end_uses,start,end,observed_low_pct,observed_high_pct\n"
                          "AAA,ev_traction_motors,2025-04-01,2025-05-30,3,1\n";
    EXPECT_THROW((void)read_observed_losses(csv), InvalidInput);
    std::ofstream(csv) << "country,end_uses,start,end,observed_low_pct,observed_high_pct\n"
                          "ZZZ,ev_traction_motors,2025-04-01,2025-05-30,1,3\n";
    try {
        (void)compare_downstream(tiny(), sc, r, read_observed_losses(csv), csv);
        ADD_FAILURE() << "unknown country accepted";
    } catch (const InvalidInput& e) {
        EXPECT_NE(std::string(e.what()).find("losses.csv:2"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace critmin::sim
