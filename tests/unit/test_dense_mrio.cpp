// The dense MRIO path (docs/model.md, section 10, S39-S42) against the CSR step on the same
// runs, its hand-computed orders, and its independence from the thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "sim/boario_scenario.h"
#include "sim/dense_mrio.h"
#include "sim/mrio_network.h"
#include "sim/mrio_reader.h"
#include "sim/mrio_run.h"
#include "sim/run.h"
#include "sim/state.h"
#include "sim/thread_governor.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace fs = std::filesystem;
using critmin::sim::BoarioEventSpec;
using critmin::sim::BoarioScenario;
using critmin::sim::DenseMrio;
using critmin::sim::Mode;
using critmin::sim::MrioKernel;
using critmin::sim::MrioRun;
using critmin::sim::MrioTable;

namespace {

const fs::path kFixtures = fs::path(CRITMIN_SOURCE_DIR) / "tests" / "data" / "reference";

// The documented tolerance of the dense path against the CSR step (docs/model.md, sec. 10):
// flows are floats (relative rounding 6e-8), so series agree to about 1e-6 of baseline output.
constexpr double kDenseTolerance = 1e-6;

// Largest gap between two runs' series, relative to each industry's (or column's) scale.
double worst_gap(const std::vector<double>& a, const std::vector<double>& b,
                 const std::vector<double>& scale) {
    double worst = 0.0;
    const std::size_t n = scale.size();
    for (std::size_t k = 0; k < a.size(); ++k) {
        const double s = std::max(scale[k % n], 1e-12);
        worst = std::max(worst, std::fabs(a[k] - b[k]) / s);
    }
    return worst;
}

// Final demand per column, the scale of unmet final demand.
std::vector<double> column_scale(const MrioTable& m) {
    std::vector<double> s(m.n_final_columns(), 0.0);
    for (std::size_t i = 0; i < m.n_industries(); ++i)
        for (std::size_t c = 0; c < s.size(); ++c) s[c] += m.y[i * s.size() + c] / 365.0;
    return s;
}

void expect_runs_agree(const MrioTable& m, const BoarioScenario& s) {
    const MrioRun sparse = run_mrio_scenario(m, s, Mode::native, MrioKernel::sparse);
    const MrioRun dense = run_mrio_scenario(m, s, Mode::native, MrioKernel::dense);
    ASSERT_FALSE(sparse.dense);
    ASSERT_TRUE(dense.dense);
    const double x = worst_gap(dense.production, sparse.production, sparse.x0);
    const double cap = worst_gap(dense.capacity, sparse.capacity, sparse.x0);
    const double unmet =
        worst_gap(dense.final_demand_unmet, sparse.final_demand_unmet, column_scale(m));
    std::printf("dense vs CSR: production %.3g, capacity %.3g, unmet final demand %.3g\n", x, cap,
                unmet);
    EXPECT_LE(x, kDenseTolerance);
    EXPECT_LE(cap, kDenseTolerance);
    EXPECT_LE(unmet, kDenseTolerance);
    EXPECT_LE(dense.max_mass_balance_error, 1e-12);  // S18
    // The shock must move the runs, or agreeing would prove nothing.
    EXPECT_LT(*std::min_element(dense.production.begin(), dense.production.end()),
              0.99 * *std::max_element(dense.x0.begin(), dense.x0.end()));
}

// A seeded random table: every flow positive, a domestic bias, x = row sums of Z and Y / 0.9.
MrioTable random_mrio(std::size_t regions, std::size_t sectors, std::uint64_t seed) {
    MrioTable m;
    for (std::size_t r = 0; r < regions; ++r) m.regions.push_back("r" + std::to_string(100 + r));
    for (std::size_t s = 0; s < sectors; ++s) m.sectors.push_back("s" + std::to_string(100 + s));
    m.categories = {"final"};
    const std::size_t n = m.n_industries();
    std::uint64_t state = seed;
    auto uniform = [&state] {  // splitmix64
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    };
    m.z.resize(n * n);
    m.y.resize(n * regions);
    m.x.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const bool domestic = i / sectors == j / sectors;
            m.z[i * n + j] = uniform() * (domestic ? 10.0 : 1.0);
            m.x[i] += m.z[i * n + j];
        }
        for (std::size_t c = 0; c < regions; ++c) {
            m.y[i * regions + c] = uniform() * 20.0;
            m.x[i] += m.y[i * regions + c];
        }
        m.x[i] /= 0.9;  // value added
    }
    return m;
}

