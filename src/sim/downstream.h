// How buyers and licensing behave downstream of a shock (docs/model.md, section 8, S27a-b,
// S37-S38): licences granted case by case, leaks through third countries, end users bidding for
// scarce inputs by the value of their products, and substitution or thrifting after a lead time.
// Plain functions on flat arrays, called by the scenario runner once a day; none allocates.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/scenario.h"

namespace critmin::sim {

// S27a, S27b: the share of an order that ships on `day` under a control that started on
// `start`: the fixed share `licensed`, or with `licensing` the share while applications are
// processed rising linearly to the final share; then what leaks through third countries,
// l + (1 - l) x leak.
[[nodiscard]] double licensed_share(const Licensing& licensing, double licensed, double leak,
                                    int start, int day);

// S27c: an exporter keeps making what licences refuse and holds it. What it makes for its held
// stock on a day: the refused orders, up to the room left under the cap.
[[nodiscard]] double held_stock_order(double refused, double held, double cap);
// S27c: what the held stock ships on a day into licensed buyers' inventories: their gaps to
// target (licensed share of each) closed at the restocking pace 1 / tau_S, within the stock.
[[nodiscard]] double held_stock_release(double held, double licensed_gap, double restoration_days);

// S37: one pool of input slots (a country's end users of one input), each with its priority
// rank (0 = served first). Stock moves from the lowest ranks to each higher rank, lowest first,
// until every slot of the higher rank holds `need` (what full production needs today) or the
// lower ranks are empty; within a rank, donors give in proportion to their stock and receivers
// get in proportion to their gap. The pool's total stock is unchanged.
struct PriorityPool {
    std::vector<std::uint32_t> slots;  // global slot ids
    std::vector<std::uint32_t> rank;   // per slot of the pool
    std::uint32_t n_ranks = 0;
};
// `need` is indexed like pool.slots; `inventory` by global slot id. Returns the stock moved.
double share_by_priority(const PriorityPool& pool, const double* need, double* inventory);

// S38: the factor on a buyer's input coefficient `day` days into the run, for a substitution
// triggered on `trigger_day` (< 0: not yet): 1 - reduction x h(day), h rising linearly from 0 at
// trigger + lead to 1 at trigger + lead + ramp.
[[nodiscard]] double substitution_factor(const Substitution& s, int trigger_day, int day);

}  // namespace critmin::sim
