// Converting CEPII BACI bilateral trade files into critmin's trade table.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/raw_tables.h"

namespace critmin::io {

struct BaciImport {
    std::vector<std::string> baci_files;  // columns t,i,j,k,v,q
    std::string country_codes;            // BACI's table: country_code and country_iso3
    std::string hs_map;  // hs_code,commodity (an HS code or a prefix of 2-6 digits)
};

struct BaciSummary {
    std::uint64_t rows_read = 0, rows_kept = 0, rows_without_quantity = 0;
    std::map<std::string, std::uint64_t> unknown_codes;  // BACI code -> rows dropped
    std::uint64_t flows_written = 0;
};

// Reads the BACI files, keeps the products of the map, sums them per (exporter, importer,
// commodity, year) and returns the trade CSV text
// (exporter,importer,commodity,year,quantity,value). Problems in the inputs are diagnostics (file,
// line, column); rows whose country code has no ISO3 in the registry are counted in the summary and
// left out.
[[nodiscard]] std::string import_baci(const BaciImport& request, const CountryRegistry& registry,
                                      BaciSummary& summary, Diagnostics& diagnostics);

}  // namespace critmin::io
