// Stress testing (docs/stress.md): distributions T1-T6, sampling T7-T9, statistics T10-T14, and
// a closed-form case: one event with a known probability and a known loss.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "io/loader.h"
#include "sim/scenario_reader.h"
#include "sim/scenario_run.h"
#include "stress/catalogue.h"
#include "stress/random.h"
#include "stress/reach.h"
#include "stress/sampler.h"
#include "stress/statistics.h"
#include "stress/stress_run.h"
#include "temp_dir.h"
#include "tiny.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace critmin::stress {
namespace {

// Mean of `n` draws of `d`, each from its own counter of a fixed key.
double sample_mean(const Distribution& d, int n) {
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        const SampleRandom rng(7, static_cast<std::uint64_t>(i));
        sum += d.sample([&rng](unsigned k) { return rng.uniform(3, k); });
    }
    return sum / n;
}

TEST(Stress, RandomNumbersDependOnlyOnSeedSampleAndCounter) {
    const SampleRandom a(42, 1000), b(42, 1000), c(43, 1000);
    EXPECT_EQ(a.uniform(5, 9), b.uniform(5, 9));
    EXPECT_NE(a.uniform(5, 9), c.uniform(5, 9));
    EXPECT_NE(a.uniform(5, 9), a.uniform(5, 10));
    for (int k = 0; k < 1000; ++k) {
        const double u = a.uniform(1, static_cast<std::uint32_t>(k));
        EXPECT_GT(u, 0.0);
        EXPECT_LT(u, 1.0);
    }
}

TEST(Stress, T1_T2_T3_FixedUniformTriangular) {
    Distribution fixed;
    fixed.a = 3.5;
    EXPECT_EQ(fixed.sample([](unsigned) { return 0.9; }), 3.5);  // T1
    Distribution u;
    u.kind = Distribution::Kind::uniform;
    u.a = 10;
    u.b = 20;
    EXPECT_DOUBLE_EQ(u.sample([](unsigned) { return 0.25; }), 12.5);  // T2
    Distribution t;
    t.kind = Distribution::Kind::triangular;
    t.a = 0;
    t.c = 1;
    t.b = 4;
    // T3: F(mode) = (c - a) / (b - a) = 0.25, so the 0.25 quantile is the mode.
    EXPECT_DOUBLE_EQ(t.sample([](unsigned) { return 0.25; }), 1.0);
    EXPECT_NEAR(t.sample([](unsigned) { return 0.0625; }), 0.5, 1e-12);  // a + sqrt(p(b-a)(c-a))
    EXPECT_NEAR(sample_mean(t, 20000), 5.0 / 3.0, 0.03);
}

TEST(Stress, T4_LognormalAndNormalQuantile) {
    EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-14);
    EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
    EXPECT_NEAR(normal_quantile(0.001), -3.090232306167813, 1e-13);
    EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-11);
    // T4: median x exp(sigma z), z the normal quantile of u.
    Distribution l;
    l.kind = Distribution::Kind::lognormal;
    l.a = 100;  // median
    l.b = 0.5;
    EXPECT_NEAR(l.sample([](unsigned) { return 0.5; }), 100.0, 1e-12);
    EXPECT_NEAR(sample_mean(l, 40000), 100 * std::exp(0.125), 1.5);
}

TEST(Stress, T5_T6_BetaAndEmpirical) {
    Distribution b;
    b.kind = Distribution::Kind::beta;
    b.a = 2;
    b.b = 6;
    b.lo = 10;
    b.hi = 20;
    EXPECT_NEAR(sample_mean(b, 20000), 10 + 10 * 2.0 / 8.0, 0.05);  // T5: mean lo + (hi-lo) a/(a+b)
    Distribution e;
    e.kind = Distribution::Kind::empirical;
    e.values = {1, 2, 3};
    e.weights = {1, 1, 2};
    EXPECT_EQ(e.sample([](unsigned) { return 0.2; }), 1.0);  // T6: by cumulative weight
    EXPECT_EQ(e.sample([](unsigned) { return 0.4; }), 2.0);
    EXPECT_EQ(e.sample([](unsigned) { return 0.9; }), 3.0);
    EXPECT_NEAR(sample_mean(e, 20000), 2.25, 0.02);
}

TEST(Stress, T7_PoissonCount) {
    EXPECT_EQ(poisson_count(1.0, 0.3), 0);  // P(0) = e^-1 = 0.368
    EXPECT_EQ(poisson_count(1.0, 0.5), 1);  // P(<=1) = 0.736
    EXPECT_EQ(poisson_count(1.0, 0.9), 2);  // P(<=2) = 0.920
    double mean = 0;
    for (int i = 0; i < 20000; ++i) mean += poisson_count(2.5, (i + 0.5) / 20000);
    EXPECT_NEAR(mean / 20000, 2.5, 0.01);
}

