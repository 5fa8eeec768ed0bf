// Export-control regimes as data (controls.csv, docs/data-format.md), their conversion into S27
// export controls by a scenario's `regimes:`, and the `responses.pipeline:` of dataset projects
// (S30), on copies of the tiny dataset (tests/data/tiny) with files added.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <utility>
#include <vector>

#include "io/check.h"
#include "io/loader.h"
#include "sim/scenario_reader.h"
#include "sim/scenario_run.h"
#include "temp_dir.h"

namespace fs = std::filesystem;

namespace critmin::sim {
namespace {

// Every column of controls.csv, in the order the rows below give them.
const char* kControlsHeader =
    "id,measure,exporter,commodities,destinations,destinations_except,licensed,start,end,status,"
    "suspended_from,suspended_until,announcement,source,confidence,derivation\n";

// CCC licenses a quarter of its oxide and magnet exports to all but the G1 group from 4 April
// 2025 to 4 April 2026, suspended from 10 November 2025 to 10 January 2026; DDD stops magnet
// sales to AAA and BBB from 1 January 2025, open-ended.
const char* kControls =
    "ccc-oxide,export licensing of oxide,CCC,oxide;magnet,,G1,0.25,2025-04-04,2026-04-04,"
    "suspended,2025-11-10,2026-01-10,\"Notice 1, 2025\",handmade,reported,\n"
    "ddd-magnet,magnet export ban,DDD,magnet,AAA;BBB,,0,2025-01-01,,in_force,,,,handmade,"
    "reported,\n";

// The tiny dataset's projects with a probability column and three more projects.
const char* kProjects =
    "id,name,kind,country,commodity,capacity,earliest_start,ramp_up_years,capex,opex,operator,"
    "status,probability_on_time,source,confidence,derivation\n"
    "BBB.new_mine,Beta Deep,mine,BBB,ore,20,2028,3,500,5000,Beta Mining,planned,0.8,handmade,"
    "reported,\n"
    "DDD.pit,Delta pit,mine,DDD,ore,10,2027,,,,,planned,0.4,handmade,reported,\n"
    "AAA.sep,Alpha separation,separation,AAA,oxide,12,2026,0.5,,,,under_construction,,handmade,"
    "reported,\n"
    "CCC.late,Gamma late,mine,CCC,ore,50,2032,,,,,planned,0.9,handmade,reported,\n";

// Files by name and content.
using Files = std::vector<std::pair<std::string, std::string>>;

// A copy of the tiny dataset with `files` written over it; removed when the test ends.
class TinyCopy {
  public:
    explicit TinyCopy(const Files& files) : dir_("regimes") {
        dir_.copy_from(CRITMIN_SOURCE_DIR "/tests/data/tiny");
        for (const auto& [name, content] : files) dir_.write(name, content);
    }

    [[nodiscard]] std::string dir() const { return dir_.path().string(); }
    // Every problem found, paths from the file name on.
    [[nodiscard]] std::string problems() const {
        Diagnostics d;
        auto ds = io::read_dataset(dir(), d);
        if (ds) io::check_dataset(*ds, d);
        return std::regex_replace(d.to_string(), std::regex(dir() + "/"), "");
    }
    [[nodiscard]] Dataset load() const { return io::load_dataset(dir()); }

