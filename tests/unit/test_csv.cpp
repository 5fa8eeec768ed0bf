#include <gtest/gtest.h>

#include "io/csv.h"

using critmin::Diagnostics;
using critmin::io::parse_csv;

TEST(Csv, ReadsQuotedFieldsAndLineNumbers) {
    Diagnostics d;
    auto f = parse_csv("a,b\n\"x, y\",\"he said \"\"hi\"\"\"\r\n3,4\n", "t.csv", d);
    ASSERT_TRUE(d.empty()) << d.to_string();
    ASSERT_EQ(f.rows.size(), 2u);
    EXPECT_EQ(f.rows[0].fields[0].text, "x, y");
    EXPECT_EQ(f.rows[0].fields[1].text, "he said \"hi\"");
    EXPECT_EQ(f.rows[1].line, 3u);
    EXPECT_EQ(f.rows[1].fields[1].column, 3u);
}
