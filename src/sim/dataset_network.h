// Compiles a dataset's physical supply network (tonnes per year) into the simulation network
// (docs/model.md, "Dataset input").
//
// Each (producer, output commodity) pair becomes a node. A producer with joint outputs (a
// separation plant making NdPr, Dy and Tb oxide from one feed) is split into one node per
// output; each of its input flows is allocated to the outputs in proportion to their output
// mass (eq. S25), so a cut in feed reaches every co-product; an input that shares an element
// with some outputs (Dy oxide -> Dy metal) goes to those outputs only. Each demand node
// (country x end use) becomes an end-use node that holds an inventory of what it buys (magnets)
// and delivers all its output to one final-demand column, so lost output is lost products.
#pragma once

#include <string>
#include <vector>

#include "core/dataset.h"
#include "sim/network.h"
#include "sim/parameters.h"

namespace critmin::sim {

// Dataset quantities are per year; the engine steps in days.
inline constexpr double kDaysPerYear = 365.0;

// A supplier added to the network with no baseline flow: a planned project, or an existing
// producer qualifying as a new supplier of some buyers (candidate). Its edges start at zero
// and carry orders only through the substitution weight (S17).
struct ExtraSupplier {
    std::string label;     // node label (project id, or existing node label)
    Id producer = kNoId;   // existing producer row, or kNoId for a project
    Id commodity = kNoId;  // what it supplies
    Id country = kNoId;
    std::vector<Id> buyer_countries;  // empty: every buyer of the commodity
};

struct DemandColumn {
    Id demand_row = kNoId;  // row in the dataset's demand table
    Id node = kNoId;        // dataset node id of the demand node
    Id country = kNoId;
    EndUse end_use = EndUse::other;
    Id commodity = kNoId;
    double yearly = 0;  // baseline quantity per year
    std::string product_unit;
    double content_per_product = kNotGiven;  // t of commodity per product unit
    double value_per_product = kNotGiven;    // money per product unit
};

struct DatasetNetwork {
    Network net;
    int year = 0;
    std::vector<Id> node_producer;   // producer row, kNoId for a project node
    std::vector<Id> node_commodity;  // dataset commodity of each node (= node_product)
    std::vector<Id> node_country;    // dataset country (= node_region)
    std::vector<std::string> node_name;
    std::vector<std::uint8_t> node_extra;    // 1: added by ExtraSupplier
    std::vector<std::uint8_t> node_end_use;  // 1: an end-use node (makes products, not materials)
    std::vector<DemandColumn> columns;       // per final-demand column
};

struct DatasetNetworkOptions {
    int year = 0;  // 0: the dataset's base year
    double inventory_days = 60;
    std::vector<double> inventory_days_by_commodity;  // per commodity id; empty or <= 0: default
    std::vector<ExtraSupplier> extra;
    // S6a: every node cuts output only when its stock of an input falls below this many days
    // of use (0: psi x the target inventory, ARIO's rule).
    double stop_days = 0;
    // S6b: half-width of the spread of firms' stock around a node's, in days of use.
    double stock_spread_days = 0;
};

// Throws InvalidInput when the year has no flows.
[[nodiscard]] DatasetNetwork build_dataset_network(const Dataset& data, const ModelParameters& p,
                                                   const DatasetNetworkOptions& options);

}  // namespace critmin::sim
