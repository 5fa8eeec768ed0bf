// `critmin report`: one self-contained HTML file (charts and data inlined, no network request)
// from the dataset and results databases (issue 7; report/ holds the template and the bundled
// charting libraries). The payload is built by app::build_report_payload (app/report_payload.h);
// this file adds the criticality tables from `assess` and writes the HTML.
#include <fmt/format.h>

#include <filesystem>

#include "app/report_payload.h"
#include "cli/commands.h"
#include "core/error.h"
#include "io/file.h"

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string read_asset(const fs::path& path, const char* hint) {
    std::string text;
    Diagnostics d;
    if (!io::read_text_file(path.string(), text, std::size_t{64} << 20, d))
        throw Error(ErrorKind::runtime,
                    fmt::format("report asset {} is missing: {}", path.string(), hint));
    return text;
}

// Criticality for an economy (GeoPolRisk, EU method): the rows of
// `critmin assess --method all --for`, flattened.
Json criticality_tables(const ReportOptions& o, const std::string& economy) {
    Json criticality = Json::object();
    AssessOptions a;
    a.method = "all";
    a.dataset = o.dataset;
    a.economy = economy;
    const Report assessed = run_assess(a);
    for (const auto& row : assessed.rows) {
        const std::string view = row.value("view", "");
        if (view != "geopolrisk" && view != "eu") continue;
        Json flat = Json::object();
        for (const auto& [k, v] : row.items())
            if (k != "view" && !v.is_object() && !v.is_array()) flat[k] = v;
        criticality[view].push_back(flat);
    }
    return criticality;
}

// The payload and the vendor bundle into the template, written atomically.
fs::path write_html(const ReportOptions& o, const Json& payload, const std::string& tmpl,
                    const std::string& vendor) {
    std::string data_js = payload.dump(-1, ' ', false, Json::error_handler_t::replace);
    // Inline JSON must not close the script element.
    for (std::size_t at = data_js.find("</"); at != std::string::npos;
         at = data_js.find("</", at + 3))
        data_js.replace(at, 2, "<\\/");
    std::string html = tmpl;
    const auto place = [&html](const std::string& marker, const std::string& text) {
        const auto at = html.find(marker);
        if (at == std::string::npos)
            throw Error(ErrorKind::runtime, "report template lacks " + marker);
        html.replace(at, marker.size(), text);
    };
    place("/*CRITMIN_DATA*/", data_js);
    place("/*CRITMIN_VENDOR*/", vendor);
    fs::path out = o.output.empty() ? fs::path("out/report.html") : fs::path(o.output);
    if (out.has_parent_path()) io::ensure_output_folder(out.parent_path().string());
    io::write_file_atomic(out.string(), html);

    return out;
}

}  // namespace

Report run_report(const ReportOptions& o) {
    const fs::path assets =
        o.assets.empty() ? fs::path(default_data_root()) / ".." / "report" : fs::path(o.assets);
    app::ReportRequest request;
    request.dataset = o.dataset.empty() ? default_dataset_dir() : o.dataset;
    request.data_root = default_data_root();
    request.results = o.results;
    request.stress = o.stress;
    request.plan = o.plan;
    request.coalition = o.coalition;
    request.recycling = o.recycling;
    request.criticality_economy = o.economy.empty() ? "JPN" : o.economy;
    request.criticality = criticality_tables(o, request.criticality_economy);
    const app::ReportPayload built = app::build_report_payload(request);
    const Json& payload = built.data;
    const std::vector<std::string>& key = built.key_figures;

    // The assets are read after the inputs are validated: a bad input exits 3 whether or not
    // `make report-assets` has run.
    const std::string tmpl =
        read_asset(assets / "template" / "report.html", "the repository's report/ folder");
    const std::string vendor = read_asset(
        assets / "dist" / "vendor.js", "run `make report-assets` (npm ci and the vendor bundle)");

    const fs::path out = write_html(o, payload, tmpl, vendor);

    Report report;
    report.command = "report";
    report.title = fmt::format("critmin report: {} ({} scenario runs{})", out.string(), built.runs,
                               o.stress.empty() ? "" : ", stress test");
    for (const auto& k : key) report.rows.push_back(Json{{"key_figure", k}});
    report.extra["report"] = out.string();
    report.notes =
        fmt::format("Report written to {} (opens offline in any browser).\n", out.string());
    return report;
}

}  // namespace critmin::cli
