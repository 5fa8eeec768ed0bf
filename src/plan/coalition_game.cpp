#include "plan/coalition_game.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include "sim/parallel_for.h"
#include "stress/random.h"
#include "stress/statistics.h"

namespace critmin::plan {

namespace {

bool member_of(std::uint32_t mask, std::size_t i) {
    return ((mask >> i) & 1U) != 0;
}

// C2: the share of an instrument's size and cost that the coalition brings (its members' keys).
double key_share(const Instrument& ins, std::uint32_t mask) {
    double s = 0;
    for (std::size_t i = 0; i < ins.key.size(); ++i)
        if (member_of(mask, i)) s += ins.key[i];
    return s;
}

}  // namespace

namespace {

// Fills `out` up to the level t, r_i = min(cap_i, t w_i), so that the r_i add up to `amount`
// (less than the members' caps together); members without weight get nothing.
void fill_level(double amount, const std::vector<double>& w, const std::vector<double>& cap,
                std::vector<double>& out) {
    std::vector<std::size_t> open;
    double weight_left = 0;
    for (std::size_t i = 0; i < cap.size(); ++i) {
        if (cap[i] > 0 && w[i] > 0) {
            open.push_back(i);
            weight_left += w[i];
        }
    }
    // Members in the order they reach their cap as the level rises.
    std::sort(open.begin(), open.end(), [&](std::size_t a, std::size_t b) {
        return cap[a] / w[a] < cap[b] / w[b] || (cap[a] / w[a] == cap[b] / w[b] && a < b);
    });
    double capped = 0, level = 0;
    for (std::size_t i : open) {
        level = (amount - capped) / weight_left;
        if (level <= cap[i] / w[i]) break;
        capped += cap[i];
        weight_left -= w[i];
        level = cap[i] / w[i];
    }
    for (std::size_t i : open) out[i] = std::min(cap[i], level * w[i]);
}

}  // namespace

double water_fill(double amount, const std::vector<double>& weight, const std::vector<double>& cap,
                  std::vector<double>& out) {
    const std::size_t n = cap.size();
    out.assign(n, 0.0);
    double total_cap = 0, weighted_cap = 0;
    for (std::size_t i = 0; i < n; ++i) {
        total_cap += cap[i];
        if (weight[i] > 0) weighted_cap += cap[i];
    }
    if (!(amount > 0) || !(total_cap > 0)) return 0.0;
    if (amount >= total_cap) {
        out = cap;
        return total_cap;
    }
    if (amount >= weighted_cap) {
        // The weighted members are all served; what is left goes to the others by their caps.
        std::vector<double> rest(n, 0.0), extra(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            if (weight[i] > 0)
                out[i] = cap[i];
            else
                rest[i] = cap[i];
        }
        fill_level(amount - weighted_cap, rest, rest, extra);
        for (std::size_t i = 0; i < n; ++i) out[i] += extra[i];
        return amount;
    }
    fill_level(amount, weight, cap, out);
    return amount;
}

namespace {

// Instrument o's multiple in a run with every reserve at `reserve_scale` (the others at 1).
std::vector<double> reserve_scaling(const CoalitionGame& g, double reserve_scale) {
    std::vector<double> scale(g.instruments.size(), 1.0);
    for (std::size_t o = 0; o < scale.size(); ++o)
        if (g.instruments[o].kind == InstrumentKind::reserve) scale[o] = reserve_scale;
    return scale;
}

// C2-C8; `scale` empty: without instruments.
CoalitionCost evaluate(const CoalitionGame& g, std::uint32_t mask,
                       const std::vector<double>& scale);

}  // namespace

bool sized(const Instrument& ins) {
    return ins.kind != InstrumentKind::allied_first;
}

CoalitionCost coalition_cost(const CoalitionGame& g, std::uint32_t mask, bool act,
                             double reserve_scale) {
    CoalitionCost out =
        evaluate(g, mask, act ? reserve_scaling(g, reserve_scale) : std::vector<double>{});
    out.reserve_scale = act ? reserve_scale : 0.0;
    return out;
}

CoalitionCost coalition_cost_scaled(const CoalitionGame& g, std::uint32_t mask,
                                    const std::vector<double>& scale) {
    return evaluate(g, mask, scale);
}

namespace {

CoalitionCost evaluate(const CoalitionGame& g, std::uint32_t mask,
                       const std::vector<double>& scale) {
    const bool act = !scale.empty();
    const std::size_t n = g.members, nk = g.commodities, nw = g.scenarios;
    CoalitionCost out;
    out.expected.assign(n, 0.0);
    out.cvar.assign(n, 0.0);
    out.delivered.assign(g.instruments.size(), 0.0);
    std::vector<double> loss(nw * n, 0.0);  // [i * nw + w]
    std::vector<double> residual(n * nk), weight(n), cap(n), given(n);
    for (std::size_t w = 0; w < nw; ++w) {
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < nk; ++k)
                residual[i * nk + k] = member_of(mask, i) ? g.gap[(w * n + i) * nk + k] : 0.0;
        for (std::size_t o = 0; act && o < g.instruments.size(); ++o) {
            const Instrument& ins = g.instruments[o];
            const std::size_t k = ins.commodity;
            const double share = key_share(ins, mask);
            double amount = 0;
            if (ins.kind == InstrumentKind::reserve) {
                // C3: released when the coalition misses at least `trigger` of its use, up to the
                // daily limit over the disrupted days.
                double missing = 0, use = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    if (!member_of(mask, i)) continue;
                    missing += residual[i * nk + k];
                    use += g.need[i * nk + k] * g.horizon_years;
                }
                const bool triggered = missing > 0 && missing >= ins.trigger * use;
                amount = triggered ? share * ins.size * scale[o] : 0.0;
                if (ins.max_daily_t >= 0)
                    amount = std::min(amount, ins.max_daily_t * g.disrupted_days[w]);
            } else if (ins.kind == InstrumentKind::allied_first) {
                // C4a: what members' producers sold outside S, as far as they can make it.
                for (const AlliedProducer& pr : ins.producers) {
                    if (!member_of(mask, pr.host)) continue;
                    double outside = pr.to_non_members;
                    for (std::size_t j = 0; j < pr.to_member.size(); ++j)
                        if (!member_of(mask, j)) outside += pr.to_member[j];
                    amount += pr.availability[w] * g.horizon_years * outside;
                }
            } else {
                // C4, C4b: the coalition's share of the volume, as far as the producer (or the
                // qualifying producers) can deliver.
                amount = share * ins.size * scale[o] * g.horizon_years * ins.availability[w];
            }
            for (std::size_t i = 0; i < n; ++i) {
                cap[i] = member_of(mask, i) ? residual[i * nk + k] : 0.0;
                weight[i] = ins.allocation == Allocation::need        ? g.need[i * nk + k]
                            : ins.allocation == Allocation::shortfall ? cap[i]
                                                                      : ins.key[i];
                if (!member_of(mask, i)) weight[i] = 0;
            }
            const double handed = water_fill(amount, weight, cap, given);  // C5
            for (std::size_t i = 0; i < n; ++i) residual[i * nk + k] -= given[i];
            out.delivered[o] += g.probability[w] * handed / g.horizon_years;
        }
        for (std::size_t i = 0; i < n; ++i) {
            double l = 0;
            for (std::size_t k = 0; k < nk; ++k) l += g.value[i * nk + k] * residual[i * nk + k];
            loss[i * nw + w] = l;  // C6
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!member_of(mask, i)) continue;
        const std::vector<double> li(loss.begin() + static_cast<std::ptrdiff_t>(i * nw),
                                     loss.begin() + static_cast<std::ptrdiff_t>((i + 1) * nw));
        double e = 0;
        for (std::size_t w = 0; w < nw; ++w) e += g.probability[w] * li[w];
        out.expected[i] = e;  // C7
        out.cvar[i] = stress::conditional_value_at_risk(li, g.probability, g.alpha);
    }
    for (std::size_t o = 0; act && o < g.instruments.size(); ++o) {
        const Instrument& ins = g.instruments[o];
        out.instruments += key_share(ins, mask) * ins.size * scale[o] * ins.cost_per_unit;  // C8
    }
    out.acts = act;
    out.scale = act ? scale : std::vector<double>(g.instruments.size(), 0.0);
    out.total = out.instruments;
    for (std::size_t i = 0; i < n; ++i) out.total += out.expected[i] + g.lambda * out.cvar[i];
    return out;
}

