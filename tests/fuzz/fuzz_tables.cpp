// Fuzzes the CSV tables read outside the dataset loader: an MRIO's Z, Y or x table (the rest of
// the shared 3x5 test MRIO beside it), a TTR table and the MFA magnets tables. The first byte
// picks the table, the rest is its content; never a crash or an internal error.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "fuzz_file.h"
#include "mfa/magnet_reader.h"
#include "plan/tables.h"
#include "sim/mrio_reader.h"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using critmin::fuzz::expect_answer;
    if (size == 0) return 0;
    const unsigned pick = data[0] % 9U;
    ++data;
    --size;
    if (pick < kMrioTables.size()) {
        const fs::path dir =
            copy_of(CRITMIN_SOURCE_DIR "/tests/data/reference/mrio-test/agg3x5", "mrio");
        const fs::path saved = dir / (std::string(kMrioTables[pick]) + ".orig");
        if (!fs::exists(saved)) fs::copy_file(dir / kMrioTables[pick], saved);
        critmin::fuzz::write_input(data, size, std::string("mrio/") + kMrioTables[pick]);
        expect_answer([&] { (void)critmin::sim::read_mrio(dir.string()); });
        fs::copy_file(saved, dir / kMrioTables[pick], fs::copy_options::overwrite_existing);
    } else if (pick == 3) {
        expect_answer([&] {
            critmin::plan::TtrTable table;
            critmin::plan::read_ttr_table(critmin::fuzz::write_input(data, size, "ttr.csv"), table);
        });
    } else {
        const fs::path dir = copy_of(CRITMIN_SOURCE_DIR "/tests/data/mfa/tiny", "mfa");
        const char* table = kMagnetTables[pick - 4];
        const fs::path saved = dir / (std::string(table) + ".orig");
        if (!fs::exists(saved)) fs::copy_file(dir / table, saved);
        critmin::fuzz::write_input(data, size, std::string("mfa/") + table);
        expect_answer([&] { (void)critmin::mfa::read_magnet_system(dir.string()); });
        fs::copy_file(saved, dir / table, fs::copy_options::overwrite_existing);
    }
    return 0;
}
