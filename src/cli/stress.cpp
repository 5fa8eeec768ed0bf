// `critmin stress CATALOG.yaml --samples N`: Monte Carlo over an event catalogue
// (docs/stress.md). Threads share the samples of a process; under `mpirun` processes split the
// sample range and rank 0 gathers every sample's result and summarises them in sample order.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/commands.h"
#include "core/error.h"
#include "io/file.h"
#include "io/loader.h"
#include "io/sqlite_writer.h"
#include "stress/reach.h"
#include "stress/stress_run.h"

#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef CRITMIN_HAVE_MPI
#include <mpi.h>
#endif

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;

std::atomic<bool> g_stop_stress{false};
extern "C" void on_stress_interrupt(int /*signal*/) {
    g_stop_stress.store(true);
}

// Numbers packed as bytes (the machine's own doubles: checkpoints are read back on the machine
// that wrote them).
template <typename T>
std::string pack(const std::vector<T>& v) {
    std::string s(v.size() * sizeof(T), '\0');
    if (!v.empty()) std::memcpy(s.data(), v.data(), s.size());
    return s;
}
template <typename T>
std::vector<T> unpack(const std::string& s) {
    std::vector<T> v(s.size() / sizeof(T));
    if (!v.empty()) std::memcpy(v.data(), s.data(), v.size() * sizeof(T));
    return v;
}

struct Mpi {
    int rank = 0, size = 1;
    bool active = false;
};

Mpi mpi_start() {
    Mpi m;
#ifdef CRITMIN_HAVE_MPI
    // Only under a launcher: a plain run never touches MPI.
    if (std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr) {
        int ready = 0;
        MPI_Initialized(&ready);
        if (ready == 0) MPI_Init(nullptr, nullptr);
        MPI_Comm_rank(MPI_COMM_WORLD, &m.rank);
        MPI_Comm_size(MPI_COMM_WORLD, &m.size);
        m.active = true;
    }
#endif
    return m;
}

// Rank 0 receives every other rank's samples; all ranks end with `all` complete on rank 0.
void mpi_gather(const Mpi& m, std::vector<stress::SampleResult>& all, std::uint64_t first,
                std::uint64_t last, std::size_t n_cols, std::size_t n_events) {
#ifdef CRITMIN_HAVE_MPI
    if (!m.active || m.size == 1) return;
    const std::size_t width = 2 * n_cols + 1 + n_events;  // shortfall, tts, shock_ttr, events
    auto encode = [&](const stress::SampleResult& r, double* out) {
        for (std::size_t k = 0; k < n_cols; ++k) out[k] = r.shortfall[k];
        for (std::size_t k = 0; k < n_cols; ++k) out[n_cols + k] = r.tts[k];
        out[2 * n_cols] = r.shock_ttr.empty() ? -1 : r.shock_ttr[0];
        for (std::size_t e = 0; e < n_events; ++e) out[2 * n_cols + 1 + e] = r.events[e];
    };
    std::vector<double> mine((last - first) * width);
    for (std::uint64_t i = first; i < last; ++i) encode(all[i], mine.data() + (i - first) * width);
    std::vector<int> counts(static_cast<std::size_t>(m.size)),
        displs(static_cast<std::size_t>(m.size));
    const int my_count = static_cast<int>(mine.size());
    MPI_Gather(&my_count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<double> gathered;
    if (m.rank == 0) {
        int total = 0;
        for (int r = 0; r < m.size; ++r) {
            displs[static_cast<std::size_t>(r)] = total;
            total += counts[static_cast<std::size_t>(r)];
        }
        gathered.resize(static_cast<std::size_t>(total));
    }
    MPI_Gatherv(mine.data(), my_count, MPI_DOUBLE, gathered.data(), counts.data(), displs.data(),
                MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (m.rank != 0) return;
    // Blocks arrive in rank order, and ranks hold consecutive sample ranges.
    const std::size_t n = gathered.size() / width;
    for (std::size_t i = 0; i < n; ++i) {
        const double* in = gathered.data() + i * width;
        stress::SampleResult& r = all[i];
        r.index = i;
        r.shortfall.assign(in, in + n_cols);
        r.tts.resize(n_cols);
        r.shock_ttr.assign(n_cols, static_cast<int>(in[2 * n_cols]));
        for (std::size_t k = 0; k < n_cols; ++k) r.tts[k] = static_cast<int>(in[n_cols + k]);
        r.events.resize(n_events);
        for (std::size_t e = 0; e < n_events; ++e)
            r.events[e] = static_cast<int>(in[2 * n_cols + 1 + e]);
    }
#else
    (void)m;
    (void)all;
    (void)first;
    (void)last;
    (void)n_cols;
    (void)n_events;
#endif
}

std::string catalogue_fingerprint(const std::string& path) {
    std::string text;
    Diagnostics d;
    (void)io::read_text_file(path, text, std::size_t{4} << 20, d);
    // FNV-1a: enough to notice that --resume points at another catalogue.
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char ch : text) h = (h ^ ch) * 1099511628211ULL;
    return fmt::format("{:016x}", h);
}

}  // namespace

