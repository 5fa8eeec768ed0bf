#include "python/convert.h"

#include <algorithm>
#include <string>

namespace py = pybind11;

namespace critmin::python {

py::object report_document(const cli::Report& report) {
    const std::string text = cli::render_json(report);
    return py::module_::import("json").attr("loads")(text);
}

py::array_t<double> matrix(const std::vector<double>& values, std::size_t rows, std::size_t cols) {
    py::array_t<double> out({rows, cols});
    const std::size_t n = std::min(values.size(), rows * cols);
    std::copy_n(values.begin(), n, out.mutable_data());
    return out;
}

}  // namespace critmin::python