TEST(Stress, T10_T11_T12_T13_StatisticsOnAKnownSample) {
    // 100 losses 1..100: VaR95 = 95 (95% of outcomes at or below), CVaR95 = mean of 96..100 +
    // the fractional share at the boundary = 95 + (1+2+3+4+5)/(100 x 0.05) = 98.
    std::vector<double> losses;
    for (int i = 100; i >= 1; --i) losses.push_back(i);
    const LossStatistics s = loss_statistics(losses);
    EXPECT_DOUBLE_EQ(s.mean, 50.5);  // T10
    EXPECT_NEAR(s.std_error, std::sqrt(841.6666666666666) / 10.0, 1e-12);
    EXPECT_EQ(s.var95, 95);            // T11
    EXPECT_DOUBLE_EQ(s.cvar95, 98.0);  // T12
    EXPECT_EQ(s.var99, 99);
    EXPECT_DOUBLE_EQ(s.cvar99, 100.0);
    std::vector<double> sorted(losses.rbegin(), losses.rend());
    EXPECT_DOUBLE_EQ(exceedance(sorted, 90), 0.10);  // T13
    EXPECT_DOUBLE_EQ(exceedance(sorted, 100), 0.0);
}

TEST(Stress, T11_T12_EqualWeightsAreTheWeightedMeasure) {
    // One VaR and CVaR for stress tests and plans: equal weights give what weights of 1/N give,
    // in any sample order; unequal weights move the quantile (P(L <= 3) = 0.96 >= 0.95).
    const std::vector<double> losses = {7, 1, 9,  3,  3, 0, 12, 5, 8, 2,
                                        4, 6, 11, 10, 0, 1, 2,  9, 5, 4};
    const std::vector<double> equal(losses.size(), 1.0 / static_cast<double>(losses.size()));
    for (double alpha : {0.5, 0.8, 0.9, 0.95}) {
        EXPECT_EQ(value_at_risk(losses, alpha), value_at_risk(losses, equal, alpha)) << alpha;
        EXPECT_NEAR(conditional_value_at_risk(losses, alpha),
                    conditional_value_at_risk(losses, equal, alpha), 1e-12)
            << alpha;
    }
    EXPECT_EQ(value_at_risk(losses, 0.95), 11);
    EXPECT_DOUBLE_EQ(conditional_value_at_risk(losses, 0.95), 11 + 1.0 / (20 * 0.05));
    const std::vector<double> skewed = {0.96, 0.04};
    EXPECT_EQ(value_at_risk({3, 50}, skewed, 0.95), 3);
    EXPECT_NEAR(conditional_value_at_risk({3, 50}, skewed, 0.95), 3 + 0.04 * 47 / 0.05, 1e-12);
}

std::string write_catalogue(const std::string& name, const std::string& events) {
    return test::process_temp_dir().write(name, "name: test\ndataset: " CRITMIN_SOURCE_DIR
                                                "/tests/data/tiny\nhorizon_days: 60\n"
                                                "parameters: {inventory_days: 10}\n" +
                                                    events);
}

using test::tiny;

TEST(Stress, T8_T9_DependenceAndScenario) {
    const Catalogue c = read_catalogue(write_catalogue(
        "dep.yaml",
        "events:\n"
        "  - {id: a, type: capacity, probability: 0.5, onset_day: {uniform: [0, 50]},"
        " duration_days: 5, severity: 0.4, target: {producer: CCC.sep}}\n"
        "  - {id: b, type: export_control, probability: 0.0, onset_day: 0, duration_days: 9,"
        " severity: 0.7, exporter: CCC, commodities: [oxide]}\n"
        "  - {id: c, type: demand, probability: 0.0, onset_day: 0, duration_days: 3, severity: "
        "0.2}\n"
        "dependence:\n  - {together: [a, b]}\n  - {event: a, raises: c, probability: 1.0}\n"));
    int with_a = 0;
    for (std::uint64_t i = 0; i < 200; ++i) {
        const SampledYear y = sample_year(c, 99, i);
        // T8: b happens exactly with a, at a's onset and duration; c whenever a happens.
        EXPECT_EQ(y.count[1], y.count[0]);
        EXPECT_EQ(y.count[2], y.count[0]);
        if (y.count[0] == 0) continue;
        ++with_a;
        EXPECT_EQ(y.occurrences[1].onset, y.occurrences[0].onset);
        EXPECT_EQ(y.occurrences[1].duration, 5);
        // T9: severities become a capacity loss, a licensed share and a demand factor.
        const sim::Scenario s = year_scenario(c, y);
        ASSERT_EQ(s.capacity_shocks.size(), 1u);
        EXPECT_DOUBLE_EQ(s.capacity_shocks[0].loss, 0.4);
        ASSERT_EQ(s.export_controls.size(), 1u);
        EXPECT_DOUBLE_EQ(s.export_controls[0].licensed, 1.0 - 0.7);
        EXPECT_EQ(s.export_controls[0].days.end, s.export_controls[0].days.start + 5);
        ASSERT_EQ(s.demand_changes.size(), 1u);
        EXPECT_DOUBLE_EQ(s.demand_changes[0].factor, 1.2);
    }
    EXPECT_GT(with_a, 70);
    EXPECT_LT(with_a, 130);
    // The same sample is drawn identically, whoever asks.
    EXPECT_EQ(sample_year(c, 99, 17).occurrences.size(), sample_year(c, 99, 17).occurrences.size());
}

