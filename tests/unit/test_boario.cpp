// critmin's boario mode against BoARIO 0.6.3's own traces (shared/reference/boario), its quirks
// on the full test MRIO (docs/model.md, "Differences from BoARIO"), and native-mode invariants
// on the same run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/boario_scenario.h"
#include "sim/mrio_reader.h"
#include "sim/mrio_run.h"
#include "temp_dir.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace fs = std::filesystem;
using critmin::sim::Mode;
using critmin::sim::MrioRun;

namespace {

// Copies of shared/reference (tests/data/reference/README.md), so any clone can run the tests.
const fs::path kFixtures = fs::path(CRITMIN_SOURCE_DIR) / "tests" / "data";
const fs::path kMrio = kFixtures / "reference" / "mrio-test";
const fs::path kRecovery = kFixtures / "reference" / "boario" / "testmrio_recovery";
// BoARIO's own traces of rebuild_event() below (tests/data/reference/boario-rebuild/README.md).
const fs::path kRebuild = kFixtures / "reference" / "boario-rebuild";
// The recovery run with the event in thousands (tests/data/reference/boario-recovery-emf1e3).
const fs::path kRecoveryEmf1e3 = kFixtures / "reference" / "boario-recovery-emf1e3";

#define REQUIRE_SHARED()                                                                        \
    ASSERT_TRUE(fs::exists(kRecovery / "scenario.json") && fs::exists(kMrio / "Z.csv"))         \
        << "the BoARIO reference files are missing: expected " << kRecovery.string() << " and " \
        << kMrio.string()

const critmin::sim::MrioTable& test_mrio() {
    static const critmin::sim::MrioTable m = critmin::sim::read_mrio(kMrio.string());
    return m;
}

MrioRun run_scenario(const fs::path& scenario, Mode mode) {
    return critmin::sim::run_mrio_scenario(
        test_mrio(), critmin::sim::read_boario_scenario(scenario.string()), mode);
}

const MrioRun& recovery_run(Mode mode) {
    static const MrioRun boario = run_scenario(kRecovery / "scenario.json", Mode::boario);
    static const MrioRun native = run_scenario(kRecovery / "scenario.json", Mode::native);
    return mode == Mode::boario ? boario : native;
}

// One CSV line split at commas (quoted fields allowed).
std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"') {
            if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == ',' && !quoted) {
            out.emplace_back();
        } else if (c != '\r') {
            out.back() += c;
        }
    }
    return out;
}

double parse_number(const std::string& s) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    EXPECT_TRUE(ec == std::errc{} && end == s.data() + s.size()) << "not a number: " << s;
    return v;
}

// A trace in pandas' MultiIndex layout: `region,...`, `sector,...` (or `category,...`),
// `step,,,`, then one row per step.
struct Trace {
    std::vector<std::string> labels;  // region|sector
    std::vector<std::vector<double>> rows;
};

Trace read_trace(const fs::path& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in) << "cannot open " << path;
    std::string l1, l2, l3;
    std::getline(in, l1);
    std::getline(in, l2);
    std::getline(in, l3);
    const auto regions = split_csv(l1);
    const auto second = split_csv(l2);
    EXPECT_EQ(regions.at(0), "region");
    EXPECT_TRUE(second.at(0) == "sector" || second.at(0) == "category") << second.at(0);
    EXPECT_EQ(split_csv(l3).at(0), "step");
    EXPECT_EQ(regions.size(), second.size());
    Trace t;
    for (std::size_t c = 1; c < regions.size(); ++c)
        t.labels.push_back(regions[c] + "|" + second[c]);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto fields = split_csv(line);
        EXPECT_EQ(fields.size(), regions.size());
        EXPECT_EQ(parse_number(fields[0]), static_cast<double>(t.rows.size()));
        std::vector<double> row;
        for (std::size_t c = 1; c < fields.size(); ++c) row.push_back(parse_number(fields[c]));
        t.rows.push_back(std::move(row));
    }
    return t;
}

struct Gap {
    double worst_rel = 0;
    double worst_abs = 0;
};

