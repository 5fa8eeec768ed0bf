// A strict RFC 4180 CSV reader that reports where things go wrong.
//
// Reads the whole file, checks that it is UTF-8 text, and splits it into rows of fields that
// remember their line and column, so every later check can point at the exact cell.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace critmin::io {

struct CsvField {
    std::string text;
    std::uint32_t column = 0;  // 1-based byte column where the field starts
};

struct CsvRow {
    std::uint32_t line = 0;  // 1-based line where the row starts
    std::vector<CsvField> fields;
};

struct CsvFile {
    std::string path;  // as shown in messages
    std::vector<CsvField> header;
    std::uint32_t header_line = 1;
    std::vector<CsvRow> rows;
};

struct CsvLimits {
    std::size_t max_file_bytes = std::size_t{256} << 20;
    std::size_t max_field_bytes = std::size_t{1} << 20;
    std::size_t max_fields_per_row = 4096;
};

// Parses CSV text. Problems go to `diagnostics` under the name `path`; on a problem that makes
// the rest of the text unreadable (bad encoding, an unterminated quote) parsing stops there and
// the rows read so far are returned.
[[nodiscard]] CsvFile parse_csv(std::string_view text, const std::string& path,
                                Diagnostics& diagnostics, const CsvLimits& limits = {});

// Reads a file and parses it; a missing or unreadable file is a diagnostic.
[[nodiscard]] CsvFile read_csv(const std::string& path, Diagnostics& diagnostics,
                               const CsvLimits& limits = {});

// Byte offset of the first invalid UTF-8 sequence (or NUL byte), or npos if the text is valid.
[[nodiscard]] std::size_t find_invalid_utf8(std::string_view text);

// Quotes a field for CSV output when it needs it.
[[nodiscard]] std::string csv_escape(std::string_view field);

}  // namespace critmin::io
