#include "io/raw_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>

#include "io/csv.h"
#include "io/csv_stream.h"
#include "io/table.h"

namespace critmin::io {

CountryRegistry read_country_registry(const std::string& reference_dir) {
    namespace fs = std::filesystem;
    Diagnostics diagnostics;
    CountryRegistry reg;
    {
        const CsvFile file =
            read_csv((fs::path(reference_dir) / "countries.csv").string(), diagnostics);
        static constexpr ColumnSpec kColumns[] = {
            {"iso3", true}, {"numeric", false}, {"name", true}};
        TableReader t(file, kColumns, diagnostics);
        if (t.usable()) {
            for (std::size_t r : t.rows()) {
                const std::string iso3(t.text(r, "iso3"));
                if (iso3.size() != 3 || reg.index.count(iso3) != 0) {
                    t.error(r, "iso3", fmt::format("'{}' is not a new ISO3 code", iso3));
                    continue;
                }
                reg.index.emplace(iso3, static_cast<Id>(reg.iso3.size()));
                reg.iso3.push_back(iso3);
                reg.name.emplace_back(t.text(r, "name"));
            }
        }
    }
    {
        const CsvFile file =
            read_csv((fs::path(reference_dir) / "groups.csv").string(), diagnostics);
        static constexpr ColumnSpec kColumns[] = {{"group", true}, {"iso3", true}};
        TableReader t(file, kColumns, diagnostics);
        std::vector<std::pair<Id, Id>> pairs;
        if (t.usable()) {
            for (std::size_t r : t.rows()) {
                const std::string group(t.text(r, "group"));
                const Id country = reg.find(t.text(r, "iso3"));
                if (country == kNoId || group.empty()) {
                    t.error(r, "iso3", "unknown country or empty group");
                    continue;
                }
                auto [it, added] =
                    reg.group_index.emplace(group, static_cast<Id>(reg.group_name.size()));
                if (added) reg.group_name.push_back(group);
                pairs.emplace_back(it->second, country);
            }
        }
        reg.group_members = Csr::build(reg.group_name.size(), pairs);
    }
    if (!diagnostics.empty()) throw InvalidInput(std::move(diagnostics));
    return reg;
}

namespace {

// Looks up ISO3 codes through a table of all 26^3 three-letter codes: no hashing per row. A code
// outside the registry that looks like a code (letters, digits, '_', '-', '.', at most 16
// characters: R20, BACI's 'S19') becomes an opaque economy of its own, added to the registry.
class CodeTable {
  public:
    CodeTable(CountryRegistry& reg, std::vector<std::pair<std::string, std::string>>& opaque)
        : reg_(reg), opaque_(opaque), ids_(std::size_t{26} * 26 * 26, kNoId) {
        for (std::size_t i = 0; i < reg.size(); ++i) {
            const int slot = slot_of(reg.iso3[i]);
            if (slot >= 0) ids_[static_cast<std::size_t>(slot)] = static_cast<Id>(i);
        }
    }
    // kNoId: not a code at all. `where` names the cell for the warning.
    Id find(std::string_view code, const std::function<std::string()>& where) {
        const int slot = slot_of(code);
        if (slot >= 0 && ids_[static_cast<std::size_t>(slot)] != kNoId)
            return ids_[static_cast<std::size_t>(slot)];
        if (const Id id = reg_.find(code); id != kNoId) return id;
        if (!looks_like_code(code) || reg_.find(upper(code)) != kNoId) return kNoId;
        const auto id = static_cast<Id>(reg_.iso3.size());
        reg_.iso3.emplace_back(code);
        reg_.name.emplace_back(code);
        reg_.index.emplace(std::string(code), id);
        opaque_.emplace_back(std::string(code), where());
        return id;
    }

    static std::string upper(std::string_view code) {
        std::string u(code);
        for (char& c : u)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return u;
    }

