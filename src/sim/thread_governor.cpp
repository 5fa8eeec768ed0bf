#include "sim/thread_governor.h"

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace critmin::sim {

namespace {

constexpr long kFirstInterval = 32;
constexpr long kLongestInterval = 1024;
constexpr double kTeamMustWinBy = 0.9;  // the team's step must take under 90% of one thread's

int openmp_threads() {
#ifdef _OPENMP
    if (omp_in_parallel()) return 1;
    return omp_get_max_threads();
#else
    return 1;
#endif
}

void set_openmp_threads(int threads) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    (void)threads;
#endif
}

}  // namespace

ThreadGovernor::ThreadGovernor(int team) {
#ifdef _OPENMP
    previous_ = omp_get_max_threads();
#endif
    team_ = std::max(1, team > 0 ? team : openmp_threads());
    chosen_ = team_;
    if (team_ == 1) phase_ = Phase::settled;
}

ThreadGovernor::~ThreadGovernor() {
    set_openmp_threads(previous_);
}

int ThreadGovernor::begin_step() {
    switch (phase_) {
        case Phase::warm_up:
        case Phase::probe_team:
            current_ = team_;
            break;
        case Phase::probe_one:
            current_ = 1;
            break;
        case Phase::settled:
            current_ = chosen_;
            break;
    }
    set_openmp_threads(current_);
    (current_ == 1 ? alone_ : with_team_) += 1;
    start_ = std::chrono::steady_clock::now();
    return current_;
}

void ThreadGovernor::end_step() {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    switch (phase_) {
        case Phase::warm_up:
            phase_ = Phase::probe_team;
            break;
        case Phase::probe_team:
            team_seconds_ = seconds;
            phase_ = Phase::probe_one;
            break;
        case Phase::probe_one: {
            const int choice = team_seconds_ < kTeamMustWinBy * seconds ? team_ : 1;
            interval_ =
                choice == chosen_ ? std::min(2 * interval_, kLongestInterval) : kFirstInterval;
            chosen_ = choice;
            until_probe_ = interval_;
            phase_ = Phase::settled;
            break;
        }
        case Phase::settled:
            if (team_ > 1 && --until_probe_ <= 0) phase_ = Phase::probe_team;
            break;
    }
}

}  // namespace critmin::sim
