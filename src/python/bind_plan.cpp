// ttr, optimize and mfa_stock: the CLI's `critmin ttr`, `critmin optimize` and `critmin mfa
// stock` (cli/ttr.cpp, cli/optimize.cpp, cli/mfa.cpp) on the same library calls.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/in_memory.h"
#include "python/bindings.h"
#include "python/convert.h"
#include "python/dataset_handle.h"
#include "python/run_guard.h"

namespace py = pybind11;

namespace critmin::python {

namespace {

// The LPs have no stop flag: Ctrl-C is raised once they finish.
py::object ttr(const std::optional<DatasetHandle>& dataset, const cli::TtrOptions& options) {
    cli::Report report;
    run_interruptible([&](const std::atomic<bool>& /*stop*/) {
        report = (dataset && options.instance.empty()) ? cli::ttr_dataset(*dataset->data, options)
                                                       : cli::run_ttr(options);
    });
    return report_document(report);
}

py::object optimize(const cli::OptimizeOptions& options) {
    cli::Report report;
    run_interruptible(
        [&](const std::atomic<bool>& /*stop*/) { report = cli::run_optimize(options); });
    return report_document(report);
}

// Columns, not the JSON document: the frame is the whole result (report_columns).
py::dict mfa_stock(const std::vector<int>& years, const std::vector<double>& series,
                   bool inflow_driven, const std::string& lifetime) {
    cli::Report report;
    {
        const py::gil_scoped_release release;
        report = cli::mfa_stock_report(years, series, inflow_driven, lifetime);
    }
    return report_columns(report);
}

}  // namespace

void bind_plan(py::module_& m) {
    py::class_<cli::TtrOptions>(m, "TtrOptions")
        .def(py::init<>())
        .def_readwrite("instance", &cli::TtrOptions::instance)
        .def_readwrite("dataset", &cli::TtrOptions::dataset)
        .def_readwrite("ttr_table", &cli::TtrOptions::ttr_table)
        .def_readwrite("economy", &cli::TtrOptions::economy)
        .def_readwrite("shortfall_value", &cli::TtrOptions::shortfall_value)
        .def_readwrite("inventory_days", &cli::TtrOptions::inventory_days)
        .def_readwrite("by", &cli::TtrOptions::by)
        .def_readwrite("sharing", &cli::TtrOptions::sharing);
    py::class_<cli::OptimizeOptions>(m, "OptimizeOptions")
        .def(py::init<>())
        .def_readwrite("plan", &cli::OptimizeOptions::plan)
        .def_readwrite("samples", &cli::OptimizeOptions::samples)
        .def_readwrite("out_of_sample", &cli::OptimizeOptions::out_of_sample)
        .def_readwrite("threads", &cli::OptimizeOptions::threads)
        .def_readwrite("shortfall_value", &cli::OptimizeOptions::shortfall_value);
    m.def("ttr", &ttr, py::arg("dataset"), py::arg("options"));
    m.def("optimize", &optimize, py::arg("options"));
    m.def("mfa_stock", &mfa_stock, py::arg("years"), py::arg("series"), py::arg("inflow_driven"),
          py::arg("lifetime"));
}

}  // namespace critmin::python
