// MPI for stress runs under `mpirun` (docs/stress.md): processes split the sample range and rank
// 0 gathers every sample's result. A plain run never touches MPI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "stress/stress_run.h"

namespace critmin::app {

struct Mpi {
    int rank = 0, size = 1;
    bool active = false;
};

// Starts MPI only under a launcher (OMPI_COMM_WORLD_SIZE or PMI_SIZE set).
[[nodiscard]] Mpi mpi_start();
// Rank 0 receives every other rank's samples [first, last) into `all`, in sample order.
void mpi_gather(const Mpi& m, std::vector<stress::SampleResult>& all, std::uint64_t first,
                std::uint64_t last, std::size_t n_cols, std::size_t n_events);
// Rank 0 receives every rank's `values` appended in rank order (ranks hold consecutive blocks);
// the other ranks keep theirs.
void mpi_gather_blocks(const Mpi& m, std::vector<double>& values);
// Every rank receives every rank's `values` appended in rank order.
void mpi_allgather_blocks(const Mpi& m, std::vector<double>& values);
// The sum (or the largest) of every process's value, on every process; the value itself without
// MPI.
[[nodiscard]] std::uint64_t mpi_sum(const Mpi& m, std::uint64_t value);
[[nodiscard]] double mpi_max(const Mpi& m, double value);
// Finalises MPI when a run started it (call once, before exit).
void mpi_finish();

}  // namespace critmin::app
