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

// The report's rows as columns, for a DataFrame without a JSON round trip (json.loads of the rows
// and DataFrame.from_records cost ten times the model on a stock model of a thousand years):
// {"columns": {key: column}, "info": the document's other keys}. Keys in first-seen order, as
// from_records orders them. A column whose values are all integers is an int64 array; one of
// numbers, nulls and absent keys a float64 array (NaN where no number); any other a list of
// Python objects (None where absent). The values are the document's, bit for bit.
[[nodiscard]] pybind11::dict report_columns(const cli::Report& report);

// A command's report kept in C++ until Python asks for its document (critmin.Result.document):
// the conversion costs a few per cent of a short run, and many notebooks never need it.
struct PendingReport {
    cli::Report report;
    [[nodiscard]] pybind11::object document() const { return report_document(report); }
    [[nodiscard]] pybind11::dict columns() const { return report_columns(report); }
};
void bind_pending_report(pybind11::module_& m);

// A row-major `rows` x `cols` array over `values`, which it takes over without copying (a run's
// series are megabytes; copying them cost more than the Python side of a call).
[[nodiscard]] pybind11::array_t<double> matrix(std::vector<double>&& values, std::size_t rows,
                                               std::size_t cols);

}  // namespace critmin::python