  private:
    test::TempDir dir_;
};

std::string controls_with(const std::string& rows) {
    return std::string(kControlsHeader) + rows;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// --- controls.csv --------------------------------------------------------------------------

TEST(Controls, LoaderReadsEveryColumn) {
    const TinyCopy copy(Files{{"controls.csv", controls_with(kControls)}});
    ASSERT_EQ(copy.problems(), "");
    const Dataset data = copy.load();
    const ControlTable& c = data.controls;
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c.id[0], "ccc-oxide");
    EXPECT_EQ(c.measure[0], "export licensing of oxide");
    EXPECT_EQ(c.exporter[0], "CCC");
    ASSERT_EQ(c.commodities[0].size(), 2u);
    EXPECT_EQ(data.commodities.id[c.commodities[0][0]], "oxide");
    EXPECT_EQ(data.commodities.id[c.commodities[0][1]], "magnet");
    EXPECT_TRUE(c.destinations[0].empty());
    EXPECT_EQ(c.destinations_except[0], std::vector<std::string>{"G1"});
    EXPECT_DOUBLE_EQ(c.licensed[0], 0.25);
    // Days since 1970-01-01: 2025-01-01 is day 20089 (55 years, 14 of them leap).
    EXPECT_EQ(c.start[0], 20089 + 93);             // 2025-04-04: Jan 31 + Feb 28 + Mar 31 + 3
    EXPECT_EQ(c.end[0], 20089 + 365 + 93);         // 2026-04-04
    EXPECT_EQ(c.suspended_from[0], 20089 + 313);   // 2025-11-10
    EXPECT_EQ(c.suspended_until[0], 20089 + 374);  // 2026-01-10
    EXPECT_EQ(c.status[0], ControlStatus::suspended);
    EXPECT_EQ(c.announcement[0], "Notice 1, 2025");
    EXPECT_EQ(c.provenance.line[0], 2u);
    EXPECT_EQ(c.exporter[1], "DDD");
    EXPECT_EQ(c.destinations[1], (std::vector<std::string>{"AAA", "BBB"}));
    EXPECT_DOUBLE_EQ(c.licensed[1], 0.0);
    EXPECT_EQ(c.start[1], 20089);
    EXPECT_EQ(c.end[1], kNoDate);  // open-ended
    EXPECT_EQ(c.suspended_from[1], kNoDate);
    EXPECT_EQ(c.suspended_until[1], kNoDate);
    EXPECT_EQ(c.status[1], ControlStatus::in_force);
}

TEST(Controls, MissingFileIsAnEmptyTable) {
    const TinyCopy copy(Files{});
    EXPECT_EQ(copy.load().controls.size(), 0u);
}

TEST(Controls, BadDateIsReportedAtItsCell) {
    // Line 2, `end` starts at column 33: 2025-02-29 is no day of 2025.
    const TinyCopy copy(
        Files{{"controls.csv", controls_with("c1,m,CCC,oxide,,,0.5,2025-01-10,2025-02-29,"
                                             "in_force,,,,handmade,reported,\n")}});
    EXPECT_TRUE(
        has(copy.problems(),
            "controls.csv:2:33: error: '2025-02-29' is not a date (YYYY-MM-DD, a day of the "
            "calendar, year 1900-2200)"))
        << copy.problems();
}

TEST(Controls, LicensedAboveOneIsReported) {
    const TinyCopy copy(Files{{"controls.csv", controls_with("c1,m,CCC,oxide,,,1.5,2025-01-10,,"
                                                             "in_force,,,,handmade,reported,\n")}});
    EXPECT_TRUE(has(copy.problems(),
                    "controls.csv:2:18: error: 1.5 is more than 1; 'licensed' is the share of "
                    "orders that may still ship (0 to 1)"))
        << copy.problems();
}

TEST(Controls, UnknownCommodityIsReported) {
    const TinyCopy copy(Files{{"controls.csv", controls_with("c1,m,CCC,oxide;unobtainium,,,0.5,"
                                                             "2025-01-10,,in_force,,,,handmade,"
                                                             "reported,\n")}});
    EXPECT_TRUE(has(copy.problems(),
                    "controls.csv:2:10: error: unknown commodity (not in commodities.csv) "
                    "'unobtainium'"))
        << copy.problems();
}

TEST(Controls, DestinationsAndExceptionsExcludeEachOther) {
    const TinyCopy copy(
        Files{{"controls.csv", controls_with("c1,m,CCC,oxide,AAA,G1,0.5,2025-01-10,,"
                                             "in_force,,,,handmade,reported,\n")}});
    EXPECT_TRUE(has(copy.problems(),
                    "controls.csv:2:20: error: 'destinations_except' is only allowed when "
                    "'destinations' is empty (all destinations)"))
        << copy.problems();
}

TEST(Controls, EveryOtherRuleIsChecked) {
    const TinyCopy copy(Files{
        {"controls.csv", controls_with(
                             // 3: unknown exporter and destination, end not after start
                             "c1,m,ZZZ,oxide,YYY,,0.5,2025-01-10,2025-01-10,in_force,,,,handmade,"
                             "reported,\n"
                             // 4: a suspension without its end, a bad status
                             "c2,m,G1,magnet,,,0.5,2025-01-10,,paused,2025-02-01,,,handmade,"
                             "reported,\n"
                             // 5: the suspension ends before it starts; a duplicate id
                             "c1,m,ALL,magnet,,,0,2025-01-10,,suspended,2025-03-01,2025-02-01,,"
                             "handmade,reported,\n") +
                             // 6: empty commodities
                             "c3,m,CCC,,,,0,2025-01-10,,lifted,,,,handmade,reported,\n"},
        {"projects.csv", std::string(kProjects) + "X.p,X,mine,AAA,ore,1,2030,,,,,planned,1.2,"
                                                  "handmade,reported,\n"}});
    const std::string text = copy.problems();
    EXPECT_TRUE(has(text,
                    "controls.csv:2:6: error: unknown country or group (not in "
                    "countries.csv) 'ZZZ'"))
        << text;
    EXPECT_TRUE(has(text,
                    "controls.csv:2:16: error: unknown country or group (not in "
                    "countries.csv) 'YYY'"))
        << text;
    EXPECT_TRUE(has(text, "controls.csv:2:36: error: end 2025-01-10 is not after start 2025-01-10"))
        << text;
    EXPECT_TRUE(has(text,
                    "controls.csv:3:52: error: give both 'suspended_from' and "
                    "'suspended_until'"))
        << text;
    EXPECT_TRUE(has(text,
                    "controls.csv:3:34: error: 'paused' is not a valid status; expected "
                    "in_force, suspended, lifted or announced"))
        << text;
    EXPECT_TRUE(has(text,
                    "controls.csv:4:54: error: suspended_until 2025-02-01 is not after "
                    "suspended_from 2025-03-01"))
        << text;
    EXPECT_TRUE(has(text, "controls.csv:4:1: error: duplicate control id c1")) << text;
    EXPECT_TRUE(has(text, "controls.csv:5:10: error: 'commodities' is empty")) << text;
    EXPECT_TRUE(has(text, "projects.csv:6:39: error: 1.2 is more than 1; a probability is 0 to 1"))
        << text;
}

TEST(Controls, UnknownColumnIsRejected) {
    const TinyCopy copy(Files{{"controls.csv",
                               "id,measure,exporter,commodities,licensed,start,status,"
                               "target,source,confidence\n"}});
    EXPECT_TRUE(has(copy.problems(), "controls.csv:1:55: error: unknown column 'target'"))
        << copy.problems();
}

// --- regimes: controls.csv rows as S27 export controls -------------------------------------

TEST(Regimes, RowBecomesControlsWithDaysFromTheScenarioStart) {
    const TinyCopy copy(Files{{"controls.csv", controls_with(kControls)}});
    const Dataset data = copy.load();
    const int day0 = *parse_iso_date("2025-04-01");
    // ccc-oxide: in force from day 3 (4 April) to day 368 (4 April 2026, exclusive), suspended
    // on days 223 (10 November: 30+31+30+31+31+30+31 + 9) to 284 (10 January: 223 + 21 + 31 +
    // 9), so two parts.
    const auto parts = regime_controls(data, 0, day0, 400, "regimes[0]");
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].days.start, 3);
    EXPECT_EQ(parts[0].days.end, 223);
    EXPECT_EQ(parts[1].days.start, 284);
    EXPECT_EQ(parts[1].days.end, 368);
    for (const ExportControl& e : parts) {
        EXPECT_EQ(e.exporter, "CCC");
        EXPECT_EQ(e.commodities, (std::vector<std::string>{"oxide", "magnet"}));
        EXPECT_TRUE(e.destinations.all);
        EXPECT_TRUE(e.destinations.only.empty());
        EXPECT_EQ(e.destinations.all_except, std::vector<std::string>{"G1"});
        EXPECT_DOUBLE_EQ(e.licensed, 0.25);
        EXPECT_EQ(e.where, "regimes[0]");
    }
    // A horizon of 284 days ends before the part after the suspension: it is dropped.
    const auto short_run = regime_controls(data, 0, day0, 284, "regimes[0]");
    ASSERT_EQ(short_run.size(), 1u);
    EXPECT_EQ(short_run[0].days.end, 223);
    // ddd-magnet began 90 days before day 0 (Jan 31 + Feb 28 + Mar 31) and has no end: one
    // control from day 0, open-ended, to AAA and BBB only.
    const auto ban = regime_controls(data, 1, day0, 400, "regimes[1]");
    ASSERT_EQ(ban.size(), 1u);
    EXPECT_EQ(ban[0].days.start, 0);
    EXPECT_EQ(ban[0].days.end, -1);
    EXPECT_FALSE(ban[0].destinations.all);
    EXPECT_EQ(ban[0].destinations.only, (std::vector<std::string>{"AAA", "BBB"}));
    EXPECT_DOUBLE_EQ(ban[0].licensed, 0.0);
}