TEST(Stress, T10_T11_T12_T14_ClosedFormSingleEvent) {
    // One event, probability 0.3, always the same loss L: shortfall is 0 or L each year, so the
    // expected shortfall is 0.3 L, VaR95 = CVaR95 = L and P(disrupted) = 0.3.
    const std::string events =
        "events:\n  - {id: outage, type: capacity, probability: 0.3, onset_day: 5,"
        " duration_days: 20, severity: 1.0, target: {producer: DDD.magnet}}\n";
    const Catalogue c = read_catalogue(write_catalogue("one.yaml", events));
    sim::Scenario fixed = c.base;
    sim::CapacityShock shock;
    shock.target.producers = {"DDD.magnet"};
    shock.loss = 1.0;
    shock.start = 5;
    shock.duration = 20;
    fixed.capacity_shocks.push_back(shock);
    sim::RunControl control;
    const sim::ScenarioRun one = sim::run_scenario(tiny(), fixed, control);
    double L = 0;
    for (const auto& col : one.columns) L += col.shortfall;
    ASSERT_GT(L, 0);

    const std::size_t n = 2000;
    std::vector<SampleResult> out(n);
    const CompiledCatalogue cc = compile_catalogue(tiny(), c);
    run_samples(cc, c, 5, 0, n, {}, out, nullptr, nullptr);
    const auto hit = event_producers(cc, c);
    ASSERT_EQ(hit.size(), 1u);
    EXPECT_EQ(hit[0], std::vector<std::string>{"DDD.magnet"});
    const StressSummary s = summarise(c, stress_columns(cc), out, hit);
    const GroupStatistics& world = s.groups.back();
    ASSERT_EQ(world.country, "all");
    const double p = world.p_disrupted;
    EXPECT_NEAR(p, 0.3, 3 * std::sqrt(0.3 * 0.7 / n));
    EXPECT_NEAR(world.loss.mean, p * L, 1e-9 * L);
    EXPECT_NEAR(world.loss.var95, L, 1e-9 * L);
    EXPECT_NEAR(world.loss.cvar95, L, 1e-9 * L);
    EXPECT_NEAR(world.loss.std_error, L * std::sqrt(p * (1 - p) / (n - 1)), 1e-6 * L);
    ASSERT_EQ(s.tail.size(), 1u);
    EXPECT_DOUBLE_EQ(s.tail[0].share_of_tail, 1.0);  // T14: every bad year has the outage
    EXPECT_NEAR(s.tail[0].mean_loss_with, L, 1e-9 * L);
    ASSERT_EQ(s.producers.size(), 1u);  // T14 per producer: the outage's only target
    EXPECT_EQ(s.producers[0].event, "DDD.magnet");
    EXPECT_DOUBLE_EQ(s.producers[0].share_of_tail, 1.0);
}

