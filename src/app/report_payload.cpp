#include "app/report_payload.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "core/error.h"
#include "indices/concentration.h"
#include "io/csv.h"
#include "io/json_file.h"
#include "io/loader.h"
#include "io/sqlite_writer.h"
#include "version.h"

namespace critmin::app {

namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string text_of(const io::SqlValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* x = std::get_if<double>(&v)) return fmt::format("{}", *x);
    return "";
}
Json json_of(const io::SqlValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (const auto* x = std::get_if<double>(&v)) return *x;
    return nullptr;
}

Json scenario_runs(const std::string& path, std::vector<std::string>& key) {
    Json out = Json::array();
    if (!fs::exists(path)) {
        Diagnostics d;
        d.add({path, 0, 0, ""}, "no such results database");
        throw InvalidInput(std::move(d));
    }
    io::SqliteStore db(path, true);
    std::vector<std::pair<std::int64_t, std::string>> runs;
    db.query("SELECT run_id, name FROM runs ORDER BY run_id", {},
             [&](const std::vector<io::SqlValue>& r) {
                 runs.emplace_back(std::get<std::int64_t>(r[0]), text_of(r[1]));
             });
    for (const auto& entry : runs) {
        const std::int64_t id = entry.first;     // clang 14 cannot capture structured
        const std::string& name = entry.second;  // bindings in the lambdas below
        Json run{{"name", name}};
        Json summary = Json::array();
        // Japan's key line: its hybrid makers (its largest car use of magnets since dataset 0.2),
        // else its EV motor makers (datasets without a hybrid row).
        std::string key_hybrid, key_ev;
        db.query(
            "SELECT country, end_use, shortfall_t, shortfall_pct, tts_days, ttr_days, output_lost, "
            "output_unit "
            "FROM summary WHERE run_id = ?",
            {id}, [&](const std::vector<io::SqlValue>& r) {
                summary.push_back(Json{{"country", text_of(r[0])},
                                       {"end_use", text_of(r[1])},
                                       {"shortfall_t", json_of(r[2])},
                                       {"shortfall_pct", json_of(r[3])},
                                       {"tts_days", json_of(r[4])},
                                       {"ttr_days", json_of(r[5])},
                                       {"output_lost", json_of(r[6])},
                                       {"output_unit", text_of(r[7])}});
                if (text_of(r[0]) != "JPN") return;
                const std::string use = text_of(r[1]);
                if (use != "ev_traction_motors" && use != "hybrid_vehicle_motors") return;
                const bool hybrid = use == "hybrid_vehicle_motors";
                (hybrid ? key_hybrid : key_ev) = fmt::format(
                    "{}: Japan's {} makers miss {:.1f}% of their magnets over the run{}.", name,
                    hybrid ? "hybrid car" : "EV motor", std::get<double>(r[3]),
                    std::holds_alternative<double>(r[6])
                        ? fmt::format(" (about {:.0f} {})", std::get<double>(r[6]),
                                      hybrid ? "hybrids" : "vehicles")
                        : "");
            });
        if (!key_hybrid.empty() || !key_ev.empty())
            key.push_back(key_hybrid.empty() ? key_ev : key_hybrid);
        run["summary"] = summary;
        // Daily share of final demand delivered, by country.
        std::map<std::string, std::map<std::int64_t, std::pair<double, double>>> by_country;
        std::int64_t last = 0;
        // Stock at end users, days of use, weighted by each end use's demand.
        std::map<std::string, std::map<std::int64_t, double>> stock;
        db.query(
            "SELECT c.country, s.step, SUM(s.stock_days * c.baseline_per_day) / "
            "SUM(c.baseline_per_day) FROM demand_series s JOIN demand_columns c "
            "ON c.run_id = s.run_id AND c.col = s.col WHERE s.run_id = ? "
            "GROUP BY c.country, s.step",
            {id}, [&](const std::vector<io::SqlValue>& r) {
                if (const auto* v = std::get_if<double>(&r[2]))
                    stock[text_of(r[0])][std::get<std::int64_t>(r[1])] = *v;
            });
        db.query(
            "SELECT c.country, s.step, SUM(s.ordered), SUM(s.delivered) FROM demand_series s "
            "JOIN demand_columns c ON c.run_id = s.run_id AND c.col = s.col WHERE s.run_id = ? "
            "GROUP BY c.country, s.step ORDER BY c.country, s.step",
            {id}, [&](const std::vector<io::SqlValue>& r) {
                const auto step = std::get<std::int64_t>(r[1]);
                last = std::max(last, step);
                by_country[text_of(r[0])][step] = {std::get<double>(r[2]), std::get<double>(r[3])};
            });
        Json days = Json::array();
        for (std::int64_t t = 0; t <= last; ++t) days.push_back(t);
        Json countries = Json::array();
        for (const auto& [country, series] : by_country) {
            Json share = Json::array();
            for (std::int64_t t = 0; t <= last; ++t) {
                const auto it = series.find(t);
                share.push_back(it == series.end() || it->second.first <= 0
                                    ? 1.0
                                    : it->second.second / it->second.first);
            }
            Json days_of_stock = Json::array();
            for (std::int64_t t = 0; t <= last; ++t) {
                const auto it = stock[country].find(t);
                days_of_stock.push_back(it == stock[country].end() ? Json() : Json(it->second));
            }
            countries.push_back(Json{
                {"country", country}, {"delivered_share", share}, {"stock_days", days_of_stock}});
        }
        run["days"] = days;
        run["countries"] = countries;
        out.push_back(run);
    }
    return out;
}

