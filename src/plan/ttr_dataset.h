// The TTR/TTS models on a dataset's physical network (docs/planning.md, eqs. P7-P10): every
// producer node can make up to alpha_max times its baseline daily output, every buyer holds its
// baseline inventory of each input and needs its recipe's input per unit of output, supplies
// may move to any supplier the network already links to the buyer, and the end users' unmet
// magnet demand is priced by end use.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "plan/tables.h"
#include "plan/ttr.h"
#include "sim/dataset_network.h"

namespace critmin::plan {

struct DatasetTtrOptions {
    double inventory_days = 60;
    double capacity_factor = 1.25;  // alpha_max: the most a producer can make over baseline
    // Final-demand columns counted in the objective and the survival test (per column; empty:
    // all). Columns not counted carry no demand: the network serves the counted ones first.
    std::vector<unsigned char> counted_columns;
    std::vector<double> value_per_t;  // per column: value of a tonne not delivered
    // On a dataset, the same by country and end use (they fill the per-column vectors when
    // given): the end users of these countries count (per country id; empty: all), valued by
    // end use.
    std::vector<unsigned char> counted_countries;
    const ShortfallValues* values = nullptr;
    // P10a: buyers (per node) and final-demand columns (per column) that keep their baseline
    // share of every supplier's output, as under simulate's proportional rationing (S8); empty:
    // none. With `counted_countries` and `others_keep_share`, the dataset model marks every
    // buyer and column outside those countries.
    std::vector<unsigned char> keep_share_nodes;
    std::vector<unsigned char> keep_share_columns;
    bool others_keep_share = true;
    double tts_cap_days = 3650;  // a TTS at this horizon is "indefinitely"
};

struct DatasetTtrModel {
    sim::DatasetNetwork network;
    WindowLp lp;
    std::vector<std::uint32_t> output_column;  // per network node: its output column x_n
    // P10a, per network node: the relief columns to open when the node is down (its share rows
    // no longer bind); empty without shares.
    std::vector<std::vector<std::uint32_t>> share_relief;
};

// P7-P10 as one window LP (days).
[[nodiscard]] DatasetTtrModel dataset_ttr_model(const Dataset& data,
                                                const DatasetTtrOptions& options);

// The same on any compiled network (a firm network, a generated one): `joint` lists groups of
// nodes that produce jointly (P10); `output_column` receives each node's output column.
// `share_relief`, when given, receives P10a's relief columns per buyer node.
[[nodiscard]] WindowLp network_window_lp(
    const sim::Network& net, const DatasetTtrOptions& options,
    const std::vector<std::vector<std::uint32_t>>& joint, std::vector<std::uint32_t>& output_column,
    std::vector<std::vector<std::uint32_t>>* share_relief = nullptr);

// A producer and the network nodes it runs.
struct ProducerNodes {
    Id producer = kNoId;
    std::string id, name, country;
    Stage stage = Stage::mining;
    std::vector<std::uint32_t> nodes;
};
[[nodiscard]] std::vector<ProducerNodes> producer_nodes(const Dataset& data,
                                                        const sim::DatasetNetwork& net);

}  // namespace critmin::plan
