// The results database of a stress run (docs/stress.md, "Checkpoints"): samples stored as they
// finish, so that a run killed at any point continues with --resume; the summary at the end.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/sqlite_writer.h"
#include "stress/stress_run.h"

namespace critmin::app {

// What a checkpoint belongs to: a resumed run must have the same inputs and options.
struct StressRunKey {
    std::string catalogue;    // path, for people reading the database
    std::string fingerprint;  // of every input file (inputs_fingerprint)
    std::uint64_t seed = 1;
    long long samples = 0;
    int horizon_days = 0;
    std::size_t columns = 0, events = 0;
};

// FNV-1a over the catalogue file and every file under the dataset folder (names and contents,
// in name order): a resume after any of them changed is refused instead of mixing samples.
[[nodiscard]] std::string inputs_fingerprint(const std::string& catalogue,
                                             const std::string& dataset_dir);

class StressCheckpoint {
  public:
    // Creates `path`, or with `resume` opens it; an existing file without `resume`, or one that
    // holds a run of other inputs or options, is refused (Error(usage)).
    StressCheckpoint(const std::string& path, bool resume, const StressRunKey& key);
    // The samples already stored, into results[i] with finished[i] = 1; returns how many.
    std::size_t load(std::vector<stress::SampleResult>& results,
                     std::vector<std::uint8_t>& finished);
    // Samples [first, last) not yet stored, in one transaction.
    void store(const std::vector<stress::SampleResult>& results,
               const std::vector<std::uint8_t>& finished, std::uint64_t first, std::uint64_t last);
    // The summary tables, replacing an earlier summary.
    void store_summary(const stress::StressSummary& summary);

  private:
    std::unique_ptr<io::SqliteStore> db_;
    StressRunKey key_;
    std::string path_;
    long kill_after_ = 0;  // test hook, see store()
    long checkpoints_ = 0;
};

}  // namespace critmin::app