Report run_stress(const StressOptions& o) {
    const Mpi mpi = mpi_start();
#ifdef _OPENMP
    if (o.threads > 0) omp_set_num_threads(o.threads);
#endif
    if (o.samples < 1) throw Error(ErrorKind::usage, "--samples must be at least 1");
    if (o.resume && o.out.empty()) throw Error(ErrorKind::usage, "--resume needs --out RESULTS.db");
    stress::Catalogue c = stress::read_catalogue(o.catalogue);
    if (o.horizon_days > 0) c.base.horizon_days = o.horizon_days;
    const Dataset full =
        io::load_dataset(c.base.dataset.empty() ? default_dataset_dir() : c.base.dataset);
    // Chains no event can reach lose nothing in any year: leave them out of every sample's
    // network (docs/stress.md, "What the events can reach").
    stress::ReachablePart part = stress::reachable_part(
        full, c, stress::event_producers(stress::compile_catalogue(full, c), c));
    const Dataset data = std::move(part.data);
    // Compiled once: every sample runs over this network with its own events.
    const stress::CompiledCatalogue compiled = stress::compile_catalogue(data, c);
    const std::vector<stress::ColumnInfo> columns = stress::stress_columns(compiled);
    const std::size_t nc = columns.size();
    // Every sample's results stay in memory until the summary (shortfall, TTS and TTR per
    // column): refuse a run that cannot fit rather than die in the middle of it.
    constexpr double kResultBytesLimit = 8.0 * 1024 * 1024 * 1024;
    const double per_sample = static_cast<double>(nc) * 3 * sizeof(double) + 64;
    if (static_cast<double>(o.samples) * per_sample > kResultBytesLimit)
        throw Error(
            ErrorKind::usage,
            fmt::format("--samples {} would keep about {:.0f} GiB of results ({} columns); "
                        "at most {} fit in 8 GiB: split the run with different --seed "
                        "values",
                        o.samples,
                        static_cast<double>(o.samples) * per_sample / (1024.0 * 1024 * 1024), nc,
                        static_cast<long long>(kResultBytesLimit / per_sample)));
    const auto n = static_cast<std::uint64_t>(o.samples);
    const std::size_t ne = c.events.size();

    std::vector<stress::SampleResult> results(n);
    std::vector<std::uint8_t> finished(n, 0);
    const bool store = !o.out.empty() && mpi.rank == 0 && !mpi.active;
    std::unique_ptr<io::SqliteStore> db;
    const std::string fingerprint = catalogue_fingerprint(o.catalogue);
    if (!o.out.empty() && mpi.rank == 0) {
        if (!o.resume && std::filesystem::exists(o.out))
            throw Error(
                ErrorKind::usage,
                fmt::format("{} exists; add --resume to continue that run, or choose another file",
                            o.out));
        db = std::make_unique<io::SqliteStore>(o.out);
        db->exec(R"(
CREATE TABLE IF NOT EXISTS stress_runs (catalogue TEXT, fingerprint TEXT, seed INTEGER,
  samples INTEGER, horizon_days INTEGER, columns INTEGER, events INTEGER);
CREATE TABLE IF NOT EXISTS stress_samples (sample INTEGER PRIMARY KEY, shortfall BLOB, tts BLOB,
  shock_days INTEGER, events BLOB);
CREATE TABLE IF NOT EXISTS stress_exceedance (country TEXT, probability REAL, shortfall_t REAL);
CREATE TABLE IF NOT EXISTS stress_summary (country TEXT, end_use TEXT, expected_shortfall_t REAL,
  std_error_t REAL, var95_t REAL, cvar95_t REAL, var99_t REAL, cvar99_t REAL, p_disrupted REAL,
  p_tts_lt_ttr REAL);
)");
        bool have_run = false;
        db->query(
            "SELECT fingerprint, seed, samples, horizon_days, columns, events FROM stress_runs", {},
            [&](const std::vector<io::SqlValue>& r) {
                have_run = true;
                const bool same =
                    std::get<std::string>(r[0]) == fingerprint &&
                    std::get<std::int64_t>(r[1]) == static_cast<std::int64_t>(o.seed) &&
                    std::get<std::int64_t>(r[2]) == o.samples &&
                    std::get<std::int64_t>(r[3]) == c.base.horizon_days &&
                    std::get<std::int64_t>(r[4]) == static_cast<std::int64_t>(nc) &&
                    std::get<std::int64_t>(r[5]) == static_cast<std::int64_t>(ne);
                if (!same)
                    throw Error(
                        ErrorKind::usage,
                        fmt::format("{} holds a run of another catalogue, seed, sample count "
                                    "or horizon; it cannot be resumed with these options",
                                    o.out));
            });
        if (!have_run)
            db->run("INSERT INTO stress_runs VALUES (?,?,?,?,?,?,?)",
                    {o.catalogue, fingerprint, static_cast<std::int64_t>(o.seed),
                     std::int64_t{o.samples}, std::int64_t{c.base.horizon_days},
                     static_cast<std::int64_t>(nc), static_cast<std::int64_t>(ne)});
        db->query("SELECT sample, shortfall, tts, shock_days, events FROM stress_samples", {},
                  [&](const std::vector<io::SqlValue>& r) {
                      const auto i = static_cast<std::uint64_t>(std::get<std::int64_t>(r[0]));
                      if (i >= n) return;
                      stress::SampleResult s;
                      s.index = i;
                      s.shortfall = unpack<double>(std::get<std::string>(r[1]));
                      s.tts = unpack<int>(std::get<std::string>(r[2]));
                      s.shock_ttr.assign(nc, static_cast<int>(std::get<std::int64_t>(r[3])));
                      s.events = unpack<int>(std::get<std::string>(r[4]));
                      if (s.shortfall.size() != nc || s.tts.size() != nc || s.events.size() != ne)
                          return;
                      results[i] = std::move(s);
                      finished[i] = 1;
                  });
    }
    std::size_t resumed = 0;
    for (auto f : finished) resumed += f;

    // Each process takes a consecutive block of samples.
    const std::uint64_t first =
        n * static_cast<std::uint64_t>(mpi.rank) / static_cast<std::uint64_t>(mpi.size);
    const std::uint64_t last =
        n * static_cast<std::uint64_t>(mpi.rank + 1) / static_cast<std::uint64_t>(mpi.size);

    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const bool tty = o.progress && ::isatty(2) == 1 && mpi.rank == 0;
    auto previous = std::signal(SIGINT, on_stress_interrupt);
    g_stop_stress.store(false);
    std::uint64_t done_count = resumed;
    const char* kill_env = std::getenv("CRITMIN_TEST_KILL_AFTER_CHECKPOINTS");
    const long kill_after = kill_env != nullptr ? std::strtol(kill_env, nullptr, 10) : 0;
    long checkpoints = 0;
    try {
        stress::run_samples(
            compiled, c, o.seed, first, last, finished, results, &g_stop_stress,
            [&](std::uint64_t b, std::uint64_t e) {
                if (store) {
                    db->exec("BEGIN");
                    for (std::uint64_t i = b; i < e; ++i) {
                        if (finished[i] != 0) continue;
                        const auto& r = results[i];
                        db->run("INSERT OR REPLACE INTO stress_samples VALUES (?,?,?,?,?)",
                                {static_cast<std::int64_t>(i), pack(r.shortfall), pack(r.tts),
                                 std::int64_t{r.shock_ttr.empty() ? -1 : r.shock_ttr[0]},
                                 pack(r.events)});
                    }
                    db->exec("COMMIT");
                    // Test hook (docs/testing.md): die like kill -9 right after the k-th
                    // checkpoint, so that the resume test stops at a known point.
                    if (kill_after > 0 && ++checkpoints == kill_after) ::kill(::getpid(), SIGKILL);
                }
                for (std::uint64_t i = b; i < e; ++i)
                    if (finished[i] == 0) {
                        finished[i] = 1;
                        ++done_count;
                    }
                if (tty) {
                    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
                    const double rate =
                        static_cast<double>(done_count - resumed) / std::max(s, 1e-9);
                    const double left = static_cast<double>(last - first - (done_count - resumed)) /
                                        std::max(rate, 1e-9);
                    std::fprintf(stderr, "\r%llu/%llu samples  %.0f/s  about %.0f s left   ",
                                 static_cast<unsigned long long>(done_count),
                                 static_cast<unsigned long long>(n), rate, left);
                    std::fflush(stderr);
                }
            });
    } catch (...) {
        std::signal(SIGINT, previous);
        throw;
    }
    std::signal(SIGINT, previous);
    if (tty) std::fputc('\n', stderr);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    mpi_gather(mpi, results, first, last, nc, ne);

    Report report;
    report.command = "stress";
    if (mpi.active && mpi.rank != 0) {
        report.silent = true;
        return report;
    }
    std::uint64_t complete = 0;
    while (complete < n && (mpi.active || finished[complete] != 0)) ++complete;
    if (complete < n) {
        // Stopped by Ctrl-C: summarise the samples finished in one unbroken run from 0.
        results.resize(complete);
        report.exit_code = 130;
        report.extra["interrupted"] = true;
    }
    const stress::StressSummary summary =
        stress::summarise(c, columns, results, stress::event_producers(compiled, c));
    if (db) {
        db->exec("BEGIN; DELETE FROM stress_summary; DELETE FROM stress_exceedance;");
        for (const auto& g : summary.groups)
            if (g.end_use == "all")
                for (const auto& [p, loss] : g.exceedance)
                    db->run("INSERT INTO stress_exceedance VALUES (?,?,?)", {g.country, p, loss});
        for (const auto& g : summary.groups)
            db->run("INSERT INTO stress_summary VALUES (?,?,?,?,?,?,?,?,?,?)",
                    {g.country, g.end_use, g.loss.mean, g.loss.std_error, g.loss.var95,
                     g.loss.cvar95, g.loss.var99, g.loss.cvar99, g.p_disrupted, g.p_tts_lt_ttr});
        db->exec("COMMIT");
    }
    report.title = fmt::format("critmin stress: {} ({} scenario-years of {} days, seed {})",
                               c.base.name, results.size(), c.base.horizon_days, o.seed);
    for (const auto& g : summary.groups) {
        Json row{{"view", "shortfall"},
                 {"country", g.country},
                 {"end_use", g.end_use},
                 {"expected_shortfall_t", g.loss.mean},
                 {"std_error_t", g.loss.std_error},
                 {"var95_t", g.loss.var95},
                 {"cvar95_t", g.loss.cvar95},
                 {"var99_t", g.loss.var99},
                 {"cvar99_t", g.loss.cvar99},
                 {"p_disrupted", g.p_disrupted},
                 {"p_tts_lt_ttr", g.p_tts_lt_ttr}};
        row["expected_output_lost"] =
            g.expected_output_lost < 0 ? Json() : Json(g.expected_output_lost);
        row["output_unit"] = g.output_unit;
        report.rows.push_back(row);
    }
    for (const auto& g : summary.groups) {
        if (g.end_use != "all") continue;
        for (const auto& [p, loss] : g.exceedance)
            report.rows.push_back(Json{{"view", "exceedance"},
                                       {"country", g.country},
                                       {"probability", p},
                                       {"shortfall_t", loss}});
    }
    for (const auto& t : summary.tail)
        report.rows.push_back(Json{{"view", "tail"},
                                   {"event", t.event},
                                   {"share_of_years", t.share_of_years},
                                   {"share_of_worst_5pct", t.share_of_tail},
                                   {"mean_world_shortfall_t", t.mean_loss_with}});
    for (const auto& t : summary.producers)
        report.rows.push_back(Json{{"view", "tail_producers"},
                                   {"producer", t.event},
                                   {"share_of_years", t.share_of_years},
                                   {"share_of_worst_5pct", t.share_of_tail},
                                   {"mean_world_shortfall_t", t.mean_loss_with}});
    report.table_columns["shortfall"] = {
        "country", "end_use",  "expected_shortfall_t", "std_error_t", "var95_t", "cvar95_t",
        "var99_t", "cvar99_t", "p_disrupted",          "p_tts_lt_ttr"};
    report.extra["catalogue"] = c.base.name;
    report.extra["samples"] = results.size();
    report.extra["seed"] = o.seed;
    report.extra["horizon_days"] = c.base.horizon_days;
    report.extra["timing"] =
        Json{{"seconds", seconds},
             {"samples_run", done_count - resumed},
             {"samples_resumed", resumed},
             {"samples_per_second",
              seconds > 0 ? static_cast<double>(done_count - resumed) / seconds : 0.0},
             {"processes", mpi.size},
#ifdef _OPENMP
             {"threads", omp_get_max_threads()}
#else
             {"threads", 1}
#endif
        };
    report.notes = fmt::format(
        "Shortfall in t of magnet per scenario-year; VaR/CVaR at 95% and 99% "
        "(Rockafellar-Uryasev); "
        "p_tts_lt_ttr: share of years in which demand runs short before the shocks are over.\n"
        "{} samples in {:.2f} s ({} resumed){}.\n{}",
        done_count - resumed, seconds, resumed,
        o.out.empty() ? "" : fmt::format("; results in {}", o.out),
        part.dropped.empty()
            ? std::string()
            : fmt::format("Chains no event can reach, left out (no shortfall possible): {}.\n",
                          fmt::join(part.dropped, ", ")));
    return report;
}

void stress_finish() {
#ifdef CRITMIN_HAVE_MPI
    int ready = 0, finalized = 0;
    MPI_Initialized(&ready);
    MPI_Finalized(&finalized);
    if (ready != 0 && finalized == 0) MPI_Finalize();
#endif
}

}  // namespace critmin::cli
