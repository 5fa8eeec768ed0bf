// critmin._critmin: the compiled half of the Python package (docs/python.md).
#include <pybind11/pybind11.h>

#include "python/bindings.h"
#include "python/convert.h"
#include "python/errors.h"
#include "version.h"

PYBIND11_MODULE(_critmin, m) {
    m.doc() = "critmin's engine; use the package `critmin`, which wraps this module";
    m.attr("__version__") = critmin::kVersion;
    critmin::python::register_errors(m);
    critmin::python::bind_pending_report(m);
    critmin::python::bind_dataset(m);
    critmin::python::bind_simulate(m);
    critmin::python::bind_mrio(m);
    critmin::python::bind_plan(m);
}
