#include "sim/scenario_reader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "core/date.h"
#include "core/error.h"
#include "io/file.h"
#include "io/yaml_location.h"
#include "io/yaml_reader.h"

namespace critmin::sim {

std::optional<int> parse_iso_date(std::string_view s) {
    return iso_date_days(s);  // one calendar for scenarios and the dataset's dated tables
}

std::string format_iso_date(int z) {
    z += 719468;
    const int era = z / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
    return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

namespace {

class Reader : public io::YamlReader {
  public:
    using YamlReader::YamlReader;

    std::optional<int> whole(const YAML::Node& map, const std::string& where, const char* key,
                             bool required, int lo, int hi) {
        const auto v = number(map, where, key, required, lo, hi);
        if (!v) return std::nullopt;
        if (*v != std::floor(*v)) {
            error(map[key], join(where, key), "must be a whole number of days");
            return std::nullopt;
        }
        return static_cast<int>(*v);
    }

    // A day: an ISO date (counted from the run's start date) or a day number.
    std::optional<int> day(const YAML::Node& map, const std::string& where, const char* key,
                           bool required) {
        const auto t = text(map, where, key, required);
        if (!t) return std::nullopt;
        if (const auto date = parse_iso_date(*t)) {
            if (!start_) {
                error(map[key], join(where, key),
                      "a date needs the scenario's `start:` date; or give a day number");
                return std::nullopt;
            }
            if (*date < *start_) {
                error(map[key], join(where, key),
                      fmt::format("date before the run start ({})", format_iso_date(*start_)));
                return std::nullopt;
            }
            return *date - *start_;
        }
        int v = 0;
        const auto r = std::from_chars(t->data(), t->data() + t->size(), v);
        if (r.ec != std::errc{} || r.ptr != t->data() + t->size()) {
            error(map[key], join(where, key),
                  fmt::format("`{}` is neither a date (YYYY-MM-DD) nor a day number", *t));
            return std::nullopt;
        }
        if (v < 0) {
            error(map[key], join(where, key), "day before the run start (day 0)");
            return std::nullopt;
        }
        return v;
    }

    NodeSelector selector(const YAML::Node& node, const std::string& where) {
        NodeSelector s;
        if (!node || !node.IsMap()) {
            error(node, where, "must be a map: producer, country, stage and/or commodity");
            return s;
        }
        keys(node, where,
             {"producer", "country", "stage", "commodity", "firm", "region", "sector"});
        s.producers = list(node, where, "producer");
        s.countries = list(node, where, "country");
        s.stages = list(node, where, "stage");
        s.commodities = list(node, where, "commodity");
        // Firm-level names for the same filters.
        for (auto& v : list(node, where, "firm")) s.producers.push_back(v);
        for (auto& v : list(node, where, "region")) s.countries.push_back(v);
        for (auto& v : list(node, where, "sector")) s.commodities.push_back(v);
        if (s.producers.empty() && s.countries.empty() && s.stages.empty() && s.commodities.empty())
            error(node, where, "names no producer, country, stage or commodity");
        return s;
    }

    DayRange range(const YAML::Node& map, const std::string& where) {
        DayRange r;
        if (auto v = day(map, where, "start", true)) r.start = *v;
        if (auto v = day(map, where, "end", false)) {
            if (*v <= r.start)
                error(map["end"], join(where, "end"), "must come after start");
            else
                r.end = *v;
        }
        return r;
    }

    RecoveryCurve curve(const YAML::Node& map, const std::string& where) {
        const auto t = text(map, where, "curve", false);
        if (!t || *t == "linear") return RecoveryCurve::linear;
        if (*t == "convex") return RecoveryCurve::convex;
        if (*t == "concave" || *t == "s-shaped") return RecoveryCurve::concave;
        error(map["curve"], join(where, "curve"),
              fmt::format("`{}` is not linear, convex or concave", *t));
        return RecoveryCurve::linear;
    }

    void shock(const YAML::Node& node, const std::string& where, Scenario& s) {
        if (!node.IsMap()) {
            error(node, where, "must be a map with a `type:`");
            return;
        }
        const auto type = text(node, where, "type", true);
        if (!type) return;
        if (*type == "capacity") {
            keys(node, where,
                 {"type", "target", "loss", "start", "duration_days", "recovery", "note"});
            CapacityShock c;
            c.where = where;
            c.target = selector(node["target"], join(where, "target"));
            if (auto v = number(node, where, "loss", true, 0, 1)) c.loss = *v;
            if (auto v = day(node, where, "start", true)) c.start = *v;
            if (auto v = whole(node, where, "duration_days", true, 0, 100000)) c.duration = *v;
            const YAML::Node rec = node["recovery"];
            if (rec) {
                const std::string rw = join(where, "recovery");
                keys(rec, rw, {"curve", "days"});
                c.curve = curve(rec, rw);
                if (auto v = whole(rec, rw, "days", true, 0, 100000)) c.recovery_days = *v;
            }
            s.capacity_shocks.push_back(c);
        } else if (*type == "export_control") {
            keys(node, where,
                 {"type", "exporter", "commodities", "destinations", "licensed", "licensing",
                  "leak", "hold_days", "start", "end", "note"});
            ExportControl e;
            e.where = where;
            if (auto v = text(node, where, "exporter", true)) e.exporter = *v;
            e.commodities = list(node, where, "commodities");
            if (e.commodities.empty())
                error(node, join(where, "commodities"), "names no commodity");
            licensing(node, where, e);
            if (auto v = number(node, where, "licensed", !e.licensing.given, 0, 1)) e.licensed = *v;
            if (auto v = number(node, where, "leak", false, 0, 1)) e.leak = *v;
            if (auto v = number(node, where, "hold_days", false, 0, 3650)) e.hold_days = *v;
            e.days = range(node, where);
            const YAML::Node dest = node["destinations"];
            const std::string dw = join(where, "destinations");
            if (!dest || (dest.IsScalar() && dest.Scalar() == "all")) {
                e.destinations.all = true;
            } else if (dest.IsSequence() || dest.IsScalar()) {
                e.destinations.all = false;
                e.destinations.only = list(node, where, "destinations");
            } else if (dest.IsMap()) {
                keys(dest, dw, {"all_except"});
                e.destinations.all = true;
                e.destinations.all_except = list(dest, dw, "all_except");
                if (e.destinations.all_except.empty())
                    error(dest, join(dw, "all_except"), "names no country or group");
            }
            s.export_controls.push_back(e);
        } else if (*type == "demand") {
            keys(node, where, {"type", "country", "end_use", "factor", "start", "end", "note"});
            DemandChange c;
            c.where = where;
            c.countries = list(node, where, "country");
            c.end_uses = list(node, where, "end_use");
            if (auto v = number(node, where, "factor", true, 0, 100)) c.factor = *v;
            c.days = range(node, where);
            s.demand_changes.push_back(c);
        } else {
            error(node["type"], join(where, "type"),
                  fmt::format("`{}` is not capacity, export_control or demand", *type));
        }
    }

    // S27a: `licensing: {processing_days, initial, final, ramp_days}` on an export control.
    void licensing(const YAML::Node& control, const std::string& where, ExportControl& e) {
        const YAML::Node node = control["licensing"];
        if (!node || node.IsNull()) return;
        const std::string w = join(where, "licensing");
        if (!node.IsMap()) {
            error(node, w, "must be a map: processing_days, initial, final, ramp_days");
            return;
        }
        keys(node, w, {"processing_days", "initial", "final", "ramp_days", "note"});
        if (control["licensed"])
            error(control["licensed"], join(where, "licensed"),
                  "give either `licensed:` (a fixed share) or `licensing:` (approvals over "
                  "time), not both");
        Licensing& l = e.licensing;
        l.given = true;
        if (auto v = whole(node, w, "processing_days", true, 0, 36500)) l.processing_days = *v;
        if (auto v = number(node, w, "initial", false, 0, 1)) l.initial = *v;
        if (auto v = number(node, w, "final", true, 0, 1)) l.final_share = *v;
        if (auto v = whole(node, w, "ramp_days", false, 0, 36500)) l.ramp_days = *v;
    }

    template <typename F>
    void each(const YAML::Node& parent, const std::string& where, const char* key, F&& f) {
        const YAML::Node node = parent[key];
        if (!node || node.IsNull()) return;
        const std::string w = join(where, key);
        if (!node.IsSequence()) {
            error(node, w, "must be a list");
            return;
        }
        for (std::size_t i = 0; i < node.size(); ++i) f(node[i], fmt::format("{}[{}]", w, i));
    }

    void responses(const YAML::Node& node, Scenario& s) {
        if (!node || node.IsNull()) return;
        if (!node.IsMap()) {
            error(node, "responses",
                  "must be a map of stockpiles, projects, pipeline, spare_capacity, candidates, "
                  "recycling");
            return;
        }
        keys(node, "responses",
             {"stockpiles", "projects", "pipeline", "spare_capacity", "candidates", "recycling",
              "prioritise", "substitution"});
        pipeline(node["pipeline"], s);
        prioritise(node["prioritise"], s);
        each(node, "responses", "substitution", [&](const YAML::Node& n, const std::string& w) {
            keys(n, w,
                 {"kind", "country", "end_use", "stage", "inputs", "reduction", "lead_days",
                  "ramp_days", "trigger", "start", "note"});
            Substitution r;
            r.where = w;
            if (auto v = text(n, w, "kind", false)) {
                if (*v != "grade" && *v != "thrifting" && *v != "ferrite" && *v != "induction" &&
                    *v != "other")
                    error(n["kind"], join(w, "kind"),
                          "must be grade, thrifting, ferrite, induction or other");
                r.kind = *v;
            }
            r.countries = list(n, w, "country");
            r.end_uses = list(n, w, "end_use");
            r.stages = list(n, w, "stage");
            r.inputs = list(n, w, "inputs");
            if (r.end_uses.empty() && r.stages.empty())
                error(n, w, "names no buyer: give `end_use:` or `stage:`");
            if (!r.end_uses.empty() && !r.stages.empty())
                error(n, w, "give `end_use:` (end users) or `stage:` (producers), not both");
            if (auto v = number(n, w, "reduction", true, 0, 1)) r.reduction = *v;
            if (auto v = whole(n, w, "lead_days", false, 0, 36500)) r.lead_days = *v;
            if (auto v = whole(n, w, "ramp_days", false, 0, 36500)) r.ramp_days = *v;
            if (auto v = text(n, w, "trigger", false)) {
                if (*v != "shortage" && *v != "start")
                    error(n["trigger"], join(w, "trigger"), "must be shortage or start");
                r.trigger = *v;
            }
            if (auto v = day(n, w, "start", false)) r.start = *v;
            s.substitution.push_back(r);
        });
        each(node, "responses", "recycling", [&](const YAML::Node& n, const std::string& w) {
            keys(n, w, {"file", "year", "online", "customers", "country", "scale", "note"});
            RecyclingSupply r;
            r.where = w;
            if (auto v = text(n, w, "file", true)) r.file = *v;
            if (auto v = whole(n, w, "year", true, 1900, 2200)) r.year = *v;
            if (auto v = day(n, w, "online", false)) r.online = *v;
            if (auto v = number(n, w, "scale", false, 0, 1000)) r.scale = *v;
            r.customers = list(n, w, "customers");
            r.countries = list(n, w, "country");
            s.recycling.push_back(r);
        });
        each(node, "responses", "stockpiles", [&](const YAML::Node& n, const std::string& w) {
            keys(n, w,
                 {"holder", "commodities", "days_held", "max_daily_release", "trigger", "start",
                  "note"});
            StockpileRelease r;
            r.where = w;
            if (auto v = text(n, w, "holder", true)) r.holder = *v;
            r.commodities = list(n, w, "commodities");
            if (auto v = number(n, w, "days_held", false, 0, 3650)) r.days_held = *v;
            if (auto v = number(n, w, "max_daily_release", false, 0, 365)) r.max_daily_release = *v;
            if (auto v = text(n, w, "trigger", false)) {
                if (*v != "shortage" && *v != "start")
                    error(n["trigger"], join(w, "trigger"), "must be shortage or start");
                r.trigger = *v;
            }
            if (auto v = day(n, w, "start", false)) r.start = *v;
            s.stockpiles.push_back(r);
        });
        each(node, "responses", "projects", [&](const YAML::Node& n, const std::string& w) {
            keys(n, w, {"id", "online", "ramp_up_days", "capacity", "customers", "note"});
            ProjectOnline r;
            r.where = w;
            if (auto v = text(n, w, "id", true)) r.project = *v;
            if (auto v = day(n, w, "online", true)) r.online = *v;
            if (auto v = whole(n, w, "ramp_up_days", false, 0, 10000)) r.ramp_up_days = *v;
            if (auto v = number(n, w, "capacity", false, 0, 1e9)) r.capacity = *v;
            r.customers = list(n, w, "customers");
            s.projects.push_back(r);
        });
        each(node, "responses", "spare_capacity", [&](const YAML::Node& n, const std::string& w) {
            keys(n, w, {"target", "extra", "start", "ramp_up_days", "note"});
            SpareCapacity r;
            r.where = w;
            r.target = selector(n["target"], join(w, "target"));
            if (auto v = number(n, w, "extra", true, 0, 10)) r.extra = *v;
            if (auto v = day(n, w, "start", false)) r.start = *v;
            if (auto v = whole(n, w, "ramp_up_days", false, 0, 10000)) r.ramp_up_days = *v;
            s.spare_capacity.push_back(r);
        });
        each(node, "responses", "candidates", [&](const YAML::Node& n, const std::string& w) {
            keys(n, w,
                 {"supplier", "commodity", "buyers", "qualification_days", "start", "max_share",
                  "note"});
            CandidateSupplier r;
            r.where = w;
            if (auto v = text(n, w, "supplier", true)) r.supplier = *v;
            if (auto v = text(n, w, "commodity", true)) r.commodity = *v;
            r.buyers = list(n, w, "buyers");
            if (auto v = whole(n, w, "qualification_days", false, 0, 10000))
                r.qualification_days = *v;
            if (auto v = day(n, w, "start", false)) r.start = *v;
            if (auto v = number(n, w, "max_share", false, 0, 1)) r.max_share = *v;
            s.candidates.push_back(r);
        });
    }

    // `responses.prioritise:` (S37): end uses served first, in order.
    void prioritise(const YAML::Node& node, Scenario& s) {
        if (!node || node.IsNull()) return;
        const std::string w = "responses.prioritise";
        if (!node.IsMap()) {
            error(node, w, "must be a map: end_uses (served first, in order), countries");
            return;
        }
        keys(node, w, {"end_uses", "countries", "note"});
        s.prioritise.where = w;
        s.prioritise.end_uses = list(node, w, "end_uses");
        s.prioritise.countries = list(node, w, "countries");
        if (s.prioritise.end_uses.empty()) error(node, join(w, "end_uses"), "names no end use");
    }

    // `responses.pipeline:`: the dataset's projects due by a year (expanded by run_scenario).
    void pipeline(const YAML::Node& node, Scenario& s) {
        if (!node || node.IsNull()) return;
        const std::string w = "responses.pipeline";
        if (!node.IsMap()) {
            error(node, w,
                  "must be a map: year, and optionally min_probability, scale_by_probability, "
                  "customers");
            return;
        }
        keys(node, w, {"year", "min_probability", "scale_by_probability", "customers", "note"});
        Pipeline& p = s.pipeline;
        p.given = true;
        p.where = w;
        p.at = io::yaml_location(path(), node, w);
        if (auto v = whole(node, w, "year", true, 1900, 2200)) p.year = *v;
        if (auto v = number(node, w, "min_probability", false, 0, 1)) p.min_probability = *v;
        if (auto v = text(node, w, "scale_by_probability", false)) {
            if (*v != "true" && *v != "false")
                error(node["scale_by_probability"], join(w, "scale_by_probability"),
                      "must be true or false");
            p.scale_by_probability = *v == "true";
        }
        p.customers = list(node, w, "customers");
    }

    // `regimes:`: `dataset` (every row of controls.csv) or a list of control ids. The ids are
    // checked against the dataset when the scenario runs; here only the form.
    void regimes(const YAML::Node& node, Scenario& s) {
        if (!node || node.IsNull()) return;
        const std::string w = "regimes";
        s.regimes.at = io::yaml_location(path(), node, w);
        if (node.IsScalar() && node.Scalar() == "dataset") {
            s.regimes.all = true;
        } else if (node.IsSequence()) {
            if (node.size() == 0)
                error(node, w, "names no control; give `dataset` or a list of control ids");
            for (std::size_t i = 0; i < node.size(); ++i) {
                const std::string iw = fmt::format("{}[{}]", w, i);
                if (!node[i].IsScalar() || node[i].Scalar().empty()) {
                    error(node[i], iw, "must be a control id of the dataset's controls.csv");
                    continue;
                }
                const std::string& id = node[i].Scalar();
                if (std::find(s.regimes.ids.begin(), s.regimes.ids.end(), id) !=
                    s.regimes.ids.end()) {
                    error(node[i], iw, fmt::format("`{}` is listed twice", id));
                    continue;
                }
                s.regimes.ids.push_back(id);
                s.regimes.where.push_back(io::yaml_location(path(), node[i], iw));
            }
        } else {
            error(node, w,
                  "must be `dataset` (every row of the dataset's controls.csv) or a list of "
                  "control ids");
            return;
        }
        // Rows carry calendar dates; without a day 0 they cannot be placed in the run.
        if (!start_)
            error(node, w,
                  "regimes from the dataset need the scenario's `start:` date: their dates count "
                  "from it");
    }

    void parameters(const YAML::Node& node, Scenario& s) {
        if (!node || node.IsNull()) return;
        const std::string w = "parameters";
        if (!node.IsMap()) {
            error(node, w, "must be a map");
            return;
        }
        keys(node, w,
             {"inventory_days", "inventory_days_by_commodity", "alpha_max", "alpha_tau_days", "psi",
              "restoration_days", "orders_follow_capacity", "stop_days", "stock_spread_days"});
        if (auto v = number(node, w, "stop_days", false, 0, 3650)) {
            if (*v > 0 && *v < 1)
                error(node["stop_days"], join(w, "stop_days"),
                      "must be 0 (off) or at least one day");
            s.stop_days = *v;
        }
        if (auto v = number(node, w, "stock_spread_days", false, 0, 3650)) s.stock_spread_days = *v;
        ModelParameters& p = s.parameters;
        if (auto v = number(node, w, "inventory_days", false, 1, 3650)) s.inventory_days = *v;
        if (auto v = number(node, w, "alpha_max", false, 1, 10)) p.alpha_max = *v;
        if (auto v = number(node, w, "alpha_tau_days", false, 1, 36500)) p.alpha_tau = *v;
        if (auto v = number(node, w, "psi", false, 0.01, 1)) p.psi = *v;
        if (auto v = number(node, w, "restoration_days", false, 1, 3650)) p.restoration_tau = *v;
        if (auto v = text(node, w, "orders_follow_capacity", false)) {
            if (*v != "true" && *v != "false")
                error(node["orders_follow_capacity"], join(w, "orders_follow_capacity"),
                      "must be true or false");
            p.orders_follow_capacity = *v == "true";
        }
        const YAML::Node by = node["inventory_days_by_commodity"];
        if (by) {
            if (!by.IsMap()) {
                error(by, join(w, "inventory_days_by_commodity"), "must map commodity: days");
            } else {
                for (const auto& item : by) {
                    const std::string key = item.first.Scalar();
                    const std::string iw = join(join(w, "inventory_days_by_commodity"), key);
                    YAML::Node holder;
                    holder["v"] = item.second;
                    if (auto v = number(holder, iw, "v", true, 1, 3650))
                        s.inventory_days_by_commodity.emplace_back(key, *v);
                }
            }
        }
    }

    Scenario read(const YAML::Node& root) {
        Scenario s;
        s.path = path();
        if (!root.IsMap()) {
            error(root, "", "a scenario is a map of keys (name:, horizon_days:, shocks:, ...)");
            return s;
        }
        keys(root, "",
             {"name",   "description",  "basis",     "dataset",    "firms",     "year",
              "start",  "horizon_days", "step_days", "parameters", "rationing", "allies",
              "shocks", "regimes",      "responses", "outputs",    "mrio",      "observed",
              "events", "dependence",   "samples"});  // last 3: stress catalogues
        if (const YAML::Node firms = root["firms"]) {
            if (!firms.IsMap()) {
                error(firms, "firms", "must be a map: table (firms.csv) and edges (edges.csv)");
            } else {
                keys(firms, "firms", {"table", "edges"});
                if (auto v = text(firms, "firms", "table", true)) s.firms_table = *v;
                if (auto v = text(firms, "firms", "edges", true)) s.firms_edges = *v;
            }
            if (root["dataset"])
                error(root["dataset"], "dataset", "give a dataset or firms, not both");
        }
        if (root["mrio"])
            error(root["mrio"], "mrio",
                  "MRIO runs take `critmin simulate --mrio DIR --boario-scenario FILE.json`");
        if (auto v = text(root, "", "name", true)) s.name = *v;
        if (auto v = text(root, "", "description", false)) s.description = *v;
        if (auto v = text(root, "", "basis", false)) s.basis = *v;
        if (auto v = text(root, "", "dataset", false)) s.dataset = *v == "embedded" ? "" : *v;
        if (auto v = whole(root, "", "year", false, 1900, 2200)) s.year = *v;
        if (auto v = text(root, "", "start", false)) {
            start_ = parse_iso_date(*v);
            if (!start_)
                error(root["start"], "start", fmt::format("`{}` is not a date YYYY-MM-DD", *v));
            else
                s.start_date = *v;
        }
        if (auto v = whole(root, "", "horizon_days", true, 1, 36500)) s.horizon_days = *v;
        if (auto v = whole(root, "", "step_days", false, 1, 1); !v && root["step_days"]) {
            // whole() has reported the problem: only daily steps exist.
        }
        parameters(root["parameters"], s);
        if (auto v = text(root, "", "rationing", false)) {
            if (*v == "proportional")
                s.parameters.rationing = Rationing::proportional;
            else if (*v == "final_demand_last")
                s.parameters.rationing = Rationing::final_demand_last;
            else if (*v == "lowest_fulfilment_first")
                s.parameters.rationing = Rationing::lowest_fulfilment_first;
            else if (*v == "allied_first")
                s.parameters.rationing = Rationing::allied_first;
            else
                error(root["rationing"], "rationing",
                      fmt::format("`{}` is not proportional, final_demand_last, "
                                  "lowest_fulfilment_first or allied_first",
                                  *v));
        }
        s.allies = list(root, "", "allies");
        if (s.parameters.rationing == Rationing::allied_first && s.allies.empty())
            error(root, "allies", "allied_first rationing needs `allies:` (countries or groups)");
        each(root, "", "shocks",
             [&](const YAML::Node& n, const std::string& w) { shock(n, w, s); });
        regimes(root["regimes"], s);
        responses(root["responses"], s);
        if (const YAML::Node obs = root["observed"]) {
            keys(obs, "observed", {"file", "exporter", "commodities", "downstream", "note"});
            if (auto v = text(obs, "observed", "file", true)) s.observed.file = *v;
            if (auto v = text(obs, "observed", "downstream", false)) s.observed.downstream = *v;
            if (auto v = text(obs, "observed", "exporter", true)) s.observed.exporter = *v;
            s.observed.commodities = list(obs, "observed", "commodities");
            if (s.observed.commodities.empty())
                error(obs, "observed.commodities", "names no commodity");
            if (s.start_date.empty())
                error(obs, "observed", "a backtest needs the scenario's `start:` date");
        }
        const YAML::Node outputs = root["outputs"];
        if (outputs) {
            keys(outputs, "outputs", {"csv", "database"});
            if (auto v = text(outputs, "outputs", "csv", false)) s.csv_dir = *v;
            if (auto v = text(outputs, "outputs", "database", false)) s.database = *v;
        }
        // Checks against the horizon.
        for (const auto& c : s.capacity_shocks)
            if (c.start >= s.horizon_days)
                error(YAML::Node(), c.where + ".start", "starts after the end of the run");
        for (const auto& e : s.export_controls)
            if (e.days.start >= s.horizon_days)
                error(YAML::Node(), e.where + ".start", "starts after the end of the run");
        return s;
    }

  private:
    std::optional<int> start_;
};

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& path) {
    Diagnostics d;
    const YAML::Node root = io::load_yaml(path, std::string(text));
    Reader r(path, d);
    Scenario s = r.read(root);
    if (!d.empty()) throw InvalidInput(std::move(d));
    s.positions = std::make_shared<const SourcePositions>(io::yaml_positions(root));
    return s;
}

Scenario read_scenario(const std::string& path) {
    Diagnostics d;
    std::string text;
    if (!io::read_text_file(path, text, std::size_t{4} << 20, d)) throw InvalidInput(std::move(d));
    Scenario s = parse_scenario(text, path);
    // Relative paths are relative to the scenario file.
    auto resolve = [&path](std::string& p) {
        if (!p.empty() && std::filesystem::path(p).is_relative())
            p = (std::filesystem::path(path).parent_path() / p).lexically_normal().string();
    };
    resolve(s.dataset);
    resolve(s.firms_table);
    resolve(s.firms_edges);
    resolve(s.observed.file);
    resolve(s.observed.downstream);
    for (auto& r : s.recycling) resolve(r.file);
    return s;
}

}  // namespace critmin::sim