// The JSON that `critmin COMMAND --format json` wrote (optimize, coalition): its rows by view.
Json command_payload(const std::string& path, const char* command) {
    if (path.empty()) return nullptr;
    const Json doc = io::read_json_file<Json>(path, std::size_t{64} << 20);
    Diagnostics d;
    if (!doc.is_object() || doc.value("command", "") != command || !doc.contains("rows") ||
        !doc["rows"].is_array()) {
        d.add({path, 0, 0, ""},
              fmt::format("expected the JSON output of `critmin {} --format json`", command));
        throw InvalidInput(std::move(d));
    }
    Json out = Json::object();
    for (const auto& row : doc["rows"]) {
        if (!row.is_object() || !row.contains("view")) continue;
        out[row["view"].get<std::string>()].push_back(row);
    }
    return out;
}

// The rows of `critmin mfa recycling --format json` (M-equations of docs/mfa.md): end of life,
// collected and recovered tonnes by region, element and year.
Json recycling_rows(const std::string& path) {
    if (path.empty()) return nullptr;
    const Json doc = io::read_json_file<Json>(path, std::size_t{64} << 20);
    Diagnostics d;
    if (!doc.is_object() || doc.value("command", "") != "mfa recycling" || !doc.contains("rows") ||
        !doc["rows"].is_array()) {
        d.add({path, 0, 0, ""},
              "expected the JSON output of `critmin mfa recycling --format json`");
        throw InvalidInput(std::move(d));
    }
    Json out = Json::array();
    for (const auto& row : doc["rows"]) {
        if (!row.is_object() || !row.contains("region") || !row.contains("year") ||
            !row.contains("element"))
            continue;
        out.push_back(row);
    }
    return out;
}

// Recycling's key figure: in the last year, each region's recovered tonnes and share of demand.
void add_recycling_key_figure(const Json& payload, std::vector<std::string>& key) {
    const Json& rows = payload["recycling"];
    if (!rows.is_array() || rows.empty()) return;
    int last = 0;
    for (const auto& r : rows) last = std::max(last, r.value("year", 0));
    std::map<std::string, std::pair<double, double>> by_region;  // recovered, demand
    for (const auto& r : rows) {
        if (r.value("year", 0) != last) continue;
        auto& [recovered, demand] = by_region[r.value("region", std::string())];
        recovered += r.value("recovered", 0.0);
        demand += r.value("demand", 0.0);
    }
    for (const auto& [region, rd] : by_region)
        key.push_back(fmt::format(
            "Recycling ({}): in {} end-of-life magnets give back {:.0f} t of Nd, Pr, Dy and Tb, "
            "{:.1f}% of that year's demand for them.",
            region, last, rd.first, rd.second > 0 ? 100 * rd.first / rd.second : 0.0));
}

// T13 points per country (probability, shortfall exceeded), for the exceedance curves.
Json stress_exceedance(const std::string& path) {
    Json out = Json::object();
    if (path.empty()) return out;
    io::SqliteStore db(path, true);
    bool table = false;
    db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'stress_exceedance'",
             {}, [&](const std::vector<io::SqlValue>&) { table = true; });
    if (!table) return out;
    db.query(
        "SELECT country, probability, shortfall_t FROM stress_exceedance ORDER BY country, "
        "probability DESC",
        {}, [&](const std::vector<io::SqlValue>& r) {
            out[text_of(r[0])].push_back(Json::array({json_of(r[1]), json_of(r[2])}));
        });
    return out;
}

