// The dataset checks of docs/data-format.md, including mass balance (equation D1).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "io/check.h"
#include "io/loader.h"
#include "temp_dir.h"
#include "tiny.h"

namespace fs = std::filesystem;

namespace {

// Loads a copy of the tiny dataset with one file replaced; returns all problems found.
std::string problems_with(const std::string& table, const std::string& content) {
    const critmin::test::TempDir copy("check");
    copy.copy_from(CRITMIN_SOURCE_DIR "/tests/data/tiny");
    copy.write(table, content);
    const fs::path& dir = copy.path();
    critmin::Diagnostics d;
    auto ds = critmin::io::read_dataset(dir.string(), d);
    if (ds) critmin::io::check_dataset(*ds, d);
    std::string text = d.to_string();
    // Paths differ per run; tests compare from the file name on.
    text = std::regex_replace(text, std::regex(dir.string() + "/"), "");
    return text;
}

std::string read(const std::string& table) {
    std::ifstream in(CRITMIN_SOURCE_DIR "/tests/data/tiny/" + table);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos != std::string::npos) text.replace(pos, from.size(), to);
    return text;
}

}  // namespace

TEST(Check, TinyDatasetIsValid) {
    critmin::Diagnostics d;
    auto ds = critmin::io::read_dataset(CRITMIN_SOURCE_DIR "/tests/data/tiny", d);
    ASSERT_TRUE(ds) << d.to_string();
    critmin::io::check_dataset(*ds, d);
    EXPECT_TRUE(d.empty()) << d.to_string();
    EXPECT_EQ(ds->nodes.size(), 8u);  // 5 producers, 2 demand nodes, 1 stockpile
    EXPECT_EQ(ds->network.inflows.row(ds->find_node("CCC.sep")).size(), 2u);
}

TEST(Check, D1MissingInputIsReported) {
    // CCC.sep makes 36 t oxide at 0.4 per unit of activity: activity 90 needs 90 t ore.
    const auto text = problems_with(
        "flows.csv",
        replace(read("flows.csv"), "BBB.mine,CCC.sep,ore,2024,30", "BBB.mine,CCC.sep,ore,2024,20"));
    EXPECT_NE(
        text.find("production.csv:5:20: error: mass balance (D1) of 'CCC.sep' in 2024: making 36 "
                  "oxide needs 90 of ore but flows.csv brings 80"),
        std::string::npos)
        << text;
}

TEST(Check, D1JointOutputMustFollowTheRecipe) {
    const auto text = problems_with(
        "production.csv",
        replace(read("production.csv"), "CCC.sep,la_oxide,2024,54", "CCC.sep,la_oxide,2024,50"));
    EXPECT_NE(text.find("joint output la_oxide is 50 but the recipe gives 54"), std::string::npos)
        << text;
}

TEST(Check, DepositFractionsSumToOne) {
    const auto text = problems_with("deposits.csv",
                                    replace(read("deposits.csv"), "light,Nd,0.4", "light,Nd,0.3"));
    EXPECT_NE(
        text.find("deposits.csv:2:10: error: the fractions of deposit type 'light' sum to 0.9000"),
        std::string::npos)
        << text;
}

TEST(Check, ProducersCannotExceedTheWorldTotal) {
    const auto text = problems_with("world_production.csv", replace(read("world_production.csv"),
                                                                    "ore,2024,100", "ore,2024,85"));
    EXPECT_NE(text.find("producers of ore make 90 in 2024, more than this world total of 85"),
              std::string::npos)
        << text;
}

TEST(Check, FlowsGoDownTheChain) {
    const auto text = problems_with(
        "flows.csv",
        read("flows.csv") + "DDD.magnet,CCC.sep,magnet,2024,1,estimate,handmade,estimated,test\n");
    EXPECT_NE(text.find("'magnet' is not an input of process 'separate' run by 'CCC.sep'"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("goes up the chain"), std::string::npos) << text;
}

TEST(Check, ShippingMoreThanMadeIsReported) {
    const auto text = problems_with(
        "flows.csv", replace(read("flows.csv"), "AAA.magnet,BBB.demand.wind,magnet,2024,6",
                             "AAA.magnet,BBB.demand.wind,magnet,2024,9"));
    EXPECT_NE(text.find("'AAA.magnet' ships 19 of magnet in 2024 but makes only 16"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("demand 'BBB.demand.wind' is 6 but flows.csv delivers 9"),
              std::string::npos)
        << text;
}

TEST(Check, UnknownReferencesAndDuplicatesAreAllListed) {
    const auto text = problems_with(
        "producers.csv", read("producers.csv") +
                             "AAA.mine,Again,country,AAA,ore,,,operating,,,handmade,reported,\n"
                             "ZZZ.mine,Nowhere,country,ZZZ,ore,,,operating,,,nobody,reported,\n");
    EXPECT_NE(text.find("producers.csv:7:1: error: duplicate node id AAA.mine"), std::string::npos)
        << text;
    EXPECT_NE(text.find("producers.csv:8:26: error: unknown country (not in countries.csv) 'ZZZ'"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("producers.csv:8:48: error: source 'nobody' is not listed in dataset.yaml"),
              std::string::npos)
        << text;
}

TEST(Check, EstimatesNeedADerivation) {
    const auto text =
        problems_with("world_production.csv",
                      replace(read("world_production.csv"), "ore,2023,80,handmade,reported,",
                              "ore,2023,80,handmade,estimated,"));
    EXPECT_NE(text.find("this row is estimated but 'derivation' is empty"), std::string::npos)
        << text;
}

TEST(Check, HugeFieldsAreRejectedWithTheirPlace) {
    const auto text = problems_with("countries.csv", read("countries.csv") + "EEE," +
                                                         std::string(std::size_t{2} << 20, 'x') +
                                                         ",South,,handmade,reported,\n");
    EXPECT_NE(text.find("countries.csv:6:5: error: a field is longer than 1048576 bytes"),
              std::string::npos)
        << text.substr(0, 500);
}
