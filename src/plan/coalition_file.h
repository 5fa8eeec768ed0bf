// A coalition file (docs/coalition.md, "Coalition files"): the members, the commodities, the
// scenarios and the instruments they may share. Plain data, read by read_coalition.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "plan/coalition_game.h"

namespace critmin::plan {

struct CoalitionMember {
    std::string id, where;  // ISO3 of a dataset country, or a name for a group of countries
    // The dataset countries it stands for (C1b). Empty: `id` itself, or the dataset's group of
    // that name (EU, G7, ...).
    std::vector<std::string> countries;
    double gdp = -1;  // for `contributions: gdp` (money per year); < 0: not given
};

struct CoalitionCommodity {
    std::string id, where;
    std::vector<std::string> equivalent;  // other forms that count in a member's use (P21)
};

// How members share an instrument's size and cost (C2).
struct ContributionKey {
    std::string rule = "consumption";     // consumption | gdp | equal | fixed
    std::map<std::string, double> fixed;  // member -> share (rule fixed)
    std::string where;
};

struct CoalitionInstrument {
    std::string id, where, basis;
    InstrumentKind kind = InstrumentKind::reserve;
    std::string commodity;
    double size = 0;  // reserve: size_t; offtake, floor, standards market: t_per_year
    // reserve: holding_cost_per_t_year; offtake and standards market: premium_per_t; price
    // floor: floor_per_t minus
    // market_price_per_t (never below 0).
    double cost_per_unit = 0;
    double floor_per_t = 0;
    double market_price_per_t = -1;  // < 0: the dataset's price (prices.csv)
    ContributionKey contributions;
    Allocation allocation = Allocation::shortfall;
    double trigger = 0, max_daily_t = -1;
    std::string producer;                 // dataset producer (offtakes, floors)
    std::string project;                  // dataset project kept alive (price floors)
    std::vector<std::string> depends_on;  // producers whose output the supply needs (P22)
    // Standards market: countries whose producers do not qualify (C4b).
    std::vector<std::string> excluded_origins = {"CHN"};
};

struct CoalitionFile {
    std::string path, name, description, basis;
    std::string dataset;  // empty: embedded
    std::string currency = "USD";
    int price_year = 0;
    int year = 0;
    std::vector<CoalitionMember> members;
    std::vector<CoalitionCommodity> commodities;
    std::string catalogue;
    long long samples = 200;
    std::uint64_t seed = 1;
    double alpha = 0.95, lambda = 1;
    std::string shapley = "auto";  // auto (exact up to 12 members) | exact | sampled
    long long permutations = 2000;
    std::vector<CoalitionInstrument> instruments;
    // Reserve sizes for the reserve-size frontier, as multiples of the file's sizes.
    std::vector<double> frontier = {0, 0.25, 0.5, 1, 1.5, 2};
    // fixed: every coalition holds its share of the file's reserves; best: each coalition picks
    // the cheapest of the frontier multiples (C9).
    std::string reserve_sizes = "fixed";
    // fixed: the file's sizes; best: each coalition chooses every sized instrument's multiple
    // among the frontier multiples, one instrument at a time (C9a).
    std::string sizes = "fixed";
    // Line and column (1-based) of members, commodities and instruments by YAML path, for the
    // checks against the dataset.
    std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> positions;
};

// Throws InvalidInput naming file, line, column and YAML path of every problem.
[[nodiscard]] CoalitionFile read_coalition(const std::string& path);

}  // namespace critmin::plan
