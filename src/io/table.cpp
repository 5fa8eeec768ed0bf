#include "io/table.h"

#include "core/dataset.h"
#include "core/date.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace critmin::io {

bool is_identifier(std::string_view text) {
    if (text.empty() || text.size() > 200) return false;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(';', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view item = text.substr(start, end - start);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        start = end + 1;
    }
    return out;
}

TableReader::TableReader(const CsvFile& file, std::span<const ColumnSpec> columns,
                         Diagnostics& diagnostics)
    : file_(file), diagnostics_(diagnostics) {
    if (file.header.empty()) {  // the reader already said why (missing, empty or unreadable)
        usable_ = false;
        return;
    }
    for (const auto& spec : columns) {
        names_.push_back(spec.name);
        index_.push_back(-1);
    }
    for (std::size_t h = 0; h < file.header.size(); ++h) {
        const auto& cell = file.header[h];
        bool known = false;
        for (std::size_t c = 0; c < names_.size(); ++c) {
            if (names_[c] != cell.text) continue;
            known = true;
            if (index_[c] >= 0) {
                diagnostics_.add({file.path, file.header_line, cell.column, ""},
                                 fmt::format("column '{}' appears twice in the header", cell.text));
            } else {
                index_[c] = static_cast<int>(h);
            }
        }
        if (!known) {
            std::string expected;
            for (const auto& spec : columns)
                expected += (expected.empty() ? "" : ", ") + std::string(spec.name);
            diagnostics_.add({file.path, file.header_line, cell.column, ""},
                             fmt::format("unknown column '{}'; the columns of this table are {}",
                                         cell.text, expected));
        }
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c].required && index_[c] < 0) {
            diagnostics_.add({file.path, file.header_line, 0, ""},
                             fmt::format("required column '{}' is missing", columns[c].name));
            usable_ = false;
        }
    }
    if (!usable_) return;
    for (std::size_t r = 0; r < file.rows.size(); ++r) {
        const auto& row = file.rows[r];
        if (row.fields.size() != file.header.size()) {
            diagnostics_.add({file.path, row.line, 1, ""},
                             fmt::format("this row has {} fields but the header has {}",
                                         row.fields.size(), file.header.size()));
            continue;
        }
        good_rows_.push_back(r);
    }
}

int TableReader::column_index(std::string_view column) const {
    for (std::size_t c = 0; c < names_.size(); ++c) {
        if (names_[c] == column) return index_[c];
    }
    return -1;
}

bool TableReader::has_column(std::string_view column) const {
    return column_index(column) >= 0;
}

Location TableReader::where(std::size_t row, std::string_view column) const {
    const int c = column_index(column);
    const auto& r = file_.rows[row];
    const std::uint32_t col = c >= 0 ? r.fields[static_cast<std::size_t>(c)].column : 0;
    return {file_.path, r.line, col, ""};
}

void TableReader::error(std::size_t row, std::string_view column, std::string message) const {
    diagnostics_.add(where(row, column), std::move(message));
}

std::string_view TableReader::text(std::size_t row, std::string_view column) const {
    const int c = column_index(column);
    if (c < 0) return {};
    return file_.rows[row].fields[static_cast<std::size_t>(c)].text;
}

std::optional<std::string> TableReader::required_text(std::size_t row,
                                                      std::string_view column) const {
    const std::string_view cell = text(row, column);
    if (cell.empty()) {
        error(row, column, fmt::format("'{}' is empty; a value is required", column));
        return std::nullopt;
    }
    return std::string(cell);
}

std::optional<std::string> TableReader::identifier(std::size_t row, std::string_view column) const {
    const std::string_view cell = text(row, column);
    if (cell.empty()) {
        error(row, column, fmt::format("'{}' is empty; an identifier is required", column));
        return std::nullopt;
    }
    if (!is_identifier(cell)) {
        error(row, column,
              fmt::format("'{}' is not a valid identifier (use letters, digits and _ . : -, at "
                          "most 200 characters)",
                          cell.substr(0, 60)));
        return std::nullopt;
    }
    return std::string(cell);
}