TEST(Stress, CompiledOnceEqualsAScenarioPerSample) {
    // A sample's events over the catalogue compiled once give, bit for bit, the run of the
    // scenario year_scenario makes for it (compiled on its own): the base scenario's shocks
    // first, every occurrence after them in order.
    Catalogue c = read_catalogue(write_catalogue(
        "once.yaml",
        "events:\n  - {id: a, type: capacity, rate: 1.2, onset_day: {uniform: [0, 40]},"
        " duration_days: {uniform: [3, 20]}, severity: {uniform: [0.2, 1]},"
        " recovery: {days: 15, curve: convex}, target: {producer: CCC.sep}}\n"
        "  - {id: b, type: export_control, probability: 0.5, onset_day: {uniform: [0, 30]},"
        " duration_days: 25, severity: 0.6, exporter: CCC, commodities: [oxide]}\n"
        "  - {id: c, type: demand, probability: 0.4, onset_day: 10, duration_days: 30,"
        " severity: -0.3}\n"));
    c.base.horizon_days = 90;
    sim::CapacityShock own;
    own.target.producers = {"DDD.magnet"};
    own.loss = 0.3;
    own.start = 12;
    own.duration = 9;
    c.base.capacity_shocks.push_back(own);
    const CompiledCatalogue cc = compile_catalogue(tiny(), c);
    sim::RunControl control;
    control.record_nodes = false;
    int with_events = 0;
    for (std::uint64_t i = 0; i < 60; ++i) {
        const SampledYear y = sample_year(c, 3, i);
        with_events += y.occurrences.empty() ? 0 : 1;
        const sim::ScenarioRun once = sim::run(cc.scenario, year_events(cc, c, y), control);
        const sim::ScenarioRun alone = sim::run_scenario(tiny(), year_scenario(c, y), control);
        ASSERT_EQ(once.columns.size(), alone.columns.size());
        EXPECT_EQ(once.shock_start, alone.shock_start) << "sample " << i;
        EXPECT_EQ(once.delivered, alone.delivered) << "sample " << i;
        for (std::size_t k = 0; k < once.columns.size(); ++k) {
            EXPECT_EQ(once.columns[k].shortfall, alone.columns[k].shortfall) << "sample " << i;
            EXPECT_EQ(once.columns[k].tts_days, alone.columns[k].tts_days) << "sample " << i;
            EXPECT_EQ(once.columns[k].ttr_days, alone.columns[k].ttr_days) << "sample " << i;
        }
    }
    EXPECT_GT(with_events, 30);
}

TEST(Stress, ResultsDoNotDependOnThreads) {
    const Catalogue c = read_catalogue(write_catalogue(
        "threads.yaml",
        "events:\n  - {id: x, type: capacity, rate: 1.5, onset_day: {uniform: [0, 59]},"
        " duration_days: {lognormal: {median: 8, sigma: 0.5}}, severity: {beta: {alpha: 2, beta: "
        "2}},"
        " target: {producer: CCC.sep}}\n"));
    const std::size_t n = 300;
    const CompiledCatalogue cc = compile_catalogue(tiny(), c);
    auto run = [&](int threads) {
#ifdef _OPENMP
        omp_set_num_threads(threads);
#endif
        std::vector<SampleResult> out(n);
        run_samples(cc, c, 11, 0, n, {}, out, nullptr, nullptr);
        return out;
    };
    const auto one = run(1);
    const auto two = run(2);
    for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(one[i].shortfall, two[i].shortfall) << "sample " << i;
        ASSERT_EQ(one[i].tts, two[i].tts);
        ASSERT_EQ(one[i].events, two[i].events);
    }
}

TEST(Stress, CatalogueKeysAreCheckedAtEveryLevel) {
    // Misspelt keys inside a target, a recovery and a dependence were ignored before.
    try {
        (void)read_catalogue(write_catalogue(
            "keys.yaml",
            "events:\n  - {id: x, type: capacity, probability: 0.5, onset_day: 1,"
            " duration_days: 1, severity: 1, target: {producers: CCC.sep},"
            " recovery: {day: 5}}\n"
            "  - {id: y, type: demand, probability: 0.5, onset_day: 1, duration_days: 1,"
            " severity: 0.1}\n"
            "dependence:\n  - {event: x, raises: y, probabilty: 0.5}\n"));
        FAIL();
    } catch (const InvalidInput& e) {
        const std::string text = e.diagnostics().to_string();
        EXPECT_NE(text.find("events[0].target.producers: unknown key"), std::string::npos) << text;
        EXPECT_NE(text.find("events[0].recovery.day: unknown key"), std::string::npos) << text;
        EXPECT_NE(text.find("dependence[0].probabilty: unknown key"), std::string::npos) << text;
    }
}

TEST(Stress, CatalogueErrorsNamePaths) {
    try {
        (void)read_catalogue(write_catalogue(
            "bad.yaml",
            "events:\n  - {id: x, type: capacity, probability: 1.5, onset_day: {gamma: 2},"
            " duration_days: 1, severity: 1, target: {producer: CCC.sep}}\n"));
        FAIL();
    } catch (const InvalidInput& e) {
        const std::string text = e.diagnostics().to_string();
        EXPECT_NE(text.find("events[0].probability"), std::string::npos) << text;
        EXPECT_NE(text.find("events[0].onset_day"), std::string::npos) << text;
    }
}

