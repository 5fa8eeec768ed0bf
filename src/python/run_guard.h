// Long runs called from Python: the GIL released while the engine works, and Ctrl-C turned into
// the engines' stop flag (the CLI's InterruptGuard does the same with a signal handler).
#pragma once

#include <atomic>
#include <functional>

namespace critmin::python {

// Runs `job` on a worker thread with the GIL released. The calling thread waits and runs
// Python's signal handlers every 50 ms (only the main thread may run them, and a blocked main
// thread never would). When a handler raises (Ctrl-C: KeyboardInterrupt), the stop flag given
// to `job` is set, the engine stops between steps or chunks, and the Python exception is raised
// once `job` has returned. An exception thrown by `job` is rethrown here. Each job starts with
// OpenMP's default thread count; `job` may set another for itself.
void run_interruptible(const std::function<void(const std::atomic<bool>& stop)>& job);

}  // namespace critmin::python
