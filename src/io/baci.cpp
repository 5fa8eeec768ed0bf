#include "io/baci.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "io/csv.h"
#include "io/csv_stream.h"

namespace critmin::io {

namespace {

// BACI writes some territories with codes that are not ISO 3166; the ones with a clear ISO
// equivalent are mapped (S19, "Other Asia, nes", is Taiwan in CEPII's documentation).
const std::map<std::string, std::string, std::less<>> baci_aliases = {{"S19", "TWN"}};

template <typename T>
bool parse_number(std::string_view s, T& out) {
    if (s.empty()) return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

struct Header {
    std::vector<std::string> names;
    int find(std::string_view name) const {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == name) return static_cast<int>(i);
        return -1;
    }
};

bool read_header(CsvStream& s, Header& h, std::initializer_list<std::string_view> required,
                 Diagnostics& diagnostics) {
    if (!s.next()) {
        if (!s.failed())
            diagnostics.add({s.path(), 1, 1, ""}, "the file is empty; a header row is required");
        return false;
    }
    for (auto f : s.fields()) {
        std::string name(f);
        // BACI headers are sometimes quoted or padded.
        name.erase(std::remove(name.begin(), name.end(), ' '), name.end());
        h.names.push_back(name);
    }
    bool ok = true;
    for (auto r : required) {
        if (h.find(r) < 0) {
            diagnostics.add({s.path(), 1, 0, ""},
                            fmt::format("required column '{}' is missing", r));
            ok = false;
        }
    }
    return ok;
}

// BACI numeric code -> registry id (kNoId for codes without an ISO3 we know), and the ISO3 (or
// alias) BACI gives each code, to name dropped codes in the summary.
struct CountryCodes {
    std::unordered_map<int, Id> country;
    std::unordered_map<int, std::string> name;
};

CountryCodes read_country_codes(const std::string& path, const CountryRegistry& registry,
                                Diagnostics& diagnostics) {
    CountryCodes codes;
    CsvStream s(path, diagnostics);
    Header h;
    if (!read_header(s, h, {"country_code"}, diagnostics)) return codes;
    int iso = h.find("country_iso3");
    if (iso < 0) iso = h.find("iso_3digit_alpha");
    if (iso < 0) {
        diagnostics.add({s.path(), 1, 0, ""},
                        "no ISO3 column: expected 'country_iso3' (BACI 2024) or "
                        "'iso_3digit_alpha' (earlier releases)");
        return codes;
    }
    const int cc = h.find("country_code");
    while (s.next()) {
        if (s.fields().size() != h.names.size()) {
            diagnostics.add(s.where(0), "this row has the wrong number of fields");
            continue;
        }
        int code = 0;
        if (!parse_number(s.fields()[static_cast<std::size_t>(cc)], code)) {
            diagnostics.add(s.where(static_cast<std::size_t>(cc)),
                            "the country code is not a number");
            continue;
        }
        std::string iso3(s.fields()[static_cast<std::size_t>(iso)]);
        if (auto a = baci_aliases.find(iso3); a != baci_aliases.end()) iso3 = a->second;
        codes.country[code] = registry.find(iso3);
        codes.name[code] = iso3;
    }
    return codes;
}

// HS6 code -> commodity, from exact codes and prefixes of the map; the longest prefix wins
// ("284690" beats "2846").
class CommodityMatcher {
  public:
    std::vector<std::string> names;

