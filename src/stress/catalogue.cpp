#include "stress/catalogue.h"

#include <fmt/format.h>

#include <yaml-cpp/yaml.h>
#include <vector>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "io/file.h"
#include "io/yaml_location.h"
#include "io/yaml_reader.h"
#include "sim/scenario_reader.h"

namespace critmin::stress {

namespace {

// io::YamlReader with the catalogue's vocabulary: distributions and events.
class Reader : public io::YamlReader {
  public:
    using io::YamlReader::YamlReader;

    std::optional<double> number(const YAML::Node& n, const std::string& where) {
        return number_at(n, where);
    }
    std::vector<double> numbers(const YAML::Node& n, const std::string& where, std::size_t count) {
        return numbers_at(n, where, count);
    }
    std::vector<std::string> names(const YAML::Node& n, const std::string& where) {
        return names_at(n, where);
    }

    // A number (fixed) or one of {fixed: x}, {uniform: [a, b]}, {triangular: [min, mode, max]},
    // {lognormal: {median: m, sigma: s}}, {beta: {alpha, beta, min, max}},
    // {empirical: {values: [...], weights: [...]}}.
    // The smallest and largest value a distribution can draw (lognormal: unbounded above).
    static std::pair<double, double> support(const Distribution& d) {
        using K = Distribution::Kind;
        switch (d.kind) {
            case K::fixed:
                return {d.a, d.a};
            case K::uniform:
            case K::triangular:
                return {std::min(d.a, d.b), std::max(d.a, d.b)};
            case K::lognormal:
                return {0.0, std::numeric_limits<double>::infinity()};
            case K::beta:
                return {d.lo, d.hi};
            case K::empirical: {
                if (d.values.empty()) return {0.0, 0.0};
                const auto [lo, hi] = std::minmax_element(d.values.begin(), d.values.end());
                return {*lo, *hi};
            }
        }
        return {0.0, 0.0};
    }

    void bounded(const YAML::Node& n, const std::string& where, const Distribution& d, double lo,
                 double hi) {
        if (!n) return;
        const auto [min, max] = support(d);
        // A lognormal has no upper end: its rare huge draws are clamped when sampled.
        if (min < lo || (std::isfinite(max) && max > hi))
            error(n, where,
                  fmt::format("draws must lie in [{}, {}]; this distribution reaches {}", lo, hi,
                              min < lo ? min : max));
    }

    Distribution distribution(const YAML::Node& n, const std::string& where) {
        Distribution d;
        if (!n) {
            error(n, where, "is missing; give a number or a distribution");
            return d;
        }
        if (n.IsScalar()) {
            if (auto v = number(n, where)) d.a = *v;
            return d;
        }
        if (!n.IsMap() || n.size() != 1) {
            error(n, where,
                  "must be a number or one of fixed, uniform, triangular, lognormal, beta, "
                  "empirical");
            return d;
        }
        const std::string kind = n.begin()->first.Scalar();
        const YAML::Node v = n.begin()->second;
        const std::string w = where + "." + kind;
        if (kind == "fixed") {
            if (auto x = number(v, w)) d.a = *x;
        } else if (kind == "uniform") {
            d.kind = Distribution::Kind::uniform;
            const auto x = numbers(v, w, 2);
            if (x.size() == 2) {
                d.a = x[0];
                d.b = x[1];
                if (d.b < d.a) error(v, w, "needs min <= max");
            }
        } else if (kind == "triangular") {
            d.kind = Distribution::Kind::triangular;
            const auto x = numbers(v, w, 3);
            if (x.size() == 3) {
                d.a = x[0];
                d.c = x[1];
                d.b = x[2];
                if (!(d.a <= d.c && d.c <= d.b && d.a < d.b))
                    error(v, w, "needs min <= mode <= max, min < max");
            }
        } else if (kind == "lognormal") {
            d.kind = Distribution::Kind::lognormal;
            if (!v.IsMap()) {
                error(v, w, "must be {median: M, sigma: S}");
            } else {
                if (auto x = number(v["median"], w + ".median")) d.a = *x;
                if (auto x = number(v["sigma"], w + ".sigma")) d.b = *x;
                if (d.a <= 0 || d.b < 0) error(v, w, "needs median > 0 and sigma >= 0");
            }
        } else if (kind == "beta") {
            d.kind = Distribution::Kind::beta;
            if (!v.IsMap()) {
                error(v, w, "must be {alpha: A, beta: B, min: LO, max: HI}");
            } else {
                if (auto x = number(v["alpha"], w + ".alpha")) d.a = *x;
                if (auto x = number(v["beta"], w + ".beta")) d.b = *x;
                if (v["min"])
                    if (auto x = number(v["min"], w + ".min")) d.lo = *x;
                if (v["max"])
                    if (auto x = number(v["max"], w + ".max")) d.hi = *x;
                if (d.a <= 0 || d.b <= 0 || d.hi <= d.lo)
                    error(v, w, "needs alpha, beta > 0 and min < max");
            }
        } else if (kind == "empirical") {
            d.kind = Distribution::Kind::empirical;
            if (!v.IsMap() || !v["values"]) {
                error(v, w, "must be {values: [...], weights: [...]} (weights optional)");
            } else {
                d.values = numbers(v["values"], w + ".values", 0);
                if (v["weights"])
                    d.weights = numbers(v["weights"], w + ".weights", d.values.size());
                else
                    d.weights.assign(d.values.size(), 1.0);
                bool ok = !d.values.empty() && d.weights.size() == d.values.size();
                double total = 0;
                for (double x : d.weights) {
                    ok = ok && x >= 0;
                    total += x;
                }
                if (!ok) error(v, w, "needs values and as many non-negative weights");
                // All-zero weights leave nothing to draw from.
                else if (!(total > 0))
                    error(v, w, "the weights are all zero; at least one must be positive");
            }
        } else {
            error(
                n, where,
                fmt::format("`{}` is not fixed, uniform, triangular, lognormal, beta or empirical",
                            kind));
        }
        return d;
    }

