// Writes a seeded scale-free firm network for the firm-level benchmark (docs/benchmarks.md,
// issue 3): DIR/firms.csv (firm,sector,region,final_demand) and DIR/edges.csv
// (supplier,customer,amount), in the format io/firm_reader.h reads.
//
//   critmin-gen-firms --firms N --links M [--sectors S] [--regions R] [--seed K] --out DIR
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
                 "critmin-gen-firms: %s\nusage: critmin-gen-firms --firms N --links M "
                 "[--sectors S=50] [--regions R=20] [--seed K=1] --out DIR\n",
                 problem);
    std::exit(2);
}

// Writes the buffer to the file when it is large, so memory stays bounded.
void flush(fmt::memory_buffer& buffer, std::FILE* file, bool force) {
    if (!force && buffer.size() < (std::size_t{1} << 22)) return;
    std::fwrite(buffer.data(), 1, buffer.size(), file);
    buffer.clear();
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t firms = 0, links = 0, sectors = 50, regions = 20;
    std::uint64_t seed = 1;
    std::filesystem::path out;
    for (int a = 1; a < argc; ++a) {
        const std::string_view flag = argv[a];
        if (a + 1 >= argc) usage("every flag needs a value");
        const char* value = argv[++a];
        if (flag == "--firms")
            firms = std::stoull(value);
        else if (flag == "--links")
            links = std::stoull(value);
        else if (flag == "--sectors")
            sectors = std::stoull(value);
        else if (flag == "--regions")
            regions = std::stoull(value);
        else if (flag == "--seed")
            seed = std::stoull(value);
        else if (flag == "--out")
            out = value;
        else
            usage("unknown flag");
    }
    if (out.empty() || firms < 2 || sectors == 0 || regions == 0)
        usage("--out is required, --firms must be at least 2, --sectors and --regions positive");
    std::filesystem::create_directories(out);

    const auto net = critmin::bench::synthetic_firms(firms, links, sectors, regions, seed);
    fmt::memory_buffer buffer;
    std::FILE* file = std::fopen((out / "firms.csv").c_str(), "wb");
    if (file == nullptr) usage("cannot write firms.csv");
    fmt::format_to(std::back_inserter(buffer), "firm,sector,region,final_demand\n");
    for (std::size_t i = 0; i < firms; ++i) {
        fmt::format_to(std::back_inserter(buffer), "f{},{},{},{}\n", i + 1,
                       critmin::bench::padded_label("s", net.sector[i], sectors),
                       critmin::bench::padded_label("r", net.region[i], regions),
                       net.final_demand[i]);
        flush(buffer, file, false);
    }
    flush(buffer, file, true);
    std::fclose(file);

    file = std::fopen((out / "edges.csv").c_str(), "wb");
    if (file == nullptr) usage("cannot write edges.csv");
    fmt::format_to(std::back_inserter(buffer), "supplier,customer,amount\n");
    for (std::size_t e = 0; e < net.supplier.size(); ++e) {
        fmt::format_to(std::back_inserter(buffer), "f{},f{},{}\n", net.supplier[e] + 1,
                       net.customer[e] + 1, net.amount[e]);
        flush(buffer, file, false);
    }
    flush(buffer, file, true);
    std::fclose(file);
    std::printf("%zu firms, %zu links (%zu sectors, %zu regions), seed %llu, in %s\n", firms,
                net.supplier.size(), sectors, regions, static_cast<unsigned long long>(seed),
                out.c_str());
    return 0;
}
