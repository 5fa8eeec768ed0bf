// `critmin data summary` and `critmin data validate`.
#include <fmt/format.h>

#include <map>

#include "cli/commands.h"
#include "io/check.h"
#include "io/loader.h"
#include "io/raw_reader.h"

#include <filesystem>

namespace critmin::cli {

namespace {
using Json = nlohmann::ordered_json;

Json count_row(const char* table, std::size_t rows) {
    return Json{{"view", "tables"}, {"table", table}, {"rows", rows}};
}
}  // namespace

Report run_data_summary(const std::string& dataset) {
    const Dataset ds = io::load_dataset(dataset.empty() ? default_dataset_dir() : dataset);
    Report report;
    report.command = "data summary";
    report.title = fmt::format("{} {} (base year {}): {}", ds.manifest.name, ds.manifest.version,
                               ds.manifest.base_year, ds.root);
    report.rows.push_back(count_row("countries.csv", ds.countries.size()));
    report.rows.push_back(count_row("governance.csv", ds.governance.size()));
    report.rows.push_back(count_row("commodities.csv", ds.commodities.size()));
    report.rows.push_back(count_row("element_content.csv", ds.element_content.size()));
    report.rows.push_back(count_row("deposits.csv", ds.deposits.size()));
    report.rows.push_back(count_row("producers.csv", ds.producers.size()));
    report.rows.push_back(count_row("production.csv", ds.production.size()));
    report.rows.push_back(count_row("world_production.csv", ds.world_production.size()));
    report.rows.push_back(count_row("processes.csv", ds.processes.size()));
    report.rows.push_back(count_row("recipes.csv", ds.recipes.size()));
    report.rows.push_back(count_row("flows.csv", ds.flows.size()));
    report.rows.push_back(count_row("demand.csv", ds.demand.size()));
    report.rows.push_back(count_row("stockpiles.csv", ds.stockpiles.size()));
    report.rows.push_back(count_row("projects.csv", ds.projects.size()));
    // controls.csv came after the other tables; it is listed when the dataset has one, so that
    // the summary of a dataset without export-control regimes stays as it was.
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(ds.root) / "controls.csv", ec))
        report.rows.push_back(count_row("controls.csv", ds.controls.size()));
    if (std::filesystem::exists(std::filesystem::path(ds.root) / "prices.csv", ec))
        report.rows.push_back(count_row("prices.csv", ds.prices.size()));

    // Totals per stage and commodity for the base year.
    const int year = ds.manifest.base_year;
    std::vector<double> total(ds.commodities.size(), 0.0);
    std::vector<std::size_t> producers(ds.commodities.size(), 0);
    for (std::size_t r = 0; r < ds.production.size(); ++r) {
        if (ds.production.year[r] != year) continue;
        total[ds.production.commodity[r]] += ds.production.quantity[r];
        ++producers[ds.production.commodity[r]];
    }
    for (std::size_t s = 0; s < kStageCount; ++s) {
        for (Id c = 0; c < ds.commodities.size(); ++c) {
            if (static_cast<std::size_t>(ds.commodities.stage[c]) != s || producers[c] == 0)
                continue;
            const auto world = ds.world_total(c, year);
            report.rows.push_back(Json{{"view", "stages"},
                                       {"stage", to_string(ds.commodities.stage[c])},
                                       {"commodity", ds.commodities.id[c]},
                                       {"year", year},
                                       {"unit", ds.commodities.unit[c]},
                                       {"producers", producers[c]},
                                       {"production", total[c]},
                                       {"world_total", world ? Json(*world) : Json(nullptr)}});
        }
    }
    // End uses.
    std::map<std::pair<std::string, std::string>, double> demand;
    for (std::size_t r = 0; r < ds.demand.size(); ++r) {
        if (ds.demand.year[r] != year) continue;
        demand[{std::string(to_string(ds.demand.end_use[r])),
                ds.commodities.id[ds.nodes.commodity[ds.demand.node[r]]]}] += ds.demand.quantity[r];
    }
    for (const auto& [key, quantity] : demand) {
        report.rows.push_back(Json{{"view", "end_uses"},
                                   {"end_use", key.first},
                                   {"commodity", key.second},
                                   {"year", year},
                                   {"quantity", quantity}});
    }
    // Sources, with how many rows cite each and at which confidence.
    std::vector<std::array<std::size_t, 3>> cites(ds.manifest.sources.size(), {0, 0, 0});
    auto count = [&](const Provenance& p) {
        for (std::size_t i = 0; i < p.source.size(); ++i)
            ++cites[p.source[i]][static_cast<std::size_t>(p.confidence[i])];
    };
    count(ds.countries.provenance);
    count(ds.governance.provenance);
    count(ds.commodities.provenance);
    count(ds.element_content.provenance);
    count(ds.deposits.provenance);
    count(ds.producers.provenance);
    count(ds.production.provenance);
    count(ds.world_production.provenance);
    count(ds.processes.provenance);
    count(ds.recipes.provenance);
    count(ds.flows.provenance);
    count(ds.demand.provenance);
    count(ds.stockpiles.provenance);
    count(ds.projects.provenance);
    count(ds.controls.provenance);
    for (std::size_t s = 0; s < ds.manifest.sources.size(); ++s) {
        const auto& src = ds.manifest.sources[s];
        report.rows.push_back(Json{{"view", "sources"},
                                   {"id", src.id},
                                   {"publisher", src.publisher},
                                   {"year", src.year},
                                   {"reported", cites[s][0]},
                                   {"secondary", cites[s][1]},
                                   {"estimated", cites[s][2]},
                                   {"title", src.title}});
    }
    report.extra["dataset"] = {{"name", ds.manifest.name},
                               {"version", ds.manifest.version},
                               {"base_year", ds.manifest.base_year},
                               {"description", ds.manifest.description}};
    return report;
}

std::string run_import_baci(const io::BaciImport& request, io::BaciSummary& summary) {
    const auto registry = io::read_country_registry(
        (std::filesystem::path(default_data_root()) / "reference").string());
    Diagnostics diagnostics;
    std::string csv = io::import_baci(request, registry, summary, diagnostics);
    if (!diagnostics.empty()) throw InvalidInput(std::move(diagnostics));
    return csv;
}

Report run_data_validate(const std::string& dataset, bool& valid) {
    const std::string dir = dataset.empty() ? default_dataset_dir() : dataset;
    Diagnostics diagnostics;
    auto ds = io::read_dataset(dir, diagnostics);
    if (ds) io::check_dataset(*ds, diagnostics);
    valid = diagnostics.empty() && ds.has_value();
    Report report;
    report.command = "data validate";
    for (const auto& d : diagnostics.sorted()) {
        report.rows.push_back(Json{{"file", d.where.file},
                                   {"line", d.where.line},
                                   {"column", d.where.column},
                                   {"path", d.where.path},
                                   {"message", d.message}});
    }
    // The table form is the compiler-style list of problems (docs/cli.md).
    for (const auto& d : diagnostics.sorted()) report.notes += d.to_string() + "\n";
    report.notes += valid ? fmt::format("{}: valid, no problems found\n", dir)
                          : fmt::format("{}: {} problem(s) found\n", dir, diagnostics.size());
    report.extra["dataset"] = dir;
    report.extra["valid"] = valid;
    report.extra["problems"] = diagnostics.size();
    return report;
}

}  // namespace critmin::cli
