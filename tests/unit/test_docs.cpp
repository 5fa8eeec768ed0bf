// The equation-code-test triangle: every numbered equation in docs/ is cited by the code that
// implements it and named by a test (the id in the test's name, e.g. TEST(Mfa, M9MassBalance...)
// or TEST(Ttr, P1_P2_...)). A new equation without both makes this test fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

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

// The names of every GoogleTest and rapidcheck test in `text` (the second argument of TEST,
// TEST_F, TEST_P and RC_GTEST_PROP).
std::vector<std::string> test_names(const std::string& text) {
    std::vector<std::string> names;
    for (const char* macro : {"TEST(", "TEST_F(", "TEST_P(", "RC_GTEST_PROP("}) {
        const std::string m = macro;
        for (std::size_t at = text.find(m); at != std::string::npos; at = text.find(m, at + 1)) {
            if (at > 0 &&
                (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_'))
                continue;  // e.g. RC_GTEST_PROP( seen as TEST_PROP
            const std::size_t comma = text.find(',', at);
            const std::size_t close = text.find(')', at);
            if (comma == std::string::npos || close == std::string::npos || comma > close) continue;
            std::string name = text.substr(comma + 1, close - comma - 1);
            const auto first = name.find_first_not_of(" \n\t");
            const auto last = name.find_last_not_of(" \n\t");
            if (first == std::string::npos) continue;
            name = name.substr(first, last - first + 1);
            if (name.find(',') != std::string::npos) name = name.substr(0, name.find(','));
            names.push_back(name);
        }
    }
    return names;
}

// The id inside a test name as a token: not after a capital letter, not before a digit or a
// small letter (A1 names A1SharesUse... and G3G4G5ByHand names G4; S6 does not name S6a_...).
bool names_id(const std::string& name, const std::string& id) {
    for (std::size_t at = name.find(id); at != std::string::npos; at = name.find(id, at + 1)) {
        const bool start_ok = at == 0 || !std::isupper(static_cast<unsigned char>(name[at - 1]));
        const std::size_t end = at + id.size();
        const bool end_ok =
            end >= name.size() || !(std::isdigit(static_cast<unsigned char>(name[end])) ||
                                    std::islower(static_cast<unsigned char>(name[end])));
        if (start_ok && end_ok) return true;
    }
    return false;
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
    const std::vector<std::string> names = test_names(tests);
    ASSERT_GT(names.size(), 100u);
    for (const auto& id : ids) {
        EXPECT_TRUE(cited(code, id)) << "equation " << id << " is cited nowhere in src/";
        const bool named = std::any_of(names.begin(), names.end(),
                                       [&](const std::string& n) { return names_id(n, id); });
        EXPECT_TRUE(named) << "equation " << id << " has no test named after it (e.g. TEST(Suite, "
                           << id << "_WhatItChecks))";
    }
}
