#include <gtest/gtest.h>

#include "io/csv.h"

using critmin::Diagnostics;
using critmin::io::find_invalid_utf8;
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

TEST(Csv, SkipsByteOrderMarkAndBlankLines) {
    Diagnostics d;
    auto f = parse_csv("\xEF\xBB\xBFid,q\n\n1,2\n\n", "t.csv", d);
    ASSERT_TRUE(d.empty());
    EXPECT_EQ(f.header[0].text, "id");
    ASSERT_EQ(f.rows.size(), 1u);
    EXPECT_EQ(f.rows[0].line, 3u);
}

TEST(Csv, QuotedFieldMaySpanLines) {
    Diagnostics d;
    auto f = parse_csv("a,b\n\"two\nlines\",x\ny,z\n", "t.csv", d);
    ASSERT_TRUE(d.empty());
    ASSERT_EQ(f.rows.size(), 2u);
    EXPECT_EQ(f.rows[0].fields[0].text, "two\nlines");
    EXPECT_EQ(f.rows[1].line, 4u);
}

TEST(Csv, UnterminatedQuoteIsReportedWhereItOpens) {
    Diagnostics d;
    (void)parse_csv("a,b\n1,\"open\n2,3\n", "t.csv", d);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d.items()[0].where.line, 2u);
    EXPECT_EQ(d.items()[0].where.column, 3u);
    EXPECT_NE(d.items()[0].message.find("not closed"), std::string::npos);
}

TEST(Csv, QuoteInsideUnquotedFieldIsAnError) {
    Diagnostics d;
    (void)parse_csv("a\nab\"c\n", "t.csv", d);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d.items()[0].where.line, 2u);
    EXPECT_EQ(d.items()[0].where.column, 3u);
}

TEST(Csv, InvalidUtf8AndNulBytesAreLocated) {
    Diagnostics d;
    (void)parse_csv("a,b\nok,\xC3\x28\n", "t.csv", d);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d.items()[0].where.line, 2u);
    EXPECT_EQ(d.items()[0].where.column, 4u);
    EXPECT_NE(d.items()[0].message.find("UTF-8"), std::string::npos);

    Diagnostics n;
    (void)parse_csv(std::string_view("a\n\0", 3), "t.csv", n);
    ASSERT_EQ(n.size(), 1u);
    EXPECT_NE(n.items()[0].message.find("NUL"), std::string::npos);
}

TEST(Csv, Utf8Validation) {
    EXPECT_EQ(find_invalid_utf8("plain"), std::string_view::npos);
    EXPECT_EQ(find_invalid_utf8("Tōkyō, 東京, 🌏"), std::string_view::npos);
    EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);          // overlong '/'
    EXPECT_EQ(find_invalid_utf8("ab\xED\xA0\x80"), 2u);    // surrogate
    EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // past U+10FFFF
    EXPECT_EQ(find_invalid_utf8("x\xE2\x82"), 1u);         // truncated
}

TEST(Csv, EmptyFileNeedsAHeader) {
    Diagnostics d;
    (void)parse_csv("", "t.csv", d);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d.items()[0].message.find("empty"), std::string::npos);
}

TEST(Csv, FieldLongerThanTheLimitIsRejected) {
    Diagnostics d;
    critmin::io::CsvLimits limits;
    limits.max_field_bytes = 8;
    (void)parse_csv("a\n0123456789\n", "t.csv", d, limits);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d.items()[0].message.find("longer than 8 bytes"), std::string::npos);
}

TEST(Csv, EscapeRoundTrips) {
    EXPECT_EQ(critmin::io::csv_escape("plain"), "plain");
    EXPECT_EQ(critmin::io::csv_escape("a,b"), "\"a,b\"");
    const std::string escaped = critmin::io::csv_escape("say \"x\"\n");
    Diagnostics d;
    auto f = parse_csv("h\n" + escaped + "\n", "t.csv", d);
    ASSERT_TRUE(d.empty());
    EXPECT_EQ(f.rows[0].fields[0].text, "say \"x\"\n");
}

TEST(Csv, Utf16IsRecognised) {
    Diagnostics d;
    (void)parse_csv(std::string_view("\xFF\xFEi\0d\0", 6), "t.csv", d);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d.items()[0].message.find("UTF-16"), std::string::npos);
}