  private:
    static bool looks_like_code(std::string_view code) {
        if (code.empty() || code.size() > 16) return false;
        return std::all_of(code.begin(), code.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-' || c == '.';
        });
    }
    static int slot_of(std::string_view code) {
        if (code.size() != 3) return -1;
        int slot = 0;
        for (char c : code) {
            if (c < 'A' || c > 'Z') return -1;
            slot = slot * 26 + (c - 'A');
        }
        return slot;
    }
    CountryRegistry& reg_;
    std::vector<std::pair<std::string, std::string>>& opaque_;
    std::vector<Id> ids_;
};

// One raw table being streamed: header lookup, typed fields, capped problem list.
class RawTable {
  public:
    RawTable(const std::string& path, std::initializer_list<std::string_view> required,
             Diagnostics& diagnostics)
        : stream_(path, diagnostics), diagnostics_(diagnostics) {
        if (!stream_.next()) {
            if (!stream_.failed())
                diagnostics_.add({path, 1, 1, ""}, "the file is empty; a header row is required");
            usable_ = false;
            return;
        }
        for (const auto f : stream_.fields()) header_.emplace_back(f);
        for (const auto name : required) {
            if (std::find(header_.begin(), header_.end(), name) == header_.end()) {
                std::string have;
                for (const auto& h : header_) have += (have.empty() ? "" : ", ") + h;
                diagnostics_.add(
                    {path, 1, 0, ""},
                    fmt::format("required column '{}' is missing (the header has {})", name, have));
                usable_ = false;
            }
        }
    }

    [[nodiscard]] bool usable() const { return usable_; }
    [[nodiscard]] int column(std::string_view name) const {
        for (std::size_t i = 0; i < header_.size(); ++i)
            if (header_[i] == name) return static_cast<int>(i);
        return -1;
    }

    // Next row with the header's field count; false at the end or when too many problems.
    bool next() {
        while (usable_ && problems_ < kMaxProblemsPerFile && stream_.next()) {
            if (stream_.fields().size() == header_.size()) return true;
            error(0, fmt::format("this row has {} fields but the header has {}",
                                 stream_.fields().size(), header_.size()));
        }
        if (problems_ >= kMaxProblemsPerFile) {
            diagnostics_.add({stream_.path(), 0, 0, ""},
                             fmt::format("more than {} problems; the rest of the file was not read",
                                         kMaxProblemsPerFile));
        }
        return false;
    }

    [[nodiscard]] std::string_view field(int c) const {
        return stream_.fields()[static_cast<std::size_t>(c)];
    }
    [[nodiscard]] std::uint64_t line() const { return stream_.line(); }

    void error(int c, std::string message) {
        ++problems_;
        diagnostics_.add(stream_.where(static_cast<std::size_t>(std::max(c, 0))),
                         std::move(message));
        if (c < 0) return;
    }

    Id country(int c, CodeTable& codes) {
        const std::string_view code = field(c);
        const Id id = codes.find(code, [&] {
            const Location at = stream_.where(static_cast<std::size_t>(c));
            return fmt::format("{}:{}:{}", at.file, at.line, at.column);
        });
        if (id == kNoId && code.size() == 3 && CodeTable::upper(code) != code)
            error(c, fmt::format("'{}' is not a country code: ISO 3166 codes are upper case ({})",
                                 code, CodeTable::upper(code)));
        else if (id == kNoId)
            error(c, fmt::format("'{}' is not a country code (an ISO 3166 alpha-3 code such as "
                                 "JPN, or a code of the source's own: letters, digits, '_', '-', "
                                 "'.')",
                                 code.substr(0, 40)));
        return id;
    }

    std::optional<int> year(int c) {
        const std::string_view s = field(c);
        int value = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < 1900 ||
            value > 2200) {
            error(c, fmt::format("'{}' is not a year between 1900 and 2200", s.substr(0, 40)));
            return std::nullopt;
        }
        return value;
    }