Json stress_rows(const std::string& path, std::vector<std::string>& key) {
    Json out = Json::array();
    if (path.empty()) return out;
    io::SqliteStore db(path, true);
    db.query(
        "SELECT country, end_use, expected_shortfall_t, var95_t, cvar95_t, var99_t, cvar99_t, "
        "p_disrupted "
        "FROM stress_summary",
        {}, [&](const std::vector<io::SqlValue>& r) {
            out.push_back(Json{{"country", text_of(r[0])},
                               {"end_use", text_of(r[1])},
                               {"expected_shortfall_t", json_of(r[2])},
                               {"var95_t", json_of(r[3])},
                               {"cvar95_t", json_of(r[4])},
                               {"var99_t", json_of(r[5])},
                               {"cvar99_t", json_of(r[6])},
                               {"p_disrupted", json_of(r[7])}});
            if (text_of(r[0]) == "JPN" && text_of(r[1]) == "all")
                key.push_back(fmt::format(
                    "Stress test: Japan loses {:.0f} t of magnets in an average year, {:.0f} t in "
                    "the worst year in twenty (VaR 95%).",
                    std::get<double>(r[2]), std::get<double>(r[3])));
        });
    return out;
}

// ISO 3166 numeric -> alpha-3, for the map's country shapes.
void add_country_codes(const std::string& data_root, Json& payload) {
    Json numeric = Json::object();
    {
        Diagnostics d;
        const io::CsvFile f =
            io::read_csv((fs::path(data_root) / "reference" / "countries.csv").string(), d);
        for (const auto& row : f.rows)
            if (row.fields.size() >= 2)
                numeric[std::to_string(std::atoi(row.fields[1].text.c_str()))] = row.fields[0].text;
    }
    payload["numeric_to_iso3"] = numeric;
}

// Shares by stage (A1) and the concentration table (A2, A3).
void add_concentration(const Dataset& data, int year, Json& payload) {
    Json shares = Json::array();
    Json conc = Json::array();
    for (std::size_t c = 0; c < data.commodities.size(); ++c) {
        const auto k = indices::production_concentration(data, static_cast<Id>(c), year);
        if (k.country.empty()) continue;
        Json points = Json::array();
        for (std::size_t i = 0; i < k.country.size(); ++i)
            points.push_back(
                Json{{"name", data.countries.iso3[k.country[i]]}, {"value", k.share[i]}});
        const std::string stage(to_string(data.commodities.stage[c]));
        shares.push_back(Json{{"label", fmt::format("{}: {}", stage, data.commodities.name[c])},
                              {"data", points}});
        conc.push_back(Json{{"commodity", data.commodities.id[c]},
                            {"stage", stage},
                            {"production", k.attributed},
                            {"hhi", k.hhi},
                            {"top3", k.top3},
                            {"largest", data.countries.iso3[k.country.front()]}});
    }
    payload["shares"] = shares;
    payload["concentration"] = conc;
}

// Sankey: flows of the base year between (country, stage) pairs, end uses last.
void add_sankey(const Dataset& data, int year, Json& payload) {
    std::map<std::pair<std::string, std::string>, double> links;
    std::set<std::string> names;
    auto node_name = [&](Id node) {
        const std::string country = data.countries.iso3[data.nodes.country[node]];
        if (data.nodes.kind[node] == NodeKind::demand)
            return fmt::format("{} {}", country,
                               to_string(data.demand.end_use[data.nodes.row[node]]));
        return fmt::format("{} {}", country,
                           to_string(data.commodities.stage[data.nodes.commodity[node]]));
    };
    for (std::size_t f = 0; f < data.flows.size(); ++f) {
        if (data.flows.year[f] != year || data.flows.quantity[f] <= 0) continue;
        const std::string a = node_name(data.flows.supplier[f]);
        const std::string b = node_name(data.flows.customer[f]);
        if (a == b) continue;
        links[{a, b}] += data.flows.quantity[f];
        names.insert(a);
        names.insert(b);
    }
    // A producer whose output the dataset traces to no buyer (India's and Russia's separation
    // plants: their oxide's buyers are not in the dataset) would look like an end of the chain:
    // its untraced output goes to a node that says so.
    std::vector<double> traced(data.nodes.size(), 0.0);
    for (std::size_t f = 0; f < data.flows.size(); ++f)
        if (data.flows.year[f] == year &&
            data.flows.commodity[f] == data.nodes.commodity[data.flows.supplier[f]])
            traced[data.flows.supplier[f]] += data.flows.quantity[f];
    const std::string untraced = "buyers not in the dataset";
    std::set<std::string> sells;
    for (const auto& link : links) sells.insert(link.first.first);
    for (std::size_t r = 0; r < data.production.size(); ++r) {
        if (data.production.year[r] != year) continue;
        const Id node = data.producers.node[data.production.producer[r]];
        if (data.production.commodity[r] != data.nodes.commodity[node]) continue;
        const double rest = data.production.quantity[r] - traced[node];
        if (!(rest > 0.01 * data.production.quantity[r])) continue;
        const std::string a = node_name(node);
        // Only the chain's dead ends: a producer in the chart that sells nothing in it.
        if (names.count(a) == 0 || sells.count(a) != 0) continue;
        links[{a, untraced}] += rest;
        names.insert(untraced);
    }
    Json nodes = Json::array(), edges = Json::array();
    for (const auto& n : names) nodes.push_back(Json{{"name", n}});
    for (const auto& [ab, q] : links)
        edges.push_back(Json{{"source", ab.first}, {"target", ab.second}, {"value", q}});
    payload["sankey"] = Json{{"nodes", nodes}, {"links", edges}};
}