TEST(Regimes, PartsBeforeDayZeroAreDropped) {
    const TinyCopy copy(Files{{"controls.csv", controls_with(kControls)}});
    const Dataset data = copy.load();
    // Day 0 on 1 December 2025, inside the suspension: only the part after it is left, from
    // day 40 (10 January 2026: 31 + 9) to day 124 (4 April: 31 + 31 + 28 + 31 + 3).
    const auto during = regime_controls(data, 0, *parse_iso_date("2025-12-01"), 365, "r");
    ASSERT_EQ(during.size(), 1u);
    EXPECT_EQ(during[0].days.start, 40);
    EXPECT_EQ(during[0].days.end, 124);
    // Day 0 on the control's end date: nothing is left.
    EXPECT_TRUE(regime_controls(data, 0, *parse_iso_date("2026-04-04"), 365, "r").empty());
    // Day 0 in February 2026, after the suspension: one part already in force at day 0.
    const auto after = regime_controls(data, 0, *parse_iso_date("2026-02-01"), 365, "r");
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].days.start, 0);
    EXPECT_EQ(after[0].days.end, 62);  // 4 April 2026: 27 + 31 + 4
    // A run that ends before the control starts.
    EXPECT_TRUE(regime_controls(data, 0, *parse_iso_date("2025-04-01"), 3, "r").empty());
}

