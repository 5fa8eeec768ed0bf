#include "cli/output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "io/csv.h"
#include "version.h"

namespace critmin::cli {

using Json = nlohmann::ordered_json;

std::optional<Format> parse_format(std::string_view text) {
    if (text == "table") return Format::table;
    if (text == "json") return Format::json;
    if (text == "csv") return Format::csv;
    return std::nullopt;
}

Json json_document(const Report& report) {
    Json out = Json::object();
    out["critmin"] = kVersion;
    out["command"] = report.command;
    out["rows"] = report.rows;
    for (const auto& [key, value] : report.extra.items()) out[key] = value;
    return out;
}

std::vector<std::string> union_keys(const Json& rows) {
    std::vector<std::string> keys;
    for (const auto& row : rows) {
        for (const auto& [key, value] : row.items()) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
        }
    }
    return keys;
}

std::string render_json(const Report& report) {
    return json_document(report).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

namespace {

std::string scalar_text(const Json& v) {
    if (v.is_null()) return "";
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_number()) return fmt::format("{}", v.get<double>());  // shortest round-trip form
    return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Percent columns: fractions shown as 69.2%.
bool is_fraction_key(std::string_view key) {
    return key == "share" || key == "top3_share" || key == "import_reliance" ||
           key == "largest_share" || key == "unattributed_share" || key == "shares" ||
           key == "import_sources" || (key.size() > 6 && key.substr(key.size() - 6) == "_share");
}

// "2930000" -> "2,930,000": large tonnages must be readable at a glance.
std::string with_thousands(const std::string& digits) {
    const std::size_t start = (!digits.empty() && digits[0] == '-') ? 1 : 0;
    std::string out = digits.substr(0, start);
    const std::size_t n = digits.size() - start;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += ',';
        out += digits[start + i];
    }
    return out;
}

std::string table_cell(std::string_view key, const Json& v) {
    if (v.is_null()) return "-";
    if (v.is_object()) {
        // The three largest entries, then how many more: a table cell must stay short.
        std::string out;
        std::size_t shown = 0;
        for (const auto& [k, x] : v.items()) {
            if (shown == 3) {
                out += fmt::format(" +{}", v.size() - 3);
                break;
            }
            if (shown > 0) out += ", ";
            out += x.is_number() ? fmt::format("{} {:.1f}%", k, 100 * x.get<double>())
                                 : k + " " + scalar_text(x);
            ++shown;
        }
        return out.empty() ? "-" : out;
    }
    if (v.is_number_float()) {
        const double x = v.get<double>();
        if (is_fraction_key(key)) return fmt::format("{:.1f}%", 100 * x);
        if (key == "hhi") return fmt::format("{:.0f}", x);
        if (std::abs(x) >= 1e15 || (x != 0 && std::abs(x) < 1e-3)) return fmt::format("{:.4g}", x);
        if (std::abs(x) >= 1000) return with_thousands(fmt::format("{:.0f}", x));
        if (x == std::floor(x)) return fmt::format("{:.0f}", x);
        return fmt::format("{:.4g}", x);
    }
    return scalar_text(v);
}

// A cell that depends on its row: a net exporter's import reliance (A4a, floored at 0) reads
// "net exporter", not 0.0%, so the table does not hide which way the trade goes.
std::string row_cell(const std::string& key, const Json& row) {
    auto it = row.find(key);
    if (it == row.end()) return "-";
    if (key == "import_reliance") {
        auto flag = row.find("net_exporter");
        if (flag != row.end() && flag->is_boolean() && flag->get<bool>()) return "net exporter";
    }
    return table_cell(key, *it);
}

bool numeric_column(const Json& rows, const std::string& key) {
    for (const auto& row : rows) {
        auto it = row.find(key);
        if (it != row.end() && !it->is_null()) return it->is_number();
    }
    return false;
}

std::string render_section(const Json& rows, const std::vector<std::string>* columns,
                           const std::map<std::string, std::string>& labels) {
    std::vector<std::string> keys = columns != nullptr ? *columns : union_keys(rows);
    keys.erase(std::remove(keys.begin(), keys.end(), "view"), keys.end());
    std::vector<std::string> header = keys;
    for (auto& h : header)
        if (auto it = labels.find(h); it != labels.end()) h = it->second;
    std::vector<std::size_t> width(keys.size());
    std::vector<std::vector<std::string>> cells;
    for (std::size_t k = 0; k < keys.size(); ++k) width[k] = header[k].size();
    for (const auto& row : rows) {
        std::vector<std::string> line;
        for (std::size_t k = 0; k < keys.size(); ++k) {
            line.push_back(row_cell(keys[k], row));
            width[k] = std::max(width[k], line.back().size());
        }
        cells.push_back(std::move(line));
    }
    std::vector<bool> right(keys.size());
    for (std::size_t k = 0; k < keys.size(); ++k) right[k] = numeric_column(rows, keys[k]);
    auto emit = [&](const std::vector<std::string>& line) {
        std::string out;
        for (std::size_t k = 0; k < keys.size(); ++k) {
            if (k > 0) out += "  ";
            const bool last = k + 1 == keys.size();
            if (right[k])
                out += fmt::format("{:>{}}", line[k], width[k]);
            else
                out += last ? line[k] : fmt::format("{:<{}}", line[k], width[k]);
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        return out + "\n";
    };
    std::string out = emit(header);
    std::vector<std::string> rule;
    rule.reserve(width.size());
    for (std::size_t w : width) rule.emplace_back(w, '-');
    out += emit(rule);
    for (const auto& line : cells) out += emit(line);
    return out;
}

}  // namespace

std::string render_csv(const Report& report) {
    const std::vector<std::string> keys = union_keys(report.rows);
    std::string out;
    for (std::size_t k = 0; k < keys.size(); ++k) out += (k ? "," : "") + io::csv_escape(keys[k]);
    out += '\n';
    for (const auto& row : report.rows) {
        for (std::size_t k = 0; k < keys.size(); ++k) {
            if (k) out += ',';
            auto it = row.find(keys[k]);
            if (it == row.end()) continue;
            std::string cell;
            if (it->is_object()) {
                for (const auto& [key, value] : it->items())
                    cell += (cell.empty() ? "" : ";") + key + ":" + scalar_text(value);
            } else if (it->is_array()) {
                for (const auto& value : *it)
                    cell += (cell.empty() ? "" : ";") + scalar_text(value);
            } else {
                cell = scalar_text(*it);
            }
            out += io::csv_escape(cell);
        }
        out += '\n';
    }
    return out;
}

std::string render_table(const Report& report) {
    std::string out;
    if (!report.title.empty()) out += report.title + "\n\n";
    // Sections in order of first appearance of each "view".
    std::vector<std::string> views;
    for (const auto& row : report.rows) {
        const std::string view = row.contains("view") ? scalar_text(row["view"]) : "";
        if (std::find(views.begin(), views.end(), view) == views.end()) views.push_back(view);
    }
    for (std::size_t i = 0; i < views.size(); ++i) {
        Json section = Json::array();
        for (const auto& row : report.rows) {
            const std::string view = row.contains("view") ? scalar_text(row["view"]) : "";
            if (view == views[i]) section.push_back(row);
        }
        if (i > 0) out += "\n";
        if (!views[i].empty()) out += "[" + views[i] + "]\n";
        auto columns = report.table_columns.find(views[i]);
        out += render_section(section,
                              columns == report.table_columns.end() ? nullptr : &columns->second,
                              report.column_labels);
    }
    if (report.rows.empty()) out += "(no rows)\n";
    if (!report.notes.empty()) out += "\n" + report.notes;
    return out;
}

std::string render(const Report& report, Format format) {
    switch (format) {
        case Format::json:
            return render_json(report);
        case Format::csv:
            return render_csv(report);
        case Format::table:
            break;
    }
    return render_table(report);
}

}  // namespace critmin::cli
