// Fuzzes the raw-table readers (streamed production, trade and WGI tables) and the BACI
// importer's inputs: the first byte picks the table, the rest is its content.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/baci.h"
#include "io/raw_reader.h"

namespace {
const critmin::CountryRegistry& registry() {
    static const critmin::CountryRegistry reg =
        critmin::io::read_country_registry(CRITMIN_SOURCE_DIR "/data/reference");
    return reg;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const std::string path = (std::filesystem::temp_directory_path() /
                                     ("critmin-fuzz-raw-" + std::to_string(::getpid()) + ".csv"))
                                        .string();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
    }
    critmin::Diagnostics d;
    critmin::io::RawTablePaths paths;
    switch (data[0] % 4) {
        case 0:
            paths.production = path;
            break;
        case 1:
            paths.trade = path;
            break;
        case 2:
            paths.wgi = path;
            break;
        default: {
            critmin::io::BaciImport request{{path},
                                            CRITMIN_SOURCE_DIR "/tests/data/baci/country-codes.csv",
                                            CRITMIN_SOURCE_DIR "/tests/data/baci/hs-map.csv"};
            critmin::io::BaciSummary summary;
            (void)critmin::io::import_baci(request, registry(), summary, d);
            return 0;
        }
    }
    (void)critmin::io::read_raw_tables(paths, registry(), d);
    (void)d.to_string();
    return 0;
}