// Every value of `got` (steps x columns) against the trace: |a - b| <= abs_tol + rel |b|.
Gap compare(const Trace& want, const std::vector<std::string>& labels,
            const std::vector<double>& got, int steps, double rel, double abs_tol,
            const char* what) {
    Gap gap;
    EXPECT_EQ(labels, want.labels) << what;
    EXPECT_EQ(static_cast<std::size_t>(steps), want.rows.size()) << what;
    if (labels != want.labels || static_cast<std::size_t>(steps) != want.rows.size()) return gap;
    const std::size_t n = labels.size();
    int failures = 0;
    for (int t = 0; t < steps; ++t) {
        for (std::size_t i = 0; i < n; ++i) {
            const double a = got[static_cast<std::size_t>(t) * n + i];
            const double b = want.rows[static_cast<std::size_t>(t)][i];
            const double diff = std::fabs(a - b);
            gap.worst_abs = std::max(gap.worst_abs, diff);
            if (b != 0) gap.worst_rel = std::max(gap.worst_rel, diff / std::fabs(b));
            if (diff > abs_tol + rel * std::fabs(b) && ++failures <= 5)
                ADD_FAILURE() << what << " step " << t << " " << labels[i] << ": critmin " << a
                              << ", BoARIO " << b;
        }
    }
    EXPECT_EQ(failures, 0) << what;
    return gap;
}

std::size_t index_of(const std::vector<std::string>& labels, const std::string& label) {
    const auto it = std::find(labels.begin(), labels.end(), label);
    EXPECT_NE(it, labels.end()) << label;
    return static_cast<std::size_t>(it - labels.begin());
}

double ratio(const std::vector<double>& series, const MrioRun& run, int step, std::size_t i) {
    return series[static_cast<std::size_t>(step) * run.industries.size() + i] / run.x0[i];
}

// The reference scenario.json with its event replaced; written to a temporary file.
fs::path scenario_with_event(const std::string& name, const nlohmann::json& event) {
    std::ifstream in(kRecovery / "scenario.json");
    nlohmann::json root = nlohmann::json::parse(in);
    root["event"] = event;
    return critmin::test::process_temp_dir().write(name + ".json", root.dump(1));
}

nlohmann::json arbitrary_event() {
    return {{"event_type", "arbitrary"},
            {"impact_per_industry", {{"reg1|mining", 0.15}, {"reg1|manufactoring", 0.15}}},
            {"recovery_tau", 90},
            {"recovery_function", "linear"},
            {"occurrence", 5},
            {"duration", 1}};
}

nlohmann::json rebuild_event() {
    return {{"event_type", "rebuild"},
            {"impact_per_industry", {{"reg1|mining", 25000.0}, {"reg1|manufactoring", 25000.0}}},
            {"rebuild_tau", 100},
            {"rebuilding_factor", 1.0},
            {"rebuilding_sectors", {{"construction", 0.55}, {"manufactoring", 0.45}}},
            {"occurrence", 5},
            {"duration", 1},
            {"event_monetary_factor", 1000000}};
}

}  // namespace

// ---- The reference run, value by value --------------------------------------------------------

TEST(Boario, ReferenceRecoveryRunMatchesEveryStep) {
    REQUIRE_SHARED();
    const MrioRun& run = recovery_run(Mode::boario);
    ASSERT_EQ(run.steps, 365);
    // Within 1e-9 as issue 18 asks (measured: 6.5e-16 and 3.7e-16); unmet final demand carries
    // BoARIO's rounding noise, about 1e-10 absolute.
    const Gap x = compare(read_trace(kRecovery / "production_realised.csv"), run.industries,
                          run.production, run.steps, 1e-9, 0.0, "production_realised");
    const Gap cap = compare(read_trace(kRecovery / "production_capacity.csv"), run.industries,
                            run.capacity, run.steps, 1e-9, 0.0, "production_capacity");
    const Gap unmet = compare(read_trace(kRecovery / "final_demand_unmet.csv"), run.final_columns,
                              run.final_demand_unmet, run.steps, 1e-9, 1e-9, "final_demand_unmet");
    std::printf(
        "worst relative gap: production %.3g, capacity %.3g; unmet final demand: "
        "worst absolute gap %.3g\n",
        x.worst_rel, cap.worst_rel, unmet.worst_abs);
}

TEST(Boario, ReferenceRebuildRunMatchesEveryStep) {
    REQUIRE_SHARED();
    ASSERT_TRUE(fs::exists(kRebuild / "scenario.json")) << "missing " << kRebuild.string();
    // The rebuild event of rebuild_event() as BoARIO 0.6.3 ran it (issue 17 item 19): rebuilding
    // demand, its rationing and the capital it rebuilds, step by step. Before the fix the
    // traces parted from step 7 on (production 3.4e-6 relative, unmet final demand 0.05).
    const MrioRun run = run_scenario(kRebuild / "scenario.json", Mode::boario);
    ASSERT_EQ(run.steps, 365);
    const Gap x = compare(read_trace(kRebuild / "production_realised.csv"), run.industries,
                          run.production, run.steps, 1e-9, 0.0, "production_realised");
    const Gap cap = compare(read_trace(kRebuild / "production_capacity.csv"), run.industries,
                            run.capacity, run.steps, 1e-9, 0.0, "production_capacity");
    // Unmet final demand carries BoARIO's rounding noise (about 1e-10, README item 8).
    const Gap unmet = compare(read_trace(kRebuild / "final_demand_unmet.csv"), run.final_columns,
                              run.final_demand_unmet, run.steps, 1e-9, 1e-9, "final_demand_unmet");
    std::printf(
        "worst relative gap: production %.3g, capacity %.3g; unmet final demand: "
        "worst absolute gap %.3g\n",
        x.worst_rel, cap.worst_rel, unmet.worst_abs);
}

