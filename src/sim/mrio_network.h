// Compiles an MRIO table into the simulation network (docs/model.md, "MRIO input").
#pragma once

#include "sim/mrio.h"
#include "sim/network.h"
#include "sim/parameters.h"

namespace critmin::sim {

struct MrioOptions {
    double steps_per_year = 365;        // flows are per year; a step is 1/steps_per_year
    double inventory_steps = 90;        // target inventory of every input, in steps of use
    double capital_to_value_added = 4;  // productive capital = ratio x value added
};

// Industries become nodes (product = sector); every input product of a buyer becomes a slot.
// boario mode keeps every entry, zeros included, so row sums follow numpy's pairwise order,
// and applies BoARIO's input threshold (yearly aggregated flow > threshold x daily output).
[[nodiscard]] Network build_mrio_network(const MrioTable& mrio, const ModelParameters& p,
                                         const MrioOptions& options);

}  // namespace critmin::sim
