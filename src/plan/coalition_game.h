// The coalition game (docs/coalition.md, eqs. C1-C12): members' own shortfalls per scenario-year,
// the coalition's instruments (pooled reserves, joint offtakes, price floors), the cost of every
// sub-coalition with common random numbers, and who gains what (Shapley value, the core, the
// contribution key, the free-rider gain). Plain data in, plain data out; the dataset and the
// engine are behind plan/coalition_inputs.h.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace critmin::plan {

// How an instrument's tonnes are shared among the members of a coalition (C5).
enum class Allocation : std::uint8_t {
    need,       // in proportion to each member's yearly use of the commodity
    shortfall,  // in proportion to each member's shortfall left
    key,        // in proportion to the contribution key
};

enum class InstrumentKind : std::uint8_t {
    reserve,       // pooled stockpile of `size` t, released in a disruption (C3)
    offtake,       // `size` t/yr bought from a named producer, at a premium (C4)
    price_floor,   // `size` t/yr of a producer's capacity kept producing for the coalition (C4)
    allied_first,  // members' producers serve members before others in a disruption (C4a)
    // `size` t/yr of traceable supply bought at a premium from every producer outside the
    // excluded origins, in proportion to what they sell to non-members (C4b)
    standards_market,
};

// A producer in a member country, for allied_first (C4a): what it sells today outside the
// coalition and to each member, and what it can make in each scenario.
struct AlliedProducer {
    std::uint32_t host = 0;            // the member where it is
    double to_non_members = 0;         // t per year to countries that are not members
    std::vector<double> to_member;     // t per year to each member
    std::vector<double> availability;  // per scenario (P22)
};

struct Instrument {
    std::string id;
    InstrumentKind kind = InstrumentKind::reserve;
    std::uint32_t commodity = 0;
    double size = 0;           // reserve: t held by the grand coalition; others: t per year
    double cost_per_unit = 0;  // money per t and year: holding cost, premium, or floor - price
    std::vector<double> key;   // per member: share of the grand coalition's size and cost (sum 1)
    Allocation allocation = Allocation::shortfall;
    // Reserves: released only when the coalition misses at least `trigger` of its yearly use
    // (C3), at most `max_daily_t` t per disrupted day.
    double trigger = 0;
    double max_daily_t = -1;  // < 0: no daily limit
    // Offtakes, floors and standards markets: the share of `size` the producer (or the
    // qualifying producers together, C4b) can deliver, per scenario (P22).
    std::vector<double> availability;
    std::vector<AlliedProducer> producers;  // allied_first
};

struct CoalitionGame {
    std::size_t members = 0, commodities = 0, scenarios = 0;
    std::vector<double> probability;      // per scenario, sums to 1
    std::vector<double> need;             // [i * K + k]: member i's use of k, t per year
    std::vector<double> value;            // [i * K + k]: money per t not delivered (P21)
    std::vector<double> gap;              // [(w * n + i) * K + k]: own shortfall, t (C1)
    std::vector<double> disrupted_days;   // per scenario: days from the first shock to the end
    double horizon_years = 1;             // length of a scenario
    std::vector<Instrument> instruments;  // applied in this order (C2)
    double alpha = 0.95;                  // CVaR level
    double lambda = 1;                    // weight of each member's CVaR (C7)
    // C9: multiples of the reserves' sizes each coalition chooses the cheapest of (empty: the
    // file's sizes, multiple 1).
    std::vector<double> reserve_scales;
    // C9a: multiples of each sized instrument's size (reserves, offtakes, floors, standards
    // markets) that each coalition chooses among, one instrument at a time (empty: off).
    std::vector<double> size_scales;
};

// What one sub-coalition costs (C6-C9). Members are bits of `mask` (member i: bit i).
struct CoalitionCost {
    double instruments = 0;     // C6: yearly cost of the coalition's share of every instrument
    double total = 0;           // C9: the cheaper of acting and not acting
    bool acts = false;          // the instruments are worth their cost to this coalition
    double reserve_scale = 1;   // the multiple of the reserves' sizes it chose (C9)
    std::vector<double> scale;  // per instrument: the multiple of its size it holds (0: not acting)
    // Per member of the whole game (0 for non-members), with the instruments when `acts`.
    std::vector<double> expected, cvar;
    std::vector<double> delivered;  // per instrument: expected t per year reaching members
};

// C5: shares `amount` among members with weights `weight`, none above its `cap`, water-filling
// what a capped member cannot take to the others; members with no weight share in proportion to
// their caps when no member has weight. Returns the part handed out.
double water_fill(double amount, const std::vector<double>& weight, const std::vector<double>& cap,
                  std::vector<double>& out);

// C2-C8 for the sub-coalition `mask` with the reserves' sizes times `reserve_scale`; `act` false
// gives the cost without instruments.
[[nodiscard]] CoalitionCost coalition_cost(const CoalitionGame& g, std::uint32_t mask, bool act,
                                           double reserve_scale = 1);
// C2-C8 with instrument o's size times scale[o].
[[nodiscard]] CoalitionCost coalition_cost_scaled(const CoalitionGame& g, std::uint32_t mask,
                                                  const std::vector<double>& scale);
// Whether an instrument has a size to choose (all but allied_first).
[[nodiscard]] bool sized(const Instrument& ins);
// C9: the cheapest of acting (at each of g.reserve_scales, or at the sizes C9a chooses) and not
// acting.
[[nodiscard]] CoalitionCost coalition_cost(const CoalitionGame& g, std::uint32_t mask);

// C9 for every sub-coalition (index = mask; c[0] = 0), on `threads` threads (results do not
// depend on the count). With a stride, only masks offset, offset + stride, ... (a process's share
// under MPI), in that order.
[[nodiscard]] std::vector<double> characteristic_function(const CoalitionGame& g, int threads,
                                                          std::size_t stride = 1,
                                                          std::size_t offset = 0);

// C10: the Shapley value of the cost game c over n players (c indexed by mask).
[[nodiscard]] std::vector<double> shapley_exact(const std::vector<double>& c, std::size_t n);

// C10a: the Shapley value estimated over `permutations` random orders (seeded), with the standard
// error of each member's estimate; `cost(mask)` is asked for each coalition met.
struct SampledShapley {
    std::vector<double> value, std_error;
    std::size_t coalitions_evaluated = 0;
};
[[nodiscard]] SampledShapley shapley_sampled(std::size_t n, std::size_t permutations,
                                             std::uint64_t seed,
                                             const std::function<double(std::uint32_t)>& cost);

// C11: whether allocation x (per member) is in the core of c: no sub-coalition pays less alone
// than its members are charged (relative tolerance 1e-9). `blocking` is the sub-coalition with
// the largest excess sum(x_S) - c(S), 0 when none is positive.
struct CoreCheck {
    bool in_core = true;
    std::uint32_t blocking = 0;
    double excess = 0;
};
[[nodiscard]] CoreCheck core_check(const std::vector<double>& c, const std::vector<double>& x);

}  // namespace critmin::plan
