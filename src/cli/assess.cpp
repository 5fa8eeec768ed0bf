// `critmin assess`: concentration by commodity and stage, and an economy's exposure.
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "cli/commands.h"
#include "cli/in_memory.h"
#include "cli/selection.h"
#include "core/error.h"
#include "indices/concentration.h"
#include "indices/dataset_tables.h"
#include "indices/eu_method.h"
#include "indices/eu_reader.h"
#include "indices/geopolrisk.h"
#include "indices/lookthrough.h"
#include "indices/trade.h"
#include "io/loader.h"

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;

Json share_object(const Dataset& ds, const std::vector<Id>& country,
                  const std::vector<double>& share) {
    Json out = Json::object();
    for (std::size_t i = 0; i < country.size(); ++i) out[ds.countries.iso3[country[i]]] = share[i];
    return out;
}

// A4a: the sign of net trade, which `import_reliance` (floored at 0) no longer carries.
void add_net_trade(Json& row, const indices::TradeExposure& trade) {
    row["import_reliance_signed"] = number_or_null(trade.signed_import_reliance);  // A4
    row["net_imports"] = number_or_null(trade.net_imports);
    row["net_exporter"] = trade.net_exporter;
}

// What the A1 shares (and so the A2 HHI) of a production row divide by. The GeoPolRisk rows of
// the same commodity divide by the sum of producers instead (G1), so their HHI differs.
std::string concentration_denominator(const Dataset& ds, const indices::Concentration& conc) {
    const std::string& unit = ds.commodities.unit[conc.commodity];
    if (conc.world_total > 0 && conc.denominator == conc.world_total)
        return fmt::format("world total ({})", unit);
    return fmt::format("sum of producers ({})", unit);
}

// The commodities to assess, in stage order then file order.
std::vector<Id> select_commodities(const Dataset& ds, const AssessOptions& options, int year) {
    std::vector<Id> out;
    if (!options.commodities.empty() &&
        !(options.commodities.size() == 1 && options.commodities[0] == "all")) {
        for (const auto& name : options.commodities) {
            const Id c = ds.find_commodity(name);
            if (c == kNoId) {
                std::string known;
                for (const auto& id : ds.commodities.id) known += (known.empty() ? "" : ", ") + id;
                throw Error(ErrorKind::usage,
                            fmt::format("unknown commodity '{}'; the dataset has {}", name, known));
            }
            out.push_back(c);
        }
        return out;
    }
    std::set<Id> produced;
    for (std::size_t r = 0; r < ds.production.size(); ++r)
        if (ds.production.year[r] == year) produced.insert(ds.production.commodity[r]);
    for (std::size_t s = 0; s < kStageCount; ++s)
        for (Id c = 0; c < ds.commodities.size(); ++c)
            if (static_cast<std::size_t>(ds.commodities.stage[c]) == s && produced.count(c) != 0)
                out.push_back(c);
    return out;
}

void add_concentration_rows(Report& report, const Dataset& ds, const AssessOptions& options,
                            const std::optional<indices::Economy>& economy, int year,
                            std::set<Id>& sources) {
    for (Id c : select_commodities(ds, options, year)) {
        const auto conc = indices::production_concentration(ds, c, year);
        Json row = Json::object();
        row["view"] = "production";
        row["commodity"] = ds.commodities.id[c];
        row["stage"] = to_string(ds.commodities.stage[c]);
        row["year"] = year;
        row["unit"] = ds.commodities.unit[c];
        row["production"] = conc.attributed;
        row["world_total"] = number_or_null(conc.world_total);
        row["hhi"] = conc.hhi;
        row["top3_share"] = conc.top3;
        row["largest"] =
            conc.country.empty() ? Json(nullptr) : Json(ds.countries.iso3[conc.country[0]]);
        row["largest_share"] = conc.share.empty() ? Json(nullptr) : Json(conc.share[0]);
        row["unattributed_share"] = conc.unattributed_share();
        row["shares"] = share_object(ds, conc.country, conc.share);
        if (economy) {
            const auto trade = indices::trade_exposure(ds, *economy, c, year);
            row["economy"] = economy->name;
            row["economy_production"] = trade.production;
            row["imports"] = trade.imports;
            row["exports"] = trade.exports;
            row["import_reliance"] = number_or_null(trade.import_reliance);  // A4a, never < 0
            row["import_sources"] = share_object(ds, trade.source_country, trade.source_share);
            add_net_trade(row, trade);
        }
        row["hhi_denominator"] = concentration_denominator(ds, conc);
        report.rows.push_back(std::move(row));
        for (std::size_t r = 0; r < ds.production.size(); ++r)
            if (ds.production.commodity[r] == c && ds.production.year[r] == year)
                sources.insert(ds.production.provenance.source[r]);
    }
    if (economy) {
        for (const auto& d : indices::lookthrough_dependence(ds, *economy, year)) {
            Json row = Json::object();
            row["view"] = "lookthrough";
            row["economy"] = economy->name;
            row["end_use"] = to_string(d.end_use);
            row["commodity"] = ds.commodities.id[d.commodity];
            row["stage"] = to_string(d.stage);
            row["year"] = year;
            row["demand"] = d.quantity;
            row["hhi"] = indices::hhi(d.share);
            row["top3_share"] = indices::top_n_share(d.share, 3);
            row["largest"] =
                d.country.empty() ? Json(nullptr) : Json(ds.countries.iso3[d.country[0]]);
            row["largest_share"] = d.share.empty() ? Json(nullptr) : Json(d.share[0]);
            row["unattributed_share"] = d.unattributed;
            row["shares"] = share_object(ds, d.country, d.share);
            report.rows.push_back(std::move(row));
        }
        for (std::size_t r = 0; r < ds.flows.size(); ++r)
            if (ds.flows.year[r] == year) sources.insert(ds.flows.provenance.source[r]);
    }
}

