// Benchmarks of loading and assessing datasets: the embedded rare-earth dataset and a synthetic
// layered network the size of a national registry of firms. Results go to docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <random>

#include "indices/concentration.h"
#include "indices/lookthrough.h"
#include "indices/trade.h"
#include "io/loader.h"

namespace {

using critmin::Dataset;
using critmin::Id;

const char* embedded() {
    return CRITMIN_SOURCE_DIR "/data/rare-earths";
}

void BM_LoadEmbeddedDataset(benchmark::State& state) {
    for (auto _ : state) {
        Dataset ds = critmin::io::load_dataset(embedded());
        benchmark::DoNotOptimize(ds.flows.size());
    }
}
BENCHMARK(BM_LoadEmbeddedDataset)->Unit(benchmark::kMillisecond);

void BM_AssessEmbeddedJapan(benchmark::State& state) {
    const Dataset ds = critmin::io::load_dataset(embedded());
    const auto japan = critmin::indices::resolve_economy(ds, "JPN");
    const int year = ds.manifest.base_year;
    for (auto _ : state) {
        for (Id c = 0; c < ds.commodities.size(); ++c) {
            benchmark::DoNotOptimize(critmin::indices::production_concentration(ds, c, year).hhi);
            benchmark::DoNotOptimize(critmin::indices::trade_exposure(ds, japan, c, year).imports);
        }
        benchmark::DoNotOptimize(critmin::indices::lookthrough_dependence(ds, japan, year).size());
    }
}
BENCHMARK(BM_AssessEmbeddedJapan)->Unit(benchmark::kMicrosecond);

// A layered network: `per_stage` producers at each of five stages, each buying from `fan_in`
// random producers of the stage before; the last stage feeds one demand node per producer.
Dataset synthetic(std::size_t per_stage, std::size_t fan_in, std::size_t n_countries) {
    Dataset ds;
    std::mt19937_64 rng(42);
    for (std::size_t c = 0; c < n_countries; ++c) {
        ds.countries.iso3.push_back("C" + std::to_string(c));
        ds.countries.name.push_back("Country " + std::to_string(c));
        ds.countries.region.push_back("R");
    }
    const critmin::Stage stages[] = {critmin::Stage::mining, critmin::Stage::separation,
                                     critmin::Stage::metal, critmin::Stage::alloy,
                                     critmin::Stage::magnet};
    for (auto s : stages) {
        ds.commodities.id.emplace_back(critmin::to_string(s));
        ds.commodities.stage.push_back(s);
    }
    std::uniform_int_distribution<std::size_t> country(0, n_countries - 1);
    std::uniform_int_distribution<std::size_t> pick(0, per_stage - 1);
    std::uniform_real_distribution<double> amount(1.0, 100.0);
    auto add_node = [&](critmin::NodeKind kind, Id commodity) {
        ds.nodes.id.push_back("n" + std::to_string(ds.nodes.size()));
        ds.nodes.kind.push_back(kind);
        ds.nodes.country.push_back(static_cast<Id>(country(rng)));
        ds.nodes.commodity.push_back(commodity);
        ds.nodes.row.push_back(0);
        return static_cast<Id>(ds.nodes.size() - 1);
    };
    std::vector<std::vector<Id>> layer(6);
    for (Id s = 0; s < 5; ++s)
        for (std::size_t i = 0; i < per_stage; ++i)
            layer[s].push_back(add_node(critmin::NodeKind::producer, s));
    for (std::size_t i = 0; i < per_stage; ++i) {
        const Id d = add_node(critmin::NodeKind::demand, 4);
        layer[5].push_back(d);
        ds.demand.node.push_back(d);
        ds.demand.end_use.push_back(static_cast<critmin::EndUse>(i % 5));
        ds.demand.year.push_back(2024);
        ds.demand.quantity.push_back(1.0);
        ds.nodes.row.back() = static_cast<Id>(ds.demand.size() - 1);
    }
    for (std::size_t s = 1; s < 6; ++s) {
        for (Id customer : layer[s]) {
            for (std::size_t k = 0; k < fan_in; ++k) {
                ds.flows.supplier.push_back(layer[s - 1][pick(rng)]);
                ds.flows.customer.push_back(customer);
                ds.flows.commodity.push_back(static_cast<Id>(s - 1));
                ds.flows.year.push_back(2024);
                ds.flows.quantity.push_back(amount(rng));
            }
        }
    }
    std::vector<std::pair<Id, Id>> in;
    for (std::size_t r = 0; r < ds.flows.size(); ++r)
        in.emplace_back(ds.flows.customer[r], static_cast<Id>(r));
    ds.network.inflows = critmin::Csr::build(ds.nodes.size(), in);
    ds.index_names();
    return ds;
}

void BM_LookThroughSynthetic(benchmark::State& state) {
    const auto per_stage = static_cast<std::size_t>(state.range(0));
    const Dataset ds = synthetic(per_stage, 8, 200);
    for (auto _ : state) {
        const critmin::indices::OriginMatrix m(ds, 2024);
        benchmark::DoNotOptimize(m.origin(0, critmin::Stage::mining).data());
    }
    state.counters["flows"] = static_cast<double>(ds.flows.size());
    state.counters["flows_per_s"] = benchmark::Counter(
        static_cast<double>(ds.flows.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_LookThroughSynthetic)->Arg(100)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
