#include "python/run_guard.h"

#include <pthread.h>
#include <pybind11/pybind11.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace py = pybind11;

namespace critmin::python {

namespace {

// One long-lived thread that runs the jobs, so that OpenMP's thread team (kept per thread that
// starts parallel regions) is made once, not at every call: on the embedded dataset a scenario
// runs in about 10 ms, and a new thread with a new team each time was a visible share of it.
class Worker {
  public:
    Worker() {
        std::thread([this] { serve(); }).detach();
    }

    // Runs `job` on the worker; `finished` is called there once it returns. False when the
    // worker is busy with another Python thread's job.
    bool try_start(std::function<void()> job) {
        const std::unique_lock<std::mutex> lock(mutex_);
        if (job_ || busy_) return false;
        job_ = std::move(job);
        busy_ = true;
        wake_.notify_one();
        return true;
    }
    // Waits up to `limit` for the job to finish; true when it has.
    bool wait_for(std::chrono::milliseconds limit) {
        std::unique_lock<std::mutex> lock(mutex_);
        return done_.wait_for(lock, limit, [this] { return !busy_; });
    }

  private:
    void serve() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                wake_.wait(lock, [this] { return static_cast<bool>(job_); });
                job = std::move(job_);
                job_ = nullptr;
            }
            job();  // never throws: run_interruptible catches inside
            {
                const std::lock_guard<std::mutex> lock(mutex_);
                busy_ = false;
            }
            done_.notify_all();
        }
    }
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::function<void()> job_;
    bool busy_ = false;
};

// Never destroyed (a detached thread waits on it until the process ends); a child made by fork
// has no worker thread, so it starts its own.
Worker* g_worker = nullptr;
std::once_flag g_atfork;

// OpenMP's thread count is a setting of the thread that starts parallel regions, and the worker
// lives on: a call with threads=1 must not leave the next call on one thread. Every job starts
// from the process's default (OMP_NUM_THREADS, else all cores), as every CLI run does.
void reset_threads() {
#ifdef _OPENMP
    static const int default_threads = omp_get_max_threads();  // read before any job sets it
    omp_set_num_threads(default_threads);
#endif
}

Worker& worker() {
    std::call_once(g_atfork, [] { pthread_atfork(nullptr, nullptr, [] { g_worker = nullptr; }); });
    if (g_worker == nullptr) g_worker = new Worker();  // under the GIL: one caller at a time
    return *g_worker;
}

}  // namespace

void run_interruptible(const std::function<void(const std::atomic<bool>& stop)>& job) {
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::optional<py::error_already_set> raised;
    auto guarded = [&] {
        try {
            reset_threads();
            job(stop);
        } catch (...) {
            failure = std::current_exception();
        }
    };
    Worker& shared = worker();
    {
        const py::gil_scoped_release release;
        // Another Python thread's job holds the worker: this one gets a thread of its own.
        std::optional<std::thread> own;
        std::mutex own_mutex;
        std::condition_variable own_done;
        bool own_finished = false;
        if (!shared.try_start(guarded))
            own.emplace([&] {
                guarded();
                const std::lock_guard<std::mutex> lock(own_mutex);
                own_finished = true;
                own_done.notify_all();
            });
        constexpr auto kPoll = std::chrono::milliseconds(50);
        auto finished = [&] {
            if (!own) return shared.wait_for(kPoll);
            std::unique_lock<std::mutex> lock(own_mutex);
            return own_done.wait_for(lock, kPoll, [&] { return own_finished; });
        };
        while (!finished()) {
            if (raised) continue;  // already stopping: wait for the job to return
            const py::gil_scoped_acquire acquire;
            if (PyErr_CheckSignals() != 0) {
                raised.emplace();  // takes the pending Python exception
                stop.store(true);
            }
        }
        if (own) own->join();
    }
    if (raised) throw *raised;
    if (failure) std::rethrow_exception(failure);
}

}  // namespace critmin::python