    EventType event(const YAML::Node& n, const std::string& where) {
        EventType e;
        e.where = where;
        if (!n.IsMap()) {
            error(n, where, "must be a map with id, type and probability or rate");
            return e;
        }
        keys(n, where,
             {"id", "type", "basis", "probability", "rate", "onset_day", "duration_days",
              "severity", "target", "recovery", "exporter", "commodities", "destinations",
              "country", "end_use", "note"});
        if (n["id"] && n["id"].IsScalar())
            e.id = n["id"].Scalar();
        else
            error(n, where + ".id", "is missing; it is required");
        if (n["basis"] && n["basis"].IsScalar()) e.basis = n["basis"].Scalar();
        if (n["type"] && n["type"].IsScalar()) e.type = n["type"].Scalar();
        if (e.type != "capacity" && e.type != "export_control" && e.type != "demand")
            error(n["type"], where + ".type", "must be capacity, export_control or demand");
        if (n["probability"]) {
            if (auto v = number(n["probability"], where + ".probability")) e.probability = *v;
            if (e.probability < 0 || e.probability > 1)
                error(n["probability"], where + ".probability", "must be between 0 and 1");
        }
        if (n["rate"]) {
            if (auto v = number(n["rate"], where + ".rate")) e.rate = *v;
            if (e.rate < 0 || e.rate > 50)
                error(n["rate"], where + ".rate", "must be between 0 and 50 per year");
        }
        if ((e.probability < 0) == (e.rate < 0))
            error(n, where,
                  "give exactly one of probability (per year) and rate (events per year)");
        e.onset = distribution(n["onset_day"], where + ".onset_day");
        e.duration = distribution(n["duration_days"], where + ".duration_days");
        e.severity = distribution(n["severity"], where + ".severity");
        // Draws a scenario would refuse are refused here too (simulate takes no loss above 1
        // and no horizon beyond 36,500 days), instead of being clamped without a word.
        bounded(n["onset_day"], where + ".onset_day", e.onset, 0, 36500);
        bounded(n["duration_days"], where + ".duration_days", e.duration, 0, 36500);
        if (e.type == "capacity" || e.type == "export_control")
            bounded(n["severity"], where + ".severity", e.severity, 0, 1);
        if (e.type == "capacity") {
            const YAML::Node t = n["target"];
            if (!t || !t.IsMap()) {
                error(t, where + ".target", "a capacity event needs a target map");
            } else {
                keys(t, where + ".target", {"producer", "country", "stage", "commodity"});
                e.target.producers = names(t["producer"], where + ".target.producer");
                e.target.countries = names(t["country"], where + ".target.country");
                e.target.stages = names(t["stage"], where + ".target.stage");
                e.target.commodities = names(t["commodity"], where + ".target.commodity");
            }
            if (const YAML::Node r = n["recovery"]; r && !r.IsMap()) {
                error(r, where + ".recovery", "must be a map: days, curve");
            } else if (r) {
                keys(r, where + ".recovery", {"days", "curve"});
                if (r["days"])
                    if (auto v = number(r["days"], where + ".recovery.days"))
                        e.recovery_days = static_cast<int>(*v);
                const std::string c =
                    r["curve"] && r["curve"].IsScalar() ? r["curve"].Scalar() : "linear";
                if (c == "convex")
                    e.curve = sim::RecoveryCurve::convex;
                else if (c == "concave" || c == "s-shaped")
                    e.curve = sim::RecoveryCurve::concave;
                else if (c != "linear")
                    error(r["curve"], where + ".recovery.curve",
                          "must be linear, convex or concave");
            }
        } else if (e.type == "export_control") {
            if (n["exporter"] && n["exporter"].IsScalar())
                e.exporter = n["exporter"].Scalar();
            else
                error(n, where + ".exporter", "an export control needs an exporter");
            e.commodities = names(n["commodities"], where + ".commodities");
            if (e.commodities.empty()) error(n, where + ".commodities", "names no commodity");
            const YAML::Node dest = n["destinations"];
            if (dest && !(dest.IsScalar() && dest.Scalar() == "all")) {
                if (dest.IsMap() && dest["all_except"]) {
                    keys(dest, where + ".destinations", {"all_except"});
                    e.destinations.all_except =
                        names(dest["all_except"], where + ".destinations.all_except");
                } else {
                    e.destinations.all = false;
                    e.destinations.only = names(dest, where + ".destinations");
                }
            }
        } else if (e.type == "demand") {
            e.countries = names(n["country"], where + ".country");
            e.end_uses = names(n["end_use"], where + ".end_use");
        }
        return e;
    }
};

}  // namespace

Catalogue read_catalogue(const std::string& path) {
    Catalogue c;
    c.base = sim::read_scenario(path);  // the base scenario; reports its own problems
    Diagnostics d;
    std::string text;
    if (!io::read_text_file(path, text, std::size_t{4} << 20, d)) throw InvalidInput(std::move(d));
    const YAML::Node root = io::load_yaml(path, text);
    Reader r(path, d);
    if (!c.base.capacity_shocks.empty() || !c.base.export_controls.empty() ||
        !c.base.demand_changes.empty())
        r.error(root["shocks"], "shocks",
                "a catalogue draws its shocks from `events:`; remove `shocks:`");
    const YAML::Node events = root["events"];
    if (!events || !events.IsSequence() || events.size() == 0) {
        r.error(events, "events", "a catalogue needs a list of events");
    } else {
        for (std::size_t i = 0; i < events.size(); ++i)
            c.events.push_back(r.event(events[i], fmt::format("events[{}]", i)));
    }
    auto index_of = [&c](const std::string& id) {
        for (std::size_t i = 0; i < c.events.size(); ++i)
            if (c.events[i].id == id) return static_cast<int>(i);
        return -1;
    };
    for (std::size_t i = 0; i < c.events.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (c.events[i].id == c.events[j].id)
                r.error(events[i], fmt::format("events[{}].id", i), "duplicate event id");
    if (const YAML::Node dep = root["dependence"]; dep && !dep.IsSequence()) {
        r.error(dep, "dependence", "must be a list of dependences");
    } else if (dep) {
        for (std::size_t i = 0; i < dep.size(); ++i) {
            const std::string w = fmt::format("dependence[{}]", i);
            const YAML::Node n = dep[i];
            if (!n.IsMap()) {
                r.error(n, w, "must be a map: together, or event, raises and probability");
                continue;
            }
            r.keys(n, w, {"together", "event", "raises", "probability", "note"});
            Dependence x;
            if (n["together"]) {
                const auto ids = r.names(n["together"], w + ".together");
                if (ids.size() != 2) {
                    r.error(n, w + ".together", "must list two event ids");
                    continue;
                }
                x.together = true;
                x.source = index_of(ids[0]);
                x.target = index_of(ids[1]);
            } else {
                x.source = n["event"] && n["event"].IsScalar() ? index_of(n["event"].Scalar()) : -1;
                x.target =
                    n["raises"] && n["raises"].IsScalar() ? index_of(n["raises"].Scalar()) : -1;
                if (auto v = r.number(n["probability"], w + ".probability")) x.probability = *v;
                if (x.probability < 0 || x.probability > 1)
                    r.error(n["probability"], w + ".probability", "must be between 0 and 1");
            }
            if (x.source < 0 || x.target < 0)
                r.error(n, w,
                        "names an event that is not in the catalogue (event/raises or together)");
            else if (x.source >= x.target)
                r.error(n, w,
                        "the source event must come before the event it affects in `events:`");
            else
                c.dependence.push_back(x);
        }
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
    return c;
}

}  // namespace critmin::stress
