// Reading raw statistical tables (production, trade, governance) and the country registry.
#pragma once

#include <string>

#include "core/error.h"
#include "core/raw_tables.h"

namespace critmin::io {

// data/reference/countries.csv and groups.csv. Throws InvalidInput when they are broken.
[[nodiscard]] CountryRegistry read_country_registry(const std::string& reference_dir);

struct RawTablePaths {
    std::string production, trade, wgi;  // empty: not given
};

// At most this many problems are listed per file; a table of ten million broken rows must not
// print ten million lines.
inline constexpr std::size_t kMaxProblemsPerFile = 200;

// Streams each table once. Problems (unknown country codes, negative or non-numeric quantities,
// missing columns, duplicate rows) are reported with file, line and column.
[[nodiscard]] RawTables read_raw_tables(const RawTablePaths& paths, CountryRegistry countries,
                                        Diagnostics& diagnostics);

}  // namespace critmin::io