TEST(Regimes, SuspensionOutsideOrCoveringTheControl) {
    const TinyCopy copy(Files{
        {"controls.csv", controls_with("before,m,CCC,oxide,,,0.5,2025-03-01,2025-05-01,lifted,"
                                       "2025-01-01,2025-02-01,,handmade,reported,\n"
                                       "covering,m,CCC,oxide,,,0.5,2025-03-01,2025-05-01,"
                                       "suspended,2025-02-01,2025-06-01,,handmade,reported,\n"
                                       "open,m,CCC,oxide,,,0.5,2025-03-01,,suspended,2025-03-11,"
                                       "2025-03-21,,handmade,reported,\n")}});
    const Dataset data = copy.load();
    const int day0 = *parse_iso_date("2025-03-01");
    // A suspension over before the control starts leaves it whole: days 0 to 61 (Mar 31 + Apr 30).
    const auto before = regime_controls(data, 0, day0, 365, "r");
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(before[0].days.start, 0);
    EXPECT_EQ(before[0].days.end, 61);
    // One that covers it leaves nothing.
    EXPECT_TRUE(regime_controls(data, 1, day0, 365, "r").empty());
    // An open-ended control suspended on days 10 to 20: [0, 10) and [20, end of run).
    const auto open = regime_controls(data, 2, day0, 365, "r");
    ASSERT_EQ(open.size(), 2u);
    EXPECT_EQ(open[0].days.start, 0);
    EXPECT_EQ(open[0].days.end, 10);
    EXPECT_EQ(open[1].days.start, 20);
    EXPECT_EQ(open[1].days.end, -1);
}

