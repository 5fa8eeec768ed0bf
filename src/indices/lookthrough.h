// Look-through dependence: for each node, the fraction of what it receives that traces back to
// each country at each upstream stage (docs/assess.md, equations A6 and A7).
#pragma once

#include <span>
#include <vector>

#include "core/dataset.h"
#include "indices/economy.h"

namespace critmin::indices {

// Origin shares of every node for one year, stored flat: origin[(node * kStageCount + stage) *
// n_countries + country]. A node's own stage is its own country (share 1); an upstream stage is
// the inflow-weighted mean of its suppliers' origins at that stage (A6). Mass that cannot be
// traced (a supplier with no recorded inflows) stays unattributed: the shares then sum below 1.
class OriginMatrix {
  public:
    OriginMatrix(const Dataset& ds, int year);

    [[nodiscard]] std::span<const double> origin(Id node, Stage stage) const {
        const std::size_t offset =
            (static_cast<std::size_t>(node) * kStageCount + static_cast<std::size_t>(stage)) *
            n_countries_;
        return {values_.data() + offset, n_countries_};
    }
    // True when the node has an origin at this stage (its own stage or one its inflows reach).
    [[nodiscard]] bool reaches(Id node, Stage stage) const {
        return reached_[static_cast<std::size_t>(node) * kStageCount +
                        static_cast<std::size_t>(stage)];
    }

  private:
    std::size_t n_countries_;
    std::vector<double> values_;
    std::vector<bool> reached_;
};

struct EndUseDependence {
    EndUse end_use = EndUse::other;
    Id commodity = kNoId;  // what the end use consumes
    Stage stage = Stage::mining;
    double quantity = 0;  // consumption of the economy's demand nodes for this end use
    std::vector<Id> country;
    std::vector<double> share;  // A7, largest first
    double unattributed = 0;    // 1 - sum of shares
};

// A7: the economy's dependence per end use and upstream stage, weighting its demand nodes by
// quantity. Rows are ordered by end use, then commodity, then stage (upstream first).
[[nodiscard]] std::vector<EndUseDependence> lookthrough_dependence(const Dataset& ds,
                                                                   const Economy& economy,
                                                                   int year);

}  // namespace critmin::indices
