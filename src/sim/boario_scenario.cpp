#include "sim/boario_scenario.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cmath>

#include "core/error.h"
#include "io/file.h"
#include "io/json_file.h"

namespace critmin::sim {

namespace {

using Json = nlohmann::json;

struct Reader {
    std::string file;
    Diagnostics& d;

    void fail(const std::string& where, const std::string& message) {
        d.add({file, 0, 0, where}, message);
    }
    // A number at `key` of `obj`, if present; a wrong type is reported.
    void number(const Json& obj, const char* key, const std::string& where, double& out) {
        if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) return;
        const Json& v = obj[key];
        if (v.is_number()) {
            out = v.get<double>();
        } else if (v.is_string()) {
            // BoARIO accepts psi as a string such as "0_80".
            std::string s = v.get<std::string>();
            for (char& c : s)
                if (c == '_') c = '.';
            try {
                std::size_t used = 0;
                out = std::stod(s, &used);
                if (used != s.size()) throw std::invalid_argument(s);
            } catch (const std::exception&) {
                fail(where + "." + key, fmt::format("`{}` is not a number", v.get<std::string>()));
            }
        } else {
            fail(where + "." + key, "expected a number");
        }
    }
    void integer(const Json& obj, const char* key, const std::string& where, int& out) {
        double v = out;
        number(obj, key, where, v);
        if (!(std::fabs(v) <= 1e9)) {
            fail(fmt::format("{}.{}", where, key), fmt::format("{} is out of range", v));
            return;
        }
        if (v != static_cast<double>(static_cast<int>(v))) {
            fail(where + "." + key, fmt::format("{} is not a whole number of steps", v));
            return;
        }
        out = static_cast<int>(v);
    }
    void text(const Json& obj, const char* key, const std::string& where, std::string& out) {
        if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) return;
        if (!obj[key].is_string()) {
            fail(where + "." + key, "expected a string");
            return;
        }
        out = obj[key].get<std::string>();
    }
    void number_map(const Json& obj, const char* key, const std::string& where,
                    std::map<std::string, double>& out) {
        if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) return;
        const Json& m = obj[key];
        if (!m.is_object()) {
            fail(where + "." + key, "expected an object of label: number");
            return;
        }
        for (const auto& [label, v] : m.items()) {
            if (!v.is_number()) {
                fail(fmt::format("{}.{}.{}", where, key, label), "expected a number");
                continue;
            }
            out[label] = v.get<double>();
        }
    }
    std::vector<std::string> labels(const Json& root, const char* key) {
        std::vector<std::string> out;
        if (!root.contains(key)) return out;
        if (!root[key].is_array()) {
            fail(key, "expected a list of labels");
            return out;
        }
        for (const Json& v : root[key]) {
            if (!v.is_string()) {
                fail(key, "expected a list of labels");
                return {};
            }
            out.push_back(v.get<std::string>());
        }
        return out;
    }

    BoarioEventSpec event(const Json& e, const std::string& where) {
        BoarioEventSpec s;
        if (!e.is_object()) {
            fail(where, "expected an object");
            return s;
        }
        // `"event_type": null` is BoARIO's no-event baseline: the run without a shock.
        if (e.contains("event_type") && e["event_type"].is_null() &&
            (!e.contains("boario_class") || e["boario_class"].is_null())) {
            s.kind = "none";
            return s;
        }
        text(e, "event_type", where, s.kind);
        if (s.kind.empty()) {
            std::string cls;
            text(e, "boario_class", where, cls);
            if (cls == "EventKapitalRecover") s.kind = "recovery";
            if (cls == "EventKapitalRebuild") s.kind = "rebuild";
            if (cls == "EventArbitraryProd") s.kind = "arbitrary";
        }
        if (s.kind != "recovery" && s.kind != "rebuild" && s.kind != "arbitrary")
            fail(where + ".event_type",
                 fmt::format("`{}` is not one of recovery, rebuild, arbitrary", s.kind));
        integer(e, "occurrence", where, s.occurrence);
        integer(e, "duration", where, s.duration);
        number_map(e, "impact_per_industry", where, s.impact);
        if (s.impact.empty()) {
            // The scalar impact split equally over affected regions x sectors, as BoARIO's
            // from_scalar_regions_sectors does with "equal" distributions.
            double total = 0;
            number(e, "impact_total", where, total);
            if (total == 0) number(e, "impact", where, total);
            std::vector<std::string> regions;
            std::vector<std::string> sectors;
            if (e.contains("affected_regions") && e["affected_regions"].is_array())
                for (const Json& r : e["affected_regions"])
                    if (r.is_string()) regions.push_back(r.get<std::string>());
            if (e.contains("affected_sectors") && e["affected_sectors"].is_array())
                for (const Json& r : e["affected_sectors"])
                    if (r.is_string()) sectors.push_back(r.get<std::string>());
            if (total <= 0 || regions.empty() || sectors.empty()) {
                fail(where + ".impact_per_industry",
                     "give impact_per_industry, or impact_total with affected_regions and "
                     "affected_sectors");
            } else {
                const double each = total / static_cast<double>(regions.size() * sectors.size());
                for (const auto& r : regions)
                    for (const auto& sec : sectors) s.impact[fmt::format("{}|{}", r, sec)] = each;
            }
        }
        for (const auto& [label, v] : s.impact)
            if (v < 0 || (s.kind == "arbitrary" && v > 1))
                fail(fmt::format("{}.impact_per_industry.{}", where, label),
                     s.kind == "arbitrary" ? "a capacity loss must be between 0 and 1"
                                           : "capital destroyed cannot be negative");
        number(e, "event_monetary_factor", where, s.event_monetary_factor);
        number(e, "recovery_tau", where, s.recovery_tau);
        if (s.recovery_tau == 0) number(e, "recovery_time", where, s.recovery_tau);
        text(e, "recovery_function", where, s.recovery_function);
        number(e, "rebuild_tau", where, s.rebuild_tau);
        number(e, "rebuilding_factor", where, s.rebuilding_factor);
        number_map(e, "rebuilding_sectors", where, s.rebuilding_sectors);
        if ((s.kind == "recovery" || s.kind == "arbitrary") && s.recovery_tau <= 0)
            fail(where + ".recovery_tau", "a recovery event needs recovery_tau > 0");
        if (s.kind == "rebuild" && s.rebuilding_sectors.empty())
            fail(where + ".rebuilding_sectors", "a rebuild event needs rebuilding sectors");
        if (s.occurrence < 1) fail(where + ".occurrence", "events occur at step 1 or later");
        if (s.duration < 0) fail(where + ".duration", "a duration cannot be negative");
        return s;
    }
};

