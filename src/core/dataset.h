// The in-memory supply-network model that every engine shares.
//
// A dataset folder (docs/data-format.md) is loaded into flat tables: one struct of arrays per CSV
// file, rows addressed by dense integer ids, references between tables resolved to ids, and the
// network of flows indexed as CSR adjacency. Engines read these arrays; none of them walks a
// graph of heap objects.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/csr.h"
#include "core/enums.h"

namespace critmin {

using Id = std::uint32_t;
inline constexpr Id kNoId = std::numeric_limits<Id>::max();
// A quantity that a table leaves empty.
inline constexpr double kNotGiven = std::numeric_limits<double>::quiet_NaN();
// A date (days since 1970-01-01, core/date.h) that a table leaves empty.
inline constexpr int kNoDate = std::numeric_limits<int>::min();

// The state of an export-control regime as of the dataset's edition (controls.csv). It is a
// record for readers: the dates of the row, not its status, decide on which days a scenario
// applies it (docs/scenarios.md, "Regimes from the dataset").
enum class ControlStatus : std::uint8_t { in_force, suspended, lifted, announced };
inline constexpr std::array<std::string_view, 4> kControlStatusNames = {"in_force", "suspended",
                                                                        "lifted", "announced"};
// Declared here rather than in core/enums.h: the status belongs to controls.csv alone.
template <>
struct EnumNames<ControlStatus> {
    static constexpr const auto& kNames = kControlStatusNames;
};

struct Source {
    std::string id, title, publisher, url, vintage;
    int year = 0;
};

struct Manifest {
    std::string name, version, description;
    int base_year = 0;
    std::string mass_unit = "t", money_unit = "USD";
    int money_year = 0;  // price year of the money figures (units.money_year); 0: not stated
    double mass_balance_tolerance = 0.02;  // relative, equation D1
    double share_sum_tolerance = 0.01;     // absolute, for fractions that sum to one
    std::vector<Source> sources;
};

// Provenance of each row of a table: its source, confidence, derivation and CSV line.
struct Provenance {
    std::vector<Id> source;
    std::vector<Confidence> confidence;
    std::vector<std::string> derivation;
    std::vector<std::uint32_t> line;
};

struct CountryTable {
    std::vector<std::string> iso3, name, region;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return iso3.size(); }
};

// Named groups of countries (G7, EU, ...), from the `groups` column of countries.csv.
struct GroupTable {
    std::vector<std::string> name;
    Csr members;  // group -> country ids
    [[nodiscard]] std::size_t size() const { return name.size(); }
};

// WGI estimates are in units of a standard normal: "approximately -2.5 to 2.5", but real ones
// go beyond (political stability: Yemen -2.996 in 2019, also Afghanistan, Syria, Somalia). Values
// outside +-5 are not WGI estimates and are refused.
inline constexpr double kWgiLowest = -5.0, kWgiHighest = 5.0;

inline constexpr std::array<std::string_view, 6> kWgiDimensions = {
    "voice_accountability", "political_stability", "government_effectiveness",
    "regulatory_quality",   "rule_of_law",         "control_of_corruption"};

struct GovernanceTable {
    std::vector<Id> country;
    std::vector<int> year;
    std::array<std::vector<double>, kWgiDimensions.size()> estimate;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return country.size(); }
};

struct CommodityTable {
    std::vector<std::string> id, name, unit, family;
    std::vector<Stage> stage;
    std::vector<std::vector<std::string>> hs_codes;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return id.size(); }
};

struct ElementContentTable {
    std::vector<Id> commodity;
    std::vector<std::string> element;
    std::vector<double> kg_per_unit;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return commodity.size(); }
};

struct DepositTable {
    std::vector<std::string> type_name;  // distinct deposit types, in order of first appearance
    // rows
    std::vector<Id> deposit_type;
    std::vector<std::string> element, example;
    std::vector<double> fraction;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return deposit_type.size(); }
};

// Producers, demand nodes and stockpiles share one id space: the nodes of the network.
// Node ids are dense: producers first, then demand nodes, then stockpiles.
struct NodeTable {
    std::vector<std::string> id;
    std::vector<NodeKind> kind;
    std::vector<Id> country, commodity;
    std::vector<Id> row;  // row in the producer, demand or stockpile table
    [[nodiscard]] std::size_t size() const { return id.size(); }
};

struct ProducerTable {
    std::vector<Id> node;
    std::vector<std::string> name, operator_name;
    std::vector<ProducerKind> kind;
    std::vector<Id> process;       // kNoId when it takes no inputs
    std::vector<double> capacity;  // kNotGiven when empty
    std::vector<Status> status;
    std::vector<Id> deposit_type;  // kNoId when not a mine or not given
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return node.size(); }
};

struct ProductionTable {
    std::vector<Id> producer;  // row in ProducerTable
    std::vector<Id> commodity;
    std::vector<int> year;
    std::vector<double> quantity;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return producer.size(); }
};

struct WorldProductionTable {
    std::vector<Id> commodity;
    std::vector<int> year;
    std::vector<double> quantity;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return commodity.size(); }
};

// Market prices of commodities (prices.csv): money per unit of the commodity in a year.
struct PriceTable {
    std::vector<Id> commodity;
    std::vector<int> year;
    std::vector<double> price;  // per unit of the commodity (USD per t)
    std::vector<std::string> currency;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return commodity.size(); }
};

struct ProcessTable {
    std::vector<std::string> id, name;
    std::vector<Id> deposit_type;
    Provenance provenance;
    Csr recipe_rows;  // process -> rows of RecipeTable
    [[nodiscard]] std::size_t size() const { return id.size(); }
};

