#include "python/convert.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace py = pybind11;

namespace critmin::python {

py::object report_document(const cli::Report& report) {
    const std::string text = cli::json_document(report).dump(
        -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return py::module_::import("json").attr("loads")(text);
}

namespace {

using Json = nlohmann::ordered_json;

enum class ColumnKind { integers, numbers, objects };

ColumnKind column_kind(const Json& rows, const std::string& key) {
    constexpr auto kInt64Max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    bool integers = true;
    for (const auto& row : rows) {
        const auto at = row.find(key);
        const bool present = at != row.end() && !at->is_null();
        // A uint64 above int64's range: neither an int64 nor a double column holds it exactly.
        if (present && (!at->is_number() ||
                        (at->is_number_unsigned() && at->get<std::uint64_t>() > kInt64Max)))
            return ColumnKind::objects;
        integers = integers && present && !at->is_number_float();
    }
    return integers ? ColumnKind::integers : ColumnKind::numbers;
}

py::object scalar_object(const Json& v) {
    if (v.is_null()) return py::none();
    if (v.is_boolean()) return py::bool_(v.get<bool>());
    if (v.is_string()) {
        // Invalid UTF-8 becomes U+FFFD, as in the JSON document (error_handler_t::replace).
        const auto& text = v.get_ref<const std::string&>();
        PyObject* decoded =
            PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
        if (decoded == nullptr) throw py::error_already_set();
        return py::reinterpret_steal<py::str>(decoded);
    }
    if (v.is_number_unsigned()) return py::int_(v.get<std::uint64_t>());
    if (v.is_number_integer()) return py::int_(v.get<std::int64_t>());
    if (v.is_number()) {
        const double d = v.get<double>();
        return std::isfinite(d) ? py::object(py::float_(d)) : py::none();  // JSON writes null
    }
    return py::module_::import("json").attr("loads")(
        v.dump(-1, ' ', false, Json::error_handler_t::replace));
}

py::object column(const Json& rows, const std::string& key) {
    const std::size_t n = rows.size();
    switch (column_kind(rows, key)) {
        case ColumnKind::integers: {
            py::array_t<std::int64_t> out(static_cast<py::ssize_t>(n));
            auto* values = out.mutable_data();
            for (std::size_t i = 0; i < n; ++i) values[i] = rows[i].at(key).get<std::int64_t>();
            return out;
        }
        case ColumnKind::numbers: {
            py::array_t<double> out(static_cast<py::ssize_t>(n));
            auto* values = out.mutable_data();
            for (std::size_t i = 0; i < n; ++i) {
                const auto at = rows[i].find(key);
                const double d = at != rows[i].end() && at->is_number()
                                     ? at->get<double>()
                                     : std::numeric_limits<double>::quiet_NaN();
                // A non-finite number is null in the JSON document: missing here too.
                values[i] = std::isfinite(d) ? d : std::numeric_limits<double>::quiet_NaN();
            }
            return out;
        }
        case ColumnKind::objects:
            break;
    }
    py::list out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto at = rows[i].find(key);
        out[i] = at != rows[i].end() ? scalar_object(*at) : py::none();
    }
    return out;
}

}  // namespace

py::dict report_columns(const cli::Report& report) {
    py::dict columns;
    for (const auto& key : cli::union_keys(report.rows))
        columns[py::str(key)] = column(report.rows, key);
    cli::Report head;  // the document without its rows
    head.command = report.command;
    head.extra = report.extra;
    Json info = cli::json_document(head);
    info.erase("rows");
    py::dict out;
    out["columns"] = std::move(columns);
    out["info"] = py::module_::import("json").attr("loads")(
        info.dump(-1, ' ', false, Json::error_handler_t::replace));
    return out;
}

void bind_pending_report(py::module_& m) {
    py::class_<PendingReport>(m, "PendingReport", "A report not yet converted to Python objects")
        .def("document", &PendingReport::document)
        .def("columns", &PendingReport::columns);
}

py::array_t<double> matrix(std::vector<double>&& values, std::size_t rows, std::size_t cols) {
    if (values.size() < rows * cols) values.resize(rows * cols, 0.0);
    auto* owned = new std::vector<double>(std::move(values));
    const py::capsule free_when_done(owned,
                                     [](void* p) { delete static_cast<std::vector<double>*>(p); });
    return py::array_t<double>({rows, cols}, owned->data(), free_when_done);
}

}  // namespace critmin::python
