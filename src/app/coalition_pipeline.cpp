#include "app/coalition_pipeline.h"

#include <chrono>
#include <map>

#include "app/mpi.h"
#include "io/loader.h"
#include "plan/tables.h"

namespace critmin::app {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::uint32_t all_members(std::size_t n) {
    return n >= 32 ? 0xFFFFFFFFU : (std::uint32_t{1} << n) - 1U;
}

const char* kind_name(plan::InstrumentKind k) {
    switch (k) {
        case plan::InstrumentKind::reserve:
            return "reserve";
        case plan::InstrumentKind::offtake:
            return "offtake";
        case plan::InstrumentKind::price_floor:
            return "price_floor";
        case plan::InstrumentKind::allied_first:
            return "allied_first";
        case plan::InstrumentKind::standards_market:
            return "standards_market";
    }
    return "";
}

// C12: what each member of the grand coalition is charged under the contribution keys: its own
// shortfall cost inside the coalition plus its key share of each instrument's cost.
std::vector<double> key_allocation(const plan::CoalitionGame& g, const plan::CoalitionCost& grand,
                                   std::vector<double>& instrument_share) {
    instrument_share.assign(g.members, 0.0);
    if (grand.acts)
        for (std::size_t o = 0; o < g.instruments.size(); ++o) {
            const plan::Instrument& ins = g.instruments[o];
            const double size = ins.size * grand.scale[o];
            for (std::size_t i = 0; i < g.members; ++i)
                instrument_share[i] += ins.key[i] * size * ins.cost_per_unit;
        }
    std::vector<double> x(g.members);
    for (std::size_t i = 0; i < g.members; ++i)
        x[i] = grand.expected[i] + g.lambda * grand.cvar[i] + instrument_share[i];
    return x;
}

// The reserve-size frontier: the grand coalition with every reserve scaled.
std::vector<FrontierOutcome> reserve_frontier(const plan::CoalitionGame& g,
                                              const std::vector<double>& scales) {
    std::vector<FrontierOutcome> out;
    bool any_reserve = false;
    for (const auto& ins : g.instruments)
        any_reserve = any_reserve || ins.kind == plan::InstrumentKind::reserve;
    if (!any_reserve) return out;
    for (double s : scales) {
        plan::CoalitionGame scaled = g;
        FrontierOutcome f;
        f.reserve_scale = s;
        for (auto& ins : scaled.instruments) {
            if (ins.kind != plan::InstrumentKind::reserve) continue;
            ins.size *= s;
            f.reserve_t.push_back(ins.size);
        }
        const plan::CoalitionCost c = plan::coalition_cost(scaled, all_members(g.members), true);
        f.cost = c.total;
        f.instruments = c.instruments;
        for (std::size_t i = 0; i < g.members; ++i) {
            f.expected += c.expected[i];
            f.cvar += c.cvar[i];
        }
        out.push_back(std::move(f));
    }
    return out;
}

// Every process receives every process's scenario-years, in sample order.
void gather_scenarios(const Mpi& mpi, plan::CoalitionGame& g) {
    mpi_allgather_blocks(mpi, g.gap);
    mpi_allgather_blocks(mpi, g.disrupted_days);
    mpi_allgather_blocks(mpi, g.probability);
    for (auto& ins : g.instruments) {
        mpi_allgather_blocks(mpi, ins.availability);
        for (auto& pr : ins.producers) mpi_allgather_blocks(mpi, pr.availability);
    }
    g.scenarios = g.probability.size();
}

// C9 for every sub-coalition: under MPI process r costs masks r, r + size, ... and rank 0
// gathers them (empty on the other ranks).
std::vector<double> characteristic_function(const Mpi& mpi, const plan::CoalitionGame& g,
                                            int threads) {
    if (!mpi.active || mpi.size == 1) return plan::characteristic_function(g, threads);
    const auto size = static_cast<std::size_t>(mpi.size);
    std::vector<double> mine =
        plan::characteristic_function(g, threads, size, static_cast<std::size_t>(mpi.rank));
    mpi_gather_blocks(mpi, mine);
    if (mpi.rank != 0) return {};
    const std::size_t count = std::size_t{1} << g.members;
    std::vector<double> c(count, 0.0);
    std::size_t at = 0;
    for (std::size_t r = 0; r < size; ++r)
        for (std::size_t mask = r; mask < count; mask += size) c[mask] = mine[at++];
    return c;
}

}  // namespace

std::string coalition_name(const std::vector<std::string>& members, std::uint32_t mask) {
    std::string out;
    for (std::size_t i = 0; i < members.size(); ++i)
        if (((mask >> i) & 1U) != 0) out += (out.empty() ? "" : "+") + members[i];
    return out;
}

