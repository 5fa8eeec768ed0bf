// countries.csv (with groups) and governance.csv.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "io/csv.h"
#include "io/dataset_loader.h"

namespace critmin::io::detail {

void DatasetLoader::load_countries() {
    static constexpr ColumnSpec kColumns[] = {{"iso3", true},    {"name", true}, {"region", true},
                                              {"groups", false}, kSource,        kConfidence,
                                              kDerivation};
    const CsvFile file = read_table("countries.csv", true);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    std::set<std::string> seen;
    std::vector<std::pair<std::string, Id>> memberships;
    auto& c = ds_.countries;
    for (std::size_t r : t.rows()) {
        auto iso3 = t.required_text(r, "iso3");
        auto name = t.required_text(r, "name");
        auto region = t.required_text(r, "region");
        if (iso3) {
            const bool valid =
                iso3->size() == 3 && std::all_of(iso3->begin(), iso3->end(),
                                                 [](char ch) { return ch >= 'A' && ch <= 'Z'; });
            if (!valid) {
                t.error(r, "iso3",
                        fmt::format("'{}' is not an ISO3 code (three capital letters)",
                                    iso3->substr(0, 20)));
                iso3.reset();
            } else if (!unique(seen, *iso3, t, r, "iso3", "country " + *iso3)) {
                iso3.reset();
            }
        }
        auto prov = provenance(t, r);
        if (!prov || !iso3 || !name || !region) {
            rejected_.emplace(t.text(r, "iso3"));
            continue;
        }
        push(c.provenance, *prov);
        const Id id = static_cast<Id>(c.iso3.size());
        c.iso3.push_back(*iso3);
        c.name.push_back(*name);
        c.region.push_back(*region);
        for (auto& g : split_list(t.text(r, "groups"))) {
            if (!is_identifier(g)) {
                t.error(r, "groups",
                        fmt::format("group name '{}' is not a valid identifier", g.substr(0, 40)));
                continue;
            }
            memberships.emplace_back(std::move(g), id);
        }
    }
    // Groups in order of first appearance; members in file order.
    std::vector<std::pair<Id, Id>> pairs;
    for (const auto& [group, country] : memberships) {
        Id g = kNoId;
        for (std::size_t i = 0; i < ds_.groups.name.size(); ++i)
            if (ds_.groups.name[i] == group) g = static_cast<Id>(i);
        if (g == kNoId) {
            if (ds_.find_country(group) != kNoId || seen.count(group) != 0) {
                diagnostics_.add({file.path, 0, 0, ""},
                                 fmt::format("group '{}' has the same name as a country", group));
                continue;
            }
            g = static_cast<Id>(ds_.groups.name.size());
            ds_.groups.name.push_back(group);
        }
        pairs.emplace_back(g, country);
    }
    ds_.groups.members = Csr::build(ds_.groups.name.size(), pairs);
    ds_.index_names();
}

void DatasetLoader::load_governance() {
    std::vector<ColumnSpec> cols = {{"iso3", true}, {"year", true}};
    for (auto d : kWgiDimensions) cols.push_back({d, true});
    cols.insert(cols.end(), {kSource, kConfidence, kDerivation});
    const CsvFile file = read_table("governance.csv", false);
    TableReader t(file, cols, diagnostics_);
    if (!t.usable()) return;
    auto& g = ds_.governance;
    std::set<std::pair<Id, int>> seen;
    for (std::size_t r : t.rows()) {
        const Id country = country_ref(t, r, "iso3");
        auto year = t.year(r, "year");
        std::array<double, kWgiDimensions.size()> values{};
        bool ok = country != kNoId && year.has_value();
        for (std::size_t d = 0; d < kWgiDimensions.size(); ++d) {
            auto v = t.number(r, kWgiDimensions[d]);
            if (v && (*v < kWgiLowest || *v > kWgiHighest)) {
                t.error(r, kWgiDimensions[d],
                        fmt::format("{} is not a WGI estimate ({} to {})", *v, kWgiLowest,
                                    kWgiHighest));
                v.reset();
            }
            ok = ok && v.has_value();
            if (v) values[d] = *v;
        }
        auto prov = provenance(t, r);
        if (!ok || !prov) continue;
        if (!unique(seen, std::pair{country, *year}, t, r, "year",
                    fmt::format("governance row for {} in {}", ds_.countries.iso3[country], *year)))
            continue;
        g.country.push_back(country);
        g.year.push_back(*year);
        for (std::size_t d = 0; d < kWgiDimensions.size(); ++d) g.estimate[d].push_back(values[d]);
        push(g.provenance, *prov);
    }
}

}  // namespace critmin::io::detail
