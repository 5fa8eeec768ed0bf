// The equation-code-test triangle: every numbered equation in docs/ is cited by the code that
// implements it and by a test. A new equation without both makes this test fail.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::string read_tree(const fs::path& dir, const std::set<std::string>& extensions) {
    std::string all;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file() || extensions.count(entry.path().extension().string()) == 0)
            continue;
        std::ifstream in(entry.path());
        std::stringstream ss;
        ss << in.rdbuf();
        all += ss.str();
    }
    return all;
}

}  // namespace

TEST(Docs, EveryNumberedEquationHasCodeAndATest) {
    const fs::path root = CRITMIN_SOURCE_DIR;
    const std::string docs = read_tree(root / "docs", {".md"});
    const std::string code = read_tree(root / "src", {".cpp", ".h"});
    const std::string tests = read_tree(root / "tests/unit", {".cpp"});
    const std::regex tag(R"(\\tag\{([A-Z][0-9]+[a-z]?)\})");
    std::set<std::string> ids;
    for (auto it = std::sregex_iterator(docs.begin(), docs.end(), tag);
         it != std::sregex_iterator(); ++it)
        ids.insert((*it)[1]);
    ASSERT_GE(ids.size(), 8u) << "docs/assess.md numbers A1-A7 and D1";
    // The id as a word of its own: not preceded by a letter, digit or underscore, and not
    // followed by a digit (S1 must not match S12). A plain scan: std::regex over all sources is
    // slow under the sanitizers.
    auto cited = [](const std::string& text, const std::string& id) {
        for (std::size_t at = text.find(id); at != std::string::npos; at = text.find(id, at + 1)) {
            const bool start_ok =
                at == 0 ||
                !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_');
            const std::size_t end = at + id.size();
            const bool end_ok =
                end >= text.size() || !std::isdigit(static_cast<unsigned char>(text[end]));
            if (start_ok && end_ok) return true;
        }
        return false;
    };
    for (const auto& id : ids) {
        EXPECT_TRUE(cited(code, id)) << "equation " << id << " is cited nowhere in src/";
        EXPECT_TRUE(cited(tests, id)) << "equation " << id << " has no test naming it";
    }
}