// The plan's key figure: its cost and what it changes in the engine against today's.
void add_plan_key_figure(const Json& payload, std::vector<std::string>& key) {
    if (payload["plan"].is_object() && payload["plan"].contains("summary")) {
        const Json& sum = payload["plan"]["summary"][0];
        std::string line =
            fmt::format("Plan ({}): costs {:.3g} million {} a year", sum.value("status", ""),
                        sum.value("plan_cost_per_year", 0.0) / 1e6, sum.value("currency", ""));
        std::string engine;
        for (const auto& c : payload["plan"].value("check", Json::array())) {
            if (!c.contains("engine_plan") || !c.contains("engine_today")) continue;
            const double today = c["engine_today"].get<double>();
            const std::string m = c.value("measure", "");
            if (today <= 0 || (m != "expected_shortfall_cost" && m != "cvar")) continue;
            engine += fmt::format("{}{} {:+.0f}%", engine.empty() ? "" : ", ",
                                  m == "cvar" ? "CVaR" : "expected shortfall cost",
                                  100 * (c["engine_plan"].get<double>() / today - 1));
        }
        if (!engine.empty()) line += "; in the engine against today's arrangements: " + engine;
        key.push_back(line + ".");
    }
}

// The coalition's key figure: what cooperating is worth, and whether the Shapley shares hold.
void add_coalition_key_figure(const Json& payload, std::vector<std::string>& key) {
    const Json& c = payload["coalition"];
    if (!c.is_object() || !c.contains("coalition")) return;
    const Json& sum = c["coalition"][0];
    std::string line = fmt::format(
        "Coalition ({} members): cooperating saves {:.3g} million {} a year against acting alone",
        sum.value("members", 0), sum.value("value_of_cooperation", 0.0) / 1e6,
        sum.value("currency", ""));
    if (sum.contains("shapley_in_core") && sum["shapley_in_core"].is_boolean())
        line += sum["shapley_in_core"].get<bool>()
                    ? "; the Shapley shares are in the core"
                    : "; the Shapley shares are not in the core (" +
                          sum.value("shapley_blocking_coalition", std::string()) +
                          " would do better alone)";
    key.push_back(line + ".");
}

}  // namespace

ReportPayload build_report_payload(const ReportRequest& r) {
    const Dataset data = io::load_dataset(r.dataset);
    const int year = data.manifest.base_year;

    ReportPayload out;
    Json& payload = out.data;
    payload["title"] = fmt::format("Dataset {} {} (base year {}); critmin {}", data.manifest.name,
                                   data.manifest.version, year, kVersion);
    add_country_codes(r.data_root, payload);
    add_concentration(data, year, payload);
    add_sankey(data, year, payload);
    if (!r.criticality.is_null()) {
        payload["criticality_economy"] = r.criticality_economy;
        payload["criticality"] = r.criticality;
    }
    std::vector<std::string>& key = out.key_figures;
    Json runs = Json::array();
    for (const auto& path : r.results)
        for (auto& run : scenario_runs(path, key)) runs.push_back(run);
    out.runs = runs.size();
    payload["runs"] = runs;
    payload["stress"] = stress_rows(r.stress, key);
    payload["exceedance"] = stress_exceedance(r.stress);
    payload["plan"] = command_payload(r.plan, "optimize");
    add_plan_key_figure(payload, key);
    payload["coalition"] = command_payload(r.coalition, "coalition");
    add_coalition_key_figure(payload, key);
    payload["recycling"] = recycling_rows(r.recycling);
    add_recycling_key_figure(payload, key);
    payload["key_figures"] = key;
    Json sources = Json::array();
    for (const auto& s : data.manifest.sources)
        sources.push_back(Json{{"id", s.id},
                               {"title", s.title},
                               {"publisher", s.publisher},
                               {"year", s.year},
                               {"url", s.url},
                               {"vintage", s.vintage}});
    payload["sources"] = sources;
    return out;
}

}  // namespace critmin::app
