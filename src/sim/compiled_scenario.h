// A scenario resolved against its dataset once (docs/scenarios.md, docs/model.md S26-S31,
// S37-S38): the network with every extra supplier, and each shock and response as the nodes,
// edges, slots and columns it acts on. Running it (sim/scenario_run.h) only reads this; stress
// samples and plan scenarios reuse one compiled scenario with their own Events.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "sim/dataset_network.h"
#include "sim/downstream.h"
#include "sim/events.h"
#include "sim/scenario.h"

namespace critmin::sim {

// The export-control targets of one control (S27): the edges and final-demand entries it
// licenses.
struct LicenceTargets {
    std::vector<std::uint32_t> edges;
    std::vector<std::uint32_t> finals;
};

// Results of one stockpile (S29) over a run.
struct StockpileSummary {
    std::string holder, commodity;
    double stock = 0;     // t at the start
    double released = 0;  // t released over the run
    int first_release_day = -1;
    double daily_use = 0;  // holder's baseline use per day (t)
};

// S29: one holder's stockpile of one commodity and the slots it refills.
struct StockpileTargets {
    StockpileSummary summary;  // stock and daily use; released and first day left at 0, -1
    std::vector<std::uint32_t> slots;
    std::vector<double> target;  // baseline target inventory per slot
    double max_daily = 0;
    std::string trigger;  // shortage | start
    int start = 0;
};

// S30-S31: a project or recycler's node, its capacity ramping up, spread over its buyers.
struct ProjectTargets {
    std::uint32_t node = 0;
    double capacity_per_day = 0;
    int online = 0, ramp = 0;
    std::vector<std::uint32_t> edges;
    std::vector<double> buyer_share;
};

// S31: a qualified candidate supplier's new edges and the orders each may take.
struct CandidateTargets {
    int from = 0;
    std::vector<std::uint32_t> edges;
    std::vector<double> bonus;
};

struct CompiledScenario {
    std::string path;  // the scenario file, for messages
    DatasetNetwork network;
    ModelParameters parameters;
    int horizon_days = 365;
    Events events;  // the scenario's own entries

    // Targets of the entries (Events point into these).
    std::vector<std::vector<std::uint8_t>> shock_nodes;     // S26, per node
    std::vector<LicenceTargets> licence_targets;            // S27
    std::vector<std::vector<std::uint8_t>> demand_columns;  // S28, per final-demand column

    // Responses.
    std::vector<StockpileTargets> stockpiles;  // S29
    std::vector<ProjectTargets> projects;      // S30 (projects and recyclers)
    std::vector<SpareCapacity> spare_capacity;
    std::vector<std::vector<std::uint8_t>> spare_nodes;  // S30, per spare_capacity entry
    std::vector<CandidateTargets> candidates;            // S31
    std::vector<Substitution> substitution;              // S38
    std::vector<std::vector<std::uint32_t>> substitution_slots;
    std::vector<PriorityPool> pools;  // S37
    std::size_t widest_pool = 0;

    // Layout helpers read each day.
    std::vector<std::uint32_t> fd_node;      // the node of each final-demand entry
    std::vector<std::uint32_t> column_node;  // the end-use node of each column
    std::vector<std::string> column_country, column_commodity;  // ISO3 and commodity id
    std::vector<std::uint32_t> edge_slot;                       // the slot of each edge (S27c)
    std::vector<double> edge_share;  // its share of the slot's baseline flow (S27c)

    // Backtests (`observed:`): the exporter's sales of the observed commodities abroad.
    bool observed = false;
    std::vector<std::uint32_t> export_edges, export_finals;
    std::vector<std::uint8_t> export_edge;  // per edge
    double baseline_exports = 0;
};

// Resolves every name of `scenario` against `data` (regimes and the pipeline become export
// controls and projects first) and builds the network. Unknown producers, countries,
// commodities, projects and end uses are reported together with the scenario's file and YAML
// paths (InvalidInput).
[[nodiscard]] CompiledScenario compile_scenario(const Dataset& data, const Scenario& scenario);

// The nodes an entry list hits: capacity-shock targets and the sellers of licensed flows.
[[nodiscard]] std::vector<std::uint8_t> nodes_hit(const CompiledScenario& c, const Events& events);

}  // namespace critmin::sim
