#include "python/convert.h"

#include <string>

namespace py = pybind11;

namespace critmin::python {

py::object report_document(const cli::Report& report) {
    const std::string text = cli::json_document(report).dump(
        -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return py::module_::import("json").attr("loads")(text);
}

void bind_pending_report(py::module_& m) {
    py::class_<PendingReport>(m, "PendingReport", "A report not yet converted to Python objects")
        .def("document", &PendingReport::document);
}

py::array_t<double> matrix(std::vector<double>&& values, std::size_t rows, std::size_t cols) {
    if (values.size() < rows * cols) values.resize(rows * cols, 0.0);
    auto* owned = new std::vector<double>(std::move(values));
    const py::capsule free_when_done(owned,
                                     [](void* p) { delete static_cast<std::vector<double>*>(p); });
    return py::array_t<double>({rows, cols}, owned->data(), free_when_done);
}

}  // namespace critmin::python
