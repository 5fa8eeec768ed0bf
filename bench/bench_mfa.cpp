// Speed of the dynamic stock model and the recycling projection (issue 8 goal: 100 products x
// 5 regions x 200 cohort years in well under a second).
#include <benchmark/benchmark.h>

#include <random>

#include "mfa/magnets.h"
#include "mfa/stock_model.h"

namespace {

critmin::mfa::MagnetSystem synthetic(std::size_t products, std::size_t regions, int years) {
    using namespace critmin::mfa;
    MagnetSystem s;
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(0.5, 2.0);
    const LifetimeKind kinds[] = {LifetimeKind::fixed, LifetimeKind::normal,
                                  LifetimeKind::lognormal, LifetimeKind::weibull,
                                  LifetimeKind::foldednormal};
    for (std::size_t p = 0; p < products; ++p) {
        MagnetProduct m;
        m.id = "p" + std::to_string(p);
        m.magnet_kg_per_unit = u(rng);
        m.element_fraction = {0.22, 0.06, 0.02, 0.005};
        const auto kind = kinds[p % 5];
        m.lifetime =
            kind == LifetimeKind::weibull ? Lifetime{kind, 2.5, 12} : Lifetime{kind, 12, 4};
        s.products.push_back(m);
    }
    for (std::size_t r = 0; r < regions; ++r) s.regions.push_back("R" + std::to_string(r));
    s.first_year = 1900;
    s.last_year = 1900 + years - 1;
    s.sales.resize(products * regions * static_cast<std::size_t>(years));
    for (auto& x : s.sales) x = 1000 * u(rng);
    s.eol.assign(products * regions, EndOfLife{0.3, {0.1, 0.3, 0.6}});
    for (auto& route : s.yield) route = {0.9, 0.9, 0.85, 0.85};
    s.capacity.resize(regions);
    for (auto& c : s.capacity) c[1900] = 1e9;
    return s;
}

void BM_MagnetProjection100x5x200(benchmark::State& state) {
    const auto system = synthetic(100, 5, 200);
    for (auto _ : state) {
        const auto rows = critmin::mfa::project_recycling(system, nullptr);
        benchmark::DoNotOptimize(rows.data());
    }
    state.counters["stock_models"] = 500;
}
BENCHMARK(BM_MagnetProjection100x5x200)->Unit(benchmark::kMillisecond);

void BM_InflowDrivenModel200Years(benchmark::State& state) {
    std::vector<double> inflow(200, 1.0);
    const critmin::mfa::Lifetime lt{critmin::mfa::LifetimeKind::normal, 12, 4};
    for (auto _ : state)
        benchmark::DoNotOptimize(critmin::mfa::inflow_driven(inflow, lt).stock.data());
}
BENCHMARK(BM_InflowDrivenModel200Years)->Unit(benchmark::kMicrosecond);

}  // namespace
