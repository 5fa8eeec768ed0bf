#include "stress/sampler.h"

#include <algorithm>
#include <cmath>

#include "stress/random.h"

namespace critmin::stress {

namespace {

// Longest event a year can hold, in days: longer draws end after any horizon anyway, and the
// bound keeps onset + duration + recovery within int.
constexpr int kMaxEventDays = 1000000;

// A drawn day number as an int in [lo, hi]; NaN counts as lo.
int day_in(double x, int lo, int hi) {
    if (!(x >= lo)) return lo;
    if (x >= hi) return hi;
    return static_cast<int>(x);
}

}  // namespace

namespace {

constexpr int kMaxOccurrences = 32;

// Streams: each (event, occurrence, quantity) has its own counter range, so adding an event to
// the end of a catalogue does not change the draws of the others.
std::uint32_t stream(int event, int occurrence, int quantity) {
    return static_cast<std::uint32_t>((event * 64 + occurrence) * 4 + quantity);
}

}  // namespace

int poisson_count(double rate, double u) {
    double p = std::exp(-rate);
    double cumulative = p;
    int k = 0;
    while (u > cumulative && k < kMaxOccurrences) {
        ++k;
        p *= rate / k;
        cumulative += p;
    }
    return k;
}

SampledYear sample_year(const Catalogue& c, std::uint64_t seed, std::uint64_t index) {
    const SampleRandom rng(seed, index);
    SampledYear y;
    const auto n = static_cast<int>(c.events.size());
    y.count.assign(static_cast<std::size_t>(n), 0);
    const int horizon = c.base.horizon_days;
    std::vector<int> first(static_cast<std::size_t>(n), -1);  // index of the first occurrence
    for (int e = 0; e < n; ++e) {
        const EventType& ev = c.events[static_cast<std::size_t>(e)];
        // T8: dependence. "together" copies the source's timing; "raises" replaces the annual
        // probability when the source occurred this year.
        const Dependence* together = nullptr;
        double probability = ev.probability;
        for (const Dependence& d : c.dependence) {
            if (d.target != e) continue;
            const bool source_occurred = y.count[static_cast<std::size_t>(d.source)] > 0;
            if (d.together)
                together = &d;
            else if (source_occurred && ev.probability >= 0)
                probability = std::max(probability, d.probability);
        }
        int count = 0;
        const double u0 = rng.uniform(stream(e, 0, 0), 0);
        if (together != nullptr) {
            count = y.count[static_cast<std::size_t>(together->source)] > 0 ? 1 : 0;
        } else if (ev.rate >= 0) {
            count = poisson_count(ev.rate, u0);  // T7
        } else {
            count = u0 < probability ? 1 : 0;  // T7 (Bernoulli)
        }
        for (int k = 0; k < count; ++k) {
            Occurrence o;
            o.event = e;
            auto draw = [&](int quantity) {
                return [&rng, e, k, quantity](unsigned i) {
                    return rng.uniform(stream(e, k, quantity), i);
                };
            };
            if (together != nullptr) {
                const Occurrence& src = y.occurrences[static_cast<std::size_t>(
                    first[static_cast<std::size_t>(together->source)])];
                o.onset = src.onset;
                o.duration = src.duration;
            } else {
                // Clamped as doubles before the conversion: a draw beyond the int range (onset
                // 3e9, duration 1e30) would otherwise be undefined and could land on day 0.
                o.onset = day_in(std::floor(ev.onset.sample(draw(1))), 0, horizon - 1);
                o.duration = day_in(std::round(ev.duration.sample(draw(2))), 1, kMaxEventDays);
            }
            o.onset = std::clamp(o.onset, 0, horizon - 1);
            o.duration = std::clamp(o.duration, 1, kMaxEventDays);
            o.severity = ev.severity.sample(draw(3));
            if (ev.type != "demand")
                o.severity = std::clamp(o.severity, 0.0, 1.0);
            else
                o.severity = std::max(o.severity, -1.0);
            if (k == 0) first[static_cast<std::size_t>(e)] = static_cast<int>(y.occurrences.size());
            y.occurrences.push_back(o);
        }
        y.count[static_cast<std::size_t>(e)] = count;
    }
    return y;
}

// T9: each occurrence becomes a shock: a capacity loss of `severity`, an export control
// licensing 1 - severity of orders, or final demand multiplied by 1 + severity. The entries carry
// the numbers only; the names they act on are the event type's.
sim::CapacityShock capacity_entry(const EventType& ev, const Occurrence& o) {
    sim::CapacityShock x;
    x.loss = o.severity;
    x.start = o.onset;
    x.duration = o.duration;
    x.curve = ev.curve;
    x.recovery_days = ev.recovery_days;
    return x;
}

sim::ExportControl control_entry(const Occurrence& o) {
    sim::ExportControl x;
    x.licensed = 1.0 - o.severity;
    x.days = {o.onset, o.onset + o.duration};
    return x;
}

sim::DemandChange demand_entry(const Occurrence& o) {
    sim::DemandChange x;
    x.factor = 1.0 + o.severity;
    x.days = {o.onset, o.onset + o.duration};
    return x;
}

sim::Scenario year_scenario(const Catalogue& c, const SampledYear& year) {
    sim::Scenario s = c.base;
    for (const Occurrence& o : year.occurrences) {
        const EventType& ev = c.events[static_cast<std::size_t>(o.event)];
        if (ev.type == "capacity") {
            sim::CapacityShock x = capacity_entry(ev, o);
            x.target = ev.target;
            x.where = ev.where;
            s.capacity_shocks.push_back(std::move(x));
        } else if (ev.type == "export_control") {
            sim::ExportControl x = control_entry(o);
            x.exporter = ev.exporter;
            x.commodities = ev.commodities;
            x.destinations = ev.destinations;
            x.where = ev.where;
            s.export_controls.push_back(std::move(x));
        } else {
            sim::DemandChange x = demand_entry(o);
            x.countries = ev.countries;
            x.end_uses = ev.end_uses;
            x.where = ev.where;
            s.demand_changes.push_back(std::move(x));
        }
    }
    return s;
}

}  // namespace critmin::stress