TEST(Regimes, ScenarioKeyReadsDatasetOrIds) {
    const Scenario all = parse_scenario(
        "name: x\nstart: 2025-04-01\nhorizon_days: 30\nregimes: dataset\n", "test.yaml");
    EXPECT_TRUE(all.regimes.all);
    const Scenario listed = parse_scenario(
        "name: x\nstart: 2025-04-01\nhorizon_days: 30\nregimes: [ddd-magnet, ccc-oxide]\n",
        "test.yaml");
    EXPECT_FALSE(listed.regimes.all);
    EXPECT_EQ(listed.regimes.ids, (std::vector<std::string>{"ddd-magnet", "ccc-oxide"}));
    ASSERT_EQ(listed.regimes.where.size(), 2u);
    EXPECT_EQ(listed.regimes.where[1].path, "regimes[1]");
    EXPECT_EQ(listed.regimes.where[1].line, 4u);
    EXPECT_EQ(listed.regimes.where[1].column, 23u);
    auto problems = [](const std::string& yaml) {
        try {
            (void)parse_scenario(yaml, "test.yaml");
        } catch (const InvalidInput& e) {
            return e.diagnostics().to_string();
        }
        return std::string();
    };
    EXPECT_TRUE(has(problems("name: x\nhorizon_days: 30\nregimes: dataset\n"),
                    "regimes: regimes from the dataset need the scenario's `start:` date"));
    EXPECT_TRUE(has(problems("name: x\nstart: 2025-04-01\nhorizon_days: 30\nregimes: all\n"),
                    "regimes: must be `dataset`"));
    EXPECT_TRUE(has(problems("name: x\nstart: 2025-04-01\nhorizon_days: 30\nregimes: [a, a]\n"),
                    "regimes[1]: `a` is listed twice"));
}

TEST(Regimes, ExpandedIntoTheScenariosExportControls) {
    const TinyCopy copy(Files{{"controls.csv", controls_with(kControls)}});
    const Dataset data = copy.load();
    const std::string head = "name: x\nstart: 2025-04-01\nhorizon_days: 365\n";
    Diagnostics d;
    const Scenario sc = with_dataset_entries(
        data,
        parse_scenario(head + "shocks:\n  - {type: export_control, exporter: AAA, commodities: "
                              "[magnet], licensed: 0.5, start: 0}\nregimes: dataset\n",
                       "test.yaml"),
        d);
    EXPECT_TRUE(d.empty()) << d.to_string();
    // The scenario's own control first, then ccc-oxide's two parts and ddd-magnet.
    ASSERT_EQ(sc.export_controls.size(), 4u);
    EXPECT_EQ(sc.export_controls[0].exporter, "AAA");
    EXPECT_EQ(sc.export_controls[1].where, "regimes.dataset[ccc-oxide]");
    EXPECT_EQ(sc.export_controls[2].days.start, 284);
    EXPECT_EQ(sc.export_controls[3].exporter, "DDD");
    EXPECT_TRUE(sc.regimes.empty());  // expanded once
    // Unknown ids name their YAML path.
    Diagnostics bad;
    (void)with_dataset_entries(
        data, parse_scenario(head + "regimes: [ddd-magnet, ccc-oxide, nope]\n", "test.yaml"), bad);
    EXPECT_TRUE(
        has(bad.to_string(), "regimes[2]: `nope` is not a control of the dataset's controls.csv"))
        << bad.to_string();
    // `regimes: dataset` on a dataset without controls.csv says so.
    Diagnostics none;
    (void)with_dataset_entries(io::load_dataset(CRITMIN_SOURCE_DIR "/tests/data/tiny"),
                               parse_scenario(head + "regimes: dataset\n", "test.yaml"), none);
    EXPECT_TRUE(has(none.to_string(), "the dataset has no export-control regimes"))
        << none.to_string();
}

