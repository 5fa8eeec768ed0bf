// Time per step of the propagation engine (docs/benchmarks.md, issue 3): run_step without
// events on random fully dense MRIOs of 200, 500 and 1000 industries (10 regions), in native and
// boario mode, with 1 and 2 OpenMP threads. BoARIO's own per-step times on these tables are the
// reference the issue gives.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <map>

#include "sim/mrio_network.h"
#include "sim/run.h"
#include "sim/state.h"
#include "synthetic.h"

namespace {

using namespace critmin;
using sim::MrioTable;

// Fully dense, as BoARIO treats every MRIO (it keeps the zeros), so native and boario mode
// step over the same n^2 edges.
const MrioTable& dense_mrio(std::int64_t industries) {
    static std::map<std::int64_t, MrioTable> tables;
    auto it = tables.find(industries);
    if (it == tables.end()) {
        const auto sectors = static_cast<std::size_t>(industries / 10);
        it = tables.emplace(industries, bench::synthetic_mrio(10, sectors, 42, 1.0)).first;
    }
    return it->second;
}

void BM_SimStep(benchmark::State& state) {
    const MrioTable& table = dense_mrio(state.range(0));
    sim::ModelParameters p;
    p.mode = state.range(1) == 0 ? sim::Mode::native : sim::Mode::boario;
    const sim::Network net = sim::build_mrio_network(table, p, sim::MrioOptions{});
    // The thread count must be set before initial_state: it sizes per-thread scratch rows.
    const int previous = omp_get_max_threads();
    omp_set_num_threads(static_cast<int>(state.range(2)));
    sim::State st = sim::initial_state(net, p);
    const sim::StepHooks no_events;
    for (auto _ : state) sim::run_step(net, p, st, no_events);
    omp_set_num_threads(previous);
    state.counters["edges"] = static_cast<double>(net.n_edges());
    state.counters["edges/s"] = benchmark::Counter(
        static_cast<double>(net.n_edges()) * static_cast<double>(state.iterations()),
        benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_SimStep)
    ->ArgsProduct({{200, 500, 1000}, {0, 1}, {1, 2}})
    ->ArgNames({"industries", "boario", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
