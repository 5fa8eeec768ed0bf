#include "app/stress_pipeline.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "app/mpi.h"
#include "app/stress_checkpoint.h"
#include "core/error.h"
#include "io/loader.h"
#include "stress/reach.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace critmin::app {

namespace {

// Every sample's results stay in memory until the summary (shortfall, TTS and TTR per column):
// refuse a run that cannot fit rather than die in the middle of it.
void check_memory(long long samples, std::size_t columns) {
    constexpr double kResultBytesLimit = 8.0 * 1024 * 1024 * 1024;
    const double per_sample = static_cast<double>(columns) * 3 * sizeof(double) + 64;
    if (static_cast<double>(samples) * per_sample > kResultBytesLimit)
        throw Error(
            ErrorKind::usage,
            fmt::format("--samples {} would keep about {:.0f} GiB of results ({} columns); "
                        "at most {} fit in 8 GiB: split the run with different --seed "
                        "values",
                        samples, static_cast<double>(samples) * per_sample / (1024.0 * 1024 * 1024),
                        columns, static_cast<long long>(kResultBytesLimit / per_sample)));
}

}  // namespace

StressOutcome run_stress(const StressRequest& rq) {
    const Mpi mpi = mpi_start();
#ifdef _OPENMP
    if (rq.threads > 0) omp_set_num_threads(rq.threads);
#endif
    if (rq.samples < 1) throw Error(ErrorKind::usage, "--samples must be at least 1");
    if (rq.resume && rq.out.empty())
        throw Error(ErrorKind::usage, "--resume needs --out RESULTS.db");
    StressOutcome out;
    stress::Catalogue& c = out.catalogue;
    c = stress::read_catalogue(rq.catalogue);
    if (rq.horizon_days > 0) c.base.horizon_days = rq.horizon_days;
    const std::string dataset_dir = c.base.dataset.empty() ? rq.dataset : c.base.dataset;
    const Dataset full = io::load_dataset(dataset_dir);
    // Chains no event can reach lose nothing in any year: leave them out of every sample's
    // network (docs/stress.md, "What the events can reach").
    stress::ReachablePart part = stress::reachable_part(
        full, c, stress::event_producers(stress::compile_catalogue(full, c), c));
    out.dropped = part.dropped;
    const Dataset data = std::move(part.data);
    // Compiled once: every sample runs over this network with its own events.
    const stress::CompiledCatalogue compiled = stress::compile_catalogue(data, c);
    out.columns = stress::stress_columns(compiled);
    const std::size_t nc = out.columns.size();
    check_memory(rq.samples, nc);
    const auto n = static_cast<std::uint64_t>(rq.samples);
    const std::size_t ne = c.events.size();

    std::vector<stress::SampleResult> results(n);
    std::vector<std::uint8_t> finished(n, 0);
    const bool store = !rq.out.empty() && mpi.rank == 0 && !mpi.active;
    std::unique_ptr<StressCheckpoint> db;
    std::size_t resumed = 0;
    if (!rq.out.empty() && mpi.rank == 0) {
        const StressRunKey key{rq.catalogue,
                               inputs_fingerprint(rq.catalogue, dataset_dir),
                               rq.seed,
                               rq.samples,
                               c.base.horizon_days,
                               nc,
                               ne};
        db = std::make_unique<StressCheckpoint>(rq.out, rq.resume, key);
        resumed = db->load(results, finished);
    }

    // Each process takes a consecutive block of samples.
    const auto rank = static_cast<std::uint64_t>(mpi.rank);
    const auto size = static_cast<std::uint64_t>(mpi.size);
    const std::uint64_t first = n * rank / size, last = n * (rank + 1) / size;
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    std::uint64_t done = resumed;
    stress::run_samples(compiled, c, rq.seed, first, last, finished, results, rq.stop,
                        [&](std::uint64_t b, std::uint64_t e) {
                            if (store) db->store(results, finished, b, e);
                            for (std::uint64_t i = b; i < e; ++i)
                                if (finished[i] == 0) {
                                    finished[i] = 1;
                                    ++done;
                                }
                            if (rq.progress && mpi.rank == 0) rq.progress(done, n, resumed);
                        });
    // Under MPI: every process's samples, over the slowest process's time.
    out.seconds = mpi_max(mpi, std::chrono::duration<double>(Clock::now() - t0).count());
    mpi_gather(mpi, results, first, last, nc, ne);
    out.samples_run = mpi_sum(mpi, done - resumed);
    out.samples_resumed = resumed;
    out.processes = mpi.size;
#ifdef _OPENMP
    out.threads = omp_get_max_threads();
#endif
    if (mpi.active && mpi.rank != 0) {
        out.silent = true;
        return out;
    }
    std::uint64_t complete = 0;
    while (complete < n && (mpi.active || finished[complete] != 0)) ++complete;
    if (complete < n) {
        // Stopped by Ctrl-C: summarise the samples finished in one unbroken run from 0.
        results.resize(complete);
        out.interrupted = true;
    }
    out.summarised = results.size();
    out.summary = stress::summarise(c, out.columns, results, stress::event_producers(compiled, c));
    if (db) db->store_summary(out.summary);
    return out;
}

}  // namespace critmin::app