struct RecipeTable {
    std::vector<Id> process, commodity;
    std::vector<RecipeRole> role;
    std::vector<double> coefficient;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return process.size(); }
};

struct FlowTable {
    std::vector<Id> supplier, customer;  // node ids
    std::vector<Id> commodity;
    std::vector<int> year;
    std::vector<double> quantity;
    std::vector<FlowBasis> basis;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return supplier.size(); }
};

struct DemandTable {
    std::vector<Id> node;
    std::vector<EndUse> end_use;
    std::vector<int> year;
    std::vector<double> quantity;
    std::vector<std::string> product_unit;
    std::vector<double> content_per_product, value_per_product;  // kNotGiven when empty
    // Magnet grade of the use and its heavy rare-earth content (kg per t of magnet); empty or
    // kNotGiven when not given. What each use needs; the network carries the fleet-average alloy.
    std::vector<std::string> grade;
    std::vector<double> dy_kg_per_t, tb_kg_per_t;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return node.size(); }
};

struct StockpileTable {
    std::vector<Id> node;
    std::vector<std::string> holder;
    std::vector<double> quantity, days_of_consumption;  // exactly one is given
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return node.size(); }
};

struct ProjectTable {
    std::vector<std::string> id, name, operator_name;
    std::vector<ProjectKind> kind;
    std::vector<Id> country, commodity;
    std::vector<double> capacity, ramp_up_years, capex, opex;  // kNotGiven when empty
    std::vector<double> probability_on_time;                   // 0..1; kNotGiven when empty
    std::vector<int> earliest_start;
    std::vector<Status> status;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return id.size(); }
    // The probability of a row, kNotGiven when empty. Rows added after loading (a plan's new
    // suppliers, plan::with_new_suppliers) may leave the column short, so read it through here.
    [[nodiscard]] double probability(std::size_t row) const {
        return row < probability_on_time.size() ? probability_on_time[row] : kNotGiven;
    }
};

// Export-control regimes (controls.csv): which exporter licenses which commodities toward whom,
// and on which days. A scenario's `regimes:` turns rows into S27 export controls.
struct ControlTable {
    std::vector<std::string> id, measure, announcement;
    std::vector<std::string> exporter;  // ISO3 or group name, as written (both are checked)
    std::vector<std::vector<Id>> commodities;
    // Countries or groups as written. Both empty: every destination; `destinations_except` is
    // only given when `destinations` is empty.
    std::vector<std::vector<std::string>> destinations, destinations_except;
    std::vector<double> licensed;  // share of orders that may still ship, 0..1
    // Days since 1970-01-01. `end` and `suspended_until` are exclusive; kNoDate when empty
    // (`end`: open-ended; the suspension columns are both given or both kNoDate).
    std::vector<int> start, end, suspended_from, suspended_until;
    std::vector<ControlStatus> status;
    Provenance provenance;
    [[nodiscard]] std::size_t size() const { return id.size(); }
};

// Adjacency built by the loader once all tables are read.
struct Network {
    Csr inflows;     // node -> flow rows where it is the customer
    Csr outflows;    // node -> flow rows where it is the supplier
    Csr production;  // producer row -> production rows
};

struct Dataset {
    std::string root;  // folder it was loaded from
    Manifest manifest;
    CountryTable countries;
    GroupTable groups;
    GovernanceTable governance;
    CommodityTable commodities;
    ElementContentTable element_content;
    DepositTable deposits;
    NodeTable nodes;
    ProducerTable producers;
    ProductionTable production;
    WorldProductionTable world_production;
    PriceTable prices;
    ProcessTable processes;
    RecipeTable recipes;
    FlowTable flows;
    DemandTable demand;
    StockpileTable stockpiles;
    ProjectTable projects;
    ControlTable controls;
    Network network;

    // Lookups by name; kNoId when absent.
    // (Re)builds `network` from the flow and production tables (after loading, or after a
    // caller removed rows).
    void build_network();
    [[nodiscard]] Id find_country(std::string_view iso3) const;
    [[nodiscard]] Id find_group(std::string_view name) const;
    [[nodiscard]] Id find_commodity(std::string_view id) const;
    [[nodiscard]] Id find_node(std::string_view id) const;
    [[nodiscard]] Id find_process(std::string_view id) const;
    // The countries a name stands for: one country (ISO3) or a group's members; nullopt when the
    // name is neither.
    [[nodiscard]] std::optional<std::vector<Id>> countries_named(std::string_view name) const;
    [[nodiscard]] Id find_source(std::string_view id) const;
    [[nodiscard]] Id find_deposit_type(std::string_view name) const;

    // Rebuilds the name indexes after the tables changed (the loader calls it).
    void index_names();

    // The stage at which a node sits: its commodity's stage, or end_use for a demand node.
    [[nodiscard]] Stage node_stage(Id node) const {
        return nodes.kind[node] == NodeKind::demand ? Stage::end_use
                                                    : commodities.stage[nodes.commodity[node]];
    }

    // The world total of a commodity in a year, if the dataset gives one.
    [[nodiscard]] std::optional<double> world_total(Id commodity, int year) const;
    // The row of prices.csv for the commodity in the latest year up to `year`; nullopt when none.
    [[nodiscard]] std::optional<std::size_t> price_row(Id commodity, int year) const;

  private:
    struct NameIndex {
        std::unordered_map<std::string, Id> map;
        [[nodiscard]] Id find(std::string_view key) const;
    };
    NameIndex country_index_, group_index_, commodity_index_, node_index_, process_index_,
        source_index_, deposit_index_;
};

}  // namespace critmin
