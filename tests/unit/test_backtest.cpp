// Backtests (docs/validation.md): V1 and V2 on a hand-made run.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/backtest.h"

namespace critmin::sim {
namespace {

TEST(Backtest, V1_V2_MonthlyChangesAndErrors) {
    Scenario sc;
    sc.start_date = "2025-04-01";
    ScenarioRun run;
    run.baseline_exports = 10.0;  // t per day
    run.steps_done = 61;          // April (30 days) and May (31 days)
    run.exports.assign(61, 10.0);
    for (int d = 3; d < 30; ++d) run.exports[static_cast<std::size_t>(d)] = 2.5;  // from 4 April
    std::vector<ObservedMonth> observed = {{"2025-04", 0, -51, "month_on_month"},
                                           {"2025-05", 0, -74, "year_on_year"},
                                           {"2025-08", 0, 0, "year_on_year"}};  // outside the run
    const Backtest b = compare(sc, run, observed);
    ASSERT_EQ(b.months.size(), 2u);
    // V1: April delivers 3 x 10 + 27 x 2.5 = 97.5 t against 300 t at baseline: -67.5%.
    EXPECT_EQ(b.months[0].days, 30);
    EXPECT_NEAR(b.months[0].simulated, 97.5, 1e-12);
    EXPECT_NEAR(b.months[0].simulated_change, -67.5, 1e-12);
    EXPECT_NEAR(b.months[0].error, -16.5, 1e-12);  // V2: -67.5 - (-51)
    EXPECT_NEAR(b.months[1].simulated_change, 0.0, 1e-12);
    EXPECT_NEAR(b.months[1].error, 74.0, 1e-12);
    EXPECT_NEAR(b.rmse, std::sqrt((16.5 * 16.5 + 74.0 * 74.0) / 2), 1e-12);
}

TEST(Backtest, ReadsTheShippedSeries) {
    const auto obs =
        read_observed(CRITMIN_SOURCE_DIR "/data/observed/china-magnet-exports-2025.csv");
    ASSERT_EQ(obs.size(), 4u);
    EXPECT_EQ(obs[1].month, "2025-05");
    EXPECT_EQ(obs[1].value, 1238);
    EXPECT_EQ(obs[1].change_pct, -74);
    EXPECT_EQ(obs[0].basis, "month_on_month");
}

}  // namespace
}  // namespace critmin::sim
