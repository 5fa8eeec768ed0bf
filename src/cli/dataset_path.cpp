#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "cli/commands.h"
#include "version.h"

namespace critmin::cli {

std::string default_data_root() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("CRITMIN_DATA"); env != nullptr && *env != '\0')
        return fs::path(env).string();
    // build/bin/critmin -> <repo>/data: works from any clone, wherever it was moved.
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = exe.parent_path().parent_path().parent_path() / "data";
        if (fs::is_directory(beside / "rare-earths", ec)) return beside.string();
    }
    return fs::path(kDefaultDataDir).string();
}

std::string default_dataset_dir() {
    return (std::filesystem::path(default_data_root()) / "rare-earths").string();
}

std::string shortfall_value_file(const std::string& given) {
    if (!given.empty()) return given;
    return (std::filesystem::path(default_data_root()) / "planning" / "shortfall-value.csv")
        .string();
}

}  // namespace critmin::cli