TEST(Regimes, S27_RegimeRunsExactlyAsTheSameExportControlShock) {
    // ccc-oxide from the dataset against the same control written as shocks: one run each, the
    // same production and deliveries every day.
    const TinyCopy copy(Files{{"controls.csv", controls_with(kControls)}});
    const Dataset data = copy.load();
    const std::string head =
        "name: x\nstart: 2025-04-01\nhorizon_days: 300\nparameters: {inventory_days: 10}\n";
    const ScenarioRun from_data =
        run_scenario(data, parse_scenario(head + "regimes: [ccc-oxide]\n", "a.yaml"));
    const ScenarioRun by_hand = run_scenario(
        data,
        parse_scenario(head + "shocks:\n"
                              "  - {type: export_control, exporter: CCC, commodities: [oxide, "
                              "magnet], destinations: {all_except: [G1]}, licensed: 0.25, "
                              "start: 2025-04-04, end: 2025-11-10}\n"
                              "  - {type: export_control, exporter: CCC, commodities: [oxide, "
                              "magnet], destinations: {all_except: [G1]}, licensed: 0.25, "
                              "start: 2026-01-10, end: 2026-04-04}\n",
                       "b.yaml"));
    EXPECT_EQ(from_data.shock_start, 3);
    EXPECT_EQ(from_data.shock_start, by_hand.shock_start);
    EXPECT_EQ(from_data.production, by_hand.production);
    EXPECT_EQ(from_data.delivered, by_hand.delivered);
    EXPECT_EQ(from_data.shocked, by_hand.shocked);
    // And it bites: CCC's oxide sales to DDD (20 of its 28 t/yr) are licensed at 25% on day 3.
    const std::size_t n = from_data.network.net.n_nodes();
    std::size_t sep = n;
    for (std::size_t i = 0; i < n; ++i)
        if (from_data.network.net.node_labels[i] == "CCC.sep") sep = i;
    ASSERT_LT(sep, n);
    EXPECT_NEAR(from_data.production[3 * n + sep], (8.0 + 0.25 * 20.0) / 365, 1e-12);
}

// --- responses.pipeline: dataset projects due by a year (S30) -------------------------------

TEST(Pipeline, ChoosesProjectsByYearAndProbability) {
    const TinyCopy copy(Files{{"projects.csv", kProjects}});
    const Dataset data = copy.load();
    EXPECT_DOUBLE_EQ(data.projects.probability(0), 0.8);
    EXPECT_TRUE(std::isnan(data.projects.probability(2)));  // AAA.sep gives none
    const std::string head = "name: x\nhorizon_days: 30\n";
    // By 2030 at >= 0.5: Beta Deep (2028, 0.8) and Alpha separation (2026, no probability);
    // not Delta pit (0.4) nor Gamma late (2032).
    const auto chosen = pipeline_projects(
        data, parse_scenario(head + "responses:\n  pipeline: {year: 2030, min_probability: 0.5,"
                                    " scale_by_probability: true, customers: [G1]}\n",
                             "test.yaml"));
    ASSERT_EQ(chosen.size(), 2u);
    EXPECT_EQ(chosen[0].project, "BBB.new_mine");
    EXPECT_EQ(chosen[0].online, 0);
    EXPECT_EQ(chosen[0].ramp_up_days, 1095);         // 3 years x 365
    EXPECT_DOUBLE_EQ(chosen[0].capacity, 20 * 0.8);  // scaled by its probability
    EXPECT_EQ(chosen[0].customers, std::vector<std::string>{"G1"});
    EXPECT_EQ(chosen[1].project, "AAA.sep");
    EXPECT_EQ(chosen[1].ramp_up_days, 183);    // 0.5 x 365 = 182.5, rounded
    EXPECT_DOUBLE_EQ(chosen[1].capacity, 12);  // no probability: not scaled
    // Defaults: every probability, unscaled capacity, every customer.
    const auto all = pipeline_projects(
        data, parse_scenario(head + "responses:\n  pipeline: {year: 2030}\n", "test.yaml"));
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].project, "BBB.new_mine");
    EXPECT_DOUBLE_EQ(all[0].capacity, 20);
    EXPECT_EQ(all[1].project, "DDD.pit");
    EXPECT_EQ(all[1].ramp_up_days, 0);  // no ramp-up given
    EXPECT_TRUE(all[1].customers.empty());
    // Projects listed under `projects:` keep their own entry.
    const auto rest = pipeline_projects(
        data, parse_scenario(head + "responses:\n  projects:\n    - {id: BBB.new_mine, online: 5}\n"
                                    "  pipeline: {year: 2030}\n",
                             "test.yaml"));
    ASSERT_EQ(rest.size(), 2u);
    EXPECT_EQ(rest[0].project, "DDD.pit");
    EXPECT_EQ(rest[1].project, "AAA.sep");
}

