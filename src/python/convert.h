// From C++ results to Python objects; the pandas frames are made in critmin/_frames.py.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <vector>

#include "cli/output.h"

namespace critmin::python {

// The CLI's `--format json` document of `report` as Python objects (json.loads of the same text),
// so a notebook sees exactly the numbers the CLI prints.
[[nodiscard]] pybind11::object report_document(const cli::Report& report);

// A row-major `rows` x `cols` copy of the first rows * cols values.
[[nodiscard]] pybind11::array_t<double> matrix(const std::vector<double>& values, std::size_t rows,
                                               std::size_t cols);

}  // namespace critmin::python
