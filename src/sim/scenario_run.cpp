#include "sim/scenario_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/error.h"
#include "io/csv.h"
#include "io/table.h"
#include "sim/ario.h"
#include "sim/downstream.h"
#include "sim/run.h"
#include "sim/scenario_reader.h"

namespace critmin::sim {

namespace {

// Demand counts as unmet when more than this share of the day's order is missing (S34).
constexpr double kUnmetShare = 1e-4;
// Deliveries count as recovered within this share of what is ordered (S35).
constexpr double kRecoveredShare = 0.01;

class Resolver {
  public:
    Resolver(const Dataset& data, const DatasetNetwork& dn, const std::string& file, Diagnostics& d)
        : data_(data), dn_(dn), file_(file), d_(d) {}

    void fail(const std::string& where, const std::string& message) {
        d_.add({file_, 0, 0, where}, message);
    }

    // Countries named directly or through a group (G7, allies, ...).
    std::set<Id> countries(const std::vector<std::string>& names, const std::string& where) {
        std::set<Id> out;
        for (const auto& n : names) {
            const Id c = data_.find_country(n);
            if (c != kNoId) {
                out.insert(c);
                continue;
            }
            const Id g = data_.find_group(n);
            if (g != kNoId) {
                for (std::uint32_t m : data_.groups.members.row(g)) out.insert(m);
                continue;
            }
            fail(where,
                 fmt::format("`{}` is neither a country (ISO3) nor a group of the dataset", n));
        }
        return out;
    }

    Id commodity(const std::string& name, const std::string& where) {
        const Id c = data_.find_commodity(name);
        if (c == kNoId) fail(where, fmt::format("`{}` is not a commodity of the dataset", name));
        return c;
    }

    std::set<Id> commodities(const std::vector<std::string>& names, const std::string& where) {
        std::set<Id> out;
        for (const auto& n : names)
            if (Id c = commodity(n, where); c != kNoId) out.insert(c);
        return out;
    }

    Id producer(const std::string& name, const std::string& where) {
        const Id node = data_.find_node(name);
        if (node == kNoId || data_.nodes.kind[node] != NodeKind::producer) {
            fail(where, fmt::format("`{}` is not a producer of the dataset", name));
            return kNoId;
        }
        return data_.nodes.row[node];
    }

    std::vector<std::uint8_t> nodes(const NodeSelector& s, const std::string& where) {
        std::set<Id> producers;
        for (const auto& p : s.producers)
            if (Id r = producer(p, where + ".producer"); r != kNoId) producers.insert(r);
        const std::set<Id> cs = countries(s.countries, where + ".country");
        std::set<Stage> stages;
        for (const auto& st : s.stages) {
            const auto v = parse_enum<Stage>(st);
            if (!v)
                fail(where + ".stage",
                     fmt::format("`{}` is not a stage (mining, separation, refining, "
                                 "metal, alloy, magnet, component)",
                                 st));
            else
                stages.insert(*v);
        }
        const std::set<Id> coms = commodities(s.commodities, where + ".commodity");
        std::vector<std::uint8_t> mask(dn_.net.n_nodes(), 0);
        std::size_t hits = 0;
        for (std::size_t i = 0; i < mask.size(); ++i) {
            const Id prod = dn_.node_producer[i];
            const Id com = dn_.node_commodity[i];
            // End-use nodes sit at the end_use stage and make products, not the commodity.
            const bool end_use = dn_.node_end_use[i] != 0;
            const Stage stage = end_use ? Stage::end_use : data_.commodities.stage[com];
            bool ok = true;
            if (!s.producers.empty()) ok = ok && prod != kNoId && producers.count(prod) != 0;
            if (!s.countries.empty()) ok = ok && cs.count(dn_.node_country[i]) != 0;
            if (!s.stages.empty()) ok = ok && stages.count(stage) != 0;
            if (!s.commodities.empty()) ok = ok && !end_use && coms.count(com) != 0;
            mask[i] = ok ? 1 : 0;
            hits += ok ? 1 : 0;
        }
        if (hits == 0 && d_.empty())
            fail(where, "selects no producer with output in the simulated year");
        return mask;
    }