// C9a: each sized instrument's multiple in turn, the cheapest of g.size_scales with the others
// held (the current one kept on equal costs), until a pass over the instruments changes nothing.
CoalitionCost choose_sizes(const CoalitionGame& g, std::uint32_t mask) {
    constexpr int kMaxPasses = 20;
    std::vector<double> scale(g.instruments.size(), 1.0);
    CoalitionCost best = evaluate(g, mask, scale);
    for (int pass = 0; pass < kMaxPasses; ++pass) {
        bool moved = false;
        for (std::size_t o = 0; o < g.instruments.size(); ++o) {
            if (!sized(g.instruments[o])) continue;
            for (const double s : g.size_scales) {
                if (s == scale[o]) continue;
                std::vector<double> trial = scale;
                trial[o] = s;
                CoalitionCost c = evaluate(g, mask, trial);
                if (c.total < best.total) {
                    best = std::move(c);
                    scale = std::move(trial);
                    moved = true;
                }
            }
        }
        if (!moved) break;
    }
    return best;
}

}  // namespace

CoalitionCost coalition_cost(const CoalitionGame& g, std::uint32_t mask) {
    // C9: a coalition uses its instruments only when they are worth their cost to it, at the
    // reserve size that suits it best (the first of equal costs).
    if (g.instruments.empty()) return coalition_cost(g, mask, true);
    CoalitionCost best = coalition_cost(g, mask, false);
    if (!g.size_scales.empty()) {
        CoalitionCost with = choose_sizes(g, mask);
        if (with.total <= best.total) best = std::move(with);
        return best;
    }
    const std::vector<double> scales =
        g.reserve_scales.empty() ? std::vector<double>{1.0} : g.reserve_scales;
    for (auto it = scales.rbegin(); it != scales.rend(); ++it) {
        CoalitionCost with = coalition_cost(g, mask, true, *it);
        if (with.total <= best.total) best = std::move(with);
    }
    return best;
}

