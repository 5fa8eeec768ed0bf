// From C++ results to Python objects; the pandas frames are made in critmin/_frames.py.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <vector>

#include "cli/output.h"

namespace critmin::python {

// The CLI's `--format json` document of `report` as Python objects: json.loads of the same
// document (compact: the indentation is only for people), so a notebook sees exactly the
// numbers the CLI prints (doubles are written in shortest round-trip form, and read back exactly).
[[nodiscard]] pybind11::object report_document(const cli::Report& report);

// A command's report kept in C++ until Python asks for its document (critmin.Result.document):
// the conversion costs a few per cent of a short run, and many notebooks never need it.
struct PendingReport {
    cli::Report report;
    [[nodiscard]] pybind11::object document() const { return report_document(report); }
};
void bind_pending_report(pybind11::module_& m);

// A row-major `rows` x `cols` array over `values`, which it takes over without copying (a run's
// series are megabytes; copying them cost more than the Python side of a call).
[[nodiscard]] pybind11::array_t<double> matrix(std::vector<double>&& values, std::size_t rows,
                                               std::size_t cols);

}  // namespace critmin::python
