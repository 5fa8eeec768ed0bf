// `critmin assess --production P.csv --trade T.csv --wgi W.csv`: indices on the user's own
// statistics, without a dataset (docs/indices.md).
#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "cli/commands.h"
#include "cli/selection.h"
#include "core/error.h"
#include "indices/eu_reader.h"
#include "indices/geopolrisk.h"
#include "io/raw_reader.h"

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;

void require(bool ok, const std::string& message) {
    if (!ok) throw Error(ErrorKind::usage, message);
}

std::vector<Id> select_commodities(const RawTables& tables, const std::vector<std::string>& given) {
    std::vector<Id> out;
    if (given.empty() || (given.size() == 1 && given[0] == "all")) {
        for (std::size_t c = 0; c < tables.commodities.size(); ++c)
            out.push_back(static_cast<Id>(c));
        std::sort(out.begin(), out.end(),
                  [&](Id a, Id b) { return tables.commodities[a] < tables.commodities[b]; });
        return out;
    }
    for (const auto& name : given) {
        const Id c = tables.find_commodity(name);
        if (c == kNoId) {
            std::string known;
            for (const auto& k : tables.commodities) known += (known.empty() ? "" : ", ") + k;
            throw Error(ErrorKind::usage,
                        fmt::format("--commodity: '{}' is not in the tables (they have {})", name,
                                    known.empty() ? "none" : known));
        }
        out.push_back(c);
    }
    return out;
}

// "all" means every country that imports something in the trade table, then every group.
std::vector<indices::Economy> select_economies(const RawTables& tables,
                                               const std::vector<std::string>& given) {
    std::vector<indices::Economy> out;
    if (given.size() == 1 && given[0] == "all") {
        std::vector<bool> importer(tables.countries.size(), false);
        for (const auto& f : tables.trade.flows) importer[RawTrade::importer_of(f.key)] = true;
        for (std::size_t c = 0; c < importer.size(); ++c)
            if (importer[c])
                out.push_back(indices::resolve_economy(tables.countries, tables.countries.iso3[c]));
        for (const auto& g : tables.countries.group_name)
            out.push_back(indices::resolve_economy(tables.countries, g));
        return out;
    }
    for (const auto& name : given) out.push_back(indices::resolve_economy(tables.countries, name));
    return out;
}

}  // namespace

std::string eu_parameters_dir(const AssessOptions& options) {
    if (!options.eu_parameters.empty()) return options.eu_parameters;
    return (std::filesystem::path(default_data_root()) / "criticality").string();
}

Report run_assess_raw(const AssessOptions& options) {
    const std::string method = options.method.empty() ? "geopolrisk" : options.method;
    require(
        method == "geopolrisk" || method == "hhi" || method == "eu" || method == "all",
        fmt::format("--method {} needs a dataset; with raw tables use geopolrisk, eu, hhi or all",
                    method));
    require(!options.production.empty(), "--production P.csv is required with raw tables");
    if (method != "hhi") {
        require(!options.trade.empty(), fmt::format("--method {} needs --trade T.csv", method));
        require(!options.wgi.empty(), fmt::format("--method {} needs --wgi W.csv", method));
        require(!options.economies.empty(),
                fmt::format("--method {} needs --economy (ISO3, group or all)", method));
    }
    require(options.economy.empty(), "with raw tables, name the economy with --economy, not --for");
    require(options.dataset.empty(),
            "--dataset and raw tables (--production ...) exclude each other");

    const std::string reference =
        (std::filesystem::path(default_data_root()) / "reference").string();
    Diagnostics diagnostics;
    const RawTables tables = io::read_raw_tables({options.production, options.trade, options.wgi},
                                                 io::read_country_registry(reference), diagnostics);
    if (!diagnostics.empty()) throw InvalidInput(std::move(diagnostics));
    // Codes outside ISO 3166 stay in the figures as economies of their own (issue 17, item 16).
    std::string opaque;
    for (const auto& [code, where] : tables.opaque_codes) {
        fmt::print(stderr,
                   "{}: warning: '{}' is not an ISO 3166 code; counted as an economy of its own\n",
                   where, code);
        opaque += (opaque.empty() ? "" : ", ") + code;
    }

    std::set<int> available;
    for (int y : tables.production.year) available.insert(y);
    for (const auto& f : tables.trade.flows) available.insert(RawTrade::year_of(f.key));
    require(!options.years.empty(), "--year Y (or several, or all) is required with raw tables");
    const std::vector<int> years = select_years(options.years, available, 0);
    const std::vector<Id> commodities = select_commodities(tables, options.commodities);

    Report report;
    report.command = "assess";
    report.title = fmt::format("critmin assess --method {}: {} commodities x {} years", method,
                               commodities.size(), years.size());
    if (method == "hhi" || method == "all") {
        for (Id c : commodities) {
            for (int year : years) {
                const double h = indices::production_hhi(tables, c, year);
                Json row = Json::object();
                row["view"] = "hhi";
                row["commodity"] = tables.commodities[c];
                row["year"] = year;
                row["hhi"] = number_or_null(h * 10000.0);
                report.rows.push_back(std::move(row));
            }
        }
    }
    if (method == "geopolrisk" || method == "all") {
        const auto economies = select_economies(tables, options.economies);
        for (const auto& r : indices::geopolrisk_table(tables, economies, commodities, years)) {
            report.rows.push_back(geopolrisk_json("geopolrisk", economies[r.economy].name,
                                                  tables.commodities[r.commodity], r.year,
                                                  r.result));
        }
        report.table_columns["geopolrisk"] = {"economy", "commodity", "year",  "hhi",
                                              "wta",     "score",     "price", "cf"};
    }
    if (method == "eu" || method == "all") {
        const indices::EuParameters parameters =
            indices::read_eu_parameters(eu_parameters_dir(options));
        for (const auto& economy : select_economies(tables, options.economies)) {
            for (const auto& r : indices::eu_assessment(tables, parameters, economy, commodities,
                                                        years, indices::WgiYear::same_year))
                report.rows.push_back(eu_json(economy.name, tables, r));
        }
        report.table_columns["eu"] = {"economy", "material", "year",         "commodity",   "sr",
                                      "ei",      "critical", "published_sr", "published_ei"};
    }
    report.notes =
        "hhi on the 0-10000 scale (geopolrisk-py's 0-1 value x 10000); wta, score and "
        "cf as geopolrisk-py 2.0 computes them (docs/indices.md, G1-G5).\n";
    if (!opaque.empty())
        report.notes += fmt::format(
            "Codes outside ISO 3166, counted as economies of their own (in no group): {}.\n",
            opaque);
    return report;
}

}  // namespace critmin::cli
