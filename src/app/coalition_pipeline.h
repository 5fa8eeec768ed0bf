// The `coalition` pipeline (docs/coalition.md): the coalition file and the dataset into the game
// (engine runs of the sampled scenario-years, C1-C4), the cost of every sub-coalition (C9), the
// Shapley value (C10, C10a), the core (C11), each member's gains (C12) and the reserve-size
// frontier. The CLI renders the outcome.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/coalition_file.h"
#include "plan/coalition_game.h"
#include "plan/coalition_inputs.h"

namespace critmin::app {

struct CoalitionRequest {
    std::string file;             // COALITION.yaml
    std::string dataset;          // used when the file names none
    std::string shortfall_value;  // value per t by end use (P21)
    long long samples = 0;        // > 0: overrides scenarios.samples
    std::uint64_t seed = 0;       // with seed_given: overrides scenarios.seed
    bool seed_given = false;
    int threads = 0;
};

struct MemberOutcome {
    std::string member;
    double standalone_cost = 0;                 // c({i}) (C9)
    double coalition_cost = 0;                  // in the grand coalition, charged by the key (C12)
    double value_of_cooperation = 0;            // standalone_cost - coalition_cost
    double shapley = 0, shapley_std_error = 0;  // C10 (C10a: sampled)
    double contribution_share = 0;              // coalition_cost / c(N)
    double shapley_share = 0;                   // shapley / c(N)
    double free_rider_gain = 0;  // C12: what staying out saves while the others cooperate
    double expected_alone = 0, cvar_alone = 0;                // shortfall cost alone
    double expected_in_coalition = 0, cvar_in_coalition = 0;  // inside the grand coalition
    double instrument_cost_share = 0;  // its key share of the instruments' cost
};

struct InstrumentOutcome {
    std::string id, kind, commodity;
    double size = 0, cost_per_year = 0;
    double size_multiple = 0;  // of the file's size, as the grand coalition chose it (C9, C9a)
    double delivered_t_per_year = 0;  // expected, to the grand coalition's members
};

struct FrontierOutcome {
    double reserve_scale = 0;
    std::vector<double> reserve_t;  // per reserve instrument
    double cost = 0, instruments = 0, expected = 0, cvar = 0;
};

struct CoalitionOutcome {
    plan::CoalitionFile file;
    plan::CoalitionInputs inputs;
    std::string method;  // exact | sampled
    std::size_t coalitions_evaluated = 0;
    double grand_cost = 0, grand_instruments = 0, sum_standalone = 0;
    bool grand_acts = false;
    double grand_reserve_scale = 1;  // multiple of the file's reserve sizes it holds (C9)
    plan::CoreCheck shapley_core, key_core;
    bool core_checked = false;  // exact method only
    std::vector<MemberOutcome> members;
    std::vector<InstrumentOutcome> instruments;
    std::vector<FrontierOutcome> frontier;
    double seconds_engine = 0, seconds_game = 0;
    int processes = 1;    // under mpirun: the processes that ran the engine
    bool silent = false;  // a process other than rank 0: nothing to print
};

[[nodiscard]] CoalitionOutcome run_coalition(const CoalitionRequest& request);

// A coalition's members by name, "USA+JPN".
[[nodiscard]] std::string coalition_name(const std::vector<std::string>& members,
                                         std::uint32_t mask);

}  // namespace critmin::app
