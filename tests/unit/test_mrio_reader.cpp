// read_mrio (docs/model.md, "MRIO input"): values land at their sorted (region, sector) place
// whatever the file order, and every problem names its file, line and column.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "sim/mrio_reader.h"
#include "temp_dir.h"

using critmin::InvalidInput;
using critmin::sim::read_mrio;

namespace {

// Two regions (b, a: given unsorted) x two sectors (y, x), rows shuffled, CRLF line ends and a
// quoted label in Z.csv. Z(i, j) = 10 i + j in sorted order (a|x, a|y, b|x, b|y).
constexpr const char* kZ =
    "region,sector,b,a,\"a\",b\r\n"
    ",,y,x,y,x\r\n"
    "b,x,23,20,21,22\r\n"
    "a,y,13,10,11,12\r\n"
    "\"a\",x,3,0,1,2\r\n"
    "b,y,33,30,31,32\r\n";
constexpr const char* kY =
    "region,sector,a,b\n"
    ",,hh,hh\n"
    "a,x,1,2\n"
    "a,y,3,4\n"
    "b,x,5,6\n"
    "b,y,7,8\n";
constexpr const char* kX =
    "region,sector,indout\n"
    "a,x,100\n"
    "a,y,200\n"
    "b,x,300\n"
    "b,y,400\n";

std::string write_table(const critmin::test::TempDir& dir, const std::string& z) {
    dir.write("Z.csv", z);
    dir.write("Y.csv", kY);
    dir.write("x.csv", kX);
    return dir.path().string();
}

std::string problems(const std::string& folder) {
    try {
        (void)read_mrio(folder);
    } catch (const InvalidInput& e) {
        return e.diagnostics().to_string();
    }
    return "";
}

}  // namespace

TEST(MrioReader, PlacesValuesInSortedLabelOrderWhateverTheFileOrder) {
    const critmin::test::TempDir dir;
    const auto t = read_mrio(write_table(dir, kZ));
    ASSERT_EQ(t.n_industries(), 4u);
    EXPECT_EQ(t.regions, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(t.sectors, (std::vector<std::string>{"x", "y"}));
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 4; ++j)
            EXPECT_EQ(t.z[i * 4 + j], 10.0 * static_cast<double>(i) + static_cast<double>(j))
                << i << "," << j;
    EXPECT_EQ(t.y, (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(t.x, (std::vector<double>{100, 200, 300, 400}));
}

TEST(MrioReader, NamesTheLineAndColumnOfEveryBadValue) {
    const critmin::test::TempDir dir;
    const std::string z =
        "region,sector,a,a,b,b\n"
        ",,x,y,x,y\n"
        "a,x,0,1,2,3\n"
        "a,y,10,-1,12,13\n"
        "b,x,20,21,2e999,23\n"
        "b,y,30,31,32,3x\n";
    EXPECT_EQ(problems(write_table(dir, z)),
              dir.path().string() +
                  "/Z.csv:4:8: error: -1 is negative; flows must be zero or more\n" +
                  dir.path().string() + "/Z.csv:5:11: error: `2e999` is not a finite number\n" +
                  dir.path().string() + "/Z.csv:6:14: error: `3x` is not a finite number\n");
}

TEST(MrioReader, RejectsRowsOfTheWrongWidthAndAMissingSecondHeader) {
    const critmin::test::TempDir dir;
    const std::string short_row =
        "region,sector,a,a,b,b\n"
        ",,x,y,x,y\n"
        "a,x,0,1,2,3\n"
        "a,y,10,11,12\n"
        "b,x,20,21,22,23\n"
        "b,y,30,31,32,33\n";
    EXPECT_NE(
        problems(write_table(dir, short_row)).find("/Z.csv:4: error: 5 fields; the header has 6"),
        std::string::npos);
    const critmin::test::TempDir other("header");
    EXPECT_NE(problems(write_table(other, "region,sector,a,a,b,b\n"))
                  .find("/Z.csv:1: error: expected a header"),
              std::string::npos);
    const critmin::test::TempDir empty("empty");
    EXPECT_NE(problems(write_table(empty, "")).find("/Z.csv:1: error: expected a header"),
              std::string::npos);
}
