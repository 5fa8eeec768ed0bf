// The event catalogue of a stress test (docs/stress.md): a base scenario (network, horizon,
// parameters, responses) and event types with annual probabilities or rates, onset, duration
// and severity distributions, targets, and dependence between events.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario.h"
#include "stress/distributions.h"

namespace critmin::stress {

struct EventType {
    std::string id, basis, where;
    std::string type;         // capacity, export_control or demand
    double probability = -1;  // annual probability of at least one occurrence (Bernoulli)
    double rate = -1;         // or: occurrences per year (Poisson)
    Distribution onset;       // first day (clamped to the horizon)
    Distribution duration;    // days at full severity (at least 1)
    Distribution severity;    // capacity: share lost; export control: share refused;
                              // demand: relative change (factor = 1 + severity)
    // Targets, as in a scenario.
    sim::NodeSelector target;
    sim::RecoveryCurve curve = sim::RecoveryCurve::linear;
    int recovery_days = 0;
    std::string exporter;
    std::vector<std::string> commodities;
    sim::Destinations destinations;
    std::vector<std::string> countries, end_uses;  // demand
};

struct Dependence {
    int source = -1, target = -1;  // event indexes; source comes first in the catalogue
    bool together = false;         // target happens exactly when the source does, same timing
    double probability = 0;        // otherwise: target's probability when the source occurred
};

struct Catalogue {
    sim::Scenario base;  // everything but the shocks
    std::vector<EventType> events;
    std::vector<Dependence> dependence;
};

// Throws InvalidInput naming file, line, column and YAML path of every problem.
[[nodiscard]] Catalogue read_catalogue(const std::string& path);

}  // namespace critmin::stress
