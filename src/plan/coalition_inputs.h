// From a coalition file, the dataset and engine runs to the coalition game (docs/coalition.md,
// C1-C4): each member's use, shortfall value (P21) and own shortfall per scenario-year (P22 with
// today's suppliers and stockpiles), the instruments' availabilities and contribution keys.
#pragma once

#include <string>
#include <vector>

#include "core/dataset.h"
#include "plan/coalition_file.h"
#include "plan/coalition_game.h"
#include "plan/tables.h"

namespace critmin::plan {

struct CoalitionInputs {
    CoalitionGame game;
    std::vector<std::string> members, commodities;
    std::vector<std::string> notes;  // what the figures leave out, per member and instrument
};

// Throws InvalidInput (file, line, column and YAML path) for names the dataset does not know,
// keys that cannot be computed and volumes above a producer's capacity.
// Scenario-years [first, last) of `samples` (each of probability 1 / samples): a process under
// MPI builds its block; the default is all of them.
[[nodiscard]] CoalitionInputs build_coalition(const Dataset& data, const CoalitionFile& file,
                                              const ShortfallValues& values, long long samples,
                                              std::uint64_t seed, int threads,
                                              std::uint64_t first = 0,
                                              std::uint64_t last = ~std::uint64_t{0});

}  // namespace critmin::plan
