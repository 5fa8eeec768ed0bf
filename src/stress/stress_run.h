// Running a stress test: N scenario-years drawn from a catalogue, each propagated by the engine
// (docs/stress.md). Per-sample results are kept in sample order; aggregates are computed from
// them alone, so they are bit-identical for any number of threads or processes.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "sim/compiled_scenario.h"
#include "stress/catalogue.h"
#include "stress/sampler.h"
#include "stress/statistics.h"

namespace critmin::stress {

struct ColumnInfo {
    std::string label, country, end_use, commodity;
    double content_per_product = -1;  // t per product unit (< 0: none)
    std::string product_unit;
};

// What one scenario-year produced, per final-demand column.
struct SampleResult {
    std::uint64_t index = 0;
    std::vector<double> shortfall;  // t, per column
    std::vector<int> tts;           // days (-1: never short)
    std::vector<int> shock_ttr;     // days from the first shock until every shock has ended
    std::vector<int> events;        // occurrences per event type
};

// A catalogue compiled once against its dataset: the base scenario with every event type once,
// so that each sample runs over the same network and targets with its own Events.
struct CompiledCatalogue {
    sim::CompiledScenario scenario;
    sim::Events base;                   // the base scenario's own entries (regimes included)
    std::vector<std::uint32_t> target;  // per event type: its target in `scenario`
};

// Names every event type and the base scenario use are checked here, before any sample runs
// (InvalidInput with the catalogue's YAML paths).
[[nodiscard]] CompiledCatalogue compile_catalogue(const Dataset& data, const Catalogue& c);

// A sampled year's entries over the compiled targets: the base scenario's, then one per
// occurrence in order (the same entries year_scenario gives a scenario).
// The days a sampled year is disrupted: from the first onset to the end of the last occurrence
// (capacity shocks with their recovery); -1 for a year without occurrences.
[[nodiscard]] int shock_days(const Catalogue& c, const SampledYear& y);

[[nodiscard]] sim::Events year_events(const CompiledCatalogue& cc, const Catalogue& c,
                                      const SampledYear& year);

// Runs samples [first, last) with `threads` OpenMP threads into `out` (indexed by sample).
// `done` is called on the calling thread after each finished chunk of samples.
void run_samples(const CompiledCatalogue& cc, const Catalogue& c, std::uint64_t seed,
                 std::uint64_t first, std::uint64_t last, const std::vector<std::uint8_t>& skip,
                 std::vector<SampleResult>& out, const std::atomic<bool>* stop,
                 const std::function<void(std::uint64_t first, std::uint64_t last)>& done);

// The final-demand columns of the catalogue's network (same for every sample).
[[nodiscard]] std::vector<ColumnInfo> stress_columns(const CompiledCatalogue& cc);

struct GroupStatistics {
    std::string country, end_use;  // end_use "all" for a country's total, country "all" for world
    LossStatistics loss;
    double p_disrupted = 0;   // share of samples with demand unmet
    double p_tts_lt_ttr = 0;  // share where demand runs short before the shocks are over
    std::vector<std::pair<double, double>> exceedance;  // (probability, loss exceeded)
    double expected_output_lost = -1;
    std::string output_unit;
};

struct TailContribution {
    std::string event;
    double share_of_tail = 0;   // T14: share of the worst 5% world years with the event
    double share_of_years = 0;  // share of all years with the event
    double mean_loss_with = 0;  // mean world loss in years with the event
};

struct StressSummary {
    std::vector<GroupStatistics> groups;
    std::vector<TailContribution> tail;
    std::vector<TailContribution> producers;  // the same per producer hit by some event
};

// The producers (node labels) each event type hits: capacity targets, and the exporter's
// producers of the controlled commodities.
[[nodiscard]] std::vector<std::vector<std::string>> event_producers(const CompiledCatalogue& cc,
                                                                    const Catalogue& c);

[[nodiscard]] StressSummary summarise(const Catalogue& c, const std::vector<ColumnInfo>& columns,
                                      const std::vector<SampleResult>& samples,
                                      const std::vector<std::vector<std::string>>& producers = {});

}  // namespace critmin::stress
