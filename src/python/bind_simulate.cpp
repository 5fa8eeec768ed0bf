// simulate (a dataset scenario, with its daily series) and stress: the CLI's `critmin simulate`
// and `critmin stress` (cli/simulate.cpp, cli/stress.cpp) on the same library calls, with the GIL
// released and Ctrl-C stopping the run between steps.
#include <pybind11/stl.h>

#include <chrono>
#include <optional>
#include <string>

#include "app/stress_pipeline.h"
#include "cli/commands.h"
#include "cli/in_memory.h"
#include "core/error.h"
#include "io/loader.h"
#include "python/bindings.h"
#include "python/convert.h"
#include "python/dataset_handle.h"
#include "python/run_guard.h"
#include "sim/scenario_reader.h"
#include "sim/scenario_run.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace py = pybind11;

namespace critmin::python {

namespace {

// OpenMP's thread count is a setting of the thread that starts parallel regions: the worker.
void use_threads(int threads) {
#ifdef _OPENMP
    if (threads > 0) omp_set_num_threads(threads);
#else
    (void)threads;
#endif
}

// A scenario file (`path`), or YAML or JSON text (`text`) whose problems are reported as `path`.
sim::Scenario read_scenario(const std::string& path, const std::optional<std::string>& text) {
    sim::Scenario sc = text ? sim::parse_scenario(*text, path) : sim::read_scenario(path);
    if (!sc.firms_table.empty())
        throw Error(ErrorKind::usage,
                    "firm-network scenarios (`firms:`) run from the CLI only for now: critmin "
                    "simulate " +
                        path);
    return sc;
}

py::dict simulate(const std::string& path, const std::optional<std::string>& text,
                  const std::optional<DatasetHandle>& dataset, int threads) {
    std::shared_ptr<const Dataset> data = dataset ? dataset->data : nullptr;
    sim::Scenario sc;
    sim::ScenarioRun run;
    cli::Report report;
    double seconds = 0;  // the C++ work alone, to measure what the binding adds (benchmarks.md)
    run_interruptible([&](const std::atomic<bool>& stop) {
        const auto started = std::chrono::steady_clock::now();
        sc = read_scenario(path, text);
        use_threads(threads);
        if (!data)
            data = std::make_shared<const Dataset>(
                io::load_dataset(sc.dataset.empty() ? cli::default_dataset_dir() : sc.dataset));
        sim::RunControl control;
        control.stop = &stop;
        run = sim::run_scenario(*data, sc, control);
        report = cli::simulate_report(*data, sc, run);
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    });
    const auto& net = run.network.net;
    const auto steps = static_cast<std::size_t>(run.steps_done);
    py::dict out;
    out["report"] = PendingReport{std::move(report)};
    out["node_labels"] = net.node_labels;
    out["final_labels"] = net.final_labels;
    out["production"] = matrix(std::move(run.production), steps, net.node_labels.size());
    out["capacity"] = matrix(std::move(run.capacity), steps, net.node_labels.size());
    out["ordered"] = matrix(std::move(run.ordered), steps, net.final_labels.size());
    out["delivered"] = matrix(std::move(run.delivered), steps, net.final_labels.size());
    out["stock_days"] = matrix(std::move(run.stock_days), steps, net.final_labels.size());
    out["engine_seconds"] = seconds;
    return out;
}

py::object stress(const std::string& catalogue, long long samples, std::uint64_t seed, int threads,
                  int horizon_days, const std::string& dataset) {
    cli::StressOptions options;
    options.catalogue = catalogue;
    options.samples = samples;
    options.seed = seed;
    options.threads = threads;
    options.horizon_days = horizon_days;
    options.progress = false;
    app::StressRequest rq;
    rq.catalogue = catalogue;
    rq.dataset = dataset.empty() ? cli::default_dataset_dir() : dataset;
    rq.samples = samples;
    rq.horizon_days = horizon_days;
    rq.threads = threads;
    rq.seed = seed;
    cli::Report report;
    run_interruptible([&](const std::atomic<bool>& stop) {
        rq.stop = &stop;
        report = cli::stress_report(options, app::run_stress(rq));
    });
    return report_document(report);
}

}  // namespace

void bind_simulate(py::module_& m) {
    m.def("simulate", &simulate, py::arg("path"), py::arg("text"), py::arg("dataset"),
          py::arg("threads"));
    m.def("stress", &stress, py::arg("catalogue"), py::arg("samples"), py::arg("seed"),
          py::arg("threads"), py::arg("horizon_days"), py::arg("dataset"));
}

}  // namespace critmin::python
