// Runs an MRIO with BoARIO-style events: the `simulate --mrio` command's engine.
#pragma once

#include <string>
#include <vector>

#include "sim/boario_scenario.h"
#include "sim/dense_mrio.h"
#include "sim/mrio.h"
#include "sim/parameters.h"

namespace critmin::sim {

struct MrioRun {
    int steps = 0;
    std::vector<std::string> industries;     // column labels, "region|sector"
    std::vector<std::string> final_columns;  // "region|category"
    // Row-major steps x columns.
    std::vector<double> production;
    std::vector<double> capacity;
    std::vector<double> final_demand_unmet;
    std::vector<double> x0;               // baseline output per step
    double max_mass_balance_error = 0.0;  // S18 over all steps
    bool dense = false;                   // which step ran: the dense path (S39-S42) or CSR
};

[[nodiscard]] ModelParameters boario_parameters(const sim::BoarioScenario& scenario, Mode mode);

// Throws InvalidInput (naming the scenario's JSON path) when an event names an industry or
// sector that is not in the MRIO.
[[nodiscard]] MrioRun run_mrio_scenario(const MrioTable& mrio, const sim::BoarioScenario& scenario,
                                        Mode mode, MrioKernel kernel = MrioKernel::automatic);

}  // namespace critmin::sim
