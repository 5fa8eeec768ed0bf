// Fuzzes the whole dataset loader and its checks: the first byte picks a table of the tiny test
// dataset, the rest replaces that table's content; loading must end in a dataset or in
// diagnostics, never in a crash.
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/check.h"
#include "io/loader.h"

namespace {

constexpr std::array<const char*, 15> kTables = {
    "dataset.yaml",        "countries.csv",  "governance.csv",       "commodities.csv",
    "element_content.csv", "deposits.csv",   "processes.csv",        "recipes.csv",
    "producers.csv",       "production.csv", "world_production.csv", "flows.csv",
    "demand.csv",          "stockpiles.csv", "projects.csv"};

const std::filesystem::path& work_dir() {
    static const std::filesystem::path dir = [] {
        namespace fs = std::filesystem;
        const fs::path d =
            fs::temp_directory_path() / ("critmin-fuzz-" + std::to_string(::getpid()));
        fs::remove_all(d);
        fs::copy(CRITMIN_TINY_DATASET, d, fs::copy_options::recursive);
        return d;
    }();
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    namespace fs = std::filesystem;
    const fs::path& dir = work_dir();
    const char* table = kTables[data[0] % kTables.size()];
    const fs::path target = dir / table;
    const fs::path original = fs::path(CRITMIN_TINY_DATASET) / table;
    {
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
    }
    critmin::Diagnostics diagnostics;
    auto ds = critmin::io::read_dataset(dir.string(), diagnostics);
    if (ds) critmin::io::check_dataset(*ds, diagnostics);
    (void)diagnostics.to_string();
    fs::copy_file(original, target, fs::copy_options::overwrite_existing);
    return 0;
}
