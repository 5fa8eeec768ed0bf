// docs/cli.md's option tables are generated from the commands' option tables
// (cli/registry.cpp): this test fails when the page is stale. CRITMIN_UPDATE_DOCS=1 rewrites the
// generated part (between the two markers) and then passes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/registry.h"

namespace {

constexpr const char* kBegin = "<!-- options: generated from src/cli/registry.cpp -->\n";
constexpr const char* kEnd = "<!-- options: end -->\n";

}  // namespace

TEST(CliOptions, DocsListEveryOptionOfEveryCommand) {
    const std::string path = CRITMIN_SOURCE_DIR "/docs/cli.md";
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string page = ss.str();
    const auto begin = page.find(kBegin);
    const auto end = page.find(kEnd);
    ASSERT_NE(begin, std::string::npos) << "docs/cli.md lacks the marker " << kBegin;
    ASSERT_NE(end, std::string::npos) << "docs/cli.md lacks the marker " << kEnd;
    ASSERT_LT(begin, end);
    const std::size_t from = begin + std::string(kBegin).size();
    const std::string generated = "\n" + critmin::cli::options_reference();
    if (std::getenv("CRITMIN_UPDATE_DOCS") != nullptr) {
        page.replace(from, end - from, generated);
        std::ofstream(path, std::ios::trunc) << page;
        return;
    }
    EXPECT_EQ(page.substr(from, end - from), generated)
        << "docs/cli.md's option tables are stale: run CRITMIN_UPDATE_DOCS=1 "
           "build/bin/critmin_unit_tests --gtest_filter=CliOptions.*";
}

TEST(CliOptions, EveryCommandHasHelpAndOptions) {
    for (const auto& c : critmin::cli::commands()) {
        EXPECT_FALSE(c.help.empty());
        EXPECT_NE(c.markdown().find("| `"), std::string::npos) << c.path.back();
    }
}
