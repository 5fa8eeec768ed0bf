// Time per TTR/TTS linear programme on a generated firm network (issue 6, docs/benchmarks.md).
// Builds a scale-free network of N firms, its window LP (docs/planning.md, P1-P10), and solves
// the impact and survival models for K firms taken down in turn: warm (one model per kind,
// re-solved from the previous basis, as `critmin ttr` does) and cold (a new model per LP).
//
//   critmin-bench-ttr [--firms 10000] [--links 50000] [--nodes 200] [--cold 20]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <string>

#include "plan/ttr.h"
#include "plan/ttr_dataset.h"
#include "sim/firm_network.h"
#include "sim/firm_reader.h"
#include "synthetic.h"

namespace {

using namespace critmin;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

long long flag(int argc, char** argv, const char* name, long long fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return std::atoll(argv[i + 1]);
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const auto n_firms = static_cast<std::size_t>(flag(argc, argv, "--firms", 10000));
    const auto links = static_cast<std::size_t>(flag(argc, argv, "--links", 50000));
    const auto k_nodes = static_cast<std::size_t>(flag(argc, argv, "--nodes", 200));
    const auto k_cold = static_cast<std::size_t>(flag(argc, argv, "--cold", 20));

    const auto t0 = Clock::now();
    const bench::SyntheticFirms g = bench::synthetic_firms(n_firms, links, 20, 10, 7);
    sim::FirmTable t;
    for (std::size_t i = 0; i < n_firms; ++i) t.ids.push_back(bench::padded_label("f", i, n_firms));
    t.sector = g.sector;
    t.region = g.region;
    t.final_demand = g.final_demand;
    for (std::size_t s = 0; s < 20; ++s) t.sectors.push_back(bench::padded_label("s", s, 20));
    for (std::size_t r = 0; r < 10; ++r) t.regions.push_back(bench::padded_label("r", r, 10));
    t.supplier = g.supplier;
    t.customer = g.customer;
    t.amount = g.amount;
    sim::ModelParameters p;
    const sim::Network net = sim::build_firm_network(t, p);
    plan::DatasetTtrOptions o;
    std::vector<std::uint32_t> output_column;
    const plan::WindowLp lp = plan::network_window_lp(net, o, {}, output_column);
    const double t_build = seconds_since(t0);

    // The K largest firms by output, each down for 30 days.
    std::vector<std::uint32_t> order(net.n_nodes());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return net.x0[a] > net.x0[b]; });
    order.resize(std::min(k_nodes, order.size()));
    std::vector<plan::Disruption> ds;
    for (const std::uint32_t n : order)
        ds.push_back({net.node_labels[n], 30, {output_column[n]}, {}});

    const auto t1 = Clock::now();
    plan::TtrSolver warm(lp);
    const double t_first = seconds_since(t1);
    double checksum = 0;
    const auto t2 = Clock::now();
    double t_impact = 0;
    for (const auto& d : ds) {
        const auto ti = Clock::now();
        checksum += warm.impact(d).value_lost;
        t_impact += seconds_since(ti);
        checksum += warm.survival(d).tts;
    }
    const double t_warm = seconds_since(t2);
    fmt::print("impact {:.2f} ms per LP, survival {:.2f} ms per LP\n",
               1e3 * t_impact / double(ds.size()), 1e3 * (t_warm - t_impact) / double(ds.size()));
    const auto t3 = Clock::now();
    double cold_sum = 0;
    for (std::size_t i = 0; i < std::min(k_cold, ds.size()); ++i) {
        plan::TtrSolver cold(lp);
        cold_sum += cold.impact(ds[i]).value_lost + cold.survival(ds[i]).tts;
    }
    const double t_cold = seconds_since(t3);
    const std::size_t n_cold = std::min(k_cold, ds.size());
    fmt::print("firms {} links {} | LP {} columns, {} rows, {} nonzeros | build {:.2f} s\n",
               net.n_nodes(), net.n_edges(), lp.column_upper.size(), lp.row_lower.size(),
               lp.entry_value.size(), t_build);
    fmt::print("first solves (both models, from scratch): {:.3f} s\n", t_first);
    fmt::print("warm: {} LPs in {:.3f} s = {:.2f} ms per LP ({} simplex iterations)\n",
               2 * ds.size(), t_warm, 1e3 * t_warm / double(2 * ds.size()), warm.iterations());
    fmt::print("cold: {} LPs in {:.3f} s = {:.2f} ms per LP (model built and solved each time)\n",
               2 * n_cold, t_cold, n_cold == 0 ? 0.0 : 1e3 * t_cold / double(2 * n_cold));
    fmt::print("checksum {:.6g} {:.6g}\n", checksum, cold_sum);
    return 0;
}