TEST(Pipeline, S30_RunsExactlyAsAnExplicitProjectEntry) {
    // The tiny dataset's one project (20 t/yr, 3 years of ramp-up) through the pipeline and as
    // the entry the pipeline stands for.
    const Dataset data = io::load_dataset(CRITMIN_SOURCE_DIR "/tests/data/tiny");
    const std::string head =
        "name: x\nhorizon_days: 40\nparameters: {inventory_days: 10}\n"
        "shocks:\n  - {type: capacity, target: {producer: AAA.mine}, loss: 1,"
        " start: 0, duration_days: 100}\n";
    const ScenarioRun piped = run_scenario(
        data, parse_scenario(head + "responses:\n  pipeline: {year: 2028}\n", "a.yaml"));
    const ScenarioRun listed = run_scenario(
        data, parse_scenario(head + "responses:\n  projects:\n    - {id: BBB.new_mine, online: 0,"
                                    " ramp_up_days: 1095, capacity: 20}\n",
                             "b.yaml"));
    EXPECT_EQ(piped.production, listed.production);
    EXPECT_EQ(piped.capacity, listed.capacity);
    EXPECT_EQ(piped.delivered, listed.delivered);
    const std::size_t n = piped.network.net.n_nodes();
    std::size_t mine = n;
    for (std::size_t i = 0; i < n; ++i)
        if (piped.network.net.node_labels[i] == "project.BBB.new_mine") mine = i;
    ASSERT_LT(mine, n);
    // S30 on day 9: 20 t/yr x (9 + 1) / 1095 of the ramp.
    EXPECT_NEAR(piped.capacity[9 * n + mine], 20.0 / 365 * 10 / 1095, 1e-15);
    // Before its earliest start the project is not brought.
    const ScenarioRun early = run_scenario(
        data, parse_scenario(head + "responses:\n  pipeline: {year: 2027}\n", "c.yaml"));
    EXPECT_EQ(early.network.net.n_nodes(), n - 1);
}

TEST(Pipeline, UnknownCustomerNamesItsPath) {
    const Dataset data = io::load_dataset(CRITMIN_SOURCE_DIR "/tests/data/tiny");
    Diagnostics d;
    (void)with_dataset_entries(
        data,
        parse_scenario("name: x\nhorizon_days: 30\nresponses:\n  pipeline: {year: 2030, "
                       "customers: [ATLANTIS]}\n",
                       "test.yaml"),
        d);
    EXPECT_TRUE(has(d.to_string(), "responses.pipeline.customers: `ATLANTIS` is neither"))
        << d.to_string();
}

}  // namespace
}  // namespace critmin::sim
