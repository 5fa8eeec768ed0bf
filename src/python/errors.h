// critmin's C++ errors as Python exceptions (docs/python.md, "Errors"):
//   critmin.Error                 Error (runtime): the run failed; base of the two below
//   critmin.UsageError            Error (usage): a wrong argument (also a ValueError)
//   critmin.InputError            InvalidInput: a file, dict or table is wrong; carries file,
//                                 line, column, path of the first problem and `problems`
// The message is the text the CLI prints on stderr for the same failure.
#pragma once

#include <pybind11/pybind11.h>

namespace critmin::python {

void register_errors(pybind11::module_& m);

}  // namespace critmin::python
