// The functions of critmin._critmin, one file per group; module.cpp calls each once. The public
// API (keyword names, pandas objects) is critmin/__init__.py.
#pragma once

#include <pybind11/pybind11.h>

namespace critmin::python {

void bind_dataset(pybind11::module_& m);   // bind_assess.cpp: Dataset, load_dataset, assess
void bind_simulate(pybind11::module_& m);  // bind_simulate.cpp: simulate, stress
void bind_mrio(pybind11::module_& m);      // bind_mrio.cpp: simulate_mrio
void bind_plan(pybind11::module_& m);      // bind_plan.cpp: ttr, optimize, mfa_stock

}  // namespace critmin::python