TEST(Stress, ChainsNoEventReachesAreLeftOutAndChangeNothing) {
    // The rare-earth catalogue on the embedded dataset: no event names or hits germanium,
    // antimony or tungsten, so their flows leave the network; every other column's results are
    // those of the full network.
    const Dataset full = io::load_dataset(CRITMIN_SOURCE_DIR "/data/rare-earths");
    Catalogue c = read_catalogue(CRITMIN_SOURCE_DIR "/scenarios/stress-rare-earths.yaml");
    c.base.horizon_days = 120;
    const CompiledCatalogue whole = compile_catalogue(full, c);
    const ReachablePart part = reachable_part(full, c, event_producers(whole, c));
    EXPECT_EQ(part.dropped,
              (std::vector<std::string>{"germanium_refined", "antimony_concentrate",
                                        "antimony_refined", "tungsten_concentrate", "apt"}));
    EXPECT_LT(part.data.flows.size(), full.flows.size());
    const CompiledCatalogue reached = compile_catalogue(part.data, c);
    const auto cols_full = stress_columns(whole);
    const auto cols_part = stress_columns(reached);
    const std::size_t n = 40;
    std::vector<SampleResult> a(n), b(n);
    run_samples(whole, c, 11, 0, n, {}, a, nullptr, nullptr);
    run_samples(reached, c, 11, 0, n, {}, b, nullptr, nullptr);
    for (std::size_t k = 0; k < cols_part.size(); ++k) {
        std::size_t j = 0;
        while (j < cols_full.size() && cols_full[j].label != cols_part[k].label) ++j;
        ASSERT_LT(j, cols_full.size()) << cols_part[k].label;
        for (std::size_t i = 0; i < n; ++i)
            EXPECT_EQ(a[i].shortfall[j], b[i].shortfall[k]) << cols_part[k].label;
    }
    // A base scenario with a response keeps everything.
    c.base.spare_capacity.push_back({});
    EXPECT_TRUE(reachable_part(full, c, {}).dropped.empty());
}

TEST(Stress, DrawsBeyondTheIntRangeAreClampedNotWrapped) {
    // A lognormal has no upper end: a median of 1e30 days draws far beyond the int range. The
    // draw is clamped before its conversion: the event starts on the last day and lasts the
    // run, not day 0 for 0 days.
    const Catalogue far = read_catalogue(
        write_catalogue("far.yaml",
                        "events:\n  - {id: late, type: capacity, probability: 1,"
                        " onset_day: {lognormal: {median: 1e30, sigma: 0.1}},"
                        " duration_days: {lognormal: {median: 1e30, sigma: 0.1}}, severity: 1.0,"
                        " target: {producer: DDD.magnet}}\n"));
    const SampledYear a = sample_year(far, 1, 0);
    ASSERT_EQ(a.occurrences.size(), 1u);
    EXPECT_EQ(a.occurrences[0].onset, 59);
    EXPECT_EQ(a.occurrences[0].duration, 1000000);
}

TEST(Stress, DrawsASimulationWouldRefuseAreRefusedOnReading) {
    // A fixed onset of 3e9 days, a share above 1 and all-zero empirical weights: errors with
    // the event's YAML path, not silent clamping (simulate refuses the same).
    auto message = [](const std::string& name, const std::string& event) {
        try {
            (void)read_catalogue(write_catalogue(name, "events:\n  - " + event + "\n"));
        } catch (const InvalidInput& e) {
            return e.diagnostics().to_string();
        }
        return std::string();
    };
    const std::string target = ", target: {producer: DDD.magnet}}";
    EXPECT_NE(message("onset.yaml",
                      "{id: a, type: capacity, probability: 1, onset_day: 3e9,"
                      " duration_days: 5, severity: 1" +
                          target)
                  .find("events[0].onset_day: draws must lie in [0, 36500]"),
              std::string::npos);
    EXPECT_NE(message("severity.yaml",
                      "{id: a, type: capacity, probability: 1, onset_day: 1,"
                      " duration_days: 5, severity: {uniform: [0.5, 1.5]}" +
                          target)
                  .find("events[0].severity: draws must lie in [0, 1]; this distribution reaches "
                        "1.5"),
              std::string::npos);
    EXPECT_NE(message("weights.yaml",
                      "{id: a, type: capacity, probability: 1, onset_day: 1,"
                      " duration_days: {empirical: {values: [5, 9], weights: [0,"
                      " 0]}}, severity: 1" +
                          target)
                  .find("the weights are all zero"),
              std::string::npos);
}

}  // namespace
}  // namespace critmin::stress
