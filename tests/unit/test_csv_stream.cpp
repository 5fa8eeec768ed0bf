// The streaming reader must agree with the in-memory reader, across block boundaries too.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "io/csv.h"
#include "io/csv_stream.h"
#include "temp_dir.h"

namespace {

std::string temp_file(const std::string& content) {
    return critmin::test::process_temp_dir().write("stream.csv", content);
}

}  // namespace

TEST(CsvStream, AgreesWithTheInMemoryReaderOverSeveralBlocks) {
    // About 6 MB: rows cross the 4 MiB block boundary, some with quoted commas, quotes and line
    // breaks, CRLF and LF line ends mixed.
    std::mt19937 rng(7);
    std::string text = "a,b,c\n";
    for (int i = 0; text.size() < 6'000'000; ++i) {
        switch (rng() % 4) {
            case 0:
                text += "x" + std::to_string(i) + ",1.5,plain\n";
                break;
            case 1:
                text += "\"q, " + std::to_string(i) + "\",\"say \"\"hi\"\"\",z\r\n";
                break;
            case 2:
                text += "m,\"two\nlines " + std::to_string(i) + "\",\n";
                break;
            default:
                text += ",,\n";
                break;
        }
    }
    const std::string path = temp_file(text);
    critmin::Diagnostics d1, d2;
    const auto whole = critmin::io::parse_csv(text, path, d1);
    critmin::io::CsvStream stream(path, d2);
    ASSERT_TRUE(stream.next());  // header
    std::size_t row = 0;
    while (stream.next()) {
        ASSERT_LT(row, whole.rows.size());
        const auto& expected = whole.rows[row];
        ASSERT_EQ(stream.line(), expected.line) << "row " << row;
        ASSERT_EQ(stream.fields().size(), expected.fields.size()) << "line " << expected.line;
        for (std::size_t f = 0; f < expected.fields.size(); ++f) {
            ASSERT_EQ(stream.fields()[f], expected.fields[f].text) << "line " << expected.line;
            ASSERT_EQ(stream.columns()[f], expected.fields[f].column) << "line " << expected.line;
        }
        ++row;
    }
    EXPECT_EQ(row, whole.rows.size());
    EXPECT_TRUE(d1.empty());
    EXPECT_TRUE(d2.empty()) << d2.to_string();
    std::filesystem::remove(path);
}

TEST(CsvStream, ReportsBadBytesAndOpenQuotesWithTheirLine) {
    critmin::Diagnostics d;
    const std::string path = temp_file("a,b\n1,2\n3,\xff\n");
    critmin::io::CsvStream s(path, d);
    while (s.next()) {
    }
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d.items()[0].where.line, 3u);
    EXPECT_EQ(d.items()[0].where.column, 3u);
    critmin::Diagnostics q;
    const std::string open = temp_file("a\n\"never closed\n");
    critmin::io::CsvStream s2(open, q);
    while (s2.next()) {
    }
    ASSERT_EQ(q.size(), 1u);
    EXPECT_NE(q.items()[0].message.find("not closed"), std::string::npos);
    std::filesystem::remove(path);
    std::filesystem::remove(open);
}

TEST(CsvStream, ARowLongerThanTheLimitEndsTheStreamWithItsLine) {
    critmin::Diagnostics d;
    critmin::io::CsvStream in(temp_file("a,b\n1,2\n" + std::string(100, 'x') + "\n"), d, 64);
    ASSERT_TRUE(in.next());
    ASSERT_TRUE(in.next());
    EXPECT_EQ(in.fields()[1], "2");
    EXPECT_FALSE(in.next());
    EXPECT_TRUE(in.failed());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d.items()[0].where.line, 3u);
    EXPECT_EQ(d.items()[0].message, "a row is longer than 64 bytes");
}
