// A dataset seen as raw statistical tables, so the raw-table indices (GeoPolRisk, EU) run on it.
#pragma once

#include "core/dataset.h"
#include "core/raw_tables.h"

namespace critmin::indices {

// Countries and groups of the dataset; production summed by country; trade = flows between
// nodes in different countries, summed by (commodity, year, importer, exporter), value unknown
// (NaN); governance.csv as the WGI table.
[[nodiscard]] RawTables raw_tables_from_dataset(const Dataset& ds);

}  // namespace critmin::indices
