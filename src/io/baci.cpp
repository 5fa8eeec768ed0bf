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

}  // namespace

std::string import_baci(const BaciImport& request, const CountryRegistry& registry,
                        BaciSummary& summary, Diagnostics& diagnostics) {
    // BACI numeric code -> registry id (kNoId for codes without an ISO3 we know).
    std::unordered_map<int, Id> country;
    std::unordered_map<int, std::string> code_name;
    {
        CsvStream s(request.country_codes, diagnostics);
        Header h;
        if (read_header(s, h, {"country_code"}, diagnostics)) {
            int iso = h.find("country_iso3");
            if (iso < 0) iso = h.find("iso_3digit_alpha");
            if (iso < 0) {
                diagnostics.add({s.path(), 1, 0, ""},
                                "no ISO3 column: expected 'country_iso3' (BACI 2024) or "
                                "'iso_3digit_alpha' (earlier releases)");
            } else {
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
                    country[code] = registry.find(iso3);
                    code_name[code] = iso3;
                }
            }
        }
    }
    // HS6 code -> commodity, from exact codes and prefixes.
    std::vector<std::string> commodity_names;
    std::vector<std::pair<std::string, Id>> prefixes;
    {
        CsvStream s(request.hs_map, diagnostics);
        Header h;
        if (read_header(s, h, {"hs_code", "commodity"}, diagnostics)) {
            const int ch = h.find("hs_code"), cm = h.find("commodity");
            while (s.next()) {
                if (s.fields().size() != h.names.size()) {
                    diagnostics.add(s.where(0), "this row has the wrong number of fields");
                    continue;
                }
                std::string code(s.fields()[static_cast<std::size_t>(ch)]);
                code.erase(std::remove(code.begin(), code.end(), '.'), code.end());
                const bool digits = !code.empty() && code.size() <= 6 &&
                                    std::all_of(code.begin(), code.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
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
                auto it = std::find(commodity_names.begin(), commodity_names.end(), name);
                const auto id = static_cast<Id>(it - commodity_names.begin());
                if (it == commodity_names.end()) commodity_names.push_back(name);
                prefixes.emplace_back(code, id);
            }
        }
    }
    if (!diagnostics.empty()) return {};
    // Longest prefix wins: "284690" beats "2846".
    std::sort(prefixes.begin(), prefixes.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    std::unordered_map<int, Id> product_cache;  // HS6 -> commodity or kNoId
    auto commodity_of = [&](int hs6) {
        auto it = product_cache.find(hs6);
        if (it != product_cache.end()) return it->second;
        const std::string code = fmt::format("{:06d}", hs6);
        Id found = kNoId;
        for (const auto& [prefix, id] : prefixes) {
            if (code.compare(0, prefix.size(), prefix) == 0) {
                found = id;
                break;
            }
        }
        product_cache.emplace(hs6, found);
        return found;
    };

    std::vector<TradeFlow> flows;
    for (const auto& path : request.baci_files) {
        CsvStream s(path, diagnostics);
        Header h;
        if (!read_header(s, h, {"t", "i", "j", "k", "v", "q"}, diagnostics)) continue;
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
                diagnostics.add(s.where(bad),
                                fmt::format("'{}' is not a valid value for column '{}'",
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
            auto e = country.find(exporter), i = country.find(importer);
            if (e == country.end() || i == country.end() || e->second == kNoId ||
                i->second == kNoId) {
                const int unknown =
                    (e == country.end() || e->second == kNoId) ? exporter : importer;
                auto n = code_name.find(unknown);
                ++summary.unknown_codes[n == code_name.end() ? std::to_string(unknown) : n->second];
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
    if (!diagnostics.empty()) return {};
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

}  // namespace critmin::io
