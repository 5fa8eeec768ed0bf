// Chooses, between steps, whether a run uses its whole OpenMP team or one thread, by timing both.
//
// Why: a step is a few parallel regions, each ending at a barrier. When another process holds a
// core, the thread waiting for that core stalls every barrier for a scheduler time slice, and two
// threads end up several times slower than one (a 1,000-industry year took 31 s on 2 threads
// against 8 s on 1). The engine's steps give the same results on any thread count (each index
// writes only its own outputs, sums run in a fixed order), so the team size can change between
// steps without changing a single bit of the results.
//
// Policy: after a first step (cold caches), time one step with the team and one with a single
// thread, keep the faster (the team only when at least 10% faster), and probe again after an
// interval that doubles while the choice holds (32 steps up to 1,024) and starts over at 32 when
// it changes.
#pragma once

#include <chrono>

namespace critmin::sim {

class ThreadGovernor {
  public:
    // `team`: the threads a step may use (OpenMP's current maximum when 0; 1 inside a parallel
    // region, where a step runs on its caller's thread).
    explicit ThreadGovernor(int team = 0);
    ~ThreadGovernor();  // restores OpenMP's team size
    ThreadGovernor(const ThreadGovernor&) = delete;
    ThreadGovernor& operator=(const ThreadGovernor&) = delete;

    // Threads for the next step; sets OpenMP's team size for the steps's parallel regions.
    int begin_step();
    // Records the step's time.
    void end_step();

    [[nodiscard]] int team() const { return team_; }
    // Steps run with the team and with one thread so far.
    [[nodiscard]] long steps_with_team() const { return with_team_; }
    [[nodiscard]] long steps_alone() const { return alone_; }

  private:
    enum class Phase { warm_up, probe_team, probe_one, settled };
    int team_ = 1;
    int previous_ = 1;  // OpenMP's setting before the run, restored by the destructor
    int chosen_ = 1;
    int current_ = 1;
    Phase phase_ = Phase::warm_up;
    long until_probe_ = 0;
    long interval_ = 32;
    long with_team_ = 0;
    long alone_ = 0;
    double team_seconds_ = 0;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace critmin::sim