TEST(Boario, S20_ReferenceRunWithTheEventInThousandsMatchesEveryStep) {
    REQUIRE_SHARED();
    ASSERT_TRUE(fs::exists(kRecoveryEmf1e3 / "scenario.json")) << kRecoveryEmf1e3.string();
    // BoARIO rounds the remaining capital with the event's monetary factor (4 decimals for 1e3),
    // not the model's (7 for 1e6). Rounding with the model's left production 5.8e-10 apart.
    const MrioRun run = run_scenario(kRecoveryEmf1e3 / "scenario.json", Mode::boario);
    ASSERT_EQ(run.steps, 365);
    const Gap x = compare(read_trace(kRecoveryEmf1e3 / "production_realised.csv"), run.industries,
                          run.production, run.steps, 1e-13, 0.0, "production_realised");
    const Gap cap = compare(read_trace(kRecoveryEmf1e3 / "production_capacity.csv"), run.industries,
                            run.capacity, run.steps, 1e-13, 0.0, "production_capacity");
    std::printf("worst relative gap: production %.3g, capacity %.3g\n", x.worst_rel, cap.worst_rel);
}

TEST(Boario, S21_ARebuildEventInThousandsIsTheSameCapitalInMillions) {
    REQUIRE_SHARED();
    // BoARIO 0.6.3 stops on such an event (README of boario-recovery-emf1e3); critmin converts
    // the impact and its rebuilding demand alike. Native mode, where no rounding depends on
    // the unit, gives the same run bit for bit.
    nlohmann::json thousands = rebuild_event();
    thousands["event_monetary_factor"] = 1000;
    thousands["impact_per_industry"] = {{"reg1|mining", 25000000.0},
                                        {"reg1|manufactoring", 25000000.0}};
    const MrioRun millions =
        run_scenario(scenario_with_event("rebuild-millions", rebuild_event()), Mode::native);
    const MrioRun in_thousands =
        run_scenario(scenario_with_event("rebuild-thousands", thousands), Mode::native);
    ASSERT_EQ(millions.steps, in_thousands.steps);
    EXPECT_EQ(millions.production, in_thousands.production);
    EXPECT_EQ(millions.capacity, in_thousands.capacity);
    const std::size_t mining = index_of(millions.industries, "reg1|mining");
    EXPECT_LT(ratio(in_thousands.capacity, in_thousands, 10, mining), 0.9);  // the event acts
}

TEST(Boario, ReferenceDerivedChecks) {
    REQUIRE_SHARED();
    // README: capacity/X0 of reg1 mining is 0.751138 at step 5 (the shock shows at once), the
    // first recovery decrement shows at step 8.
    const MrioRun& run = recovery_run(Mode::boario);
    const std::size_t mining = index_of(run.industries, "reg1|mining");
    EXPECT_EQ(ratio(run.capacity, run, 4, mining), 1.0);
    EXPECT_NEAR(ratio(run.capacity, run, 5, mining), 0.751138, 1e-6);
}

// ---- Quirks on synthesized events -------------------------------------------------------------

TEST(Boario, S24_ArbitraryEventActsOneStepLate) {
    REQUIRE_SHARED();
    const fs::path scenario = scenario_with_event("arbitrary", arbitrary_event());
    const MrioRun boario = run_scenario(scenario, Mode::boario);
    const MrioRun native = run_scenario(scenario, Mode::native);
    for (const char* label : {"reg1|mining", "reg1|manufactoring"}) {
        const std::size_t i = index_of(boario.industries, label);
        EXPECT_EQ(ratio(boario.capacity, boario, 5, i), 1.0) << label;
        EXPECT_NEAR(ratio(boario.capacity, boario, 6, i), 0.85, 1e-6) << label;
        EXPECT_EQ(ratio(native.capacity, native, 4, i), 1.0) << label;
        EXPECT_NEAR(ratio(native.capacity, native, 5, i), 0.85, 1e-6) << label;
    }
}

