// A streaming CSV reader for tables too large to hold in memory twice (a year of BACI trade
// statistics is about 10 million rows). Reads the file in blocks; each row's fields are views
// valid until the next call. Same dialect and same checks as io/csv.h.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace critmin::io {

class CsvStream {
  public:
    // Opens `path`; a missing or unreadable file is a diagnostic and the stream is then empty.
    // A row longer than `max_row_bytes` is a diagnostic that ends the stream.
    CsvStream(const std::string& path, Diagnostics& diagnostics,
              std::size_t max_row_bytes = std::size_t{1} << 20);
    ~CsvStream();
    CsvStream(const CsvStream&) = delete;
    CsvStream& operator=(const CsvStream&) = delete;

    // Reads the next non-blank row. False at the end of the file or after a fatal problem
    // (bad encoding, an unterminated quote), which is then in the diagnostics.
    bool next();

    [[nodiscard]] const std::vector<std::string_view>& fields() const { return fields_; }
    [[nodiscard]] const std::vector<std::uint32_t>& columns() const { return columns_; }
    [[nodiscard]] std::uint64_t line() const { return row_line_; }
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] bool failed() const { return failed_; }

    [[nodiscard]] Location where(std::size_t field) const;

  private:
    bool fill();  // reads more of the file into the buffer; false at end of file
    void fail(std::uint64_t line, std::uint32_t column, std::string message);

    std::string path_;
    std::size_t max_row_bytes_;
    Diagnostics& diagnostics_;
    std::FILE* file_ = nullptr;
    std::string buffer_;
    std::size_t pos_ = 0;
    bool eof_ = false;
    bool failed_ = false;
    bool first_block_ = true;
    std::uint64_t line_ = 1;
    std::uint64_t row_line_ = 0;
    std::vector<std::string_view> fields_;
    std::vector<std::uint32_t> columns_;
    std::vector<bool> quoted_;
    std::vector<std::string> unquoted_;  // storage for fields that needed unescaping
};

}  // namespace critmin::io
