// Fuzzes the CSV tables read outside the dataset loader: an MRIO's Z, Y or x table (the rest of
// the shared 3x5 test MRIO beside it), a TTR table, the MFA magnets tables and a firm network's
// firms.csv or edges.csv (read, then run through the six-firm test scenario, so the network
// build and the sparse kernel see every table the reader accepts). The first byte picks the
// table, the rest is its content; never a crash or an internal error.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "fuzz_file.h"
#include "mfa/magnet_reader.h"
#include "plan/tables.h"
#include "sim/firm_reader.h"
#include "sim/firm_scenario.h"
#include "sim/mrio_reader.h"
#include "sim/scenario_reader.h"

namespace {

namespace fs = std::filesystem;

// A copy of a folder in the work folder, once per process.
fs::path copy_of(const char* from, const char* name) {
    const fs::path to = critmin::fuzz::work_dir() / name;
    if (!fs::exists(to)) fs::copy(from, to, fs::copy_options::recursive);
    return to;
}

constexpr std::array<const char*, 3> kMrioTables = {"Z.csv", "Y.csv", "x.csv"};
constexpr std::array<const char*, 5> kMagnetTables = {"products.csv", "sales.csv", "eol.csv",
                                                      "yields.csv", "recycling-capacity.csv"};
constexpr std::array<const char*, 2> kFirmTables = {"firms.csv", "edges.csv"};

// Replaces `table` of a copy of the folder `from` (made once, as `name`) by the input, runs
// `read` on that copy under expect_answer, and puts the original table back.
template <typename Read>
void with_table(const char* from, const char* name, const char* table, const std::uint8_t* data,
                std::size_t size, Read&& read) {
    const fs::path dir = copy_of(from, name);
    const fs::path saved = dir / (std::string(table) + ".orig");
    if (!fs::exists(saved)) fs::copy_file(dir / table, saved);
    critmin::fuzz::write_input(data, size, std::string(name) + "/" + table);
    critmin::fuzz::expect_answer([&] { read(dir); });
    fs::copy_file(saved, dir / table, fs::copy_options::overwrite_existing);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using critmin::fuzz::expect_answer;
    if (size == 0) return 0;
    const unsigned pick = data[0] % 11U;
    ++data;
    --size;
    if (pick < kMrioTables.size()) {
        with_table(CRITMIN_SOURCE_DIR "/tests/data/reference/mrio-test/agg3x5", "mrio",
                   kMrioTables[pick], data, size,
                   [](const fs::path& dir) { (void)critmin::sim::read_mrio(dir.string()); });
    } else if (pick == 3) {
        expect_answer([&] {
            critmin::plan::TtrTable table;
            critmin::plan::read_ttr_table(critmin::fuzz::write_input(data, size, "ttr.csv"), table);
        });
    } else if (pick >= 9) {
        // Read, then run for the six-firm test scenario's 120 days.
        with_table(CRITMIN_SOURCE_DIR "/tests/data/firms", "firms", kFirmTables[pick - 9], data,
                   size, [](const fs::path& dir) {
                       const auto firms = critmin::sim::read_firm_network(
                           (dir / "firms.csv").string(), (dir / "edges.csv").string());
                       static const critmin::sim::Scenario scenario =
                           critmin::sim::read_scenario((dir / "scenario.yaml").string());
                       (void)critmin::sim::run_firm_scenario(firms, scenario);
                   });
    } else {
        with_table(
            CRITMIN_SOURCE_DIR "/tests/data/mfa/tiny", "mfa", kMagnetTables[pick - 4], data, size,
            [](const fs::path& dir) { (void)critmin::mfa::read_magnet_system(dir.string()); });
    }
    return 0;
}