BoarioScenario recovery_scenario(const std::string& industry, double share_of_capital) {
    BoarioScenario s;
    s.steps = 120;
    BoarioEventSpec e;
    e.kind = "arbitrary";
    e.occurrence = 5;
    e.recovery_tau = 90;
    e.impact[industry] = share_of_capital;
    s.events.push_back(e);
    return s;
}

}  // namespace

TEST(DenseMrio, AgreesWithTheCsrStepOnTheRecoveryReference) {
    const MrioTable m = critmin::sim::read_mrio((kFixtures / "mrio-test").string());
    expect_runs_agree(m,
                      critmin::sim::read_boario_scenario(
                          (kFixtures / "boario" / "testmrio_recovery" / "scenario.json").string()));
}

TEST(DenseMrio, AgreesWithTheCsrStepOnTheRebuildReference) {
    const MrioTable m = critmin::sim::read_mrio((kFixtures / "mrio-test").string());
    expect_runs_agree(m, critmin::sim::read_boario_scenario(
                             (kFixtures / "boario-rebuild" / "scenario.json").string()));
}

TEST(DenseMrio, AgreesWithTheCsrStepOnARandomTableWithAnOutage) {
    // 10 x 20 industries: threaded, several column blocks, a tail block of 8 columns.
    const MrioTable m = random_mrio(10, 20, 7);
    expect_runs_agree(m, recovery_scenario("r100|s103", 0.6));
}

TEST(DenseMrio, ResultsDoNotDependOnTheThreadCount) {
#ifdef _OPENMP
    // 24 x 24 industries: large enough for parallel regions (n^2 >= 262,144), nine blocks.
    const MrioTable m = random_mrio(24, 24, 11);
    critmin::sim::ModelParameters p;
    const critmin::sim::Network net = critmin::sim::build_mrio_network(m, p, {});
    critmin::sim::StepHooks hooks;
    hooks.before_production = [](critmin::sim::State& s) {
        if (s.step >= 2) s.delta[5] = 0.8;
    };
    auto run = [&](int threads) {
        omp_set_num_threads(threads);
        DenseMrio dense(m, net, p, 365.0);
        critmin::sim::State st = dense.initial_state();
        std::vector<double> series;
        for (int t = 0; t < 30; ++t) {
            dense.step(st, hooks);
            series.insert(series.end(), st.production.begin(), st.production.end());
            series.insert(series.end(), st.fd_unmet.begin(), st.fd_unmet.end());
        }
        return series;
    };
    const int before = omp_get_max_threads();
    const std::vector<double> one = run(1);
    const std::vector<double> three = run(3);
    const std::vector<double> four = run(4);
    omp_set_num_threads(before);
    EXPECT_EQ(one, three);  // bit for bit
    EXPECT_EQ(one, four);
#else
    GTEST_SKIP() << "built without OpenMP";
#endif
}

TEST(ThreadGovernor, ProbesTheTeamAndOneThreadThenKeepsTheFaster) {
#ifdef _OPENMP
    const int before = omp_get_max_threads();
    {
        critmin::sim::ThreadGovernor governor(4);
        std::vector<int> used;
        for (int t = 0; t < 40; ++t) {
            used.push_back(governor.begin_step());
            EXPECT_EQ(omp_get_max_threads(), used.back());
            governor.end_step();
        }
        EXPECT_EQ(used[0], 4);  // warm-up
        EXPECT_EQ(used[1], 4);  // the team, timed
        EXPECT_EQ(used[2], 1);  // one thread, timed
        const int choice = used[3];
        EXPECT_TRUE(choice == 1 || choice == 4);
        // The choice holds until the next probe, 64 steps later (or 32 when it changed).
        for (int t = 3; t < 35; ++t) EXPECT_EQ(used[static_cast<std::size_t>(t)], choice) << t;
    }
    EXPECT_EQ(omp_get_max_threads(), before);  // restored
    critmin::sim::ThreadGovernor alone(1);
    for (int t = 0; t < 5; ++t) {
        EXPECT_EQ(alone.begin_step(), 1);
        alone.end_step();
    }
#else
    GTEST_SKIP() << "built without OpenMP";
#endif
}

TEST(DenseMrio, CompatModeKeepsTheCsrStep) {
    const MrioTable m = random_mrio(2, 3, 1);
    critmin::sim::ModelParameters p;
    p.mode = Mode::boario;
    EXPECT_FALSE(critmin::sim::use_dense_kernel(MrioKernel::automatic, p));
    EXPECT_FALSE(critmin::sim::use_dense_kernel(MrioKernel::dense, p));
    p.mode = Mode::native;
    EXPECT_TRUE(critmin::sim::use_dense_kernel(MrioKernel::automatic, p));
    EXPECT_FALSE(critmin::sim::use_dense_kernel(MrioKernel::sparse, p));
    p.rationing = critmin::sim::Rationing::allied_first;
    EXPECT_FALSE(critmin::sim::use_dense_kernel(MrioKernel::automatic, p));
}