  private:
    const Dataset& data_;
    const DatasetNetwork& dn_;
    std::string file_;
    Diagnostics& d_;
};

}  // namespace

double shock_loss(const CapacityShock& s, int day) {
    if (day < s.start) return 0.0;
    const int after = day - (s.start + s.duration);
    if (after < 0) return s.loss;
    if (s.recovery_days <= 0 || after >= s.recovery_days) return 0.0;
    return std::clamp(recovery_curve(s.curve, s.loss, after, s.recovery_days), 0.0, s.loss);
}

double ramp_share(int day, int start, int ramp) {
    if (day < start) return 0.0;
    if (ramp <= 0) return 1.0;
    return std::min(1.0, static_cast<double>(day - start + 1) / ramp);
}

namespace {

struct Release {
    StockpileSummary summary;
    std::vector<std::uint32_t> slots;
    std::vector<double> target;  // baseline target inventory per slot
    double max_daily = 0;
    bool triggered = false;
    std::string trigger;
    int start = 0;
    double left = 0;
};

struct ProjectTargets {
    std::uint32_t node = 0;
    double capacity_per_day = 0;
    int online = 0, ramp = 0;
    std::vector<std::uint32_t> edges;
    std::vector<double> buyer_share;
};

struct CandidateTargets {
    int from = 0;
    std::vector<std::uint32_t> edges;
    std::vector<double> bonus;
};

}  // namespace

ColumnSummary summarise_column(const std::vector<double>& ordered,
                               const std::vector<double>& delivered, std::size_t n_cols,
                               std::size_t c, std::size_t steps, int shock_start) {
    ColumnSummary cs;
    std::vector<double> ord(steps), del(steps);
    for (std::size_t t = 0; t < steps; ++t) {
        ord[t] = ordered[t * n_cols + c];
        del[t] = delivered[t * n_cols + c];
        cs.demand += ord[t];
        const double miss = std::max(ord[t] - del[t], 0.0);
        cs.shortfall += miss;  // S32
        if (ord[t] > 0)
            cs.deepest_daily_pct = std::max(cs.deepest_daily_pct, 100.0 * miss / ord[t]);  // S33
    }
    if (cs.shortfall < kUnmetShare * 1e-3 * cs.demand) cs.shortfall = 0.0;  // rounding noise
    cs.shortfall_pct = cs.demand > 0 ? 100.0 * cs.shortfall / cs.demand : 0.0;
    cs.tts_days = time_to_survive(ord, del, shock_start);  // S34
    cs.disrupted = cs.tts_days >= 0;
    cs.ttr_days = cs.disrupted ? time_to_recover(ord, del, shock_start) : -1;  // S35
    return cs;
}

void apply_capacity_shocks(const std::vector<CapacityShock>& shocks,
                           const std::vector<std::vector<std::uint8_t>>& masks, int day, State& s) {
    // Losses from simultaneous shocks compound: 1 - prod(1 - loss).
    std::fill(s.delta.begin(), s.delta.end(), 0.0);
    for (std::size_t k = 0; k < shocks.size(); ++k) {
        const double loss = shock_loss(shocks[k], day);
        if (loss <= 0) continue;
        for (std::size_t i = 0; i < s.delta.size(); ++i)
            if (masks[k][i] != 0) s.delta[i] = 1.0 - (1.0 - s.delta[i]) * (1.0 - loss);
    }
}

void apply_licences(const std::vector<LicenceTargets>& controls, int day, State& s) {
    // The strictest active control applies.
    std::fill(s.license.begin(), s.license.end(), 1.0);
    std::fill(s.fd_license.begin(), s.fd_license.end(), 1.0);
    for (const LicenceTargets& c : controls) {
        if (!c.days.contains(day)) continue;
        const double share = licensed_share(c.licensing, c.licensed, c.leak, c.days.start, day);
        for (std::uint32_t e : c.edges) s.license[e] = std::min(s.license[e], share);
        for (std::uint32_t f : c.finals) s.fd_license[f] = std::min(s.fd_license[f], share);
    }
}

void apply_demand_changes(const Network& net, const std::vector<DemandChange>& changes,
                          const std::vector<std::vector<std::uint8_t>>& column_masks, int day,
                          State& s) {
    for (std::size_t f = 0; f < net.n_fd_entries(); ++f) {
        double factor = 1.0;
        for (std::size_t k = 0; k < changes.size(); ++k)
            if (changes[k].days.contains(day) && column_masks[k][net.fd_column[f]] != 0)
                factor *= changes[k].factor;
        s.fd_orders[f] = net.fd_y0[f] * factor;
    }
}

void add_spare_capacity(const Network& net, const std::vector<SpareCapacity>& spare,
                        const std::vector<std::vector<std::uint8_t>>& masks, int day, State& s) {
    for (std::size_t k = 0; k < spare.size(); ++k) {
        const double share =
            spare[k].extra * ramp_share(day, spare[k].start, spare[k].ramp_up_days);
        for (std::size_t i = 0; i < net.n_nodes(); ++i)
            if (masks[k][i] != 0) s.capacity_extra[i] += share * net.x0[i];
    }
}

int first_shock_day(const Scenario& sc) {
    int first = -1;
    auto note = [&first](int day) { first = first < 0 ? day : std::min(first, day); };
    for (const auto& s : sc.capacity_shocks) note(s.start);
    for (const auto& e : sc.export_controls) note(e.days.start);
    for (const auto& c : sc.demand_changes) note(c.days.start);
    return first;
}

int time_to_survive(const std::vector<double>& ordered, const std::vector<double>& delivered,
                    int shock_start) {
    if (shock_start < 0) return -1;
    for (std::size_t t = static_cast<std::size_t>(shock_start); t < ordered.size(); ++t)
        if (ordered[t] - delivered[t] > kUnmetShare * ordered[t])
            return static_cast<int>(t) - shock_start;
    return -1;
}

int time_to_recover(const std::vector<double>& baseline, const std::vector<double>& delivered,
                    int shock_start) {
    if (shock_start < 0) return -1;
    // The last day deliveries fall short; recovery is the day after, if inside the run.
    int last_short = -1;
    for (std::size_t t = static_cast<std::size_t>(shock_start); t < baseline.size(); ++t)
        if (delivered[t] < (1.0 - kRecoveredShare) * baseline[t]) last_short = static_cast<int>(t);
    if (last_short < 0) return 0;
    if (last_short + 1 >= static_cast<int>(baseline.size())) return -1;
    return last_short + 1 - shock_start;
}

std::vector<ExportControl> regime_controls(const Dataset& data, std::size_t row, int day0,
                                           int horizon_days, const std::string& where) {
    const ControlTable& c = data.controls;
    // The row as an S27 control: an empty destination list is every destination, as a
    // scenario's `destinations: all`; `destinations_except` narrows that.
    ExportControl base;
    base.exporter = c.exporter[row];
    for (Id com : c.commodities[row]) base.commodities.push_back(data.commodities.id[com]);
    base.destinations.all = c.destinations[row].empty();
    base.destinations.only = c.destinations[row];
    base.destinations.all_except = c.destinations_except[row];
    base.licensed = c.licensed[row];
    base.where = where;
    // Day ranges [first, last) relative to day 0; kOpen marks an open end.
    constexpr int kOpen = std::numeric_limits<int>::max();
    const int start = c.start[row] - day0;
    const int end = c.end[row] == kNoDate ? kOpen : c.end[row] - day0;
    std::vector<std::pair<int, int>> parts;
    if (c.suspended_from[row] == kNoDate) {
        parts.emplace_back(start, end);
    } else {
        // Not applied on [suspended_from, suspended_until): what is left before and after.
        const int from = c.suspended_from[row] - day0;
        const int until = c.suspended_until[row] - day0;
        if (from > start) parts.emplace_back(start, std::min(end, from));
        if (until < end) parts.emplace_back(std::max(start, until), end);
    }
    std::vector<ExportControl> out;
    for (const auto& [first, last] : parts) {
        if (last <= 0) continue;              // over before the run starts
        if (first >= horizon_days) continue;  // starts after the run ends
        ExportControl e = base;
        // In force on day 0 already: the run starts under it (and TTS counts from day 0).
        e.days.start = std::max(first, 0);
        e.days.end = last == kOpen ? -1 : last;
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<ProjectOnline> pipeline_projects(const Dataset& data, const Scenario& sc) {
    std::vector<ProjectOnline> out;
    const Pipeline& pl = sc.pipeline;
    if (!pl.given) return out;
    const ProjectTable& t = data.projects;
    for (std::size_t k = 0; k < t.size(); ++k) {
        if (t.earliest_start[k] > pl.year) continue;
        const double probability = t.probability(k);  // NaN when not given: no filter, no scale
        if (!std::isnan(probability) && probability < pl.min_probability) continue;
        // An explicit entry says more (its own online day, ramp and capacity): it wins.
        const bool listed =
            std::any_of(sc.projects.begin(), sc.projects.end(),
                        [&](const ProjectOnline& p) { return p.project == t.id[k]; });
        if (listed) continue;
        ProjectOnline pr;
        pr.project = t.id[k];
        pr.online = 0;
        pr.ramp_up_days = std::isnan(t.ramp_up_years[k])
                              ? 0
                              : static_cast<int>(std::lround(t.ramp_up_years[k] * 365.0));
        double capacity = t.capacity[k];
        if (pl.scale_by_probability && !std::isnan(probability)) capacity *= probability;
        // NaN: left to the S30 check, which asks for a capacity naming this path.
        pr.capacity = std::isnan(capacity) ? -1 : capacity;
        pr.customers = pl.customers;
        pr.where = pl.where;
        out.push_back(std::move(pr));
    }
    return out;
}

Scenario with_dataset_entries(const Dataset& data, const Scenario& scenario, Diagnostics& d) {
    Scenario sc = scenario;
    // Problems point at the YAML the reader saw (file, line, column and path).
    auto fail = [&](Location at, const std::string& path, const std::string& message) {
        if (at.file.empty()) at.file = sc.path;
        at.path = path;
        d.add(std::move(at), message);
    };
    if (!sc.regimes.empty()) {
        const auto day0 = parse_iso_date(sc.start_date);
        if (!day0) {
            fail(sc.regimes.at, "regimes",
                 "regimes from the dataset need the scenario's `start:` date: their dates count "
                 "from it");
        } else if (sc.regimes.all) {
            if (data.controls.size() == 0)
                fail(sc.regimes.at, "regimes",
                     "`dataset`, but the dataset has no export-control regimes (controls.csv)");
            for (std::size_t row = 0; row < data.controls.size(); ++row)
                for (ExportControl& e :
                     regime_controls(data, row, *day0, sc.horizon_days,
                                     fmt::format("regimes.dataset[{}]", data.controls.id[row])))
                    sc.export_controls.push_back(std::move(e));
        } else {
            for (std::size_t i = 0; i < sc.regimes.ids.size(); ++i) {
                const std::string& id = sc.regimes.ids[i];
                const auto& ids = data.controls.id;
                const auto it = std::find(ids.begin(), ids.end(), id);
                const Location& at = sc.regimes.where[i];
                if (it == ids.end()) {
                    fail(at, at.path,
                         fmt::format("`{}` is not a control of the dataset's controls.csv", id));
                    continue;
                }
                const auto row = static_cast<std::size_t>(it - ids.begin());
                for (ExportControl& e : regime_controls(data, row, *day0, sc.horizon_days, at.path))
                    sc.export_controls.push_back(std::move(e));
            }
        }
    }
    if (sc.pipeline.given) {
        // Checked once here rather than once per project the pipeline brings.
        bool ok = true;
        for (const auto& name : sc.pipeline.customers) {
            if (data.countries_named(name)) continue;
            fail(sc.pipeline.at, sc.pipeline.where + ".customers",
                 fmt::format("`{}` is neither a country (ISO3) nor a group of the dataset", name));
            ok = false;
        }
        if (ok)
            for (ProjectOnline& pr : pipeline_projects(data, sc))
                sc.projects.push_back(std::move(pr));
    }
    sc.regimes = {};
    sc.pipeline = {};
    return sc;
}

ScenarioRun run_scenario(const Dataset& data, const Scenario& scenario, const RunControl& control) {
    Diagnostics d;
    // Regimes and the pipeline become plain export controls and projects first: from here on
    // they are the scenario's own entries (S27, S30).
    const Scenario sc = with_dataset_entries(data, scenario, d);
    ModelParameters p = sc.parameters;
    p.mode = Mode::native;

    // Extra suppliers (projects, candidates) must exist before the network is compiled.
    struct Recycled {
        std::string label;
        double capacity;  // t/yr
        int online;
    };
    std::vector<Recycled> recycled;
    DatasetNetworkOptions options;
    options.year = sc.year;
    options.inventory_days = sc.inventory_days;
    options.stop_days = sc.stop_days;
    options.stock_spread_days = sc.stock_spread_days;
    options.inventory_days_by_commodity.assign(data.commodities.size(), 0.0);
    {
        DatasetNetwork probe;  // resolver needs no network for names
        Resolver r(data, probe, sc.path, d);
        for (const auto& [name, days] : sc.inventory_days_by_commodity)
            if (Id c = r.commodity(name, "parameters.inventory_days_by_commodity." + name);
                c != kNoId)
                options.inventory_days_by_commodity[c] = days;
        for (const ProjectOnline& pr : sc.projects) {
            Id row = kNoId;
            for (std::size_t k = 0; k < data.projects.size(); ++k)
                if (data.projects.id[k] == pr.project) row = static_cast<Id>(k);
            if (row == kNoId) {
                r.fail(pr.where + ".id",
                       fmt::format("`{}` is not a project of the dataset", pr.project));
                continue;
            }
            ExtraSupplier x;
            x.label = "project." + pr.project;
            x.commodity = data.projects.commodity[row];
            x.country = data.projects.country[row];
            const std::set<Id> cs = r.countries(pr.customers, pr.where + ".customers");
            x.buyer_countries.assign(cs.begin(), cs.end());
            options.extra.push_back(x);
        }
        for (const RecyclingSupply& rs : sc.recycling) {
            Diagnostics file_problems;
            const io::CsvFile file = io::read_csv(rs.file, file_problems);
            const io::ColumnSpec columns[] = {{"producer", true},    {"country", true},
                                              {"commodity", true},   {"year", true},
                                              {"capacity", true},    {"source", false},
                                              {"confidence", false}, {"derivation", false}};
            if (file_problems.empty()) {
                io::TableReader t(file, columns, file_problems);
                if (t.usable()) {
                    for (std::size_t row : t.rows()) {
                        const auto year = t.year(row, "year");
                        const auto cap = t.quantity(row, "capacity", true);
                        if (!year || !cap || *year != rs.year || *cap <= 0) continue;
                        ExtraSupplier x;
                        x.commodity = data.find_commodity(t.text(row, "commodity"));
                        x.country = data.find_country(t.text(row, "country"));
                        if (!rs.countries.empty() && x.country != kNoId &&
                            r.countries(rs.countries, rs.where + ".country").count(x.country) == 0)
                            continue;
                        if (x.commodity == kNoId || x.country == kNoId) {
                            t.error(row, x.commodity == kNoId ? "commodity" : "country",
                                    "not in the dataset");
                            continue;
                        }
                        x.label = fmt::format("recycling.{}:{}", t.text(row, "producer"),
                                              t.text(row, "commodity"));
                        const std::set<Id> cs = r.countries(rs.customers, rs.where + ".customers");
                        x.buyer_countries.assign(cs.begin(), cs.end());
                        options.extra.push_back(x);
                        recycled.push_back({x.label, *cap * rs.scale, rs.online});
                    }
                }
            }
            d.append(file_problems);
        }
        for (const CandidateSupplier& c : sc.candidates) {
            ExtraSupplier x;
            x.producer = r.producer(c.supplier, c.where + ".supplier");
            x.commodity = r.commodity(c.commodity, c.where + ".commodity");
            if (x.producer == kNoId || x.commodity == kNoId) continue;
            x.label = c.supplier + ":" + c.commodity;
            x.country = data.nodes.country[data.producers.node[x.producer]];
            const std::set<Id> cs = r.countries(c.buyers, c.where + ".buyers");
            x.buyer_countries.assign(cs.begin(), cs.end());
            options.extra.push_back(x);
        }
        if (sc.parameters.rationing == Rationing::allied_first) {
            const std::set<Id> allies = r.countries(sc.allies, "allies");
            p.allied_region.assign(data.countries.size(), 0);
            for (Id c : allies) p.allied_region[c] = 1;
        }
    }
    // Problems so far are kept and reported together with those found below.

    ScenarioRun run;
    run.network = build_dataset_network(data, p, options);
    const DatasetNetwork& dn = run.network;
    const Network& net = dn.net;
    const std::size_t n = net.n_nodes();
    const std::size_t n_cols = net.n_final_columns();
    Resolver r(data, dn, sc.path, d);

    // S26: capacity shocks.
    std::vector<std::vector<std::uint8_t>> shock_nodes;
    for (const CapacityShock& s : sc.capacity_shocks)
        shock_nodes.push_back(r.nodes(s.target, s.where + ".target"));
    // S27: export controls -> edges and final-demand entries they license.
    std::vector<LicenceTargets> controls;
    for (const ExportControl& e : sc.export_controls) {
        LicenceTargets t;
        t.licensed = e.licensed;
        t.licensing = e.licensing;
        t.leak = e.leak;
        t.hold_days = e.hold_days;
        t.days = e.days;
        const std::set<Id> exporter = r.countries({e.exporter}, e.where + ".exporter");
        const std::set<Id> coms = r.commodities(e.commodities, e.where + ".commodities");
        const std::set<Id> only = r.countries(e.destinations.only, e.where + ".destinations");
        const std::set<Id> except =
            r.countries(e.destinations.all_except, e.where + ".destinations.all_except");
        auto hit = [&](std::uint32_t supplier, Id buyer_country) {
            if (exporter.count(dn.node_country[supplier]) == 0) return false;
            if (coms.count(dn.node_commodity[supplier]) == 0) return false;
            if (exporter.count(buyer_country) != 0) return false;  // domestic sales are not exports
            if (!e.destinations.all) return only.count(buyer_country) != 0;
            return except.count(buyer_country) == 0;
        };
        for (std::uint32_t k = 0; k < net.n_edges(); ++k)
            if (hit(net.edge_supplier[k], dn.node_country[net.edge_buyer[k]])) t.edges.push_back(k);
        for (std::uint32_t i = 0; i < n; ++i)
            for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
                if (hit(i, dn.columns[net.fd_column[f]].country)) t.finals.push_back(f);
        controls.push_back(std::move(t));
    }
    // S28: demand changes -> columns.
    std::vector<std::vector<std::uint8_t>> demand_cols;
    for (const DemandChange& c : sc.demand_changes) {
        const std::set<Id> cs = r.countries(c.countries, c.where + ".country");
        std::set<EndUse> uses;
        for (const auto& u : c.end_uses) {
            if (auto v = parse_enum<EndUse>(u))
                uses.insert(*v);
            else
                r.fail(c.where + ".end_use", fmt::format("`{}` is not an end use", u));
        }
        std::vector<std::uint8_t> mask(n_cols, 0);
        for (std::size_t k = 0; k < n_cols; ++k)
            mask[k] = (c.countries.empty() || cs.count(dn.columns[k].country) != 0) &&
                              (c.end_uses.empty() || uses.count(dn.columns[k].end_use) != 0)
                          ? 1
                          : 0;
        demand_cols.push_back(std::move(mask));
    }
    // S29: stockpile releases.
    std::vector<Release> releases;
    for (const StockpileRelease& s : sc.stockpiles) {
        const Id holder = data.find_country(s.holder);
        if (holder == kNoId) {
            r.fail(s.where + ".holder",
                   fmt::format("`{}` is not a country of the dataset", s.holder));
            continue;
        }
        std::set<Id> coms = r.commodities(s.commodities, s.where + ".commodities");
        if (s.commodities.empty())
            for (std::size_t k = 0; k < data.stockpiles.size(); ++k)
                if (data.nodes.country[data.stockpiles.node[k]] == holder)
                    coms.insert(data.nodes.commodity[data.stockpiles.node[k]]);
        for (Id com : coms) {
            Release rel;
            rel.summary.holder = s.holder;
            rel.summary.commodity = data.commodities.id[com];
            for (std::uint32_t k = 0; k < net.n_slots(); ++k) {
                if (net.slot_product[k] != com || dn.node_country[net.slot_buyer[k]] != holder)
                    continue;
                rel.slots.push_back(k);
                const double use = net.slot_tech[k] * net.x0[net.slot_buyer[k]];
                rel.summary.daily_use += use;
                rel.target.push_back(use * net.inventory_steps[com]);
            }
            if (rel.slots.empty()) {
                r.fail(s.where + ".commodities",
                       fmt::format("no producer in {} uses {} in the simulated year", s.holder,
                                   data.commodities.id[com]));
                continue;
            }
            double days = s.days_held;
            double quantity = 0;
            if (days < 0) {
                days = 0;
                for (std::size_t k = 0; k < data.stockpiles.size(); ++k) {
                    const Id node = data.stockpiles.node[k];
                    if (data.nodes.country[node] != holder || data.nodes.commodity[node] != com)
                        continue;
                    if (!std::isnan(data.stockpiles.quantity[k]))
                        quantity += data.stockpiles.quantity[k];
                    if (!std::isnan(data.stockpiles.days_of_consumption[k]))
                        days += data.stockpiles.days_of_consumption[k];
                }
            }
            rel.summary.stock = quantity + days * rel.summary.daily_use;
            rel.left = rel.summary.stock;
            rel.max_daily = s.max_daily_release * rel.summary.daily_use;
            rel.trigger = s.trigger;
            rel.start = s.start;
            releases.push_back(std::move(rel));
        }
    }
    // S30: projects and spare capacity; S31: candidate suppliers.
    std::vector<ProjectTargets> projects;
    auto node_by_label = [&](const std::string& label) {
        for (std::uint32_t i = 0; i < n; ++i)
            if (net.node_labels[i] == label) return i;
        return static_cast<std::uint32_t>(n);
    };
    // S31 for a new supplier: its capacity is spread over its buyers by their baseline use.
    auto spread_over_buyers = [&](ProjectTargets& t) {
        double total = 0;
        for (std::uint32_t k = net.out_begin[t.node]; k < net.out_begin[t.node + 1]; ++k) {
            const std::uint32_t e = net.out_edge[k];
            t.edges.push_back(e);
            const std::uint32_t b = net.edge_buyer[e];
            double use = 0;
            for (std::uint32_t s = net.slot_begin[b]; s < net.slot_begin[b + 1]; ++s)
                if (net.slot_product[s] == net.node_product[t.node])
                    use = net.slot_tech[s] * net.x0[b];
            t.buyer_share.push_back(use);
            total += use;
        }
        for (double& v : t.buyer_share) v = total > 0 ? v / total : 0.0;
    };
    for (const ProjectOnline& pr : sc.projects) {
        const std::uint32_t node = node_by_label("project." + pr.project);
        if (node >= n) continue;
        Id row = kNoId;
        for (std::size_t k = 0; k < data.projects.size(); ++k)
            if (data.projects.id[k] == pr.project) row = static_cast<Id>(k);
        ProjectTargets t;
        t.node = node;
        const double cap = pr.capacity >= 0 ? pr.capacity : data.projects.capacity[row];
        if (std::isnan(cap)) {
            r.fail(pr.where + ".capacity",
                   fmt::format("the dataset gives no capacity for `{}`; set one", pr.project));
            continue;
        }
        t.capacity_per_day = cap / 365.0;
        t.online = pr.online;
        t.ramp = pr.ramp_up_days;
        spread_over_buyers(t);
        projects.push_back(std::move(t));
    }
    for (const Recycled& rc : recycled) {
        const std::uint32_t node = node_by_label(rc.label);
        if (node >= n) continue;
        ProjectTargets t;
        t.node = node;
        t.capacity_per_day = rc.capacity / 365.0;
        t.online = rc.online;
        spread_over_buyers(t);
        projects.push_back(std::move(t));
    }
    std::vector<std::vector<std::uint8_t>> spare_nodes;
    for (const SpareCapacity& s : sc.spare_capacity)
        spare_nodes.push_back(r.nodes(s.target, s.where + ".target"));
    std::vector<CandidateTargets> candidates;
    for (const CandidateSupplier& c : sc.candidates) {
        CandidateTargets t;
        t.from = c.start + c.qualification_days;
        const std::uint32_t node = node_by_label(c.supplier + ":" + c.commodity);
        std::uint32_t supplier = node;
        if (node >= n) {
            // The producer already makes the commodity: its node carries the plain label.
            supplier = node_by_label(c.supplier);
            if (supplier < n && net.node_product[supplier] != data.find_commodity(c.commodity))
                supplier = static_cast<std::uint32_t>(n);
        }
        if (supplier >= n) continue;  // reported above as unknown
        for (std::uint32_t k = net.out_begin[supplier]; k < net.out_begin[supplier + 1]; ++k) {
            const std::uint32_t e = net.out_edge[k];
            if (net.edge_z0[e] != 0.0) continue;  // an existing supply, not a candidate
            std::uint32_t slot = 0;
            const std::uint32_t b = net.edge_buyer[e];
            for (std::uint32_t s = net.slot_begin[b]; s < net.slot_begin[b + 1]; ++s)
                if (e >= net.edge_begin[s] && e < net.edge_begin[s + 1]) slot = s;
            double base = 0;
            for (std::uint32_t x = net.edge_begin[slot]; x < net.edge_begin[slot + 1]; ++x)
                base += net.edge_z0[x];
            t.edges.push_back(e);
            t.bonus.push_back(c.max_share < 1 ? base * c.max_share / (1 - c.max_share)
                                              : base * 1e6);
        }
        candidates.push_back(std::move(t));
    }
    // The end use of each end-use node (from its final-demand column).
    std::vector<int> node_use(n, -1);
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
            if (dn.node_end_use[i] != 0)
                node_use[i] = static_cast<int>(dn.columns[net.fd_column[f]].end_use);
    auto end_uses = [&](const std::vector<std::string>& names, const std::string& where) {
        std::vector<int> out;
        for (const auto& u : names) {
            if (auto v = parse_enum<EndUse>(u))
                out.push_back(static_cast<int>(*v));
            else
                r.fail(where, fmt::format("`{}` is not an end use", u));
        }
        return out;
    };
    // S37: one pool per (country, input) of the end users the prioritisation covers.
    std::vector<PriorityPool> pools;
    if (!sc.prioritise.empty()) {
        const std::string& w = sc.prioritise.where;
        const std::vector<int> order = end_uses(sc.prioritise.end_uses, w + ".end_uses");
        const std::set<Id> cs = r.countries(sc.prioritise.countries, w + ".countries");
        std::map<std::pair<Id, std::uint32_t>, PriorityPool> by_pool;
        for (std::uint32_t j = 0; j < n; ++j) {
            if (node_use[j] < 0) continue;
            if (!sc.prioritise.countries.empty() && cs.count(dn.node_country[j]) == 0) continue;
            // End uses not listed keep their own stock.
            const auto it = std::find(order.begin(), order.end(), node_use[j]);
            if (it == order.end()) continue;
            const auto rank = static_cast<std::uint32_t>(it - order.begin());
            for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k) {
                PriorityPool& pool = by_pool[{dn.node_country[j], net.slot_product[k]}];
                pool.slots.push_back(k);
                pool.rank.push_back(rank);
                pool.n_ranks = static_cast<std::uint32_t>(order.size());
            }
        }
        for (auto& [key, pool] : by_pool)
            if (pool.slots.size() > 1) pools.push_back(std::move(pool));
    }
    // S38: the slots each substitution scales.
    struct SubstitutionTargets {
        std::vector<std::uint32_t> slots;
        int triggered = -1;
    };
    std::vector<SubstitutionTargets> substitutions;
    for (const Substitution& sub : sc.substitution) {
        SubstitutionTargets t;
        const std::set<Id> cs = r.countries(sub.countries, sub.where + ".country");
        const std::set<Id> inputs = r.commodities(sub.inputs, sub.where + ".inputs");
        const std::vector<int> uses = end_uses(sub.end_uses, sub.where + ".end_use");
        std::vector<std::uint8_t> buyers(n, 0);
        if (!sub.stages.empty()) {
            NodeSelector sel;
            sel.stages = sub.stages;
            sel.countries = sub.countries;
            buyers = r.nodes(sel, sub.where);
        } else {
            for (std::uint32_t j = 0; j < n; ++j)
                buyers[j] =
                    node_use[j] >= 0 &&
                            std::find(uses.begin(), uses.end(), node_use[j]) != uses.end() &&
                            (sub.countries.empty() || cs.count(dn.node_country[j]) != 0)
                        ? 1
                        : 0;
        }
        for (std::uint32_t k = 0; k < net.n_slots(); ++k)
            if (buyers[net.slot_buyer[k]] != 0 &&
                (sub.inputs.empty() || inputs.count(net.slot_product[k]) != 0))
                t.slots.push_back(k);
        if (t.slots.empty() && d.empty())
            r.fail(sub.where, "selects no buyer of the inputs named in the simulated year");
        substitutions.push_back(std::move(t));
    }
    // What full production needs in stock today, per pooled slot (S6a, S37): scratch, sized once.
    std::size_t pooled = 0;
    for (const PriorityPool& pool : pools) pooled = std::max(pooled, pool.slots.size());
    std::vector<double> pool_need(pooled, 0.0);
    // S27c: exporters that hold what licences refuse; cap = hold_days x baseline sales under
    // the control.
    std::vector<double> held(n, 0.0), held_cap(n, 0.0);
    std::vector<std::uint32_t> fd_node(net.n_fd_entries(), 0);
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f) fd_node[f] = i;
    for (const LicenceTargets& c : controls) {
        if (c.hold_days <= 0) continue;
        std::vector<double> sales(n, 0.0);
        for (std::uint32_t e : c.edges) sales[net.edge_supplier[e]] += net.edge_z0[e];
        for (std::uint32_t f : c.finals) sales[fd_node[f]] += net.fd_y0[f];
        for (std::uint32_t i = 0; i < n; ++i)
            held_cap[i] = std::max(held_cap[i], c.hold_days * sales[i]);
    }
    std::vector<std::uint32_t> holders;
    std::size_t widest = 0;
    for (std::uint32_t i = 0; i < n; ++i)
        if (held_cap[i] > 0) {
            holders.push_back(i);
            widest = std::max<std::size_t>(widest, net.out_begin[i + 1] - net.out_begin[i]);
        }
    // Each edge's slot and its share of the slot's baseline flow (the release is split by it).
    std::vector<std::uint32_t> edge_slot(holders.empty() ? 0 : net.n_edges(), 0);
    std::vector<double> edge_share(edge_slot.size(), 0.0);
    for (std::uint32_t k = 0; k < net.n_slots() && !holders.empty(); ++k) {
        double total = 0;
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e)
            total += net.edge_z0[e];
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e) {
            edge_slot[e] = k;
            edge_share[e] = total > 0 ? net.edge_z0[e] / total : 0.0;
        }
    }
    std::vector<double> held_gap(widest, 0.0);  // scratch, sized once
    double released_abroad = 0;                 // today's held stock shipped abroad (backtest)
    if (!d.empty()) throw InvalidInput(std::move(d));
    run.shocked.assign(n, 0);
    for (const auto& mask : shock_nodes)
        for (std::size_t i = 0; i < n; ++i) run.shocked[i] |= mask[i];
    std::vector<std::uint32_t> entry_node(net.n_fd_entries(), 0);
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f) entry_node[f] = i;
    for (const LicenceTargets& c : controls) {
        for (std::uint32_t e : c.edges) run.shocked[net.edge_supplier[e]] = 1;
        for (std::uint32_t f : c.finals) run.shocked[entry_node[f]] = 1;
    }

    // Backtest: which edges and final-demand entries are the observed exports.
    std::vector<std::uint32_t> export_edges, export_finals;
    if (!sc.observed.empty()) {
        const std::set<Id> exporter = r.countries({sc.observed.exporter}, "observed.exporter");
        const std::set<Id> coms = r.commodities(sc.observed.commodities, "observed.commodities");
        auto exported = [&](std::uint32_t supplier, Id buyer_country) {
            return exporter.count(dn.node_country[supplier]) != 0 &&
                   coms.count(dn.node_commodity[supplier]) != 0 && dn.node_end_use[supplier] == 0 &&
                   exporter.count(buyer_country) == 0;
        };
        for (std::uint32_t e = 0; e < net.n_edges(); ++e)
            if (exported(net.edge_supplier[e], dn.node_country[net.edge_buyer[e]])) {
                export_edges.push_back(e);
                run.baseline_exports += net.edge_z0[e];
            }
        for (std::uint32_t i = 0; i < n; ++i)
            for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
                if (exported(i, dn.columns[net.fd_column[f]].country)) {
                    export_finals.push_back(f);
                    run.baseline_exports += net.fd_y0[f];
                }
        if (!d.empty()) throw InvalidInput(std::move(d));
    }

    std::vector<std::uint8_t> export_edge(net.n_edges(), 0);
    for (std::uint32_t e : export_edges) export_edge[e] = 1;

    const int shock_start = first_shock_day(sc);
    run.shock_start = shock_start;

    // The end-use node behind each final-demand column, and its stock of inputs in days of use
    // at the baseline rate (the inventory curves of the report).
    std::vector<std::uint32_t> column_node(n_cols, 0);
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
            if (dn.node_end_use[i] != 0) column_node[net.fd_column[f]] = i;
    auto stock_days_of = [&net](const State& s, std::uint32_t node) {
        double stock = 0, use = 0;
        for (std::uint32_t k = net.slot_begin[node]; k < net.slot_begin[node + 1]; ++k) {
            stock += s.inventory[k];
            use += net.slot_tech[k] * net.x0[node];
        }
        return use > 0 ? stock / use : 0.0;
    };

    State st = initial_state(net, p);
    const int steps = sc.horizon_days;
    run.steps_planned = steps;
    if (control.record_nodes) {
        run.production.reserve(static_cast<std::size_t>(steps) * n);
        run.capacity.reserve(static_cast<std::size_t>(steps) * n);
        run.production_opt.reserve(static_cast<std::size_t>(steps) * n);
    }
    run.ordered.reserve(static_cast<std::size_t>(steps) * n_cols);
    run.delivered.reserve(static_cast<std::size_t>(steps) * n_cols);
    if (control.record_nodes) run.stock_days.reserve(static_cast<std::size_t>(steps) * n_cols);
    std::vector<double> col_ordered(n_cols, 0.0);

    // Yesterday's deliveries into a slot fell short of what was ordered (S29, S38 triggers).
    auto short_yesterday = [&net](const State& s, std::uint32_t slot) {
        double ordered = 0;
        for (std::uint32_t e = net.edge_begin[slot]; e < net.edge_begin[slot + 1]; ++e)
            ordered += s.orders[e];
        return s.received[slot] < (1.0 - kRecoveredShare) * ordered;
    };
    StepHooks hooks;
    hooks.before_production = [&](State& s) {
        const int day = s.step;
        released_abroad = 0;
        apply_capacity_shocks(sc.capacity_shocks, shock_nodes, day, s);     // S26
        apply_licences(controls, day, s);                                   // S27
        apply_demand_changes(net, sc.demand_changes, demand_cols, day, s);  // S28
        // S30: capacity added by projects and spare capacity, ramping up.
        std::fill(s.capacity_extra.begin(), s.capacity_extra.end(), 0.0);
        std::fill(s.edge_bonus.begin(), s.edge_bonus.end(), 0.0);
        for (const ProjectTargets& t : projects) {
            const double cap = t.capacity_per_day * ramp_share(day, t.online, t.ramp);
            s.capacity_extra[t.node] += cap;
            for (std::size_t k = 0; k < t.edges.size(); ++k)
                s.edge_bonus[t.edges[k]] = cap * t.buyer_share[k];  // S31
        }
        add_spare_capacity(net, sc.spare_capacity, spare_nodes, day, s);
        // S27c: exporters make what licences refuse for their held stock (a demand row served
        // like any other, inputs used when made) and ship the stock into licensed buyers'
        // inventories as those restock.
        for (std::uint32_t i : holders) {
            if (day > 0) held[i] += s.rebuild_delivered[i];
            double refused = 0;
            for (std::uint32_t q = net.out_begin[i]; q < net.out_begin[i + 1]; ++q) {
                const std::uint32_t e = net.out_edge[q];
                refused += (1.0 - s.license[e]) * s.orders[e];
            }
            for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
                refused += (1.0 - s.fd_license[f]) * s.fd_orders[f];
            s.rebuild_demand[i] = held_stock_order(refused, held[i], held_cap[i]);
            if (held[i] <= 0) continue;
            double gap = 0;
            for (std::uint32_t q = net.out_begin[i]; q < net.out_begin[i + 1]; ++q) {
                const std::uint32_t e = net.out_edge[q];
                const std::uint32_t k = edge_slot[e];
                const std::uint32_t j = net.slot_buyer[k];
                const double target = s.production_opt[j] * net.slot_tech[k] * s.tech_scale[k] *
                                      net.inventory_steps[net.slot_product[k]];
                held_gap[q - net.out_begin[i]] =
                    s.license[e] * std::max(target - s.inventory[k], 0.0) * edge_share[e];
                gap += held_gap[q - net.out_begin[i]];
            }
            const double release = held_stock_release(held[i], gap, p.restoration_tau);
            if (release <= 0) continue;
            for (std::uint32_t q = net.out_begin[i]; q < net.out_begin[i + 1]; ++q) {
                const std::uint32_t e = net.out_edge[q];
                const double amount = release * held_gap[q - net.out_begin[i]] / gap;
                s.inventory[edge_slot[e]] += amount;
                if (export_edge[e] != 0) released_abroad += amount;
            }
            held[i] -= release;
        }
        // S31: qualified candidate suppliers get a share of their buyers' orders.
        for (const CandidateTargets& c : candidates)
            if (day >= c.from)
                for (std::size_t k = 0; k < c.edges.size(); ++k)
                    s.edge_bonus[c.edges[k]] = c.bonus[k];
        // S29: stockpile releases refill the holder's inventories toward their targets.
        for (Release& rel : releases) {
            if (!rel.triggered && day >= rel.start) {
                if (rel.trigger == "start") rel.triggered = true;
                for (std::size_t k = 0; k < rel.slots.size() && !rel.triggered && day > 0; ++k)
                    if (short_yesterday(s, rel.slots[k])) rel.triggered = true;
            }
            if (!rel.triggered || rel.left <= 0) continue;
            double gap = 0;
            for (std::size_t k = 0; k < rel.slots.size(); ++k)
                gap += std::max(rel.target[k] - s.inventory[rel.slots[k]], 0.0);
            const double amount = std::min({rel.left, rel.max_daily, gap});
            if (amount <= 0) continue;
            for (std::size_t k = 0; k < rel.slots.size(); ++k) {
                const double g = std::max(rel.target[k] - s.inventory[rel.slots[k]], 0.0);
                s.inventory[rel.slots[k]] += amount * (g / gap);
            }
            rel.left -= amount;
            rel.summary.released += amount;
            if (rel.summary.first_release_day < 0) rel.summary.first_release_day = day;
        }
        // S38: substitution and thrifting lower the input coefficients of their buyers.
        std::fill(s.tech_scale.begin(), s.tech_scale.end(), 1.0);
        for (std::size_t q = 0; q < substitutions.size(); ++q) {
            const Substitution& sub = sc.substitution[q];
            SubstitutionTargets& t = substitutions[q];
            if (t.triggered < 0 && day >= sub.start) {
                if (sub.trigger == "start") t.triggered = day;
                for (std::size_t k = 0; k < t.slots.size() && t.triggered < 0 && day > 0; ++k)
                    if (short_yesterday(s, t.slots[k])) t.triggered = day;
            }
            const double factor = substitution_factor(sub, t.triggered, day);
            if (factor != 1.0)
                for (std::uint32_t k : t.slots) s.tech_scale[k] *= factor;
        }
        // S37: within a country, stock moves to the end uses served first.
        for (const PriorityPool& pool : pools) {
            for (std::size_t k = 0; k < pool.slots.size(); ++k) {
                const std::uint32_t slot = pool.slots[k];
                const std::uint32_t j = net.slot_buyer[slot];
                double orders = 0;
                for (std::uint32_t f = net.fd_begin[j]; f < net.fd_begin[j + 1]; ++f)
                    orders += s.fd_orders[f];
                pool_need[k] =
                    orders * net.slot_tech[slot] * s.tech_scale[slot] * stop_steps(net, p, j, slot);
            }
            share_by_priority(pool, pool_need.data(), s.inventory.data());
        }
    };
    hooks.observe = [&](const State& s) {
        if (control.record_nodes) {
            run.production.insert(run.production.end(), s.production.begin(), s.production.end());
            run.capacity.insert(run.capacity.end(), s.capacity.begin(), s.capacity.end());
            run.production_opt.insert(run.production_opt.end(), s.production_opt.begin(),
                                      s.production_opt.end());
        }
        std::fill(col_ordered.begin(), col_ordered.end(), 0.0);
        for (std::size_t f = 0; f < net.n_fd_entries(); ++f)
            col_ordered[net.fd_column[f]] += s.fd_orders[f];
        for (std::size_t c = 0; c < n_cols; ++c) {
            run.ordered.push_back(col_ordered[c]);
            run.delivered.push_back(col_ordered[c] - s.fd_unmet[c]);
            // End users' stock in days feeds the results database only (simulate --out).
            if (control.record_nodes) run.stock_days.push_back(stock_days_of(s, column_node[c]));
        }
        for (const Release& rel : releases) run.stockpile_left.push_back(rel.left);
        if (!sc.observed.empty()) {
            double x = 0;
            for (std::uint32_t e : export_edges) x += s.delivered[e];
            for (std::uint32_t f : export_finals) x += s.fd_delivered[f];
            run.exports.push_back(x + released_abroad);
        }
        run.max_mass_balance_error =
            std::max(run.max_mass_balance_error, mass_balance_error(net, s));
        if (control.progress) control.progress(s.step + 1, steps);
    };
    run.steps_done = run_steps(net, p, st, steps, hooks, control.stop);

    // S32-S36: summaries per column over the finished steps.
    const auto done = static_cast<std::size_t>(run.steps_done);
    for (std::size_t c = 0; c < n_cols; ++c) {
        const DemandColumn& col = dn.columns[c];
        ColumnSummary cs =
            summarise_column(run.ordered, run.delivered, n_cols, c, done, shock_start);
        cs.column = net.final_labels[c];
        cs.country = data.countries.iso3[col.country];
        cs.end_use = std::string(to_string(col.end_use));
        cs.commodity = data.commodities.id[col.commodity];
        cs.output_unit = col.product_unit;
        if (!std::isnan(col.content_per_product) && col.content_per_product > 0) {
            cs.output_lost = cs.shortfall / col.content_per_product;
            if (!std::isnan(col.value_per_product))
                cs.value_lost = cs.output_lost * col.value_per_product;
        }
        run.columns.push_back(cs);
    }
    for (const Release& rel : releases) run.stockpiles.push_back(rel.summary);
    return run;
}

}  // namespace critmin::sim
