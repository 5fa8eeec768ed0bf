#include "python/errors.h"

#include <exception>
#include <string>

#include "core/error.h"

namespace py = pybind11;

namespace critmin::python {

namespace {

// Owned by the module for the life of the interpreter.
PyObject* g_error = nullptr;
PyObject* g_usage_error = nullptr;
PyObject* g_input_error = nullptr;

PyObject* new_exception(py::module_& m, const char* name, const char* doc, PyObject* bases) {
    const std::string qualified = std::string("critmin.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases, nullptr);
    if (type == nullptr) throw py::error_already_set();
    m.add_object(name, py::handle(type));  // the module keeps a reference too
    return type;
}

// 0 (whole file, whole line) and "" (no YAML path) become None.
py::object number_or_none(std::uint32_t v) {
    return v == 0 ? py::none() : py::object(py::int_(v));
}
py::object text_or_none(const std::string& v) {
    return v.empty() ? py::none() : py::object(py::str(v));
}

void raise_input_error(const InvalidInput& e) {
    const auto problems = e.diagnostics().sorted();
    std::string message = e.diagnostics().to_string();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    py::list rows;
    for (const Diagnostic& p : problems) {
        py::dict row;
        row["file"] = text_or_none(p.where.file);
        row["line"] = number_or_none(p.where.line);
        row["column"] = number_or_none(p.where.column);
        row["path"] = text_or_none(p.where.path);
        row["message"] = p.message;
        rows.append(row);
    }
    py::object error = py::reinterpret_borrow<py::object>(g_input_error)(message);
    const Location first = problems.empty() ? Location{} : problems.front().where;
    error.attr("file") = text_or_none(first.file);
    error.attr("line") = number_or_none(first.line);
    error.attr("column") = number_or_none(first.column);
    error.attr("path") = text_or_none(first.path);
    error.attr("problems") = rows;
    error.attr("exit_code") = e.exit_code();
    PyErr_SetObject(g_input_error, error.ptr());
}

void raise_error(const Error& e) {
    PyObject* type = e.kind() == ErrorKind::usage ? g_usage_error : g_error;
    py::object error = py::reinterpret_borrow<py::object>(type)(std::string(e.what()));
    error.attr("exit_code") = e.exit_code();
    PyErr_SetObject(type, error.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
    g_error = new_exception(m, "Error", "A critmin run failed (the CLI's exit code 1).", nullptr);
    const py::tuple usage_bases = py::make_tuple(py::handle(g_error), py::handle(PyExc_ValueError));
    g_usage_error = new_exception(m, "UsageError",
                                  "A wrong argument, such as an unknown commodity (exit code 2).",
                                  usage_bases.ptr());
    g_input_error =
        new_exception(m, "InputError",
                      "A file, dict or table is wrong (exit code 3). Attributes: file, line, "
                      "column and path (YAML or JSON path) of the first problem, and problems, "
                      "one dict per problem.",
                      g_error);
    // pybind11 takes a plain function pointer of this exact signature (by value).
    // NOLINTNEXTLINE(performance-unnecessary-value-param)
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const InvalidInput& e) {
            raise_input_error(e);
        } catch (const Error& e) {
            raise_error(e);
        }
    });
}

}  // namespace critmin::python
