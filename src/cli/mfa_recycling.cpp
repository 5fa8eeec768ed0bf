// `critmin mfa recycling`: secondary Nd, Pr, Dy and Tb from magnets reaching end of life, by region
// and year, against each region's demand and primary imports (docs/mfa.md, M11-M15).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <set>

#include "cli/commands.h"
#include "cli/selection.h"
#include "core/error.h"
#include "io/file.h"
#include "io/loader.h"
#include "mfa/magnet_reader.h"

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;

// Which dataset countries a region stands for: the country itself, a group's members (EUU is
// the EU), or for ROW everything not in another region.
std::vector<bool> region_countries(const Dataset& ds, const std::string& region,
                                   const std::vector<std::string>& all_regions) {
    std::vector<bool> member(ds.countries.size(), false);
    auto mark = [&](const std::string& name, std::vector<bool>& m) {
        if (const Id c = ds.find_country(name); c != kNoId) m[c] = true;
        const std::string group = name == "EUU" ? "EU" : name;
        if (const Id g = ds.find_group(group); g != kNoId)
            for (Id c : ds.groups.members.row(g)) m[c] = true;
    };
    if (region != "ROW") {
        mark(region, member);
        return member;
    }
    std::vector<bool> named(ds.countries.size(), false);
    for (const auto& r : all_regions)
        if (r != "ROW") mark(r, named);
    for (std::size_t c = 0; c < member.size(); ++c) member[c] = !named[c];
    return member;
}

// Tonnes of an element made from primary sources (separation output x element content) by the
// region's producers in the dataset's base year.
double primary_supply(const Dataset& ds, const std::vector<bool>& countries,
                      const std::string& element) {
    double tonnes = 0;
    const int year = ds.manifest.base_year;
    for (std::size_t r = 0; r < ds.production.size(); ++r) {
        const Id commodity = ds.production.commodity[r];
        if (ds.production.year[r] != year || ds.commodities.stage[commodity] != Stage::separation)
            continue;
        const Id node = ds.producers.node[ds.production.producer[r]];
        if (!countries[ds.nodes.country[node]]) continue;
        // Recycled oxide is not primary supply.
        if (ds.producers.process[ds.production.producer[r]] == kNoId) continue;
        for (std::size_t e = 0; e < ds.element_content.size(); ++e)
            if (ds.element_content.commodity[e] == commodity &&
                ds.element_content.element[e] == element)
                tonnes += ds.production.quantity[r] * ds.element_content.kg_per_unit[e] / 1000.0;
    }
    return tonnes;
}

}  // namespace

Report run_mfa_recycling(const MfaRecyclingOptions& options) {
    const std::string dir = options.mfa_data.empty()
                                ? (std::filesystem::path(default_data_root()) / "mfa").string()
                                : options.mfa_data;
    const mfa::MagnetSystem system = mfa::read_magnet_system(dir);
    std::optional<mfa::RecyclingScenario> scenario;
    if (!options.scenario.empty())
        scenario = mfa::read_recycling_scenario(options.scenario, system);
    const Dataset ds =
        io::load_dataset(options.dataset.empty() ? default_dataset_dir() : options.dataset);

    const auto rows = mfa::project_recycling(system, scenario ? &*scenario : nullptr);
    // Primary supply of each element by region (constant at the dataset's base year).
    std::map<std::pair<std::string, std::string>, double> primary;
    for (const auto& region : system.regions) {
        const auto countries = region_countries(ds, region, system.regions);
        for (const char* e : mfa::kMagnetElements)
            primary[{region, e}] = primary_supply(ds, countries, e);
    }
    std::set<int> years;
    for (const auto& y : options.years) years.insert(y);
    std::set<std::string> regions(options.regions.begin(), options.regions.end());

    Report report;
    report.command = "mfa recycling";
    report.title =
        fmt::format("critmin mfa recycling: {} products x {} regions, {}-{}, scenario {}",
                    system.products.size(), system.regions.size(), system.first_year,
                    scenario ? scenario->horizon : system.last_year,
                    scenario ? scenario->name : std::string("none (today's collection rates)"));
    for (const auto& r : rows) {
        if (!years.empty() && years.count(r.year) == 0) continue;
        if (!regions.empty() && regions.count(r.region) == 0) continue;
        const double own = primary[{r.region, r.element}];
        const double need = mfa::primary_import_need(r.inflow, own);  // M15
        const std::optional<double> share = mfa::share_of_imports(r.recovered, r.inflow, own);
        report.rows.push_back(Json{{"region", r.region},
                                   {"year", r.year},
                                   {"element", r.element},
                                   {"demand", r.inflow},
                                   {"stock", r.stock},
                                   {"end_of_life", r.end_of_life},
                                   {"collected", r.collected},
                                   {"recoverable", r.recoverable},
                                   {"recovered", r.recovered},
                                   {"share_of_demand", r.share_of_demand},
                                   {"primary_import_need", need},
                                   {"share_of_imports", share ? Json(*share) : Json(nullptr)}});
    }
    report.extra["scenario"] = scenario ? Json(scenario->name) : Json(nullptr);
    report.extra["mfa_data"] = dir;
    report.notes =
        "Tonnes of element. demand: in new magnets entering use; recovered: after collection, "
        "route yields and regional recycling capacity; primary_import_need: demand less the "
        "region's primary separation output in the dataset's base year (docs/mfa.md M11-M15).\n";

    if (!options.out_producers.empty()) {
        // Recovered oxide by region and year as recycling producers with a capacity per year,
        // for the simulation and planning engines (docs/mfa.md, "Writing back").
        struct OxideMap {
            const char* commodity;
            std::vector<std::string> elements;
        };
        const OxideMap oxides[] = {
            {"ndpr_oxide", {"Nd", "Pr"}}, {"dy_oxide", {"Dy"}}, {"tb_oxide", {"Tb"}}};
        std::string csv = "producer,country,commodity,year,capacity,source,confidence,derivation\n";
        for (const auto& ox : oxides) {
            const Id commodity = ds.find_commodity(ox.commodity);
            double content = 0;  // t element per t oxide
            for (std::size_t e = 0; e < ds.element_content.size(); ++e)
                if (ds.element_content.commodity[e] == commodity &&
                    std::find(ox.elements.begin(), ox.elements.end(),
                              ds.element_content.element[e]) != ox.elements.end())
                    content += ds.element_content.kg_per_unit[e] / 1000.0;
            if (commodity == kNoId || content <= 0) continue;
            for (const auto& region : system.regions) {
                for (const auto& r : rows) {
                    if (r.region != region || r.element != ox.elements.front()) continue;
                    double recovered = 0;
                    for (const auto& q : rows)
                        if (q.region == region && q.year == r.year &&
                            std::find(ox.elements.begin(), ox.elements.end(), q.element) !=
                                ox.elements.end())
                            recovered += q.recovered;
                    csv += fmt::format(
                        "{}.recycling.magnets,{},{},{},{},critmin-mfa,estimated,\"critmin mfa "
                        "recycling{}: recovered {} / {} t element per t oxide\"\n",
                        region, region, ox.commodity, r.year, recovered / content,
                        scenario ? ", scenario " + scenario->name : std::string(),
                        fmt::join(ox.elements, "+"), content);
                }
            }
        }
        io::write_file_atomic(options.out_producers, csv);
    }
    return report;
}

}  // namespace critmin::cli