// GeoPolRisk (G1-G5) of the dataset's economy: production by country, trade from the flows
// between countries, political stability from governance.csv. The dataset has no trade values,
// so price and CF are null.
void add_geopolrisk_rows(Report& report, const Dataset& ds, const AssessOptions& options,
                         const std::optional<indices::Economy>& economy, int year) {
    if (!economy) return;
    const RawTables tables = indices::raw_tables_from_dataset(ds);
    // Dataset commodity ids are the raw tables' commodity ids.
    const std::vector<Id> commodities = select_commodities(ds, options, year);
    const std::vector<indices::Economy> economies{*economy};
    const std::vector<int> years{year};
    for (const auto& r : indices::geopolrisk_table(tables, economies, commodities, years,
                                                   indices::WgiYear::latest_available)) {
        Json row = geopolrisk_json("geopolrisk", economy->name, tables.commodities[r.commodity],
                                   year, r.result);
        row["stage"] = to_string(ds.commodities.stage[r.commodity]);
        report.rows.push_back(std::move(row));
    }
}

// EU supply risk and economic importance (E1-E6) of every material the dataset's commodities
// cover, for the economy (the criticality table of `--method eu|all`).
void add_eu_rows(Report& report, const Dataset& ds, const AssessOptions& options,
                 const std::optional<indices::Economy>& economy, int year) {
    if (!economy) return;
    const RawTables tables = indices::raw_tables_from_dataset(ds);
    const indices::EuParameters parameters =
        indices::read_eu_parameters(eu_parameters_dir(options));
    const std::vector<Id> commodities = select_commodities(ds, options, year);
    const std::vector<int> years{year};
    for (const auto& r : indices::eu_assessment(tables, parameters, *economy, commodities, years,
                                                indices::WgiYear::latest_available))
        report.rows.push_back(eu_json(economy->name, tables, r));
}

}  // namespace

Report run_assess(const AssessOptions& options) {
    if (options.raw_mode()) return run_assess_raw(options);
    const Dataset ds =
        io::load_dataset(options.dataset.empty() ? default_dataset_dir() : options.dataset);
    return assess_dataset(ds, options);
}

Report assess_dataset(const Dataset& ds, const AssessOptions& options) {
    std::set<int> available;
    for (int y : ds.production.year) available.insert(y);
    const std::vector<int> years = select_years(options.years, available, ds.manifest.base_year);
    std::optional<indices::Economy> economy;
    if (!options.economy.empty()) economy = indices::resolve_economy(ds, options.economy);
    const std::string method = options.method.empty() ? "concentration" : options.method;

    Report report;
    report.command = "assess";
    report.title = fmt::format("critmin assess: {} {} (dataset {}), {} {}", ds.manifest.name,
                               ds.manifest.version, ds.root, years.size() == 1 ? "year" : "years",
                               join_list(years));
    if (economy) report.title += ", economy " + economy->name;

    std::set<Id> sources;
    for (int year : years) {
        add_concentration_rows(report, ds, options, economy, year, sources);
        if (method == "geopolrisk" || method == "all")
            add_geopolrisk_rows(report, ds, options, economy, year);
        if (method == "eu" || method == "all") add_eu_rows(report, ds, options, economy, year);
    }
    report.table_columns["geopolrisk"] = {
        "commodity",           "stage",   "hhi", "hhi_denominator",
        "domestic_production", "imports", "wta", "score"};
    report.table_columns["eu"] = {"material", "commodity",    "sr",          "ei",
                                  "critical", "published_sr", "published_ei"};
    report.table_columns["production"] = {"commodity", "stage",      "unit",          "production",
                                          "hhi",       "top3_share", "largest_share", "shares"};
    if (economy) {
        auto& cols = report.table_columns["production"];
        cols.insert(cols.end(), {"import_reliance", "import_sources"});
        report.table_columns["lookthrough"] = {
            "end_use", "stage", "demand", "hhi", "largest_share", "unattributed_share", "shares"};
    }
    report.notes =
        "Shares use the world total as denominator where the source gives one; "
        "unattributed production counts in it but not in the HHI (docs/assess.md).\n";
    if (economy)
        report.notes +=
            "import_reliance is never below 0 (A4a): a net exporter shows as such, with the signed "
            "A4 value in import_reliance_signed and net_imports (JSON, CSV).\n";
    if (economy && (method == "geopolrisk" || method == "all"))
        report.notes +=
            "[geopolrisk] hhi divides by the sum of producers in whole units (G1), [production] "
            "hhi by the world total where given (A1-A2): the two differ (hhi_denominator).\n";
    if (economy && (method == "eu" || method == "all"))
        report.notes +=
            "[eu] sr and ei are computed on this dataset (E1-E6); published_sr and published_ei "
            "are the EU study's. Why they differ: sr_difference_reason and ei_difference_reason "
            "(JSON, CSV; docs/eu-method.md).\n";
    report.notes += "Sources:\n";
    for (Id s : sources) {
        const auto& src = ds.manifest.sources[s];
        report.notes +=
            fmt::format("  {}: {}, {} ({})\n", src.id, src.title, src.publisher, src.year);
    }
    report.extra["dataset"] = {{"name", ds.manifest.name}, {"version", ds.manifest.version}};
    if (years.size() == 1)
        report.extra["year"] = years[0];
    else
        report.extra["years"] = years;
    if (economy) report.extra["economy"] = economy->name;
    return report;
}

}  // namespace critmin::cli
