// Reads a firm-level supply network: a firm table and an edge list, both plain CSV, streamed so
// that millions of rows load in seconds (docs/benchmarks.md, issue 3).
//
//   firms.csv  firm,sector,region,final_demand   (region optional; extra columns are ignored)
//   edges.csv  supplier,customer,amount          (annual money or tonnes, supplier -> customer)
//
// Firm ids, sectors and regions are free text. final_demand is the firm's annual sales to final
// users (empty = 0). Several rows for one (supplier, customer) pair are added up when the network
// is built; rows with amount 0 carry nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace critmin::sim {

// The firm tables as read, with ids replaced by indices.
struct FirmTable {
    // Firms, in the order of firms.csv.
    std::vector<std::string> ids;
    std::vector<std::uint32_t> sector;  // index into `sectors`
    std::vector<std::uint32_t> region;  // index into `regions`
    std::vector<double> final_demand;   // annual sales to final users
    std::vector<std::string> sectors;   // sorted
    std::vector<std::string> regions;   // sorted; firms without a region are in kNoRegion
    // Edges, in the order of edges.csv.
    std::vector<std::uint32_t> supplier;  // firm index
    std::vector<std::uint32_t> customer;  // firm index
    std::vector<double> amount;           // annual flow, >= 0

    [[nodiscard]] std::size_t n_firms() const { return ids.size(); }
    [[nodiscard]] std::size_t n_edges() const { return supplier.size(); }
};

// The region of firms whose region cell is empty or whose table has no region column.
inline constexpr const char* kNoRegion = "world";

// Reads both files. Throws InvalidInput naming file, line and column for every problem found
// (up to a hundred per file): a missing column, a duplicate or empty firm id, an edge naming an
// unknown firm, a self-loop, an amount or final demand that is not a finite number or is
// negative, and a firm that buys inputs but sells nothing (its output would be zero).
[[nodiscard]] FirmTable read_firm_network(const std::string& firms_path,
                                          const std::string& edges_path);

}  // namespace critmin::sim
