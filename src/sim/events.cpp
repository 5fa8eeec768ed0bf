#include "sim/events.h"

#include <algorithm>

#include "sim/capital_events.h"

namespace critmin::sim {

int Events::first_day() const {
    int first = -1;
    auto note = [&first](int day) { first = first < 0 ? day : std::min(first, day); };
    for (const auto& s : shocks) note(s.start);
    for (const auto& e : controls) note(e.days.start);
    for (const auto& c : demand) note(c.days.start);
    return first;
}

ShockEvent shock_event(const CapacityShock& s, std::uint32_t target) {
    return {target, s.loss, s.start, s.duration, s.curve, s.recovery_days};
}

ControlEvent control_event(const ExportControl& e, std::uint32_t target) {
    return {target, e.licensed, e.licensing, e.leak, e.hold_days, e.days};
}

DemandEvent demand_event(const DemandChange& c, std::uint32_t target) {
    return {target, c.factor, c.days};
}

double shock_loss(const ShockEvent& s, int day) {
    if (day < s.start) return 0.0;
    const int after = day - (s.start + s.duration);
    if (after < 0) return s.loss;
    if (s.recovery_days <= 0 || after >= s.recovery_days) return 0.0;
    return std::clamp(recovery_curve(s.curve, s.loss, after, s.recovery_days), 0.0, s.loss);
}

double shock_loss(const CapacityShock& s, int day) {
    return shock_loss(shock_event(s, 0), day);
}

double ramp_share(int day, int start, int ramp) {
    if (day < start) return 0.0;
    if (ramp <= 0) return 1.0;
    return std::min(1.0, static_cast<double>(day - start + 1) / ramp);
}

}  // namespace critmin::sim