CoalitionOutcome run_coalition(const CoalitionRequest& rq) {
    CoalitionOutcome out;
    out.file = plan::read_coalition(rq.file);
    const plan::CoalitionFile& f = out.file;
    const Dataset data = io::load_dataset(f.dataset.empty() ? rq.dataset : f.dataset);
    const plan::ShortfallValues values = plan::read_shortfall_values(rq.shortfall_value);
    const auto t0 = std::chrono::steady_clock::now();
    const long long samples = rq.samples > 0 ? rq.samples : f.samples;
    const std::uint64_t seed = rq.seed_given ? rq.seed : f.seed;
    const Mpi mpi = mpi_start();
    if (mpi.active && mpi.size > 1) {
        // Each process runs its block of scenario-years in the engine; rank 0 gathers the
        // members' shortfalls and the instruments' availabilities and plays the game.
        const auto n = static_cast<std::uint64_t>(samples);
        const auto rank = static_cast<std::uint64_t>(mpi.rank);
        const auto size = static_cast<std::uint64_t>(mpi.size);
        out.inputs = plan::build_coalition(data, f, values, samples, seed, rq.threads,
                                           n * rank / size, n * (rank + 1) / size);
        gather_scenarios(mpi, out.inputs.game);
        out.processes = mpi.size;
    } else {
        out.inputs = plan::build_coalition(data, f, values, samples, seed, rq.threads);
    }
    out.seconds_engine = seconds_since(t0);
    const auto t1 = std::chrono::steady_clock::now();
    const plan::CoalitionGame& g = out.inputs.game;
    const std::size_t n = g.members;
    const std::uint32_t grand_mask = all_members(n);
    const bool exact = f.shapley == "exact" || (f.shapley == "auto" && n <= 12);
    // Under MPI every process costs its share of the sub-coalitions (exact method); rank 0
    // plays the game.
    std::vector<double> c;
    if (exact) c = characteristic_function(mpi, g, rq.threads);
    if (mpi.active && mpi.size > 1 && mpi.rank != 0) {
        out.silent = true;
        return out;
    }

    // C9 for the singletons and the grand coalition (also needed by the sampled method).
    const plan::CoalitionCost grand = plan::coalition_cost(g, grand_mask);
    std::vector<plan::CoalitionCost> alone;
    for (std::size_t i = 0; i < n; ++i) alone.push_back(plan::coalition_cost(g, 1U << i));
    out.grand_cost = grand.total;
    out.grand_instruments = grand.instruments;
    out.grand_acts = grand.acts;
    out.grand_reserve_scale = grand.reserve_scale;

    std::vector<double> phi, phi_se(n, 0.0);
    std::vector<double> instrument_share;
    const std::vector<double> by_key = key_allocation(g, grand, instrument_share);
    if (exact) {
        out.method = "exact";
        out.coalitions_evaluated = c.size() - 1;
        phi = plan::shapley_exact(c, n);              // C10
        out.shapley_core = plan::core_check(c, phi);  // C11
        out.key_core = plan::core_check(c, by_key);
        out.core_checked = true;
    } else {
        out.method = "sampled";
        std::map<std::uint32_t, double> cache;
        const auto cost = [&](std::uint32_t mask) {
            const auto it = cache.find(mask);
            if (it != cache.end()) return it->second;
            const double v = plan::coalition_cost(g, mask).total;
            cache.emplace(mask, v);
            return v;
        };
        const plan::SampledShapley s = plan::shapley_sampled(
            n, static_cast<std::size_t>(f.permutations), f.seed, cost);  // C10a
        phi = s.value;
        phi_se = s.std_error;
        out.coalitions_evaluated = cache.size();
    }

    // C12: the free rider's cost: its stand-alone cost, while the others' cost is theirs.
    for (std::size_t i = 0; i < n; ++i) {
        MemberOutcome m;
        m.member = out.inputs.members[i];
        m.standalone_cost = alone[i].total;
        m.coalition_cost = by_key[i];
        m.value_of_cooperation = m.standalone_cost - m.coalition_cost;
        m.shapley = phi[i];
        m.shapley_std_error = phi_se[i];
        m.contribution_share = grand.total != 0 ? by_key[i] / grand.total : 0.0;
        m.shapley_share = grand.total != 0 ? phi[i] / grand.total : 0.0;
        m.free_rider_gain = m.coalition_cost - m.standalone_cost;
        m.expected_alone = alone[i].expected[i];
        m.cvar_alone = alone[i].cvar[i];
        m.expected_in_coalition = grand.expected[i];
        m.cvar_in_coalition = grand.cvar[i];
        m.instrument_cost_share = instrument_share[i];
        out.sum_standalone += m.standalone_cost;
        out.members.push_back(m);
    }
    for (std::size_t o = 0; o < g.instruments.size(); ++o) {
        const plan::Instrument& ins = g.instruments[o];
        InstrumentOutcome io;
        io.id = ins.id;
        io.kind = kind_name(ins.kind);
        io.commodity = out.inputs.commodities[ins.commodity];
        // The size the grand coalition holds (C9, C9a); the file's when it does not act.
        io.size = ins.size * (grand.acts ? grand.scale[o] : 1.0);
        io.size_multiple = grand.acts && plan::sized(ins) ? grand.scale[o] : 0.0;
        io.cost_per_year = grand.acts ? io.size * ins.cost_per_unit : 0.0;
        io.delivered_t_per_year = grand.acts ? grand.delivered[o] : 0.0;
        out.instruments.push_back(io);
    }
    out.frontier = reserve_frontier(g, f.frontier);
    out.seconds_game = seconds_since(t1);
    return out;
}

}  // namespace critmin::app
