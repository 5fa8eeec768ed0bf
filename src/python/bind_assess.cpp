// critmin.Dataset, load_dataset and assess (the CLI's `critmin assess`, cli/assess.cpp).
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/in_memory.h"
#include "io/loader.h"
#include "python/bindings.h"
#include "python/convert.h"
#include "python/dataset_handle.h"

namespace py = pybind11;

namespace critmin::python {

namespace {

DatasetHandle load(const std::string& path) {
    const std::string dir = path.empty() ? cli::default_dataset_dir() : path;
    const py::gil_scoped_release release;
    return DatasetHandle{std::make_shared<const Dataset>(io::load_dataset(dir))};
}

py::object assess(const DatasetHandle& dataset, const std::string& economy,
                  const std::vector<std::string>& commodities,
                  const std::vector<std::string>& years, const std::string& method) {
    cli::AssessOptions options;
    options.economy = economy;
    options.commodities = commodities;
    options.years = years;
    options.method = method;
    cli::Report report;
    {
        const py::gil_scoped_release release;
        report = cli::assess_dataset(*dataset.data, options);
    }
    return report_document(report);
}

}  // namespace

void bind_dataset(py::module_& m) {
    py::class_<DatasetHandle>(m, "Dataset", "A loaded and checked dataset (critmin.load_dataset)")
        .def_property_readonly("root", [](const DatasetHandle& d) { return d.data->root; })
        .def_property_readonly("name", [](const DatasetHandle& d) { return d.data->manifest.name; })
        .def_property_readonly("version",
                               [](const DatasetHandle& d) { return d.data->manifest.version; })
        .def_property_readonly("base_year",
                               [](const DatasetHandle& d) { return d.data->manifest.base_year; })
        .def("__repr__", [](const DatasetHandle& d) {
            return "<critmin.Dataset " + d.data->manifest.name + " " + d.data->manifest.version +
                   " (" + d.data->root + ")>";
        });
    m.def("default_dataset_dir", &cli::default_dataset_dir);
    m.def("load_dataset", &load, py::arg("path"));
    m.def("assess", &assess, py::arg("dataset"), py::arg("economy"), py::arg("commodities"),
          py::arg("years"), py::arg("method"));
}

}  // namespace critmin::python
