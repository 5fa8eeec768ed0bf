#include <gtest/gtest.h>

#include <cmath>

#include "io/csv.h"
#include "io/table.h"

using critmin::Diagnostics;
using critmin::io::ColumnSpec;
using critmin::io::parse_csv;
using critmin::io::TableReader;

namespace {
constexpr ColumnSpec kColumns[] = {
    {"id", true}, {"year", true}, {"quantity", false}, {"stage", false}};
}

TEST(Table, UnknownAndMissingColumnsAreReported) {
    Diagnostics d;
    auto f = parse_csv("id,yeer,quantity\n", "t.csv", d);
    TableReader t(f, kColumns, d);
    EXPECT_FALSE(t.usable());
    ASSERT_EQ(d.size(), 2u);
    const std::string all = d.to_string();
    EXPECT_NE(all.find("t.csv:1:4: error: unknown column 'yeer'"), std::string::npos) << all;
    EXPECT_NE(all.find("required column 'year' is missing"), std::string::npos) << all;
}

TEST(Table, RowsWithTheWrongFieldCountAreReportedAndSkipped) {
    Diagnostics d;
    auto f = parse_csv("id,year\na,2024\nb\nc,2023,x\n", "t.csv", d);
    TableReader t(f, kColumns, d);
    ASSERT_TRUE(t.usable());
    EXPECT_EQ(t.rows().size(), 1u);
    EXPECT_EQ(d.size(), 2u);
    EXPECT_NE(d.to_string().find("t.csv:3:1: error: this row has 1 fields but the header has 2"),
              std::string::npos);
}

TEST(Table, TypedGettersReportTheCell) {
    Diagnostics d;
    auto f =
        parse_csv("id,year,quantity,stage\nbad id,20x4,-3,mine\nok,2024,,magnet\n", "t.csv", d);
    TableReader t(f, kColumns, d);
    ASSERT_TRUE(t.usable());
    const std::size_t bad = t.rows()[0], ok = t.rows()[1];
    EXPECT_FALSE(t.identifier(bad, "id"));
    EXPECT_FALSE(t.year(bad, "year"));
    EXPECT_FALSE(t.quantity(bad, "quantity", false));
    EXPECT_FALSE(t.enumeration<critmin::Stage>(bad, "stage"));
    const std::string all = d.to_string();
    EXPECT_NE(all.find("t.csv:2:1: error: 'bad id' is not a valid identifier"), std::string::npos)
        << all;
    EXPECT_NE(all.find("t.csv:2:8: error: '20x4' is not a year"), std::string::npos) << all;
    EXPECT_NE(all.find("t.csv:2:13: error: -3 is negative"), std::string::npos) << all;
    EXPECT_NE(all.find("t.csv:2:16: error: 'mine' is not a valid stage; expected mining, "
                       "separation, refining, metal, alloy, magnet, component or end_use"),
              std::string::npos)
        << all;

    EXPECT_EQ(*t.identifier(ok, "id"), "ok");
    EXPECT_EQ(*t.year(ok, "year"), 2024);
    EXPECT_TRUE(std::isnan(*t.quantity(ok, "quantity", false)));
    EXPECT_EQ(*t.enumeration<critmin::Stage>(ok, "stage"), critmin::Stage::magnet);
}

TEST(Table, NumbersRejectHexInfinityAndSpaces) {
    Diagnostics d;
    auto f = parse_csv(
        "id,year,quantity\na,2024,0x10\nb,2024,inf\nc,2024, 5\nd,2024,1e999\ne,2024,2.5e3\n",
        "t.csv", d);
    TableReader t(f, kColumns, d);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_FALSE(t.quantity(t.rows()[i], "quantity", true));
    EXPECT_DOUBLE_EQ(*t.quantity(t.rows()[4], "quantity", true), 2500.0);
    EXPECT_EQ(d.size(), 4u);
}

TEST(Table, QuantitiesThatWouldOverflowWhenSummedAreRefused) {
    Diagnostics d;
    auto f = parse_csv("id,year,quantity\na,2024,1e308\nb,2024,1e15\n", "t.csv", d);
    TableReader t(f, kColumns, d);
    EXPECT_FALSE(t.quantity(t.rows()[0], "quantity", true));
    EXPECT_DOUBLE_EQ(*t.quantity(t.rows()[1], "quantity", true), 1e15);
    ASSERT_EQ(d.size(), 1u);
}

TEST(Table, SplitList) {
    EXPECT_EQ(critmin::io::split_list(" G7; OECD ;;EU"),
              (std::vector<std::string>{"G7", "OECD", "EU"}));
    EXPECT_TRUE(critmin::io::split_list("").empty());
}
