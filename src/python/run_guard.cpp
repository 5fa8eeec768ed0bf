#include "python/run_guard.h"

#include <pybind11/pybind11.h>

#include <chrono>
#include <exception>
#include <future>
#include <optional>
#include <thread>

namespace py = pybind11;

namespace critmin::python {

void run_interruptible(const std::function<void(const std::atomic<bool>& stop)>& job) {
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::promise<void> finished;
    std::future<void> done = finished.get_future();
    std::optional<py::error_already_set> raised;
    {
        const py::gil_scoped_release release;
        std::thread worker([&] {
            try {
                job(stop);
            } catch (...) {
                failure = std::current_exception();
            }
            finished.set_value();
        });
        constexpr auto kPoll = std::chrono::milliseconds(50);
        while (done.wait_for(kPoll) != std::future_status::ready) {
            if (raised) continue;  // already stopping: wait for the job to return
            const py::gil_scoped_acquire acquire;
            if (PyErr_CheckSignals() != 0) {
                raised.emplace();  // takes the pending Python exception
                stop.store(true);
            }
        }
        worker.join();
    }
    if (raised) throw *raised;
    if (failure) std::rethrow_exception(failure);
}

}  // namespace critmin::python