namespace {

// The dense path and the CSR step side by side on one table, stepped by hand with the same
// shock: sector 0 of the first region loses most of its capacity from step 2.
struct SideBySide {
    MrioTable table = random_mrio(3, 4, 5);
    critmin::sim::ModelParameters p;
    critmin::sim::Network net;
    critmin::sim::State csr;
    std::unique_ptr<DenseMrio> dense;
    critmin::sim::State dst;
    critmin::sim::StepHooks hooks;

    SideBySide() {
        p.psi = 0.95;  // inputs bind soon after the shock
        p.restoration_tau = 30;
        net = critmin::sim::build_mrio_network(table, p, {});
        csr = critmin::sim::initial_state(net, p);
        dense = std::make_unique<DenseMrio>(table, net, p, 365.0);
        dst = dense->initial_state();
        hooks.before_production = [](critmin::sim::State& s) {
            if (s.step >= 2) s.delta[0] = 0.9;
        };
    }
    void run(int steps) {
        for (int t = 0; t < steps; ++t) {
            critmin::sim::run_step(net, p, csr, hooks);
            dense->step(dst, hooks);
        }
    }
};

double relative(double a, double b) {
    return std::fabs(a - b) / std::max({std::fabs(a), std::fabs(b), 1e-12});
}

}  // namespace

TEST(DenseMrio, S39_OrdersAreBaselineFlowTimesSlotAndSupplierFactors) {
    SideBySide run;
    for (std::uint32_t e = 0; e < run.net.n_edges(); ++e)  // before any step: z0
        EXPECT_LE(relative(run.dense->order(run.net.edge_supplier[e], run.net.edge_buyer[e]),
                           run.csr.orders[e]),
                  1e-7);
    run.run(20);
    for (std::uint32_t e = 0; e < run.net.n_edges(); ++e)
        EXPECT_LE(relative(run.dense->order(run.net.edge_supplier[e], run.net.edge_buyer[e]),
                           run.csr.orders[e]),
                  1e-6)
            << "edge " << e;
}

TEST(DenseMrio, S40_SlotsReceiveTheRationedOrdersOfTheirSuppliers) {
    SideBySide run;
    run.run(20);
    // What arrived shows in the inventories (S13); shortfall at supplier 0 rations its buyers.
    bool rationed = false;
    for (std::size_t i = 0; i < run.net.n_nodes(); ++i)
        rationed = rationed || run.dst.production[i] < run.dst.total_demand[i] * 0.999;
    EXPECT_TRUE(rationed);
    for (std::uint32_t k = 0; k < run.net.n_slots(); ++k)
        EXPECT_LE(relative(run.dense->inventory(run.net.slot_product[k], run.net.slot_buyer[k]),
                           run.csr.inventory[k]),
                  1e-6)
            << "slot " << k;
}

TEST(DenseMrio, S41_RowSumsOfTheNextOrdersGiveDemand) {
    SideBySide run;
    run.run(20);
    for (std::size_t i = 0; i < run.net.n_nodes(); ++i) {
        double orders = 0.0;
        for (std::size_t j = 0; j < run.net.n_nodes(); ++j) orders += run.dense->order(i, j);
        double fd = 0.0;
        for (std::uint32_t f = run.net.fd_begin[i]; f < run.net.fd_begin[i + 1]; ++f)
            fd += run.net.fd_y0[f];
        run.run(1);  // the next step's S4 reads these orders
        EXPECT_LE(relative(run.dst.total_demand[i], orders + fd), 1e-12) << i;
        EXPECT_LE(relative(run.dst.total_demand[i], run.csr.total_demand[i]), 1e-6) << i;
    }
}

TEST(DenseMrio, S42_StockCoverLimitsProductionAsS6Does) {
    SideBySide run;
    bool limited = false;
    for (int t = 0; t < 120; ++t) {
        run.run(1);
        for (std::size_t i = 0; i < run.net.n_nodes(); ++i) {
            limited = limited || run.dst.production[i] < run.dst.production_opt[i] * 0.999;
            ASSERT_LE(relative(run.dst.production[i], run.csr.production[i]), 1e-6)
                << "node " << i << " step " << t;
        }
    }
    EXPECT_TRUE(limited) << "no input ever bound: the test does not reach S42";
}
