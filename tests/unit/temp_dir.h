// A temporary folder of its own for a test (process id, test name and a tag, so that parallel
// ctest runs never share files), removed with everything in it when it goes out of scope.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace critmin::test {

class TempDir {
  public:
    explicit TempDir(const std::string& tag = "", bool per_test = true) {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        const std::string test = per_test && info != nullptr ? info->name() : "all";
        path_ =
            std::filesystem::temp_directory_path() /
            ("critmin-" + tag + (tag.empty() ? "" : "-") + std::to_string(::getpid()) + "-" + test);
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const {
        return path_ / name;
    }
    // Writes `content` (bytes as given) to NAME in the folder; returns its path.
    std::string write(const std::string& name, const std::string& content) const {
        const auto file = path_ / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
        return file.string();
    }
    // Copies the files of `folder` (e.g. tests/data/tiny) into this one.
    void copy_from(const std::filesystem::path& folder) const {
        std::filesystem::copy(folder, path_,
                              std::filesystem::copy_options::recursive |
                                  std::filesystem::copy_options::overwrite_existing);
    }

  private:
    std::filesystem::path path_;
};

// One folder for the whole test process, for helpers whose files outlive a single call
// (catalogues, scenario files); removed when the process ends.
inline const TempDir& process_temp_dir() {
    static const TempDir dir("process", false);
    return dir;
}

}  // namespace critmin::test
