#include "cli/selection.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
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

void MoneyUnit::add_year(int year) {
    if (year == 0) return;
    first_year = first_year == 0 ? year : std::min(first_year, year);
    last_year = std::max(last_year, year);
}

std::string MoneyUnit::label() const {
    if (currency.empty()) return "the input's money unit; currency and price year not stated";
    if (first_year == 0) return currency + ", price year not stated";
    if (first_year == last_year) return fmt::format("{} {}", currency, first_year);
    return fmt::format("{}, price years {}-{}", currency, first_year, last_year);
}

nlohmann::ordered_json MoneyUnit::price_year() const {
    return first_year != 0 && first_year == last_year ? nlohmann::ordered_json(first_year)
                                                      : nlohmann::ordered_json(nullptr);
}

void MoneyUnit::add_to(nlohmann::ordered_json& row) const {
    row["currency"] =
        currency.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(currency);
    row["price_year"] = price_year();
    row["value_unit"] = label();
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
    // G1 divides by the sum of the producers listed, in whole units; the `production` rows' A2
    // divides by the world total where one is given, so the two differ (docs/assess.md).
    row["hhi_denominator"] = "sum of producers, whole units (G1)";
    return row;
}

}  // namespace critmin::cli

namespace critmin::cli {

namespace {

// Published SR and EI are rounded to one decimal (docs/eu-method.md, E4).
bool agrees_when_rounded(double computed, double published) {
    return std::abs(computed - published) <= 0.05 + 1e-9;
}

// ", largest CHN 85.4%": the largest global-supply share E2 used. Over the producers listed it
// exceeds the share of a world total with "other countries" in it (cobalt: COD 85% vs 76%).
std::string largest_producer(const RawTables& tables, Id commodity, int year) {
    std::vector<double> by_country(tables.countries.size(), 0.0);
    double total = 0;
    const auto& p = tables.production;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (p.commodity[i] == commodity && p.year[i] == year) {
            by_country[p.country[i]] += p.quantity[i];
            total += p.quantity[i];
        }
    const auto top = std::max_element(by_country.begin(), by_country.end());
    if (!(total > 0)) return "";
    return fmt::format(", largest {} {:.1f}%",
                       tables.countries.iso3[static_cast<std::size_t>(top - by_country.begin())],
                       100 * *top / total);
}

// Why critmin's SR (E1-E4 on the tables given) differs from the study's. SI_SR and EOL-RIR come
// from the study itself (eu-materials.csv), so the gap lies in the supply data and the scope.
std::string sr_difference_reason(const std::string& economy, const RawTables& tables,
                                 const indices::EuResult& r) {
    const indices::EuMaterial& m = *r.material;
    if (std::isnan(r.sr))
        return std::isnan(m.si_sr)
                   ? "not computed: eu-materials.csv gives no SI_SR for this material"
                   : fmt::format("not computed: no production of its commodities in {}", r.year);
    std::vector<std::string> why;
    if (std::isnan(m.published_sr))
        why.emplace_back("no published SR to compare");
    else if (agrees_when_rounded(r.sr, m.published_sr))
        why.emplace_back("agrees within the published rounding (one decimal)");
    if (economy != "EU")
        why.push_back(fmt::format("computed for {}'s sourcing, published for the EU's", economy));
    why.push_back(
        fmt::format("shares from the {} production of {} over the producers listed{} "
                    "(the study: its own supply shares, {} assessment)",
                    r.year, tables.commodities[r.stage_used],
                    largest_producer(tables, r.stage_used, r.year), m.assessment));
    why.emplace_back("governance from the tables' WGI (the study's WGI year is not known)");
    for (const auto& s : r.stages)
        if (s.commodity == r.stage_used && std::isnan(s.hhi_sourcing))
            why.push_back(
                fmt::format("{}'s sourcing unknown (no trade of it recorded in {}): "
                            "global supply only",
                            economy, r.year));
    why.emplace_back("SI_SR and EOL-RIR as the study published them");
    return fmt::format("{}", fmt::join(why, "; "));
}

// Why critmin's EI (E5) differs from the study's: the end uses and value added are the study's
// own, so a gap means a transcription or rounding difference in them.
std::string ei_difference_reason(const indices::EuResult& r) {
    const indices::EuMaterial& m = *r.material;
    if (std::isnan(r.ei))
        return std::isnan(m.si_ei)
                   ? "not computed: eu-materials.csv gives no SI_EI for this material"
                   : "not computed: eu-end-uses.csv has no end uses for this material";
    std::string out = std::isnan(m.published_ei) ? "no published EI to compare"
                      : agrees_when_rounded(r.ei, m.published_ei)
                          ? "agrees within the published rounding (one decimal)"
                          : "same end uses, value added and SI_EI as the study: the gap points "
                            "to a transcription or rounding difference in them";
    if (std::abs(r.end_use_share_total - 1.0) > 1e-9)
        out +=
            fmt::format("; end-use shares sum to {:.3g}, not renormalised", r.end_use_share_total);
    return out;
}

}  // namespace

nlohmann::ordered_json eu_json(const std::string& economy, const RawTables& tables,
                               const indices::EuResult& r) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    const indices::EuMaterial& m = *r.material;
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
    // The published figures beside the computed ones, with where they were read and why the two
    // differ (issue 14: computed and published EU figures must not sit side by side unexplained).
    row["published_source"] =
        fmt::format("EU CRM {} assessment, as transcribed in {}", m.assessment, m.source);
    row["sr_difference_reason"] = sr_difference_reason(economy, tables, r);
    row["ei_difference_reason"] = ei_difference_reason(r);
    return row;
}

}  // namespace critmin::cli
