// The `stress` pipeline (docs/stress.md): a catalogue compiled once against its dataset, samples
// split over processes (MPI) and threads, checkpoints in a results database, and the summary.
// The CLI only turns flags into a StressRequest and a StressOutcome into a report.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "stress/catalogue.h"
#include "stress/stress_run.h"

namespace critmin::app {

struct StressRequest {
    std::string catalogue;  // CATALOG.yaml
    std::string dataset;    // used when the catalogue's base names none
    long long samples = 1000;
    int horizon_days = 0;  // 0: the catalogue's
    int threads = 0;       // 0: OpenMP's default
    std::uint64_t seed = 1;
    std::string out;      // RESULTS.db: samples as they finish, then the summary
    bool resume = false;  // continue the run in `out`
    const std::atomic<bool>* stop = nullptr;  // Ctrl-C: stop after the current chunk
    // On rank 0 after each finished chunk: samples done (resumed included) of `total`.
    std::function<void(std::uint64_t done, std::uint64_t total, std::uint64_t resumed)> progress;
};

struct StressOutcome {
    bool silent = false;  // an MPI rank other than 0: rank 0 reports
    stress::Catalogue catalogue;
    std::vector<stress::ColumnInfo> columns;
    stress::StressSummary summary;
    std::size_t summarised = 0;        // samples in the summary
    bool interrupted = false;          // stopped early: the summary covers samples [0, summarised)
    std::vector<std::string> dropped;  // commodities no event can reach (left out)
    double seconds = 0;
    std::uint64_t samples_run = 0, samples_resumed = 0;
    int processes = 1, threads = 1;
};

// Throws Error(usage) for impossible requests (too many samples for memory, --resume without a
// database, a database of another run) and InvalidInput for a bad catalogue or dataset.
[[nodiscard]] StressOutcome run_stress(const StressRequest& request);

}  // namespace critmin::app