    // A finite number; `non_negative` rejects values below zero.
    std::optional<double> number(int c, std::string_view what, bool non_negative) {
        std::string_view s = field(c);
        double value = 0;
        const char* first = s.data();
        if (!s.empty() && s[0] == '+') ++first;
        const auto [end, ec] = std::from_chars(first, s.data() + s.size(), value);
        if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
            error(c, s.empty() ? fmt::format("'{}' is empty; a number is required", what)
                               : fmt::format("'{}' is not a number", s.substr(0, 40)));
            return std::nullopt;
        }
        if (non_negative && value < 0) {
            error(c, fmt::format("{} is negative; '{}' must be zero or more", s, what));
            return std::nullopt;
        }
        if (non_negative && value > kLargestQuantity) {
            error(c, fmt::format("{} is larger than any real quantity (at most {:g}); sums of such "
                                 "numbers overflow",
                                 s.substr(0, 40), kLargestQuantity));
            return std::nullopt;
        }
        return value;
    }

  private:
    CsvStream stream_;
    Diagnostics& diagnostics_;
    std::vector<std::string> header_;
    bool usable_ = true;
    std::size_t problems_ = 0;
};

class Interner {
  public:
    explicit Interner(std::vector<std::string>& names) : names_(names) {}
    Id get(std::string_view name) {
        if (last_ != kNoId && names_[last_] == name) return last_;
        auto it = index_.find(std::string(name));
        if (it == index_.end()) {
            it = index_.emplace(std::string(name), static_cast<Id>(names_.size())).first;
            names_.emplace_back(name);
        }
        last_ = it->second;
        return last_;
    }

  private:
    std::vector<std::string>& names_;
    std::unordered_map<std::string, Id> index_;
    Id last_ = kNoId;
};

void read_production(const std::string& path, CodeTable& codes, Interner& commodities,
                     RawTables& out, Diagnostics& diagnostics) {
    RawTable t(path, {"country", "commodity", "year", "quantity"}, diagnostics);
    if (!t.usable()) return;
    const int cc = t.column("country"), ck = t.column("commodity"), cy = t.column("year"),
              cq = t.column("quantity");
    std::map<std::tuple<Id, Id, int>, std::uint64_t> seen;
    while (t.next()) {
        const Id country = t.country(cc, codes);
        if (t.field(ck).empty()) t.error(ck, "'commodity' is empty");
        auto year = t.year(cy);
        auto quantity = t.number(cq, "quantity", true);
        if (country == kNoId || t.field(ck).empty() || !year || !quantity) continue;
        const Id commodity = commodities.get(t.field(ck));
        auto [it, added] = seen.emplace(std::tuple{country, commodity, *year}, t.line());
        if (!added) {
            t.error(cc, fmt::format("duplicate row: {} {} {} is already on line {}",
                                    out.countries.iso3[country], t.field(ck), *year, it->second));
            continue;
        }
        out.production.country.push_back(country);
        out.production.commodity.push_back(commodity);
        out.production.year.push_back(*year);
        out.production.quantity.push_back(*quantity);
    }
}

