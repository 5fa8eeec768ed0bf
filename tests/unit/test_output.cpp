#include <gtest/gtest.h>

#include "cli/output.h"
#include "cli/selection.h"

using critmin::cli::Report;

namespace {
Report sample() {
    Report r;
    r.command = "assess";
    r.rows.push_back({{"view", "production"},
                      {"commodity", "ore"},
                      {"hhi", 4500.0},
                      {"top3_share", 0.9},
                      {"shares", {{"AAA", 0.6}, {"BBB", 0.3}}}});
    r.rows.push_back({{"view", "production"},
                      {"commodity", "a,b"},
                      {"hhi", 10000.0},
                      {"top3_share", 1.0},
                      {"shares", {{"CCC", 1.0}}}});
    return r;
}
}  // namespace

TEST(Output, JsonHasTheEnvelope) {
    const auto j = nlohmann::json::parse(critmin::cli::render_json(sample()));
    EXPECT_EQ(j["command"], "assess");
    EXPECT_TRUE(j["critmin"].is_string());
    EXPECT_EQ(j["rows"].size(), 2u);
    EXPECT_DOUBLE_EQ(j["rows"][0]["shares"]["AAA"].get<double>(), 0.6);
}

TEST(Output, CsvFlattensObjectsAndQuotes) {
    EXPECT_EQ(critmin::cli::render_csv(sample()),
              "view,commodity,hhi,top3_share,shares\n"
              "production,ore,4500,0.9,AAA:0.6;BBB:0.3\n"
              "production,\"a,b\",10000,1,CCC:1\n");
}

TEST(Output, TableShowsPercentages) {
    const std::string t = critmin::cli::render_table(sample());
    EXPECT_NE(t.find("[production]"), std::string::npos);
    EXPECT_NE(t.find("90.0%"), std::string::npos) << t;
    EXPECT_NE(t.find("AAA 60.0%, BBB 30.0%"), std::string::npos) << t;
}

TEST(Output, LargeNumbersGetThousandsSeparators) {
    Report r;
    r.rows.push_back({{"production", 2930000.0}, {"small", 850.7}, {"negative", -12345.0}});
    const std::string t = critmin::cli::render_table(r);
    EXPECT_NE(t.find("2,930,000"), std::string::npos) << t;
    EXPECT_NE(t.find("850.7"), std::string::npos) << t;
    EXPECT_NE(t.find("-12,345"), std::string::npos) << t;
}

TEST(Output, NetExporterReadsAsSuchInTheTable) {
    // A4a: import_reliance is floored at 0; the table says why instead of printing 0.0%.
    Report r;
    r.rows.push_back({{"commodity", "wafers"}, {"import_reliance", 0.0}, {"net_exporter", true}});
    r.rows.push_back({{"commodity", "magnet"}, {"import_reliance", 0.2}, {"net_exporter", false}});
    const std::string t = critmin::cli::render_table(r);
    EXPECT_NE(t.find("net exporter"), std::string::npos) << t;
    EXPECT_NE(t.find("20.0%"), std::string::npos) << t;
    EXPECT_EQ(t.find(" 0.0%"), std::string::npos) << t;
}

TEST(Output, ColumnLabelsChangeOnlyTheTableHeader) {
    Report r;
    r.rows.push_back({{"end_use", "wind"}, {"value_lost", 1500.0}});
    r.column_labels["value_lost"] = "value_lost (USD 2024)";
    EXPECT_NE(critmin::cli::render_table(r).find("value_lost (USD 2024)"), std::string::npos);
    EXPECT_EQ(critmin::cli::render_csv(r), "end_use,value_lost\nwind,1500\n");
}

TEST(Output, MoneyUnitNamesCurrencyAndPriceYear) {
    critmin::cli::MoneyUnit money;
    EXPECT_EQ(money.label(), "USD, price year not stated");
    EXPECT_TRUE(money.price_year().is_null());
    money.add_year(2024);
    EXPECT_EQ(money.label(), "USD 2024");
    EXPECT_EQ(money.price_year(), 2024);
    money.add_year(2025);  // inputs of two price years: no single year to report
    EXPECT_EQ(money.label(), "USD, price years 2024-2025");
    EXPECT_TRUE(money.price_year().is_null());
    nlohmann::ordered_json row{{"value_lost", 1.0}};
    money.add_to(row);
    EXPECT_EQ(
        row.dump(),
        R"({"value_lost":1.0,"currency":"USD","price_year":null,"value_unit":"USD, price years 2024-2025"})");
}

#include <sys/stat.h>

#include "io/file.h"
#include "temp_dir.h"

namespace {

// Issue 17, item 21: written outputs follow the umask (mkstemp alone makes them 0600).
TEST(Output, WrittenFilesFollowTheUmask) {
    const critmin::test::TempDir dir("umask");
    const mode_t old = ::umask(022);
    const std::string path = (dir.path() / "out.csv").string();
    critmin::io::write_file_atomic(path, "a,b\n");
    ::umask(027);
    const std::string other = (dir.path() / "other.csv").string();
    critmin::io::write_file_atomic(other, "a,b\n");
    ::umask(old);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0644U);
    ASSERT_EQ(::stat(other.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640U);
}

}  // namespace

#include "io/sqlite_writer.h"

namespace {

// Issue 17, item 21: reading a results database leaves no -shm or -wal file beside it.
TEST(Output, ReadingADatabaseLeavesNoFilesBesideIt) {
    const critmin::test::TempDir dir("sqlite-read");
    const std::string path = (dir.path() / "r?#%.db").string();
    {
        critmin::io::SqliteStore db(path, false);
        db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)");
    }
    EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
    std::int64_t seen = 0;
    {
        critmin::io::SqliteStore db(path, true);
        db.query("SELECT x FROM t", {}, [&](const std::vector<critmin::io::SqlValue>& row) {
            seen = std::get<std::int64_t>(row[0]);
        });
    }
    EXPECT_EQ(seen, 7);
    EXPECT_FALSE(std::filesystem::exists(path + "-shm"));
    EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

}  // namespace
