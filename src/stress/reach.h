// The part of a dataset a catalogue's events can reach (docs/stress.md, "What the events can
// reach"). Chains that no event touches and that the base scenario leaves alone cannot lose
// anything in any sampled year, so stress runs leave them out of the network: the results of
// every other end use are unchanged and each sample runs faster.
#pragma once

#include <string>
#include <vector>

#include "core/dataset.h"
#include "stress/catalogue.h"

namespace critmin::stress {

struct ReachablePart {
    Dataset data;                      // the dataset with unreachable flows removed
    std::vector<std::string> dropped;  // commodities whose flows were removed, in id order
};

// Commodities are grouped into chains (joined by a flow between them, or made by one producer);
// a chain is kept when an event names one of its commodities, shocks one of its producers
// (`shocked_labels`: node labels from event_producers) or changes demand for one of its end
// uses. A base scenario with shocks, responses or regimes keeps everything.
[[nodiscard]] ReachablePart reachable_part(const Dataset& data, const Catalogue& c,
                                           const std::vector<std::vector<std::string>>& shocked);

}  // namespace critmin::stress
