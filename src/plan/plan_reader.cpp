#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>

#include "core/error.h"
#include "io/file.h"
#include "io/yaml_location.h"
#include "io/yaml_reader.h"
#include "plan/plan_file.h"

namespace critmin::plan {

namespace {

using Reader = io::YamlReader;

constexpr double kBig = 1e15;

PlanCommodity read_commodity(Reader& r, const YAML::Node& n, const std::string& w) {
    PlanCommodity c;
    c.where = w;
    r.map_keys(
        n, w,
        {"id", "equivalent", "shortfall_value_per_t", "stockpile", "baseline_headroom", "basis"});
    if (!n.IsMap()) return c;
    if (auto v = r.text(n, w, "id", true)) c.id = *v;
    c.equivalent = r.list(n, w, "equivalent");
    if (auto v = r.number(n, w, "shortfall_value_per_t", false, 0, kBig)) c.shortfall_value = *v;
    if (auto v = r.number(n, w, "baseline_headroom", false, 0, 100)) c.baseline_headroom = *v;
    if (auto v = r.text(n, w, "basis", false)) c.basis = *v;
    if (const YAML::Node s = n["stockpile"]) {
        const std::string ws = w + ".stockpile";
        r.map_keys(s, ws,
                   {"min_days", "max_days", "existing_days", "holding_cost_per_t_year", "basis"});
        if (s.IsMap()) {
            if (auto v = r.number(s, ws, "min_days", false, 0, 3650)) c.stock_min_days = *v;
            if (auto v = r.number(s, ws, "max_days", true, 0, 3650)) c.stock_max_days = *v;
            if (auto v = r.number(s, ws, "existing_days", false, 0, 3650))
                c.stock_existing_days = *v;
            if (auto v = r.number(s, ws, "holding_cost_per_t_year", true, -kBig, kBig))
                c.stock_cost_per_t_year = *v;
            if (c.stock_min_days > c.stock_max_days)
                r.error(s, ws + ".min_days", "is larger than max_days");
        }
    }
    return c;
}

PlanSource read_source(Reader& r, const YAML::Node& n, const std::string& w) {
    PlanSource s;
    s.where = w;
    r.map_keys(n, w,
               {"id",
                "kind",
                "country",
                "commodity",
                "max_t_per_year",
                "min_t_per_year",
                "premium_per_t",
                "yields_per_year",
                "yields_per_unit",
                "max_units",
                "min_units",
                "cost_per_unit",
                "capex",
                "life_years",
                "discount_rate",
                "opex_per_year",
                "earliest_year",
                "ramp_up_years",
                "depends_on",
                "simulate",
                "basis"});
    if (!n.IsMap()) return s;
    if (auto v = r.text(n, w, "id", true)) s.id = *v;
    if (auto v = r.text(n, w, "kind", true)) {
        s.kind = *v;
        if (s.kind != "supplier" && s.kind != "project" && s.kind != "recycling")
            r.error(n["kind"], w + ".kind", "must be supplier, project or recycling");
    }
    if (auto v = r.text(n, w, "country", true)) s.country = *v;
    if (auto v = r.text(n, w, "basis", false)) s.basis = *v;
    s.depends_on = r.list(n, w, "depends_on");
    auto yields = [&](const char* key) {
        const YAML::Node y = n[key];
        if (!y) return false;
        if (!y.IsMap() || y.size() == 0) {
            r.error(y, w + "." + key, "must be a map commodity: t");
            return true;
        }
        for (const auto& kv : y)
            if (auto v = r.number(y, w + "." + key, kv.first.Scalar().c_str(), true, 0, kBig))
                s.yields[kv.first.Scalar()] = *v;
        return true;
    };
    if (s.kind == "supplier") {
        if (auto v = r.text(n, w, "commodity", true)) s.yields[*v] = 1;
        if (auto v = r.number(n, w, "max_t_per_year", true, 0, kBig)) s.max_units = *v;
        if (auto v = r.number(n, w, "min_t_per_year", false, 0, kBig)) s.min_units = *v;
        if (auto v = r.number(n, w, "premium_per_t", true, -kBig, kBig)) s.cost_per_unit = *v;
        if (auto v = r.number(n, w, "earliest_year", false, 1900, 2200)) s.earliest_year = int(*v);
    } else if (s.kind == "project") {
        if (!yields("yields_per_year")) r.error(n, w + ".yields_per_year", "is missing");
        if (auto v = r.number(n, w, "capex", true, 0, kBig)) s.capex = *v;
        if (auto v = r.number(n, w, "life_years", false, 1, 100)) s.life_years = *v;
        if (auto v = r.number(n, w, "discount_rate", false, 0, 1)) s.discount_rate = *v;
        if (auto v = r.number(n, w, "opex_per_year", false, -kBig, kBig)) s.opex_per_year = *v;
        if (auto v = r.number(n, w, "earliest_year", true, 1900, 2200)) s.earliest_year = int(*v);
        if (auto v = r.number(n, w, "ramp_up_years", false, 0, 50)) s.ramp_up_years = *v;
    } else if (s.kind == "recycling") {
        if (!yields("yields_per_unit")) r.error(n, w + ".yields_per_unit", "is missing");
        if (auto v = r.number(n, w, "max_units", true, 0, kBig)) s.max_units = *v;
        if (auto v = r.number(n, w, "min_units", false, 0, kBig)) s.min_units = *v;
        if (auto v = r.number(n, w, "cost_per_unit", true, -kBig, kBig)) s.cost_per_unit = *v;
        if (s.min_units > s.max_units) r.error(n, w + ".min_units", "is larger than max_units");
    }
    if (const YAML::Node m = n["simulate"]) {
        const std::string ws = w + ".simulate";
        r.map_keys(m, ws,
                   {"candidate", "project", "projects", "new_supplier", "capacity", "customers",
                    "recycling", "year", "units_at_scale_1"});
        if (m.IsMap()) {
            if (auto v = r.text(m, ws, "candidate", false)) s.candidate = *v;
            if (auto v = r.text(m, ws, "project", false)) s.project = *v;
            s.projects = r.list(m, ws, "projects");
            if (const YAML::Node ns = m["new_supplier"]) {
                if (!ns.IsScalar() || (ns.Scalar() != "true" && ns.Scalar() != "false"))
                    r.error(ns, ws + ".new_supplier", "must be true or false");
                s.new_supplier = ns.IsScalar() && ns.Scalar() == "true";
                if (s.new_supplier && s.yields.size() != 1)
                    r.error(ns, ws + ".new_supplier", "a new supplier supplies one commodity");
            }
            if (auto v = r.number(m, ws, "capacity", false, 0, kBig)) s.project_capacity = *v;
            s.customers = r.list(m, ws, "customers");
            if (auto v = r.text(m, ws, "recycling", false)) s.recycling_file = r.resolve(*v);
            if (auto v = r.number(m, ws, "year", !s.recycling_file.empty(), 1900, 2200))
                s.recycling_year = int(*v);
            if (auto v =
                    r.number(m, ws, "units_at_scale_1", !s.recycling_file.empty(), 1e-12, kBig))
                s.units_per_scale = *v;
        }
    }
    return s;
}

}  // namespace

namespace {

// `scenarios:` (a catalogue or listed files) and `out_of_sample:`.
void read_scenarios(Reader& r, const YAML::Node& root, PlanFile& p) {
    if (const YAML::Node s = root["scenarios"]) {
        r.map_keys(s, "scenarios", {"catalogue", "samples", "seed", "list"});
        if (s.IsMap()) {
            if (auto v = r.text(s, "scenarios", "catalogue", false)) p.catalogue = r.resolve(*v);
            if (auto v = r.number(s, "scenarios", "samples", false, 1, 1e7))
                p.samples = (long long)*v;
            if (auto v = r.number(s, "scenarios", "seed", false, 0, 1e18))
                p.seed = std::uint64_t(*v);
            if (const YAML::Node l = s["list"]) {
                if (!l.IsSequence()) r.error(l, "scenarios.list", "must be a list");
                for (std::size_t i = 0; l.IsSequence() && i < l.size(); ++i) {
                    const std::string w = fmt::format("scenarios.list[{}]", i);
                    r.map_keys(l[i], w, {"file", "probability"});
                    ListedScenario ls;
                    ls.where = w;
                    if (auto v = r.text(l[i], w, "file", true)) ls.file = r.resolve(*v);
                    if (auto v = r.number(l[i], w, "probability", true, 0, 1)) ls.probability = *v;
                    p.listed.push_back(ls);
                }
            }
            if (p.catalogue.empty() == p.listed.empty())
                r.error(s, "scenarios", "give either a catalogue or a list of scenarios");
        }
    } else {
        r.error(root, "scenarios", "is missing: a catalogue or a list of scenarios");
    }
    double listed_total = 0;
    for (const auto& ls : p.listed) listed_total += ls.probability;
    if (listed_total > 1 + 1e-9)
        r.error(root["scenarios"], "scenarios.list", "probabilities add up to more than 1");
    if (const YAML::Node o = root["out_of_sample"]) {
        r.map_keys(o, "out_of_sample", {"samples", "seed"});
        if (o.IsMap()) {
            if (auto v = r.number(o, "out_of_sample", "samples", false, 0, 1e7))
                p.out_of_sample = (long long)*v;
            if (auto v = r.number(o, "out_of_sample", "seed", false, 0, 1e18))
                p.out_of_sample_seed = std::uint64_t(*v);
        }
    }
}

// `risk:` and `solver:`.
void read_risk(Reader& r, const YAML::Node& root, PlanFile& p) {
    if (const YAML::Node k = root["risk"]) {
        r.map_keys(k, "risk", {"alpha", "lambda", "frontier", "frontier_budgets"});
        if (k.IsMap()) {
            if (auto v = r.number(k, "risk", "alpha", false, 0, 0.9999)) p.alpha = *v;
            if (auto v = r.number(k, "risk", "lambda", false, 0, 1e6)) p.lambda = *v;
            auto values = [&](const char* key, double hi, std::vector<double>& out) {
                const YAML::Node f = k[key];
                if (!f) return;
                if (!f.IsSequence())
                    r.error(f, std::string("risk.") + key, "must be a list of numbers");
                for (std::size_t i = 0; f.IsSequence() && i < f.size(); ++i) {
                    YAML::Node holder;
                    holder["v"] = f[i];
                    if (auto v =
                            r.number(holder, fmt::format("risk.{}[{}]", key, i), "v", true, 0, hi))
                        out.push_back(*v);
                }
            };
            values("frontier", 1e6, p.frontier);
            values("frontier_budgets", kBig, p.frontier_budgets);
        }
    }
    if (const YAML::Node s = root["solver"]) {
        r.map_keys(s, "solver", {"time_limit_s", "relative_gap"});
        if (s.IsMap()) {
            if (auto v = r.number(s, "solver", "time_limit_s", false, 0.01, 86400))
                p.time_limit_s = *v;
            if (auto v = r.number(s, "solver", "relative_gap", false, 0, 1)) p.relative_gap = *v;
        }
    }
}

// `constraints:` (share caps P13, allies).
void read_constraints(Reader& r, const YAML::Node& root, PlanFile& p) {
    if (const YAML::Node c = root["constraints"]) {
        r.map_keys(c, "constraints", {"max_country_share", "allied_only", "allies"});
        if (c.IsMap()) {
            if (const YAML::Node m = c["max_country_share"]) {
                if (!m.IsSequence()) r.error(m, "constraints.max_country_share", "must be a list");
                for (std::size_t i = 0; m.IsSequence() && i < m.size(); ++i) {
                    const std::string w = fmt::format("constraints.max_country_share[{}]", i);
                    r.map_keys(m[i], w, {"stage", "share"});
                    PlanFile::Cap cap;
                    cap.where = w;
                    if (auto v = r.text(m[i], w, "stage", true)) cap.stage = *v;
                    if (auto v = r.number(m[i], w, "share", true, 0, 1)) cap.share = *v;
                    p.caps.push_back(cap);
                }
            }
            if (const YAML::Node a = c["allied_only"]) {
                if (!a.IsScalar() || (a.Scalar() != "true" && a.Scalar() != "false"))
                    r.error(a, "constraints.allied_only", "must be true or false");
                else
                    p.allied_only = a.Scalar() == "true";
            }
            p.allies = r.list(c, "constraints", "allies");
            if (p.allied_only && p.allies.empty())
                r.error(c, "constraints.allies", "allied_only needs a list of allies");
        }
    }
}

// Lines and columns of the entries an infeasible programme's message can point at (P20).
}  // namespace

PlanFile read_plan(const std::string& path) {
    Diagnostics d;
    std::string text;
    if (!io::read_text_file(path, text, std::size_t{16} << 20, d)) throw InvalidInput(std::move(d));
    const YAML::Node root = io::load_yaml(path, text);
    Reader r(path, d);
    PlanFile p;
    p.path = path;
    if (!root.IsMap()) {
        r.error(root, "", "a plan file is a YAML map");
        throw InvalidInput(std::move(d));
    }
    r.map_keys(root, "",
               {"name", "description", "basis", "buyer", "dataset", "currency", "price_year",
                "year", "scenarios", "out_of_sample", "risk", "budget", "solver", "constraints",
                "commodities", "sources"});
    if (auto v = r.text(root, "", "name", true)) p.name = *v;
    if (auto v = r.text(root, "", "description", false)) p.description = *v;
    if (auto v = r.text(root, "", "basis", false)) p.basis = *v;
    if (auto v = r.text(root, "", "buyer", true)) p.buyer = *v;
    if (auto v = r.text(root, "", "dataset", false); v && *v != "embedded")
        p.dataset = r.resolve(*v);
    if (auto v = r.text(root, "", "currency", false)) p.currency = *v;
    if (auto v = r.number(root, "", "price_year", false, 1900, 2200)) p.price_year = int(*v);
    if (auto v = r.number(root, "", "year", true, 1900, 2200)) p.year = int(*v);
    if (auto v = r.number(root, "", "budget", false, 0, kBig)) p.budget = *v;

    read_scenarios(r, root, p);
    read_risk(r, root, p);
    read_constraints(r, root, p);
    const YAML::Node cs = root["commodities"];
    if (!cs || !cs.IsSequence() || cs.size() == 0)
        r.error(cs ? cs : root, "commodities", "must be a non-empty list");
    for (std::size_t i = 0; cs && cs.IsSequence() && i < cs.size(); ++i)
        p.commodities.push_back(read_commodity(r, cs[i], fmt::format("commodities[{}]", i)));
    const YAML::Node ss = root["sources"];
    if (ss && !ss.IsSequence()) r.error(ss, "sources", "must be a list");
    for (std::size_t i = 0; ss && ss.IsSequence() && i < ss.size(); ++i)
        p.sources.push_back(read_source(r, ss[i], fmt::format("sources[{}]", i)));
    p.positions = io::yaml_positions(root);
    std::set<std::string> ids;
    for (const auto& s : p.sources)
        if (!s.id.empty() && !ids.insert(s.id).second)
            d.add({path, p.positions.find(s.where + ".id").first,
                   p.positions.find(s.where + ".id").second, s.where + ".id"},
                  "duplicate source id " + s.id);
    if (!d.empty()) throw InvalidInput(std::move(d));
    return p;
}

}  // namespace critmin::plan
