// Data-driven tests of the command-line tool: every folder under tests/cases is one case.
//
//   cmd           the arguments, one line; {dataset} is the case's dataset folder, {source} the
//                 repository root
//   base          optional: the dataset the case starts from (default tests/data/tiny)
//   files/        optional: files copied over the base dataset (to break or change it)
//   remove        optional: names of base files to delete, one per line
//   exit          optional: expected exit code (default 0)
//   expected.out  optional: expected stdout; JSON is compared with a 1e-9 relative tolerance
//   expected.err  optional: lines that must each appear in stderr
//
// Set CRITMIN_UPDATE_GOLDEN=1 to (re)write expected.out from the current output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (std::size_t pos = s.find(from); pos != std::string::npos;
         pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

// Numbers equal within a relative tolerance; everything else exactly.
bool json_close(const nlohmann::json& a, const nlohmann::json& b, std::string& where) {
    if (a.is_number() && b.is_number()) {
        const double x = a.get<double>(), y = b.get<double>();
        if (std::abs(x - y) <= 1e-9 * std::max({1.0, std::abs(x), std::abs(y)})) return true;
        where += ": " + a.dump() + " != " + b.dump();
        return false;
    }
    if (a.type() != b.type()) {
        where += ": " + a.dump() + " != " + b.dump();
        return false;
    }
    if (a.is_object()) {
        if (a.size() != b.size()) {
            where +=
                ": different keys " + a.dump().substr(0, 200) + " vs " + b.dump().substr(0, 200);
            return false;
        }
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!b.contains(it.key())) {
                where += ": key '" + it.key() + "' missing";
                return false;
            }
            std::string sub = where + "." + it.key();
            if (!json_close(it.value(), b[it.key()], sub)) {
                where = sub;
                return false;
            }
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) {
            where += ": array sizes differ";
            return false;
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            std::string sub = where + "[" + std::to_string(i) + "]";
            if (!json_close(a[i], b[i], sub)) {
                where = sub;
                return false;
            }
        }
        return true;
    }
    if (a == b) return true;
    where += ": " + a.dump() + " != " + b.dump();
    return false;
}

// Every case folder, or only CRITMIN_CASE when it is set (ctest runs one case per test).
std::vector<std::string> case_names() {
    if (const char* only = std::getenv("CRITMIN_CASE"); only != nullptr && *only != '\0')
        return {only};
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(CRITMIN_CASES_DIR))
        if (entry.is_directory() && fs::exists(entry.path() / "cmd"))
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

class CliCase : public ::testing::TestWithParam<std::string> {};

TEST_P(CliCase, MatchesExpectedOutput) {
    const fs::path dir = fs::path(CRITMIN_CASES_DIR) / GetParam();
    const fs::path source = fs::path(CRITMIN_SOURCE_DIR);
    fs::path base = source / "tests/data/tiny";
    if (fs::exists(dir / "base")) base = source / trim(slurp(dir / "base"));

    // A private copy of the dataset, so cases can break it without touching the original.
    const fs::path work = fs::temp_directory_path() /
                          ("critmin-case-" + GetParam() + "-" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::create_directories(work);
    const fs::path dataset = work / "dataset";
    fs::copy(base, dataset, fs::copy_options::recursive);
    if (fs::exists(dir / "files"))
        fs::copy(dir / "files", dataset,
                 fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    if (fs::exists(dir / "remove")) {
        std::istringstream names(slurp(dir / "remove"));
        for (std::string name; std::getline(names, name);)
            if (!trim(name).empty()) fs::remove_all(dataset / trim(name));
    }

    std::string args = trim(slurp(dir / "cmd"));
    replace_all(args, "{dataset}", dataset.string());
    replace_all(args, "{source}", source.string());
    const fs::path out = work / "stdout", err = work / "stderr";
    const std::string command = std::string("cd '") + work.string() + "' && '" + CRITMIN_BIN +
                                "' " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status)) << "critmin did not exit normally (crash?): " << command;
    const int code = WEXITSTATUS(status);
    std::string stdout_text = slurp(out), stderr_text = slurp(err);
    replace_all(stdout_text, dataset.string(), "{dataset}");
    replace_all(stderr_text, dataset.string(), "{dataset}");
    // Paths into the repository differ between clones.
    replace_all(stdout_text, source.string(), "{source}");
    replace_all(stderr_text, source.string(), "{source}");

    const int expected_code = fs::exists(dir / "exit") ? std::stoi(trim(slurp(dir / "exit"))) : 0;
    EXPECT_EQ(code, expected_code) << "stderr:\n" << stderr_text;

    if (std::getenv("CRITMIN_UPDATE_GOLDEN") != nullptr && fs::exists(dir / "expected.out")) {
        std::ofstream(dir / "expected.out", std::ios::binary) << stdout_text;
    }
    if (fs::exists(dir / "expected.out")) {
        const std::string expected = slurp(dir / "expected.out");
        auto a = nlohmann::json::parse(expected, nullptr, false);
        auto b = nlohmann::json::parse(stdout_text, nullptr, false);
        if (!a.is_discarded() && !b.is_discarded() && (a.is_object() || a.is_array())) {
            std::string where = "$";
            EXPECT_TRUE(json_close(a, b, where)) << "JSON differs at " << where;
        } else {
            EXPECT_EQ(stdout_text, expected);
        }
    }
    if (fs::exists(dir / "expected.err")) {
        std::istringstream lines(slurp(dir / "expected.err"));
        for (std::string line; std::getline(lines, line);) {
            if (trim(line).empty()) continue;
            EXPECT_NE(stderr_text.find(trim(line)), std::string::npos)
                << "stderr lacks: " << trim(line) << "\nstderr was:\n"
                << stderr_text;
        }
    }
    fs::remove_all(work);
}

INSTANTIATE_TEST_SUITE_P(Cases, CliCase, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                             std::string name = param.param;
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

}  // namespace
