// Model parameters and run options as plain data (docs/model.md, section 2).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace critmin::sim {

// How a supplier that cannot meet all its orders shares its output (eqs. S8-S11).
enum class Rationing : std::uint8_t {
    proportional,             // S8: every customer gets the same fraction of its order
    final_demand_last,        // S9: intermediate customers first, final demand gets the rest
    lowest_fulfilment_first,  // S10: customers with the lowest fulfilment ratio are filled first
    allied_first,             // S11: customers in allied regions first, then the others
};

// Which behaviour to reproduce. `boario` keeps BoARIO 0.6.3's numerical quirks so its traces are
// reproduced; `native` fixes them (docs/model.md, "Differences from BoARIO").
enum class Mode : std::uint8_t { native, boario };

struct ModelParameters {
    double alpha_base = 1.0;             // S1: overproduction factor at rest
    double alpha_max = 1.25;             // S1: largest overproduction factor
    double alpha_tau = 365.0;            // S1: characteristic time of overproduction, in steps
    double psi = 0.8;                    // S6: share of the target inventory that production needs
    double restoration_tau = 60.0;       // S15: steps over which an inventory gap is closed
    double technology_threshold = 1e-5;  // S7: inputs below this share never limit production
    double monetary_factor = 1e6;        // the model's money unit (events in another are converted)
    bool orders_follow_capacity = true;  // S17: BoARIO's "alt" orders; false = baseline shares
    Rationing rationing = Rationing::proportional;
    std::vector<std::uint8_t> allied_region;  // S11: 1 for regions served first
    Mode mode = Mode::native;
};

}  // namespace critmin::sim
