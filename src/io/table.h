// Typed, located access to the cells of a CSV table with a declared set of columns.
//
// Every getter that fails records a diagnostic pointing at the cell and returns nullopt, so a
// loader can read all rows and report every problem in one pass.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.h"
#include "core/error.h"
#include "io/csv.h"

namespace critmin::io {

// The largest quantity a table may hold (t, units, money). Larger finite numbers are no real
// tonnage or value, and sums of a few of them overflow to infinity (issue 17, item 12).
inline constexpr double kLargestQuantity = 1e15;

struct ColumnSpec {
    std::string_view name;
    bool required = false;
};

class TableReader {
  public:
    TableReader(const CsvFile& file, std::span<const ColumnSpec> columns, Diagnostics& diagnostics);

    // False when the header lacks a required column: then no row is read.
    [[nodiscard]] bool usable() const { return usable_; }
    // Rows whose field count matches the header (others were reported).
    [[nodiscard]] const std::vector<std::size_t>& rows() const { return good_rows_; }
    [[nodiscard]] std::uint32_t line(std::size_t row) const { return file_.rows[row].line; }
    [[nodiscard]] const std::string& path() const { return file_.path; }
    [[nodiscard]] bool has_column(std::string_view column) const;

    [[nodiscard]] Location where(std::size_t row, std::string_view column) const;
    void error(std::size_t row, std::string_view column, std::string message) const;

    // The raw text of a cell ("" when the column is absent).
    [[nodiscard]] std::string_view text(std::size_t row, std::string_view column) const;
    // A cell that must not be empty.
    [[nodiscard]] std::optional<std::string> required_text(std::size_t row,
                                                           std::string_view column) const;
    // An identifier: `[A-Za-z0-9_.:-]+`.
    [[nodiscard]] std::optional<std::string> identifier(std::size_t row,
                                                        std::string_view column) const;
    // A finite, non-negative number; an empty optional cell gives kNotGiven (NaN).
    // A number in [0, kLargestQuantity]; an empty optional cell gives kNotGiven.
    [[nodiscard]] std::optional<double> quantity(std::size_t row, std::string_view column,
                                                 bool required) const;
    // A finite number of any sign (WGI estimates).
    [[nodiscard]] std::optional<double> number(std::size_t row, std::string_view column) const;
    // A whole number in [lo, hi] (a period of a model's time axis, which may start at 0).
    [[nodiscard]] std::optional<int> whole_number(std::size_t row, std::string_view column, int lo,
                                                  int hi) const;
    // An integer year in [1900, 2200]; an empty optional cell gives 0.
    [[nodiscard]] std::optional<int> year(std::size_t row, std::string_view column,
                                          bool required = true) const;
    // A calendar date YYYY-MM-DD (a real day, year 1900-2200) as days since 1970-01-01; an empty
    // optional cell gives kNoDate.
    [[nodiscard]] std::optional<int> date(std::size_t row, std::string_view column,
                                          bool required) const;

    template <typename E>
    [[nodiscard]] std::optional<E> enumeration(std::size_t row, std::string_view column) const {
        const std::string_view cell = text(row, column);
        if (cell.empty()) {
            error(row, column,
                  fmt::format("'{}' is empty; expected {}", column, allowed_values<E>()));
            return std::nullopt;
        }
        auto value = parse_enum<E>(cell);
        if (!value) {
            error(row, column,
                  fmt::format("'{}' is not a valid {}; expected {}", cell, column,
                              allowed_values<E>()));
        }
        return value;
    }

  private:
    [[nodiscard]] int column_index(std::string_view column) const;

    const CsvFile& file_;
    Diagnostics& diagnostics_;
    std::vector<std::string_view> names_;  // declared columns
    std::vector<int> index_;               // declared column -> position in the header, or -1
    std::vector<std::size_t> good_rows_;
    bool usable_ = true;
};

// True when `text` is a valid identifier.
[[nodiscard]] bool is_identifier(std::string_view text);

// Splits "a;b;c" into trimmed, non-empty items.
[[nodiscard]] std::vector<std::string> split_list(std::string_view text);

}  // namespace critmin::io
