#include "sim/downstream.h"

#include <algorithm>

namespace critmin::sim {

double licensed_share(const Licensing& licensing, double licensed, double leak, int start,
                      int day) {
    double share = licensed;
    if (licensing.given) {
        // S27a: nothing approved beyond `initial` until the first applications are processed.
        const int since = day - start - licensing.processing_days;
        share = licensing.initial;
        if (since >= 0) {
            const double h = licensing.ramp_days > 0
                                 ? std::min(1.0, static_cast<double>(since + 1) /
                                                     static_cast<double>(licensing.ramp_days))
                                 : 1.0;
            share = licensing.initial + (licensing.final_share - licensing.initial) * h;
        }
    }
    return share + (1.0 - share) * leak;  // S27b
}

double held_stock_order(double refused, double held, double cap) {
    return std::max(std::min(refused, cap - held), 0.0);
}

double held_stock_release(double held, double licensed_gap, double restoration_days) {
    return std::max(std::min(held, licensed_gap / restoration_days), 0.0);
}

double share_by_priority(const PriorityPool& pool, const double* need, double* inventory) {
    const std::size_t n = pool.slots.size();
    double moved = 0.0;
    for (std::uint32_t r = 0; r + 1 < pool.n_ranks; ++r) {
        double gap = 0.0;
        for (std::size_t k = 0; k < n; ++k)
            if (pool.rank[k] == r) gap += std::max(need[k] - inventory[pool.slots[k]], 0.0);
        if (gap <= 0.0) continue;
        double taken = 0.0;
        // Donors: the lowest rank gives first, each rank up to its whole stock.
        for (std::uint32_t q = pool.n_ranks - 1; q > r && taken < gap; --q) {
            double stock = 0.0;
            for (std::size_t k = 0; k < n; ++k)
                if (pool.rank[k] == q) stock += inventory[pool.slots[k]];
            if (stock <= 0.0) continue;
            const double take = std::min(gap - taken, stock);
            const double keep = 1.0 - take / stock;
            for (std::size_t k = 0; k < n; ++k)
                if (pool.rank[k] == q) inventory[pool.slots[k]] *= keep;
            taken += take;
        }
        if (taken <= 0.0) continue;
        const double share = taken / gap;
        for (std::size_t k = 0; k < n; ++k) {
            if (pool.rank[k] != r) continue;
            const double g = std::max(need[k] - inventory[pool.slots[k]], 0.0);
            inventory[pool.slots[k]] += g * share;
        }
        moved += taken;
    }
    return moved;
}

double substitution_factor(const Substitution& s, int trigger_day, int day) {
    if (trigger_day < 0) return 1.0;
    const int from = trigger_day + s.lead_days;
    if (day < from) return 1.0;
    const double h =
        s.ramp_days > 0
            ? std::min(1.0, static_cast<double>(day - from + 1) / static_cast<double>(s.ramp_days))
            : 1.0;
    return 1.0 - s.reduction * h;
}

}  // namespace critmin::sim
