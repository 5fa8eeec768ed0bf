// Ctrl-C during a long run (simulate, stress): the first SIGINT asks the run to stop between
// steps or chunks, so that finished work is kept; the guard restores the previous handler when
// the run ends, however it ends.
#pragma once

#include <atomic>

namespace critmin::cli {

class InterruptGuard {
  public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
    // Becomes true on Ctrl-C.
    [[nodiscard]] const std::atomic<bool>* stop() const;

  private:
    using Handler = void (*)(int);
    Handler previous_;
};

}  // namespace critmin::cli
