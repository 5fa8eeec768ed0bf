// The one parallel loop of the engine's callers (stress samples, plan scenarios): body(i) for
// every i in [first, last) on OpenMP threads, each call writing only its own results, so that
// results do not depend on the thread count. Exceptions cannot leave a parallel region: the failure
// of the lowest failing i is rethrown once every call is done, so the error a user sees does not
// depend on thread timing either.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <exception>
#include <limits>

#include "core/error.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace critmin::sim {

// `threads` 0: OpenMP's default; `chunk`: iterations handed out at a time (dynamic schedule).
// Bad input (InvalidInput) is rethrown as it is; any other failure as Error(runtime)
// "WHAT I: message".
template <typename Body>
void parallel_for(std::size_t first, std::size_t last, int threads, std::size_t chunk,
                  const char* what, const Body& body) {
    std::size_t lowest = std::numeric_limits<std::size_t>::max();
    std::exception_ptr failure;
    const auto count = static_cast<std::ptrdiff_t>(last > first ? last - first : 0);
    const auto step = static_cast<int>(chunk > 0 ? chunk : 1);
#ifdef _OPENMP
    const int team = threads > 0 ? threads : omp_get_max_threads();
#else
    (void)threads;
#endif
#pragma omp parallel for schedule(dynamic, step) num_threads(team)
    for (std::ptrdiff_t k = 0; k < count; ++k) {
        const std::size_t i = first + static_cast<std::size_t>(k);
        try {
            body(i);
        } catch (...) {
#pragma omp critical(critmin_parallel_for)
            if (i < lowest) {
                lowest = i;
                failure = std::current_exception();
            }
        }
    }
    if (!failure) return;
    try {
        std::rethrow_exception(failure);
    } catch (const InvalidInput&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(ErrorKind::runtime, fmt::format("{} {}: {}", what, lowest, e.what()));
    }
}

}  // namespace critmin::sim
