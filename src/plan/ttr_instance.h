// The TTR/TTS models on a plain instance (plants, products, 0/1 links; docs/planning.md,
// eqs. P1-P6 with one unit of plant capacity per unit of product).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/ttr.h"
#include "plan/ttr_instance_data.h"

namespace critmin::plan {

struct InstanceRow {
    std::string scenario;
    double ttr = 0;
    double disruption_cost = 0;  // P3
    double rei = 0;              // P4
    double lost_units = 0;
    std::optional<double> tts;    // P5; empty when demand can be met indefinitely
    double shortage_periods = 0;  // P6: max(TTR - TTS, 0)
    int active_links = 0;
};

// The window LP of an instance: columns y (one per link), l (one per product), tau; rows P1
// (per product) and P2 (per plant).
[[nodiscard]] WindowLp instance_lp(const TtrInstance& in);

// The links each scenario closes (alpha = 0).
[[nodiscard]] std::vector<Disruption> instance_disruptions(const TtrInstance& in);

// Solves every scenario's impact and survival models; throws Error(runtime) if a solve fails.
[[nodiscard]] std::vector<InstanceRow> solve_instance(const TtrInstance& in);

}  // namespace critmin::plan
