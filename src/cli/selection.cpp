#include "cli/selection.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/error.h"

namespace critmin::cli {

std::vector<int> select_years(const std::vector<std::string>& given, const std::set<int>& available,
                              int fallback) {
    if (given.empty()) return {fallback};
    if (given.size() == 1 && given[0] == "all") return {available.begin(), available.end()};
    std::vector<int> out;
    for (const auto& text : given) {
        int year = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
        if (ec != std::errc() || end != text.data() + text.size() || year < 1900 || year > 2200)
            throw Error(
                ErrorKind::usage,
                fmt::format("--year: '{}' is not a year between 1900 and 2200, nor 'all'", text));
        out.push_back(year);
    }
    return out;
}

std::string join_list(const std::vector<int>& values) {
    std::string out;
    for (int v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
    return out;
}

nlohmann::ordered_json number_or_null(double x) {
    return std::isnan(x) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(x);
}

nlohmann::ordered_json geopolrisk_json(const std::string& view, const std::string& economy,
                                       const std::string& commodity, int year,
                                       const indices::GeoPolRiskResult& r) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    row["view"] = view;
    row["economy"] = economy;
    row["commodity"] = commodity;
    row["year"] = year;
    // In every output of critmin, hhi is on the 0-10000 scale.
    row["hhi"] = number_or_null(r.hhi * 10000.0);
    row["domestic_production"] = r.domestic_production;
    row["imports"] = number_or_null(r.total_imports);
    row["wta_numerator"] = number_or_null(r.wta_numerator);
    row["import_value"] = number_or_null(r.import_value);
    row["wta"] = number_or_null(r.wta);
    row["score"] = number_or_null(r.score);
    row["price"] = number_or_null(r.price);
    row["cf"] = number_or_null(r.cf);
    return row;
}

}  // namespace critmin::cli

namespace critmin::cli {

nlohmann::ordered_json eu_json(const std::string& economy, const RawTables& tables,
                               const indices::EuResult& r) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    const EuMaterial& m = *r.material;
    row["view"] = "eu";
    row["economy"] = economy;
    row["material"] = m.material;
    row["year"] = r.year;
    row["assessment"] = m.assessment;
    row["commodity"] = r.stage_used == kNoId
                           ? nlohmann::ordered_json(nullptr)
                           : nlohmann::ordered_json(tables.commodities[r.stage_used]);
    row["sr"] = number_or_null(r.sr);
    row["ei"] = number_or_null(r.ei);
    row["critical"] =
        r.determined ? nlohmann::ordered_json(r.critical) : nlohmann::ordered_json(nullptr);
    row["published_sr"] = number_or_null(m.published_sr);
    row["published_ei"] = number_or_null(m.published_ei);
    row["si_sr"] = number_or_null(m.si_sr);
    row["si_ei"] = number_or_null(m.si_ei);
    row["eol_rir"] = number_or_null(m.eol_rir);
    row["end_use_share_total"] =
        number_or_null(r.end_use_share_total > 0 ? r.end_use_share_total : std::nan(""));
    nlohmann::ordered_json stages = nlohmann::ordered_json::array();
    for (const auto& s : r.stages) {
        stages.push_back({{"commodity", tables.commodities[s.commodity]},
                          {"hhi_wgi_global", number_or_null(s.hhi_global)},
                          {"hhi_wgi_sourcing", number_or_null(s.hhi_sourcing)},
                          {"import_reliance", number_or_null(s.import_reliance)},
                          {"sr", number_or_null(s.sr)},
                          {"countries_without_wgi", s.countries_without_wgi}});
    }
    row["stages"] = stages;
    return row;
}

}  // namespace critmin::cli
