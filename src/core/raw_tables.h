// Raw statistical tables: production by country, bilateral trade and governance indicators, as an
// analyst downloads them, without a dataset around them (`critmin assess --production ...`).
//
// Countries are the ISO 3166 registry shipped in data/reference; commodities and years are what
// the tables contain. Trade is aggregated per (commodity, year, importer, exporter) and kept
// sorted by that key, so every sum runs in one fixed order.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/csr.h"
#include "core/dataset.h"

namespace critmin {

struct CountryRegistry {
    std::vector<std::string> iso3, name;
    std::vector<std::string> group_name;
    Csr group_members;  // group -> country ids
    std::unordered_map<std::string, Id> index, group_index;

    [[nodiscard]] std::size_t size() const { return iso3.size(); }
    [[nodiscard]] Id find(std::string_view code) const {
        auto it = index.find(std::string(code));
        return it == index.end() ? kNoId : it->second;
    }
    [[nodiscard]] Id find_group(std::string_view name_) const {
        auto it = group_index.find(std::string(name_));
        return it == group_index.end() ? kNoId : it->second;
    }
};

struct RawProduction {
    std::vector<Id> country, commodity;
    std::vector<int> year;
    std::vector<double> quantity;
    [[nodiscard]] std::size_t size() const { return country.size(); }
};

// One trade flow: a (commodity, year, importer, exporter) key, quantity and value, and the line
// of the table it was read from (for messages).
struct TradeFlow {
    std::uint64_t key = 0;
    double quantity = 0, value = 0;
    std::uint64_t line = 0;
};

// Trade flows, one per key, sorted by key: commodity, then year, then importer, then exporter.
struct RawTrade {
    std::vector<TradeFlow> flows;
    [[nodiscard]] std::size_t size() const { return flows.size(); }

    static std::uint64_t make_key(Id commodity, int year, Id importer, Id exporter) {
        return (static_cast<std::uint64_t>(commodity) << 48) |
               (static_cast<std::uint64_t>(year - 1900) << 32) |
               (static_cast<std::uint64_t>(importer) << 16) | static_cast<std::uint64_t>(exporter);
    }
    static Id commodity_of(std::uint64_t k) { return static_cast<Id>(k >> 48); }
    static int year_of(std::uint64_t k) { return static_cast<int>((k >> 32) & 0xFFFF) + 1900; }
    static Id importer_of(std::uint64_t k) { return static_cast<Id>((k >> 16) & 0xFFFF); }
    static Id exporter_of(std::uint64_t k) { return static_cast<Id>(k & 0xFFFF); }
};

// WGI estimates (about -2.5..2.5, kWgiLowest..kWgiHighest accepted) by (country, year); NaN where a
// dimension is not given.
struct RawGovernance {
    std::unordered_map<std::uint64_t, std::array<double, kWgiDimensions.size()>> estimate;
    static std::uint64_t make_key(Id country, int year) {
        return (static_cast<std::uint64_t>(country) << 16) |
               static_cast<std::uint64_t>(year - 1900);
    }
    // NaN when the country-year or the dimension is missing.
    [[nodiscard]] double get(Id country, int year, std::size_t dimension) const;
    // The latest value at or before `year` (NaN when there is none).
    [[nodiscard]] double latest(Id country, int year, std::size_t dimension) const;
};

struct RawTables {
    CountryRegistry countries;
    std::vector<std::string> commodities;  // names as the tables spell them
    RawProduction production;
    RawTrade trade;
    RawGovernance governance;
    // Codes outside ISO 3166 met in the tables (World Mining Data's R20 for Kosovo, BACI's "not
    // elsewhere specified" areas), kept as economies of their own so that their quantities still
    // count: the code and where it was first seen (file:line:column).
    std::vector<std::pair<std::string, std::string>> opaque_codes;

    [[nodiscard]] Id find_commodity(std::string_view name) const;
};

}  // namespace critmin
