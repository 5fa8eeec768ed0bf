#include "app/stress_checkpoint.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "io/file.h"

namespace critmin::app {

namespace {

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

// FNV-1a, continued over more bytes.
void mix(std::uint64_t& h, const std::string& bytes) {
    for (unsigned char ch : bytes) h = (h ^ ch) * 1099511628211ULL;
    h = (h ^ 0xffU) * 1099511628211ULL;  // a separator, so that "ab"+"c" differs from "a"+"bc"
}

void mix_file(std::uint64_t& h, const std::string& path) {
    std::string text;
    Diagnostics d;
    // Files the run could not read are caught by the run itself; a missing one hashes empty.
    (void)io::read_text_file(path, text, std::size_t{512} << 20, d);
    mix(h, text);
}

}  // namespace

std::string inputs_fingerprint(const std::string& catalogue, const std::string& dataset_dir) {
    std::uint64_t h = 1469598103934665603ULL;
    mix_file(h, catalogue);
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dataset_dir, ec), end; !ec && it != end;
         it.increment(ec))
        if (it->is_regular_file(ec)) files.push_back(it->path().lexically_relative(dataset_dir));
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) {
        mix(h, f);
        mix_file(h, (fs::path(dataset_dir) / f).string());
    }
    return fmt::format("{:016x}", h);
}

StressCheckpoint::StressCheckpoint(const std::string& path, bool resume, const StressRunKey& key)
    : key_(key), path_(path) {
    if (!resume && std::filesystem::exists(path))
        throw Error(
            ErrorKind::usage,
            fmt::format("{} exists; add --resume to continue that run, or choose another file",
                        path));
    db_ = std::make_unique<io::SqliteStore>(path);
    db_->exec(R"(
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
    db_->query("SELECT fingerprint, seed, samples, horizon_days, columns, events FROM stress_runs",
               {}, [&](const std::vector<io::SqlValue>& r) {
                   have_run = true;
                   const bool same =
                       std::get<std::string>(r[0]) == key.fingerprint &&
                       std::get<std::int64_t>(r[1]) == static_cast<std::int64_t>(key.seed) &&
                       std::get<std::int64_t>(r[2]) == key.samples &&
                       std::get<std::int64_t>(r[3]) == key.horizon_days &&
                       std::get<std::int64_t>(r[4]) == static_cast<std::int64_t>(key.columns) &&
                       std::get<std::int64_t>(r[5]) == static_cast<std::int64_t>(key.events);
                   if (!same)
                       throw Error(ErrorKind::usage,
                                   fmt::format("{} holds a run of another catalogue, dataset, "
                                               "seed, sample count or horizon (or one of their "
                                               "files changed since); it cannot be resumed with "
                                               "these inputs",
                                               path));
               });
    if (!have_run)
        db_->run("INSERT INTO stress_runs VALUES (?,?,?,?,?,?,?)",
                 {key.catalogue, key.fingerprint, static_cast<std::int64_t>(key.seed),
                  std::int64_t{key.samples}, std::int64_t{key.horizon_days},
                  static_cast<std::int64_t>(key.columns), static_cast<std::int64_t>(key.events)});
    // Test hook (docs/stress.md, "Checkpoints"): die like kill -9 right after the k-th
    // checkpoint, so that the resume test stops at a known point.
    if (const char* k = std::getenv("CRITMIN_TEST_KILL_AFTER_CHECKPOINTS"))
        kill_after_ = std::strtol(k, nullptr, 10);
}

std::size_t StressCheckpoint::load(std::vector<stress::SampleResult>& results,
                                   std::vector<std::uint8_t>& finished) {
    const std::size_t nc = key_.columns, ne = key_.events;
    std::size_t count = 0;
    db_->query("SELECT sample, shortfall, tts, shock_days, events FROM stress_samples", {},
               [&](const std::vector<io::SqlValue>& r) {
                   const auto i = static_cast<std::uint64_t>(std::get<std::int64_t>(r[0]));
                   if (i >= results.size()) return;
                   stress::SampleResult s;
                   s.index = i;
                   s.shortfall = unpack<double>(std::get<std::string>(r[1]));
                   s.tts = unpack<int>(std::get<std::string>(r[2]));
                   s.shock_ttr.assign(nc, static_cast<int>(std::get<std::int64_t>(r[3])));
                   s.events = unpack<int>(std::get<std::string>(r[4]));
                   if (s.shortfall.size() != nc || s.tts.size() != nc || s.events.size() != ne)
                       return;
                   results[i] = std::move(s);
                   count += finished[i] == 0 ? 1 : 0;
                   finished[i] = 1;
               });
    return count;
}

void StressCheckpoint::store(const std::vector<stress::SampleResult>& results,
                             const std::vector<std::uint8_t>& finished, std::uint64_t first,
                             std::uint64_t last) {
    db_->exec("BEGIN");
    for (std::uint64_t i = first; i < last; ++i) {
        if (finished[i] != 0) continue;
        const auto& r = results[i];
        db_->run("INSERT OR REPLACE INTO stress_samples VALUES (?,?,?,?,?)",
                 {static_cast<std::int64_t>(i), pack(r.shortfall), pack(r.tts),
                  std::int64_t{r.shock_ttr.empty() ? -1 : r.shock_ttr[0]}, pack(r.events)});
    }
    db_->exec("COMMIT");
    if (kill_after_ > 0 && ++checkpoints_ == kill_after_) ::kill(::getpid(), SIGKILL);
}

void StressCheckpoint::store_summary(const stress::StressSummary& summary) {
    db_->exec("BEGIN; DELETE FROM stress_summary; DELETE FROM stress_exceedance;");
    for (const auto& g : summary.groups)
        if (g.end_use == "all")
            for (const auto& [p, loss] : g.exceedance)
                db_->run("INSERT INTO stress_exceedance VALUES (?,?,?)", {g.country, p, loss});
    for (const auto& g : summary.groups)
        db_->run("INSERT INTO stress_summary VALUES (?,?,?,?,?,?,?,?,?,?)",
                 {g.country, g.end_use, g.loss.mean, g.loss.std_error, g.loss.var95, g.loss.cvar95,
                  g.loss.var99, g.loss.cvar99, g.p_disrupted, g.p_tts_lt_ttr});
    db_->exec("COMMIT");
}

}  // namespace critmin::app