std::vector<double> characteristic_function(const CoalitionGame& g, int threads, std::size_t stride,
                                            std::size_t offset) {
    const std::size_t count = std::size_t{1} << g.members;
    const std::size_t n = offset < count ? (count - offset + stride - 1) / stride : 0;
    std::vector<double> c(n, 0.0);
    sim::parallel_for(0, n, threads, 4, "coalition", [&](std::size_t j) {
        const std::size_t mask = offset + j * stride;
        if (mask != 0) c[j] = coalition_cost(g, static_cast<std::uint32_t>(mask)).total;
    });
    return c;
}

std::vector<double> shapley_exact(const std::vector<double>& c, std::size_t n) {
    // C10: weight |S|! (n - |S| - 1)! / n! of adding member i to S, by the size of S.
    std::vector<double> weight(n, 0.0);
    for (std::size_t s = 0; s < n; ++s) {
        double w = 1.0 / static_cast<double>(n);
        // 1 / (n * C(n-1, s))
        for (std::size_t j = 1; j <= s; ++j)
            w *= static_cast<double>(j) / static_cast<double>(n - j);
        weight[s] = w;
    }
    std::vector<double> phi(n, 0.0);
    for (std::uint32_t mask = 0; mask < c.size(); ++mask) {
        const auto size = static_cast<std::size_t>(std::popcount(mask));
        for (std::size_t i = 0; i < n; ++i) {
            if (member_of(mask, i)) continue;
            phi[i] += weight[size] * (c[mask | (1U << i)] - c[mask]);
        }
    }
    return phi;
}

SampledShapley shapley_sampled(std::size_t n, std::size_t permutations, std::uint64_t seed,
                               const std::function<double(std::uint32_t)>& cost) {
    SampledShapley out;
    std::vector<double> sum(n, 0.0), sum_sq(n, 0.0);
    std::vector<std::size_t> order(n);
    for (std::size_t p = 0; p < permutations; ++p) {
        // C10a: a uniform random order (Fisher-Yates on counter-based numbers: permutation p
        // is the same whoever draws it).
        const stress::SampleRandom random(seed, p);
        std::iota(order.begin(), order.end(), std::size_t{0});
        for (std::size_t j = n; j > 1; --j) {
            const auto pick = std::min(
                j - 1, static_cast<std::size_t>(random.uniform(7, static_cast<std::uint32_t>(j)) *
                                                static_cast<double>(j)));
            std::swap(order[j - 1], order[pick]);
        }
        std::uint32_t mask = 0;
        double before = 0;
        for (std::size_t i : order) {
            mask |= 1U << i;
            const double after = cost(mask);
            ++out.coalitions_evaluated;
            const double marginal = after - before;
            sum[i] += marginal;
            sum_sq[i] += marginal * marginal;
            before = after;
        }
    }
    const auto m = static_cast<double>(permutations);
    out.value.resize(n);
    out.std_error.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.value[i] = sum[i] / m;
        const double var =
            permutations > 1 ? (sum_sq[i] - m * out.value[i] * out.value[i]) / (m - 1) : 0.0;
        out.std_error[i] = std::sqrt(std::max(var, 0.0) / m);
    }
    return out;
}

CoreCheck core_check(const std::vector<double>& c, const std::vector<double>& x) {
    CoreCheck out;
    double scale = 0;
    for (double v : c) scale = std::max(scale, std::abs(v));
    for (std::uint32_t mask = 1; mask < c.size(); ++mask) {
        double charged = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (member_of(mask, i)) charged += x[i];
        const double excess = charged - c[mask];  // C11
        if (excess > out.excess) {
            out.excess = excess;
            out.blocking = mask;
        }
    }
    out.in_core = !(out.excess > 1e-9 * std::max(scale, 1.0));
    if (out.in_core) {
        out.blocking = 0;
        out.excess = 0;
    }
    return out;
}

}  // namespace critmin::plan