    void add(std::string prefix, const std::string& name) {
        auto it = std::find(names.begin(), names.end(), name);
        const auto id = static_cast<Id>(it - names.begin());
        if (it == names.end()) names.push_back(name);
        prefixes_.emplace_back(std::move(prefix), id);
    }
    void finish() {
        std::sort(prefixes_.begin(), prefixes_.end(),
                  [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    }
    Id operator()(int hs6) {
        auto it = cache_.find(hs6);
        if (it != cache_.end()) return it->second;
        const std::string code = fmt::format("{:06d}", hs6);
        Id found = kNoId;
        for (const auto& [prefix, id] : prefixes_) {
            if (code.compare(0, prefix.size(), prefix) == 0) {
                found = id;
                break;
            }
        }
        cache_.emplace(hs6, found);
        return found;
    }

  private:
    std::vector<std::pair<std::string, Id>> prefixes_;
    std::unordered_map<int, Id> cache_;  // HS6 -> commodity or kNoId
};

CommodityMatcher read_hs_map(const std::string& path, Diagnostics& diagnostics) {
    CommodityMatcher matcher;
    CsvStream s(path, diagnostics);
    Header h;
    if (!read_header(s, h, {"hs_code", "commodity"}, diagnostics)) return matcher;
    const int ch = h.find("hs_code"), cm = h.find("commodity");
    while (s.next()) {
        if (s.fields().size() != h.names.size()) {
            diagnostics.add(s.where(0), "this row has the wrong number of fields");
            continue;
        }
        std::string code(s.fields()[static_cast<std::size_t>(ch)]);
        code.erase(std::remove(code.begin(), code.end(), '.'), code.end());
        const bool digits =
            !code.empty() && code.size() <= 6 &&
            std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
        const std::string name(s.fields()[static_cast<std::size_t>(cm)]);
        if (!digits || code.size() < 2) {
            diagnostics.add(
                s.where(static_cast<std::size_t>(ch)),
                fmt::format("'{}' is not an HS code of 2 to 6 digits", code.substr(0, 20)));
            continue;
        }
        if (name.empty()) {
            diagnostics.add(s.where(static_cast<std::size_t>(cm)), "'commodity' is empty");
            continue;
        }
        matcher.add(std::move(code), name);
    }
    matcher.finish();
    return matcher;
}

// Reads one BACI file (columns t,i,j,k,v,q) and appends the mapped rows with known countries
// to `flows`. Stops after 200 problems.
void read_baci_file(const std::string& path, const CountryCodes& codes,
                    CommodityMatcher& commodity_of, std::vector<TradeFlow>& flows,
                    BaciSummary& summary, Diagnostics& diagnostics) {
    CsvStream s(path, diagnostics);
    Header h;
    if (!read_header(s, h, {"t", "i", "j", "k", "v", "q"}, diagnostics)) return;
    const auto ct = static_cast<std::size_t>(h.find("t")),
               ci = static_cast<std::size_t>(h.find("i")),
               cj = static_cast<std::size_t>(h.find("j")),
               ck = static_cast<std::size_t>(h.find("k")),
               cv = static_cast<std::size_t>(h.find("v")),
               cq = static_cast<std::size_t>(h.find("q"));
    std::size_t problems = 0;
    while (problems < 200 && s.next()) {
        ++summary.rows_read;
        const auto& f = s.fields();
        if (f.size() != h.names.size()) {
            diagnostics.add(s.where(0), "this row has the wrong number of fields");
            ++problems;
            continue;
        }
        int year = 0, exporter = 0, importer = 0, hs6 = 0;
        double value = 0, quantity = 0;
        const std::size_t bad =
            !parse_number(f[ct], year) || year < 1900 || year > 2200                ? ct
            : !parse_number(f[ci], exporter)                                        ? ci
            : !parse_number(f[cj], importer)                                        ? cj
            : !parse_number(f[ck], hs6) || hs6 < 0                                  ? ck
            : !parse_number(f[cv], value) || !(value >= 0) || !std::isfinite(value) ? cv
                                                                                    : SIZE_MAX;
        if (bad != SIZE_MAX) {
            diagnostics.add(s.where(bad), fmt::format("'{}' is not a valid value for column '{}'",
                                                      f[bad].substr(0, 40), h.names[bad]));
            ++problems;
            continue;
        }
        const Id commodity = commodity_of(hs6);
        if (commodity == kNoId) continue;
        // BACI leaves q empty or "NA" where the quantity is unknown: such rows cannot enter
        // a quantity-weighted index.
        if (!parse_number(f[cq], quantity) || !(quantity >= 0) || !std::isfinite(quantity)) {
            ++summary.rows_without_quantity;
            continue;
        }
        auto e = codes.country.find(exporter), i = codes.country.find(importer);
        const bool known_exporter = e != codes.country.end() && e->second != kNoId;
        const bool known_importer = i != codes.country.end() && i->second != kNoId;
        if (!known_exporter || !known_importer) {
            const int unknown = known_exporter ? importer : exporter;
            auto n = codes.name.find(unknown);
            ++summary.unknown_codes[n == codes.name.end() ? std::to_string(unknown) : n->second];
            continue;
        }
        if (e->second == i->second) continue;
        ++summary.rows_kept;
        flows.push_back(
            {RawTrade::make_key(commodity, year, i->second, e->second), quantity, value, 0});
    }
    if (problems >= 200)
        diagnostics.add({path, 0, 0, ""}, "more than 200 problems; the rest was not read");
}

// Sums the flows per (exporter, importer, commodity, year) into the trade CSV text.
std::string trade_csv(std::vector<TradeFlow>& flows, const CountryRegistry& registry,
                      const std::vector<std::string>& commodity_names, BaciSummary& summary) {
    std::sort(flows.begin(), flows.end(),
              [](const TradeFlow& a, const TradeFlow& b) { return a.key < b.key; });
    std::string out = "exporter,importer,commodity,year,quantity,value\n";
    for (std::size_t a = 0; a < flows.size();) {
        std::size_t b = a;
        double q = 0, v = 0;
        for (; b < flows.size() && flows[b].key == flows[a].key; ++b) {
            q += flows[b].quantity;
            v += flows[b].value;
        }
        const auto k = flows[a].key;
        out += fmt::format("{},{},{},{},{},{}\n", registry.iso3[RawTrade::exporter_of(k)],
                           registry.iso3[RawTrade::importer_of(k)],
                           csv_escape(commodity_names[RawTrade::commodity_of(k)]),
                           RawTrade::year_of(k), q, v);
        ++summary.flows_written;
        a = b;
    }
    return out;
}

}  // namespace

std::string import_baci(const BaciImport& request, const CountryRegistry& registry,
                        BaciSummary& summary, Diagnostics& diagnostics) {
    const CountryCodes codes = read_country_codes(request.country_codes, registry, diagnostics);
    CommodityMatcher commodity_of = read_hs_map(request.hs_map, diagnostics);
    if (!diagnostics.empty()) return {};
    std::vector<TradeFlow> flows;
    for (const auto& path : request.baci_files)
        read_baci_file(path, codes, commodity_of, flows, summary, diagnostics);
    if (!diagnostics.empty()) return {};
    return trade_csv(flows, registry, commodity_of.names, summary);
}

}  // namespace critmin::io
