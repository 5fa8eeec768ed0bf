// The firm-level scale test of issue 3 (docs/benchmarks.md): loads a firm network, builds the
// simulation network, and runs a year of daily steps with a shock, once per thread count.
// Reports load, build and simulation times, time per step and its phases, peak memory, and a
// hash of the final production vector, which must not depend on the thread count.
//
//   critmin-bench-firms --firms FIRMS.csv --edges EDGES.csv [--steps 365] [--threads 1,2]
//                       [--shock-share 0.01] [--shock-steps 60] [--shock-delta 0.5]
//                       [--phase-steps N]   (steps of the phase-by-phase rerun; 0 = none)
//                       [--kernel sparse|csr|both]  (sim/sparse_kernel.h, the default of firm
//                       runs, or the CSR step of sim/ario.h)
//                       [--order locality|degree|file]  (firm numbering, sim/firm_network.h)
#include <fmt/format.h>
#include <omp.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "sim/ario.h"
#include "sim/firm_network.h"
#include "sim/firm_reader.h"
#include "sim/run.h"
#include "sim/sparse_kernel.h"
#include "sim/state.h"

namespace {

using namespace critmin;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

// FNV-1a over the bytes of the vector: equal hashes mean bit-identical results.
std::uint64_t hash_bits(const std::vector<double>& values) {
    std::uint64_t h = 1469598103934665603ULL;
    for (double v : values) {
        unsigned char bytes[sizeof(double)];
        std::memcpy(bytes, &v, sizeof v);
        for (unsigned char b : bytes) h = (h ^ b) * 1099511628211ULL;
    }
    return h;
}

[[noreturn]] void usage(const char* problem) {
    std::fprintf(stderr,
                 "critmin-bench-firms: %s\nusage: critmin-bench-firms --firms FIRMS.csv --edges "
                 "EDGES.csv [--steps 365] [--threads 1,2] [--shock-share 0.01] "
                 "[--shock-steps 60] [--shock-delta 0.5] [--phase-steps N] [--kernel "
                 "sparse|csr|both] [--order locality|degree|file]\n",
                 problem);
    std::exit(2);
}

// A copy of `values` in memory backed by 2 MiB pages where the kernel allows it (Debian enables
// transparent huge pages only on request, "madvise"), so random reads miss the TLB less often.
// Freed with munmap(base, bytes).
struct HugeCopy {
    void* base = nullptr;
    std::size_t bytes = 0;
    double* data = nullptr;
};
HugeCopy huge_copy(const std::vector<double>& values) {
    constexpr std::size_t kHuge = std::size_t{2} << 20;
    HugeCopy c;
    c.bytes = (values.size() * sizeof(double) + 2 * kHuge) / kHuge * kHuge;
    c.base = mmap(nullptr, c.bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (c.base == MAP_FAILED) std::abort();
    const auto aligned = (reinterpret_cast<std::uintptr_t>(c.base) + kHuge - 1) / kHuge * kHuge;
    madvise(reinterpret_cast<void*>(aligned), c.bytes - kHuge, MADV_HUGEPAGE);
    c.data = reinterpret_cast<double*>(aligned);
    std::memcpy(c.data, values.data(), values.size() * sizeof(double));
    return c;
}

// How much of a step is memory access through the supplier index: one pass that sums each
// supplier's licensed orders through out_edge (what the kernel does three times a step, in
// update_overproduction, compute_production and distribute_output) against the same sums over
// a copy stored in supplier order (contiguous), and the scatter that would keep such a copy.
void measure_memory_passes(const sim::Network& net, const sim::State& st, int threads) {
    const auto n = static_cast<std::ptrdiff_t>(net.n_nodes());
    const std::size_t m = net.n_edges();
    std::vector<double> demand(net.n_nodes()), by_supplier(m);
    auto best_of_3 = [](auto&& pass) {
        double best = 1e300;
        for (int r = 0; r < 3; ++r) {
            const auto start = Clock::now();
            pass();
            best = std::min(
                best, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        return best;
    };
    const double gather = best_of_3([&] {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            double sum = 0.0;
            for (std::uint32_t k = net.out_begin[i]; k < net.out_begin[i + 1]; ++k) {
                const std::uint32_t e = net.out_edge[k];
                sum += st.orders[e] * st.license[e];
            }
            demand[static_cast<std::size_t>(i)] = sum;
        }
    });
    // The same gather with a software prefetch a few edges ahead: the loads are independent, so
    // asking for them early hides part of the memory latency.
    const double prefetched = best_of_3([&] {
        const auto m32 = static_cast<std::uint32_t>(m);
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            double sum = 0.0;
            for (std::uint32_t k = net.out_begin[i]; k < net.out_begin[i + 1]; ++k) {
                if (k + 16 < m32) {
                    __builtin_prefetch(&st.orders[net.out_edge[k + 16]]);
                    __builtin_prefetch(&st.license[net.out_edge[k + 16]]);
                }
                const std::uint32_t e = net.out_edge[k];
                sum += st.orders[e] * st.license[e];
            }
            demand[static_cast<std::size_t>(i)] = sum;
        }
    });
    const HugeCopy orders = huge_copy(st.orders), license = huge_copy(st.license);
    const double huge_pages = best_of_3([&] {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            double sum = 0.0;
            for (std::uint32_t k = net.out_begin[i]; k < net.out_begin[i + 1]; ++k) {
                const std::uint32_t e = net.out_edge[k];
                sum += orders.data[e] * license.data[e];
            }
            demand[static_cast<std::size_t>(i)] = sum;
        }
    });
    munmap(orders.base, orders.bytes);
    munmap(license.base, license.bytes);
    const double scatter = best_of_3([&] {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t k = 0; k < static_cast<std::ptrdiff_t>(m); ++k) {
            const std::uint32_t e = net.out_edge[static_cast<std::size_t>(k)];
            by_supplier[static_cast<std::size_t>(k)] = st.orders[e] * st.license[e];
        }
    });
    const double contiguous = best_of_3([&] {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            double sum = 0.0;
            for (std::uint32_t k = net.out_begin[i]; k < net.out_begin[i + 1]; ++k)
                sum += by_supplier[k];
            demand[static_cast<std::size_t>(i)] = sum;
        }
    });
    std::printf(
        "memory (%d thread(s), ms per pass over %zu edges): demand through out_edge %.2f, the same "
        "with prefetch %.2f, the same on 2 MiB pages %.2f, demand over a supplier-ordered copy "
        "%.2f, building that copy %.2f\n",
        threads, m, gather, prefetched, huge_pages, contiguous, scatter);
}