BoarioScenario boario_scenario_from_json(const Json& root, const std::string& path) {
    Diagnostics d;
    Reader r{path, d};
    BoarioScenario s;
    s.path = path;
    if (!root.is_object()) {
        r.fail("", "expected a JSON object");
        throw InvalidInput(std::move(d));
    }
    const Json empty = Json::object();
    const Json& mp = root.contains("model_parameters") ? root["model_parameters"] : empty;
    r.number(mp, "alpha_base", "model_parameters", s.alpha_base);
    r.number(mp, "alpha_max", "model_parameters", s.alpha_max);
    r.number(mp, "alpha_tau", "model_parameters", s.alpha_tau);
    r.number(mp, "rebuild_tau", "model_parameters", s.rebuild_tau);
    r.number(mp, "main_inv_dur", "model_parameters", s.main_inv_dur);
    r.number(mp, "monetary_factor", "model_parameters", s.monetary_factor);
    r.number(mp, "psi_param", "model_parameters", s.psi);
    r.number(mp, "inventory_restoration_tau", "model_parameters", s.inventory_restoration_tau);
    r.number(mp, "temporal_units_by_step", "model_parameters", s.temporal_units_by_step);
    r.number(mp, "iotable_year_to_temporal_unit_factor", "model_parameters",
             s.year_to_temporal_unit_factor);
    r.text(mp, "order_type", "model_parameters", s.order_type);
    const Json& imp =
        root.contains("model_parameters_implicit") ? root["model_parameters_implicit"] : empty;
    r.number(imp, "capital_to_VA_ratio", "model_parameters_implicit", s.capital_to_va_ratio);
    r.number(imp, "TECHNOLOGY_THRESHOLD", "model_parameters_implicit", s.technology_threshold);
    const Json& sim = root.contains("simulation") ? root["simulation"] : empty;
    r.integer(sim, "n_temporal_units_to_sim", "simulation", s.steps);
    const auto add = [&](BoarioEventSpec e) {
        if (e.kind != "none") s.events.push_back(std::move(e));
    };
    if (root.contains("event")) add(r.event(root["event"], "event"));
    if (root.contains("events")) {
        if (!root["events"].is_array()) {
            r.fail("events", "expected a list of events");
        } else {
            for (std::size_t k = 0; k < root["events"].size(); ++k)
                add(r.event(root["events"][k], fmt::format("events[{}]", k)));
        }
    }
    s.industries_order = r.labels(root, "industries_order");
    s.final_columns_order = r.labels(root, "final_demand_columns_order");
    if (s.order_type != "alt" && s.order_type != "noalt")
        r.fail("model_parameters.order_type", "expected alt or noalt");
    if (s.steps < 1 || s.steps > 100000)
        r.fail("simulation.n_temporal_units_to_sim", "expected 1 to 100000 steps");
    if (s.temporal_units_by_step != 1)
        r.fail("model_parameters.temporal_units_by_step",
               "only one temporal unit per step is supported (as BoARIO tests it)");
    if (s.alpha_tau <= 0 || s.inventory_restoration_tau <= 0 || s.main_inv_dur <= 0 ||
        s.monetary_factor <= 0 || s.year_to_temporal_unit_factor <= 0)
        r.fail("model_parameters", "time constants and factors must be positive");
    for (const auto& e : s.events)
        if (e.occurrence > s.steps)
            r.fail("event.occurrence",
                   fmt::format("step {} is after the last step {}", e.occurrence, s.steps - 1));
    if (!d.empty()) throw InvalidInput(std::move(d));
    return s;
}

}  // namespace

BoarioScenario read_boario_scenario(const std::string& path) {
    return boario_scenario_from_json(io::read_json_file(path, std::size_t{64} << 20), path);
}

BoarioScenario parse_boario_scenario(std::string_view text, const std::string& path) {
    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::exception& e) {
        Diagnostics d;
        d.add({path, 0, 0, ""}, fmt::format("not valid JSON: {}", e.what()));
        throw InvalidInput(std::move(d));
    }
    return boario_scenario_from_json(root, path);
}

}  // namespace critmin::sim
