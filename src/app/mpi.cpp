#include "app/mpi.h"

#include <cstdlib>

#ifdef CRITMIN_HAVE_MPI
#include <mpi.h>
#endif

namespace critmin::app {

Mpi mpi_start() {
    Mpi m;
#ifdef CRITMIN_HAVE_MPI
    // Only under a launcher: a plain run never touches MPI.
    if (std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr) {
        int ready = 0;
        MPI_Initialized(&ready);
        if (ready == 0) MPI_Init(nullptr, nullptr);
        MPI_Comm_rank(MPI_COMM_WORLD, &m.rank);
        MPI_Comm_size(MPI_COMM_WORLD, &m.size);
        m.active = true;
    }
#endif
    return m;
}

// Rank 0 receives every other rank's samples; all ranks end with `all` complete on rank 0.
void mpi_gather(const Mpi& m, std::vector<stress::SampleResult>& all, std::uint64_t first,
                std::uint64_t last, std::size_t n_cols, std::size_t n_events) {
#ifdef CRITMIN_HAVE_MPI
    if (!m.active || m.size == 1) return;
    const std::size_t width = 2 * n_cols + 1 + n_events;  // shortfall, tts, shock_ttr, events
    auto encode = [&](const stress::SampleResult& r, double* out) {
        for (std::size_t k = 0; k < n_cols; ++k) out[k] = r.shortfall[k];
        for (std::size_t k = 0; k < n_cols; ++k) out[n_cols + k] = r.tts[k];
        out[2 * n_cols] = r.shock_ttr.empty() ? -1 : r.shock_ttr[0];
        for (std::size_t e = 0; e < n_events; ++e) out[2 * n_cols + 1 + e] = r.events[e];
    };
    std::vector<double> gathered((last - first) * width);
    for (std::uint64_t i = first; i < last; ++i)
        encode(all[i], gathered.data() + (i - first) * width);
    mpi_gather_blocks(m, gathered);
    if (m.rank != 0) return;
    // Blocks arrive in rank order, and ranks hold consecutive sample ranges.
    const std::size_t n = gathered.size() / width;
    for (std::size_t i = 0; i < n; ++i) {
        const double* in = gathered.data() + i * width;
        stress::SampleResult& r = all[i];
        r.index = i;
        r.shortfall.assign(in, in + n_cols);
        r.tts.resize(n_cols);
        r.shock_ttr.assign(n_cols, static_cast<int>(in[2 * n_cols]));
        for (std::size_t k = 0; k < n_cols; ++k) r.tts[k] = static_cast<int>(in[n_cols + k]);
        r.events.resize(n_events);
        for (std::size_t e = 0; e < n_events; ++e)
            r.events[e] = static_cast<int>(in[2 * n_cols + 1 + e]);
    }
#else
    (void)m;
    (void)all;
    (void)first;
    (void)last;
    (void)n_cols;
    (void)n_events;
#endif
}

void mpi_gather_blocks(const Mpi& m, std::vector<double>& values) {
#ifdef CRITMIN_HAVE_MPI
    if (!m.active || m.size == 1) return;
    std::vector<int> counts(static_cast<std::size_t>(m.size)),
        displs(static_cast<std::size_t>(m.size));
    const int my_count = static_cast<int>(values.size());
    MPI_Gather(&my_count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<double> gathered;
    if (m.rank == 0) {
        int total = 0;
        for (int r = 0; r < m.size; ++r) {
            displs[static_cast<std::size_t>(r)] = total;
            total += counts[static_cast<std::size_t>(r)];
        }
        gathered.resize(static_cast<std::size_t>(total));
    }
    MPI_Gatherv(values.data(), my_count, MPI_DOUBLE, gathered.data(), counts.data(), displs.data(),
                MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (m.rank == 0) values = std::move(gathered);
#else
    (void)m;
    (void)values;
#endif
}

void mpi_allgather_blocks(const Mpi& m, std::vector<double>& values) {
#ifdef CRITMIN_HAVE_MPI
    if (!m.active || m.size == 1) return;
    const auto ranks = static_cast<std::size_t>(m.size);
    std::vector<int> counts(ranks), displs(ranks);
    const int my_count = static_cast<int>(values.size());
    MPI_Allgather(&my_count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (std::size_t r = 0; r < ranks; ++r) {
        displs[r] = total;
        total += counts[r];
    }
    std::vector<double> gathered(static_cast<std::size_t>(total));
    MPI_Allgatherv(values.data(), my_count, MPI_DOUBLE, gathered.data(), counts.data(),
                   displs.data(), MPI_DOUBLE, MPI_COMM_WORLD);
    values = std::move(gathered);
#else
    (void)m;
    (void)values;
#endif
}

std::uint64_t mpi_sum(const Mpi& m, std::uint64_t value) {
#ifdef CRITMIN_HAVE_MPI
    if (!m.active || m.size == 1) return value;
    unsigned long long in = value, out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    return out;
#else
    (void)m;
    return value;
#endif
}

double mpi_max(const Mpi& m, double value) {
#ifdef CRITMIN_HAVE_MPI
    if (!m.active || m.size == 1) return value;
    double out = 0;
    MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return out;
#else
    (void)m;
    return value;
#endif
}

void mpi_finish() {
#ifdef CRITMIN_HAVE_MPI
    int ready = 0, finalized = 0;
    MPI_Initialized(&ready);
    MPI_Finalized(&finalized);
    if (ready != 0 && finalized == 0) MPI_Finalize();
#endif
}

}  // namespace critmin::app
