// Writes a seeded random MRIO (docs/benchmarks.md, issue 3) as DIR/Z.csv, DIR/Y.csv and DIR/x.csv
// in the layout io/mrio_reader.h reads (two header lines: column region, then column sector or
// final-demand category). x = row sums of Z + row sums of Y.
//
//   critmin-gen-mrio --regions R --sectors S [--seed K] [--density D=0.6]
//                    [--foreign-density F=D] --out DIR
// --density is the share of nonzero flows within a region, --foreign-density between regions
// (EXIOBASE size: --regions 49 --sectors 163 --density 0.7 --foreign-density 0.1).
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "synthetic.h"

namespace {

[[noreturn]] void usage(const char* problem) {
    std::fprintf(stderr,
                 "critmin-gen-mrio: %s\nusage: critmin-gen-mrio --regions R --sectors S "
                 "[--seed K=1] [--density D=0.6] [--foreign-density F=D] --out DIR\n",
                 problem);
    std::exit(2);
}

// A matrix with its two header lines; `columns` labels are (region, sector or category).
void write_matrix(const std::filesystem::path& path, const critmin::sim::MrioTable& t,
                  const std::vector<double>& values, std::size_t n_columns,
                  const std::vector<std::string>& column_kinds) {
    fmt::memory_buffer b;
    auto out = std::back_inserter(b);
    const std::size_t per_region = column_kinds.size();
    fmt::format_to(out, "region,sector");
    for (std::size_t c = 0; c < n_columns; ++c)
        fmt::format_to(out, ",{}", t.regions[c / per_region]);
    fmt::format_to(out, "\n,");
    for (std::size_t c = 0; c < n_columns; ++c)
        fmt::format_to(out, ",{}", column_kinds[c % per_region]);
    fmt::format_to(out, "\n");
    const std::size_t n = t.n_industries();
    for (std::size_t i = 0; i < n; ++i) {
        fmt::format_to(out, "{},{}", t.regions[i / t.sectors.size()],
                       t.sectors[i % t.sectors.size()]);
        // Shortest round-trip form: the reader gets back exactly these doubles.
        for (std::size_t c = 0; c < n_columns; ++c)
            fmt::format_to(out, ",{}", values[i * n_columns + c]);
        fmt::format_to(out, "\n");
    }
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) usage("cannot write the output files");
    std::fwrite(b.data(), 1, b.size(), file);
    std::fclose(file);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t regions = 0, sectors = 0;
    std::uint64_t seed = 1;
    double density = 0.6;
    double foreign = -1.0;
    std::filesystem::path out;
    for (int a = 1; a < argc; ++a) {
        const std::string_view flag = argv[a];
        if (a + 1 >= argc) usage("every flag needs a value");
        const char* value = argv[++a];
        if (flag == "--regions")
            regions = std::stoull(value);
        else if (flag == "--sectors")
            sectors = std::stoull(value);
        else if (flag == "--seed")
            seed = std::stoull(value);
        else if (flag == "--density")
            density = std::stod(value);
        else if (flag == "--foreign-density")
            foreign = std::stod(value);
        else if (flag == "--out")
            out = value;
        else
            usage("unknown flag");
    }
    if (out.empty() || regions == 0 || sectors == 0 || !(density > 0 && density <= 1))
        usage("--out, --regions and --sectors are required; --density is in (0, 1]");
    std::filesystem::create_directories(out);
    const critmin::sim::MrioTable t =
        critmin::bench::synthetic_mrio(regions, sectors, seed, density, foreign);
    const std::size_t n = t.n_industries();
    write_matrix(out / "Z.csv", t, t.z, n, t.sectors);
    write_matrix(out / "Y.csv", t, t.y, t.n_final_columns(), t.categories);
    fmt::memory_buffer b;
    fmt::format_to(std::back_inserter(b), "region,sector,indout\n");
    for (std::size_t i = 0; i < n; ++i)
        fmt::format_to(std::back_inserter(b), "{},{},{}\n", t.regions[i / sectors],
                       t.sectors[i % sectors], t.x[i]);
    std::FILE* file = std::fopen((out / "x.csv").c_str(), "wb");
    if (file == nullptr) usage("cannot write x.csv");
    std::fwrite(b.data(), 1, b.size(), file);
    std::fclose(file);
    std::size_t nonzero = 0;
    for (double z : t.z) nonzero += z != 0 ? 1 : 0;
    std::printf(
        "%zu regions x %zu sectors = %zu industries, %.0f%% of Z nonzero, seed %llu, in %s\n",
        regions, sectors, n, 100.0 * static_cast<double>(nonzero) / static_cast<double>(n * n),
        static_cast<unsigned long long>(seed), out.c_str());
    return 0;
}
