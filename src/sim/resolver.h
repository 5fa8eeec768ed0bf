// Names of a scenario (countries, groups, commodities, producers, stages, end uses) resolved
// against a dataset and its network; every unknown name goes to the diagnostics with the
// scenario's file and YAML path, so that all problems are reported together.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "core/error.h"
#include "sim/dataset_network.h"
#include "sim/scenario.h"

namespace critmin::sim {

class Resolver {
  public:
    // `dn` may be an empty network while only names are resolved (before the build).
    Resolver(const Dataset& data, const DatasetNetwork& dn, std::string file, Diagnostics& d,
             const SourcePositions* positions = nullptr);

    void fail(const std::string& where, const std::string& message);

    // Countries named directly or through a group (G7, allies, ...).
    std::set<Id> countries(const std::vector<std::string>& names, const std::string& where);
    Id commodity(const std::string& name, const std::string& where);
    std::set<Id> commodities(const std::vector<std::string>& names, const std::string& where);
    // The producer row of a dataset producer id.
    Id producer(const std::string& name, const std::string& where);
    // End uses as their enum values (ints, as the network stores them).
    std::vector<int> end_uses(const std::vector<std::string>& names, const std::string& where);
    // Per node of the network: 1 if the selector picks it. Selecting nothing is an error.
    std::vector<std::uint8_t> nodes(const NodeSelector& s, const std::string& where);

  private:
    const Dataset& data_;
    const DatasetNetwork& dn_;
    std::string file_;
    Diagnostics& d_;
    const SourcePositions* positions_;
};

}  // namespace critmin::sim