namespace {
std::optional<double> parse_double(std::string_view cell) {
    // strtod accepts leading spaces, hex floats, "inf" and "nan"; the format allows only plain
    // decimal numbers, so check the characters first.
    if (cell.empty() || cell.size() > 64) return std::nullopt;
    for (char c : cell) {
        const bool ok =
            (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
        if (!ok) return std::nullopt;
    }
    const std::string copy(cell);
    char* end = nullptr;
    const double value = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) return std::nullopt;
    return value;
}
}  // namespace

std::optional<double> TableReader::number(std::size_t row, std::string_view column) const {
    const std::string_view cell = text(row, column);
    auto value = parse_double(cell);
    if (!value) {
        error(row, column,
              cell.empty() ? fmt::format("'{}' is empty; a number is required", column)
                           : fmt::format("'{}' is not a number", cell.substr(0, 60)));
        return std::nullopt;
    }
    if (!std::isfinite(*value)) {
        error(row, column, fmt::format("'{}' is out of range", cell));
        return std::nullopt;
    }
    return value;
}

std::optional<double> TableReader::quantity(std::size_t row, std::string_view column,
                                            bool required) const {
    const std::string_view cell = text(row, column);
    if (cell.empty() && !required) return kNotGiven;
    auto value = number(row, column);
    if (!value) return std::nullopt;
    if (*value < 0) {
        error(row, column, fmt::format("{} is negative; '{}' must be zero or more", cell, column));
        return std::nullopt;
    }
    if (*value > kLargestQuantity) {
        error(row, column,
              fmt::format("{} is larger than any real quantity (at most {:g}); sums of such "
                          "numbers overflow",
                          cell.substr(0, 40), kLargestQuantity));
        return std::nullopt;
    }
    return value;
}

std::optional<int> TableReader::whole_number(std::size_t row, std::string_view column, int lo,
                                             int hi) const {
    const std::string_view cell = text(row, column);
    int value = 0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (cell.empty() || ec != std::errc() || end != cell.data() + cell.size()) {
        error(row, column,
              cell.empty() ? fmt::format("'{}' is empty; a whole number is required", column)
                           : fmt::format("'{}' is not a whole number", cell.substr(0, 60)));
        return std::nullopt;
    }
    if (value < lo || value > hi) {
        error(row, column, fmt::format("{} is outside {} to {}", value, lo, hi));
        return std::nullopt;
    }
    return value;
}

std::optional<int> TableReader::year(std::size_t row, std::string_view column,
                                     bool required) const {
    const std::string_view cell = text(row, column);
    if (cell.empty() && !required) return 0;
    int value = 0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (cell.empty() || ec != std::errc() || end != cell.data() + cell.size()) {
        error(row, column,
              cell.empty() ? fmt::format("'{}' is empty; a year is required", column)
                           : fmt::format("'{}' is not a year (a whole number such as 2024)",
                                         cell.substr(0, 60)));
        return std::nullopt;
    }
    if (value < 1900 || value > 2200) {
        error(row, column, fmt::format("year {} is outside 1900-2200", value));
        return std::nullopt;
    }
    return value;
}

std::optional<int> TableReader::date(std::size_t row, std::string_view column,
                                     bool required) const {
    const std::string_view cell = text(row, column);
    if (cell.empty()) {
        if (!required) return kNoDate;
        error(row, column, fmt::format("'{}' is empty; a date (YYYY-MM-DD) is required", column));
        return std::nullopt;
    }
    auto value = iso_date_days(cell);
    if (!value) {
        error(row, column,
              fmt::format("'{}' is not a date (YYYY-MM-DD, a day of the calendar, year 1900-2200)",
                          cell.substr(0, 60)));
    }
    return value;
}

}  // namespace critmin::io
