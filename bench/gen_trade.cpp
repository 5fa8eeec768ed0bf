// Writes a synthetic set of raw tables the size of a full BACI year, for the speed goal of
// docs/benchmarks.md: trade.csv (every ordered pair of N countries x C commodities, one year),
// production.csv and wgi.csv. Seeded: the same arguments give the same files.
//
//   critmin-gen-trade OUT_DIR [ROWS=10000000] [SEED=1]
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: critmin-gen-trade OUT_DIR [ROWS] [SEED]\n");
        return 2;
    }
    const std::filesystem::path out = argv[1];
    const std::size_t rows = argc > 2 ? std::stoull(argv[2]) : 10'000'000;
    const std::uint64_t seed = argc > 3 ? std::stoull(argv[3]) : 1;
    std::filesystem::create_directories(out);

    // Real ISO3 codes, so the tables pass critmin's checks.
    std::vector<std::string> codes;
    {
        std::ifstream in(CRITMIN_SOURCE_DIR "/data/reference/countries.csv");
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line)) codes.push_back(line.substr(0, 3));
    }
    const std::size_t n = std::min<std::size_t>(codes.size(), 236);
    const std::size_t pairs = n * (n - 1);
    const std::size_t commodities = std::max<std::size_t>(1, (rows + pairs - 1) / pairs);
    std::mt19937_64 rng(seed);
    std::lognormal_distribution<double> quantity(3.0, 2.0), price(1.0, 1.0);
    std::uniform_real_distribution<double> stability(-2.5, 2.5);

    std::FILE* trade = std::fopen((out / "trade.csv").c_str(), "w");
    std::fputs("exporter,importer,commodity,year,quantity,value\n", trade);
    std::size_t written = 0;
    for (std::size_t c = 0; c < commodities && written < rows; ++c) {
        for (std::size_t e = 0; e < n && written < rows; ++e) {
            for (std::size_t i = 0; i < n && written < rows; ++i) {
                if (e == i) continue;
                const double q = quantity(rng);
                std::fputs(fmt::format("{},{},c{:03d},2022,{:.3f},{:.3f}\n", codes[e], codes[i], c,
                                       q, q * price(rng))
                               .c_str(),
                           trade);
                ++written;
            }
        }
    }
    std::fclose(trade);

    std::FILE* production = std::fopen((out / "production.csv").c_str(), "w");
    std::fputs("country,commodity,year,quantity\n", production);
    for (std::size_t c = 0; c < commodities; ++c)
        for (std::size_t k = 0; k < n; k += 3)
            std::fputs(
                fmt::format("{},c{:03d},2022,{:.0f}\n", codes[k], c, quantity(rng) * 100).c_str(),
                production);
    std::fclose(production);

    std::FILE* wgi = std::fopen((out / "wgi.csv").c_str(), "w");
    std::fputs("iso3,year,political_stability\n", wgi);
    for (std::size_t k = 0; k < n; ++k)
        std::fputs(fmt::format("{},2022,{:.4f}\n", codes[k], stability(rng)).c_str(), wgi);
    std::fclose(wgi);
    std::printf("%zu trade rows (%zu countries x %zu commodities), seed %llu, in %s\n", written, n,
                commodities, static_cast<unsigned long long>(seed), out.c_str());
    return 0;
}
