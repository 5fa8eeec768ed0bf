// The time-varying entries of a run (S26-S28): when each capacity shock, export control and
// demand change starts, how long it lasts and how hard it bites. Each entry points at a target
// resolved once by compile_scenario (sim/compiled_scenario.h), so a stress sample or a
// calibration trial brings its own list of entries over the same compiled network.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/scenario.h"

namespace critmin::sim {

// S26: a capacity shock on the nodes of CompiledScenario::shock_nodes[target].
struct ShockEvent {
    std::uint32_t target = 0;
    double loss = 0;  // share of capacity lost, 0..1
    int start = 0;
    int duration = 0;  // days at full loss
    RecoveryCurve curve = RecoveryCurve::linear;
    int recovery_days = 0;
};

// S27: an export control on the edges and final-demand entries of
// CompiledScenario::licence_targets[target].
struct ControlEvent {
    std::uint32_t target = 0;
    double licensed = 1;
    Licensing licensing;   // S27a
    double leak = 0;       // S27b
    double hold_days = 0;  // S27c
    DayRange days;
};

// S28: a demand change on the columns of CompiledScenario::demand_columns[target].
struct DemandEvent {
    std::uint32_t target = 0;
    double factor = 1;
    DayRange days;
};

struct Events {
    std::vector<ShockEvent> shocks;
    std::vector<ControlEvent> controls;
    std::vector<DemandEvent> demand;
    // The first day of any entry, -1 if there is none (TTS and TTR count from it, S34-S35).
    [[nodiscard]] int first_day() const;
};

[[nodiscard]] ShockEvent shock_event(const CapacityShock& s, std::uint32_t target);
[[nodiscard]] ControlEvent control_event(const ExportControl& e, std::uint32_t target);
[[nodiscard]] DemandEvent demand_event(const DemandChange& c, std::uint32_t target);

// S26: the share of capacity a shock removes on `day`: its full loss during its duration, then
// easing along its recovery curve over recovery_days.
[[nodiscard]] double shock_loss(const ShockEvent& shock, int day);
[[nodiscard]] double shock_loss(const CapacityShock& shock, int day);
// S30: the share of a ramp-up reached on `day`: 0 before `start`, then linear to 1 over `ramp`
// days (1 at once when ramp is 0).
[[nodiscard]] double ramp_share(int day, int start, int ramp);

}  // namespace critmin::sim