TEST(Boario, S21_S22_S23_RebuildEventRaisesConstructionAndRebuildsCapital) {
    REQUIRE_SHARED();
    const fs::path scenario = scenario_with_event("rebuild", rebuild_event());
    for (Mode mode : {Mode::boario, Mode::native}) {
        const MrioRun run = run_scenario(scenario, mode);
        const std::size_t mining = index_of(run.industries, "reg1|mining");
        const std::size_t construction = index_of(run.industries, "reg1|construction");
        // S19: the capital loss shows at the occurrence step.
        EXPECT_EQ(ratio(run.capacity, run, 4, mining), 1.0);
        const double hit = ratio(run.capacity, run, 5, mining);
        EXPECT_LT(hit, 0.9);
        // S22: rebuilding demand starts after the duration (step 6). Construction runs at
        // capacity, so its output follows overproduction (S1): up from step 6, slowly.
        const double before = ratio(run.production, run, 5, construction);
        const double after = ratio(run.production, run, 6, construction);
        // Native mode runs the dense path, whose float flows leave 1e-11 of rounding in the
        // steady state (docs/model.md, sec. 10).
        EXPECT_NEAR(before, 1.0, mode == Mode::native ? 1e-9 : 1e-12);
        EXPECT_GT(after, before + 1e-6);
        EXPECT_GT(ratio(run.production, run, 50, construction), 1.0001);
        // S23: capital is rebuilt, so capacity/X0 of reg1 mining climbs back toward 1.
        const double mid = ratio(run.capacity, run, 100, mining);
        const double end = ratio(run.capacity, run, run.steps - 1, mining);
        EXPECT_GT(mid, hit);
        EXPECT_GT(end, mid);
        EXPECT_GT(end, 0.99);
        if (mode == Mode::native) {
            EXPECT_LE(run.max_mass_balance_error, 1e-9);
        }
    }
}

TEST(Boario, NullEventTypeIsTheNoEventBaseline) {
    REQUIRE_SHARED();
    // BoARIO runs `"event_type": null` as the baseline without a shock (issue 17, item 18): every
    // industry stays at its starting output, and capacity is never cut.
    const fs::path scenario = scenario_with_event("baseline", {{"event_type", nullptr}});
    const MrioRun run = run_scenario(scenario, Mode::boario);
    ASSERT_EQ(run.steps, 365);
    for (int t = 0; t < run.steps; ++t)
        for (std::size_t i = 0; i < run.industries.size(); ++i) {
            ASSERT_NEAR(ratio(run.production, run, t, i), 1.0, 1e-12) << run.industries[i] << t;
            ASSERT_EQ(ratio(run.capacity, run, t, i), 1.0) << run.industries[i] << t;
        }
}

TEST(Boario, UnknownIndustryInEventNamesTheJsonPath) {
    REQUIRE_SHARED();
    nlohmann::json event = arbitrary_event();
    event["impact_per_industry"] = {{"reg1|minnig", 0.1}};
    const fs::path scenario = scenario_with_event("unknown", event);
    try {
        (void)run_scenario(scenario, Mode::boario);
        FAIL() << "expected InvalidInput";
    } catch (const critmin::Error& e) {
        EXPECT_NE(std::string(e.what()).find("event.impact_per_industry.reg1|minnig"),
                  std::string::npos)
            << e.what();
    }
}

// ---- Native-mode invariants on the reference event --------------------------------------------

TEST(Boario, S18_NativeRecoveryRunKeepsMassBalance) {
    REQUIRE_SHARED();
    const MrioRun& run = recovery_run(Mode::native);
    EXPECT_LE(run.max_mass_balance_error, 1e-9);
    // Native mode differs from BoARIO only through its fixed quirks: the shock is the same.
    const MrioRun& ref = recovery_run(Mode::boario);
    const std::size_t mining = index_of(run.industries, "reg1|mining");
    EXPECT_NEAR(ratio(run.capacity, run, 5, mining), ratio(ref.capacity, ref, 5, mining), 1e-9);
}

TEST(Boario, ResultsDoNotDependOnTheThreadCount) {
    REQUIRE_SHARED();
#ifdef _OPENMP
    const int threads = omp_get_max_threads();
    for (Mode mode : {Mode::boario, Mode::native}) {
        omp_set_num_threads(1);
        const MrioRun one = run_scenario(kRecovery / "scenario.json", mode);
        omp_set_num_threads(2);
        const MrioRun two = run_scenario(kRecovery / "scenario.json", mode);
        EXPECT_EQ(one.production, two.production);  // bit for bit
        EXPECT_EQ(one.capacity, two.capacity);
        EXPECT_EQ(one.final_demand_unmet, two.final_demand_unmet);
    }
    omp_set_num_threads(threads);
#else
    GTEST_SKIP() << "built without OpenMP";
#endif
}