void read_trade(const std::string& path, CodeTable& codes, Interner& commodities, RawTables& out,
                Diagnostics& diagnostics) {
    RawTable t(path, {"exporter", "importer", "commodity", "year", "quantity", "value"},
               diagnostics);
    if (!t.usable()) return;
    const int ce = t.column("exporter"), ci = t.column("importer"), ck = t.column("commodity"),
              cy = t.column("year"), cq = t.column("quantity"), cv = t.column("value");
    auto& flows = out.trade.flows;
    while (t.next()) {
        const Id exporter = t.country(ce, codes);
        const Id importer = t.country(ci, codes);
        if (t.field(ck).empty()) t.error(ck, "'commodity' is empty");
        auto year = t.year(cy);
        auto quantity = t.number(cq, "quantity", true);
        auto value = t.number(cv, "value", true);
        if (exporter == kNoId || importer == kNoId || t.field(ck).empty() || !year || !quantity ||
            !value)
            continue;
        if (exporter == importer) {
            t.error(ce, fmt::format("exporter and importer are both {}; a country does not trade "
                                    "with itself",
                                    out.countries.iso3[exporter]));
            continue;
        }
        const Id commodity = commodities.get(t.field(ck));
        flows.push_back({RawTrade::make_key(commodity, *year, importer, exporter), *quantity,
                         *value, t.line()});
    }
    // Sorting by key (then line) puts duplicates side by side and fixes the order of every sum.
    std::sort(flows.begin(), flows.end(), [](const TradeFlow& a, const TradeFlow& b) {
        return a.key != b.key ? a.key < b.key : a.line < b.line;
    });
    std::size_t reported = 0;
    for (std::size_t i = 1; i < flows.size() && reported < kMaxProblemsPerFile; ++i) {
        if (flows[i].key != flows[i - 1].key) continue;
        const auto k = flows[i].key;
        diagnostics.add({path, static_cast<std::uint32_t>(flows[i].line), 1, ""},
                        fmt::format("duplicate row: {} to {}, {} {} is already on line {}",
                                    out.countries.iso3[RawTrade::exporter_of(k)],
                                    out.countries.iso3[RawTrade::importer_of(k)],
                                    out.commodities[RawTrade::commodity_of(k)],
                                    RawTrade::year_of(k), flows[i - 1].line));
        ++reported;
    }
}

void read_wgi(const std::string& path, CodeTable& codes, RawTables& out, Diagnostics& diagnostics) {
    RawTable t(path, {"iso3", "year"}, diagnostics);
    if (!t.usable()) return;
    std::array<int, kWgiDimensions.size()> dims{};
    bool any = false;
    for (std::size_t d = 0; d < dims.size(); ++d) {
        dims[d] = t.column(kWgiDimensions[d]);
        any = any || dims[d] >= 0;
    }
    if (!any) {
        diagnostics.add({path, 1, 0, ""},
                        "no WGI dimension column; give at least 'political_stability'");
        return;
    }
    const int cc = t.column("iso3"), cy = t.column("year");
    std::map<std::uint64_t, std::uint64_t> seen;
    while (t.next()) {
        const Id country = t.country(cc, codes);
        auto year = t.year(cy);
        std::array<double, kWgiDimensions.size()> values;
        values.fill(std::nan(""));
        bool ok = country != kNoId && year.has_value();
        for (std::size_t d = 0; d < dims.size(); ++d) {
            if (dims[d] < 0 || t.field(dims[d]).empty()) continue;  // missing: treated later
            auto v = t.number(dims[d], kWgiDimensions[d], false);
            if (v && (*v < kWgiLowest || *v > kWgiHighest)) {
                t.error(dims[d], fmt::format("{} is not a WGI estimate ({} to {})", *v, kWgiLowest,
                                             kWgiHighest));
                v.reset();
            }
            if (!v)
                ok = false;
            else
                values[d] = *v;
        }
        if (!ok) continue;
        const auto key = RawGovernance::make_key(country, *year);
        auto [it, added] = seen.emplace(key, t.line());
        if (!added) {
            t.error(cc, fmt::format("duplicate row: {} {} is already on line {}",
                                    out.countries.iso3[country], *year, it->second));
            continue;
        }
        out.governance.estimate.emplace(key, values);
    }
}

}  // namespace

RawTables read_raw_tables(const RawTablePaths& paths, CountryRegistry countries,
                          Diagnostics& diagnostics) {
    RawTables out;
    out.countries = std::move(countries);
    CodeTable codes(out.countries, out.opaque_codes);
    Interner commodities(out.commodities);
    if (!paths.production.empty())
        read_production(paths.production, codes, commodities, out, diagnostics);
    if (!paths.trade.empty()) read_trade(paths.trade, codes, commodities, out, diagnostics);
    if (!paths.wgi.empty()) read_wgi(paths.wgi, codes, out, diagnostics);
    return out;
}

}  // namespace critmin::io
