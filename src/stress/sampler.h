// Drawing scenario-years from a catalogue (docs/stress.md, eqs. T7-T9). Sample i depends only on
// (seed, i): any thread or process draws the same year.
#pragma once

#include <cstdint>
#include <vector>

#include "stress/catalogue.h"

namespace critmin::stress {

struct Occurrence {
    int event = 0;  // index in the catalogue
    int onset = 0;
    int duration = 1;
    double severity = 0;
};

struct SampledYear {
    std::vector<Occurrence> occurrences;  // by event, then by onset draw order
    std::vector<int> count;               // occurrences per event
};

[[nodiscard]] SampledYear sample_year(const Catalogue& c, std::uint64_t seed, std::uint64_t index);

// T9: the numbers of an occurrence as a scenario entry (loss, licensed share or demand factor,
// days), without the names it acts on.
[[nodiscard]] sim::CapacityShock capacity_entry(const EventType& ev, const Occurrence& o);
[[nodiscard]] sim::ExportControl control_entry(const Occurrence& o);
[[nodiscard]] sim::DemandChange demand_entry(const Occurrence& o);

// The base scenario with the sampled occurrences as shocks (T9).
[[nodiscard]] sim::Scenario year_scenario(const Catalogue& c, const SampledYear& year);

// T7: the number of occurrences from a Poisson law with mean `rate`, by inverse transform.
[[nodiscard]] int poisson_count(double rate, double u);

}  // namespace critmin::stress