// Total output over total baseline output.
double output_ratio(const sim::Network& net, const sim::State& st) {
    double x = 0, x0 = 0;
    for (std::size_t i = 0; i < net.n_nodes(); ++i) {
        x += st.production[i];
        x0 += net.x0[i];
    }
    return x / x0;
}

struct Phases {
    double overproduction = 0, production = 0, distribution = 0, orders = 0, hooks = 0;
};

}  // namespace

int main(int argc, char** argv) {
    std::string firms_path, edges_path;
    int steps = 365;
    std::vector<int> thread_counts = {1, 2};
    double shock_share = 0.01, shock_delta = 0.5;
    int shock_steps = 60;
    int phase_steps = -1;  // -1: as many as --steps
    std::string kernel = "sparse";
    sim::FirmOptions options;
    options.order = sim::FirmOrder::locality;
    for (int a = 1; a < argc; ++a) {
        const std::string_view flag = argv[a];
        if (a + 1 >= argc) usage("every flag needs a value");
        const std::string value = argv[++a];
        if (flag == "--firms")
            firms_path = value;
        else if (flag == "--edges")
            edges_path = value;
        else if (flag == "--steps")
            steps = std::stoi(value);
        else if (flag == "--shock-share")
            shock_share = std::stod(value);
        else if (flag == "--shock-steps")
            shock_steps = std::stoi(value);
        else if (flag == "--shock-delta")
            shock_delta = std::stod(value);
        else if (flag == "--phase-steps")
            phase_steps = std::stoi(value);
        else if (flag == "--order") {
            if (value == "file")
                options.order = sim::FirmOrder::file;
            else if (value == "locality")
                options.order = sim::FirmOrder::locality;
            else if (value == "degree")
                options.order = sim::FirmOrder::degree;
            else
                usage("--order takes file, locality or degree");
        } else if (flag == "--kernel") {
            kernel = value;
            if (kernel != "sparse" && kernel != "csr" && kernel != "both")
                usage("--kernel takes sparse, csr or both");
        } else if (flag == "--threads") {
            thread_counts.clear();
            for (std::size_t start = 0; start < value.size();) {
                std::size_t end = value.find(',', start);
                if (end == std::string::npos) end = value.size();
                thread_counts.push_back(std::stoi(value.substr(start, end - start)));
                start = end + 1;
            }
        } else
            usage("unknown flag");
    }
    if (firms_path.empty() || edges_path.empty()) usage("--firms and --edges are required");
    if (phase_steps < 0 || phase_steps > steps) phase_steps = steps;

    auto start = Clock::now();
    sim::FirmTable table;
    try {
        table = sim::read_firm_network(firms_path, edges_path);
    } catch (const InvalidInput& e) {
        std::fputs(e.diagnostics().to_string().c_str(), stderr);
        return 3;
    }
    const double load_s = seconds_since(start);
    const double load_rss = peak_rss_mb();
    std::printf(
        "load:  %zu firms, %zu edges, %zu sectors, %zu regions in %.2f s (peak RSS %.0f MB)\n",
        table.n_firms(), table.n_edges(), table.sectors.size(), table.regions.size(), load_s,
        load_rss);

    start = Clock::now();
    const sim::ModelParameters p;
    const sim::Network net = sim::build_firm_network(table, p, options);
    const double build_s = seconds_since(start);
    table = sim::FirmTable{};  // the simulation needs only the network
    std::printf(
        "build: %zu nodes, %zu slots, %zu edges, %zu final-demand entries in %.2f s (peak RSS %.0f "
        "MB)\n",
        net.n_nodes(), net.n_slots(), net.n_edges(), net.n_fd_entries(), build_s, peak_rss_mb());

    // The shock: the largest firms (by baseline output) lose shock_delta of their capacity for
    // the first shock_steps steps.
    std::vector<std::uint32_t> largest(net.n_nodes());
    std::iota(largest.begin(), largest.end(), 0U);
    const auto n_shocked =
        static_cast<std::size_t>(shock_share * static_cast<double>(net.n_nodes()));
    std::nth_element(largest.begin(), largest.begin() + static_cast<std::ptrdiff_t>(n_shocked),
                     largest.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return net.x0[a] > net.x0[b]; });
    largest.resize(n_shocked);
    sim::StepHooks hooks;
    hooks.before_production = [&](sim::State& st) {
        if (st.step == 0)
            for (std::uint32_t i : largest) st.delta[i] = shock_delta;
        if (st.step == shock_steps)
            for (std::uint32_t i : largest) st.delta[i] = 0.0;
    };

    std::vector<std::uint64_t> hashes, sparse_hashes;  // per kernel: must not depend on threads
    if (kernel == "sparse" || kernel == "both") {
        for (int threads : thread_counts) {
            omp_set_num_threads(threads);
            sim::State st = sim::initial_state(net, p);
            start = Clock::now();
            sim::SparseKernel k(net, p, false);
            k.record_received(false);  // as firm runs do
            const double setup_s = seconds_since(start);
            start = Clock::now();
            sim::run_sparse_steps(k, st, steps, hooks);
            const double sim_s = seconds_since(start);
            const std::uint64_t h = hash_bits(st.production);
            sparse_hashes.push_back(h);
            const sim::SparseKernel::Timing& t = k.timing();
            std::printf(
                "run:   sparse kernel, %d thread(s): set-up %.2f s; %d steps in %.2f s, %.2f ms "
                "per step (suppliers %.2f, final demand %.2f, buyers %.2f); final output %.6f of "
                "baseline; mass balance %.2e; production hash %016llx; peak RSS %.0f MB\n",
                threads, setup_s, steps, sim_s, 1e3 * sim_s / steps, 1e3 * t.suppliers / steps,
                1e3 * t.final_demand / steps, 1e3 * t.buyers / steps, output_ratio(net, st),
                sim::mass_balance_error(net, st), static_cast<unsigned long long>(h),
                peak_rss_mb());
        }
    }
    for (int threads : thread_counts) {
        if (kernel == "sparse") break;
        omp_set_num_threads(threads);
        // run_step as the engine runs it: the headline figure.
        sim::State st = sim::initial_state(net, p);
        start = Clock::now();
        sim::run_steps(net, p, st, steps, hooks);
        const double sim_s = seconds_since(start);
        const std::uint64_t h = hash_bits(st.production);
        hashes.push_back(h);
        std::printf(
            "run:   CSR step, %d thread(s): %d steps in %.2f s, %.2f ms per step; final output "
            "%.6f "
            "of baseline; mass balance %.2e; production hash %016llx; peak RSS %.0f MB\n",
            threads, steps, sim_s, 1e3 * sim_s / steps, output_ratio(net, st),
            sim::mass_balance_error(net, st), static_cast<unsigned long long>(h), peak_rss_mb());

        measure_memory_passes(net, st, threads);

        // The same run again, phase by phase (the order run_step uses), to see where time goes.
        if (phase_steps == 0) continue;
        st = sim::State{};  // free the old state first: peak memory is one state
        st = sim::initial_state(net, p);
        Phases ph;
        for (int s = 0; s < phase_steps; ++s) {
            auto t0 = Clock::now();
            hooks.before_production(st);
            auto t1 = Clock::now();
            sim::update_overproduction(net, p, st);
            auto t2 = Clock::now();
            sim::compute_production(net, p, st);
            auto t3 = Clock::now();
            sim::distribute_output(net, p, st);
            auto t4 = Clock::now();
            sim::place_orders(net, p, st);
            auto t5 = Clock::now();
            ++st.step;
            auto ms = [](Clock::time_point a, Clock::time_point b) {
                return std::chrono::duration<double, std::milli>(b - a).count();
            };
            ph.hooks += ms(t0, t1);
            ph.overproduction += ms(t1, t2);
            ph.production += ms(t2, t3);
            ph.distribution += ms(t3, t4);
            ph.orders += ms(t4, t5);
        }
        const double n = phase_steps;
        std::printf(
            "phases (%d thread(s), %d steps, ms per step): shock hook %.3f, "
            "update_overproduction %.3f, compute_production %.3f, distribute_output %.3f, "
            "place_orders %.3f%s\n",
            threads, phase_steps, ph.hooks / n, ph.overproduction / n, ph.production / n,
            ph.distribution / n, ph.orders / n,
            phase_steps < steps             ? ""
            : hash_bits(st.production) == h ? "; same production hash"
                                            : "; DIFFERENT production hash");
    }
    auto same = [](const std::vector<std::uint64_t>& v) {
        return std::all_of(v.begin(), v.end(), [&](std::uint64_t x) { return x == v.front(); });
    };
    const bool identical = same(hashes) && same(sparse_hashes);
    std::printf("peak RSS %.0f MB; final production %s across thread counts\n", peak_rss_mb(),
                identical ? "bit-identical" : "DIFFERS");
    return identical ? 0 : 1;
}
