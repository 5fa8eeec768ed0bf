// Rendering command results as a table, JSON or CSV (docs/cli.md).
//
// A command produces plain data: a list of rows (JSON objects with keys in a fixed order). The
// three formats are views of the same rows, so they never disagree.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace critmin::cli {

enum class Format { table, json, csv };

[[nodiscard]] std::optional<Format> parse_format(std::string_view text);

struct Report {
    std::string command;  // e.g. "assess", "data summary"
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // more top-level JSON keys
    std::string title;  // first line of the table view
    // Columns shown in the table view, per value of "view" (all keys when absent).
    std::map<std::string, std::vector<std::string>> table_columns;
    // Table-view headers that differ from the key, e.g. "value_lost" -> "value_lost (USD 2024)":
    // the unit belongs in the header, and JSON and CSV carry it in companion keys instead.
    std::map<std::string, std::string> column_labels;
    std::string notes;    // printed after the table view
    int exit_code = 0;    // the command's exit status once the report is printed (130: Ctrl-C)
    bool silent = false;  // print nothing (MPI ranks other than 0)
};

// Every key of the rows, in first-seen order (the CSV header, the Python frames' columns).
[[nodiscard]] std::vector<std::string> union_keys(const nlohmann::ordered_json& rows);
// `{"critmin": VERSION, "command": ..., "rows": [...], ...extra}`.
[[nodiscard]] nlohmann::ordered_json json_document(const Report& report);
// json_document, indented by 2.
[[nodiscard]] std::string render_json(const Report& report);
// One header row with the union of the rows' keys; objects flattened as "KEY:VALUE;KEY:VALUE".
[[nodiscard]] std::string render_csv(const Report& report);
// Aligned text, one section per value of the rows' "view" key.
[[nodiscard]] std::string render_table(const Report& report);

[[nodiscard]] std::string render(const Report& report, Format format);

}  // namespace critmin::cli
