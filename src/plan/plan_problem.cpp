#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/error.h"
#include "plan/optimize.h"
#include "sim/dataset_network.h"

namespace critmin::plan {

namespace {

using sim::kDaysPerYear;

// The dataset network steps a day at a time; plans count in years.

// P11: the share of a project's capacity reached over the target year, online from 1 January
// of its earliest year and ramping up linearly.
double ramp_in_year(int year, int earliest, double ramp_years) {
    if (year < earliest) return 0;
    if (ramp_years <= 0) return 1;
    return std::clamp((year - earliest + 0.5) / ramp_years, 0.0, 1.0);
}

// Capital recovery factor: the yearly payment that repays 1 over `life` years at `rate`.
double capital_recovery(double rate, double life) {
    if (rate <= 0) return 1 / life;
    return rate / (1 - std::pow(1 + rate, -life));
}

bool known_project(const Dataset& data, const std::string& id) {
    return std::find(data.projects.id.begin(), data.projects.id.end(), id) !=
           data.projects.id.end();
}

// The yearly use (t) of commodity k by the buyer's nodes in the dataset's network.
double use_in_network(const sim::DatasetNetwork& dn, Id buyer, Id k) {
    const sim::Network& net = dn.net;
    double total = 0;
    for (std::uint32_t s = 0; s < net.n_slots(); ++s)
        if (net.slot_product[s] == k && dn.node_country[net.slot_buyer[s]] == buyer)
            total += kDaysPerYear * net.slot_tech[s] * net.x0[net.slot_buyer[s]];
    return total;
}

// P21 from a plan file and the dataset: the buyer's demand, today's suppliers, stockpiles and
// shortfall values per commodity, then the plan's sources and share caps.
class ProblemBuilder {
  public:
    ProblemBuilder(const Dataset& data, const PlanFile& plan, const ShortfallValues& values)
        : data_(data), plan_(plan), values_(values) {}

    PlanProblem build() {
        resolve_names();
        dn_ =
            sim::build_dataset_network(data_, sim::ModelParameters{}, sim::DatasetNetworkOptions{});
        // P21: the value of the buyer's magnet-using output per year.
        for (const auto& col : dn_.columns)
            if (col.country == buyer_)
                output_value_ += col.yearly * values_.value(std::string(to_string(col.end_use)));
        for (std::size_t k = 0; k < plan_.commodities.size(); ++k) commodity(k);
        if (plan_.allied_only) allies_ = countries(plan_.allies, "constraints.allies");
        for (std::size_t i = 0; i < plan_.sources.size(); ++i) plan_source(i);
        share_caps();
        StochasticProblem& p = out_.problem;
        out_.constraint_where.emplace_back("budget", "budget");
        p.budget = plan_.budget;
        p.alpha = plan_.alpha;
        p.lambda = plan_.lambda;
        p.time_limit_s = plan_.time_limit_s;
        p.relative_gap = plan_.relative_gap;
        if (!d_.empty()) throw InvalidInput(std::move(d_));
        return std::move(out_);
    }

  private:
    void fail(const std::string& where, const std::string& message) {
        const auto [line, column] = plan_.positions.find(where);
        d_.add({plan_.path, line, column, where}, message);
    }

    // Countries named directly or through a group; unknown names are reported.
    std::set<Id> countries(const std::vector<std::string>& names, const std::string& where) {
        std::set<Id> out;
        for (const std::string& n : names) {
            if (const auto members = data_.countries_named(n))
                out.insert(members->begin(), members->end());
            else
                fail(where, "unknown country or group " + n);
        }
        return out;
    }

    void resolve_names() {
        buyer_ = data_.find_country(plan_.buyer);
        if (buyer_ == kNoId) fail("buyer", "unknown country " + plan_.buyer);
        for (const auto& c : plan_.commodities) {
            const Id k = data_.find_commodity(c.id);
            if (k == kNoId) fail(c.where + ".id", "unknown commodity " + c.id);
            com_.push_back(k);
            for (const auto& e : c.equivalent)
                if (data_.find_commodity(e) == kNoId)
                    fail(c.where + ".equivalent", "unknown commodity " + e);
        }
        if (!d_.empty()) throw InvalidInput(std::move(d_));
    }

    // The buyer's use of a commodity (t/yr) and what each supplier producer sells it.
    double use_of(Id k, std::map<std::string, double>* by_supplier) const {
        const sim::Network& net = dn_.net;
        const double total = use_in_network(dn_, buyer_, k);
        if (by_supplier == nullptr) return total;
        for (std::uint32_t s = 0; s < net.n_slots(); ++s) {
            if (net.slot_product[s] != k || dn_.node_country[net.slot_buyer[s]] != buyer_) continue;
            for (std::uint32_t e = net.edge_begin[s]; e < net.edge_begin[s + 1]; ++e) {
                const std::uint32_t sup = net.edge_supplier[e];
                if (dn_.node_producer[sup] == kNoId || net.edge_z0[e] <= 0) continue;
                const std::string id = data_.nodes.id[data_.producers.node[dn_.node_producer[sup]]];
                (*by_supplier)[id] += kDaysPerYear * net.edge_z0[e];
            }
        }
        return total;
    }

    // The buyer's stock of commodity k today, in days of use.
    double existing_days(std::size_t k, double daily) const {
        const PlanCommodity& pc = plan_.commodities[k];
        if (pc.stock_existing_days >= 0) return pc.stock_existing_days;
        double days = 0, quantity = 0;
        for (std::size_t s = 0; s < data_.stockpiles.size(); ++s) {
            const Id node = data_.stockpiles.node[s];
            if (data_.nodes.country[node] != buyer_ || data_.nodes.commodity[node] != com_[k])
                continue;
            if (!std::isnan(data_.stockpiles.days_of_consumption[s]))
                days += data_.stockpiles.days_of_consumption[s];
            if (!std::isnan(data_.stockpiles.quantity[s])) quantity += data_.stockpiles.quantity[s];
        }
        return daily > 0 ? days + quantity / daily : days;
    }

    // One commodity of the plan (P21) and today's suppliers of it (up to today's volume plus
    // headroom, at no premium).
    void commodity(std::size_t k) {
        const PlanCommodity& pc = plan_.commodities[k];
        commodity_index_[pc.id] = static_cast<int>(k);
        CommodityPlan c;
        c.id = pc.id;
        c.stage = std::string(to_string(data_.commodities.stage[com_[k]]));
        std::map<std::string, double> suppliers;
        c.demand = use_of(com_[k], &suppliers);
        if (c.demand <= 0)
            fail(pc.where + ".id",
                 fmt::format("{} uses no {} in the dataset's network", plan_.buyer, pc.id));
        // P21: other forms of the element that reach the buyer's end users without this
        // commodity: the buyer's imports of them (its own production is made from this one).
        double equivalent = c.demand;
        for (const auto& e : pc.equivalent) {
            std::map<std::string, double> from;
            use_of(data_.find_commodity(e), &from);
            for (const auto& [producer, volume] : from)
                if (data_.nodes.country[data_.find_node(producer)] != buyer_) equivalent += volume;
        }
        c.shortfall_value = pc.shortfall_value >= 0 ? pc.shortfall_value
                            : equivalent > 0        ? output_value_ / equivalent
                                                    : 0;
        const double daily = c.demand / kDaysPerYear;
        out_.daily_use.push_back(daily);
        c.stock_existing = existing_days(k, daily) * daily;
        c.stock_min = pc.stock_min_days * daily;
        c.stock_max = std::max(pc.stock_max_days, pc.stock_min_days) * daily;
        c.stock_cost = pc.stock_cost_per_t_year;
        out_.problem.commodities.push_back(c);
        out_.constraint_where.emplace_back("coverage[" + c.id + "]", pc.where);
        for (const auto& [producer, volume] : suppliers) {
            Source s;
            s.id = producer;
            s.kind = "baseline";
            s.country = data_.countries.iso3[data_.nodes.country[data_.find_node(producer)]];
            s.yield.assign(plan_.commodities.size(), 0.0);
            s.yield[k] = 1;
            s.max_units = volume * (1 + pc.baseline_headroom);
            out_.problem.sources.push_back(s);
            out_.plan_source.push_back(-1);
            out_.producers.push_back({producer});
            out_.today_units.push_back(volume);
        }
    }

    // The producers a plan source needs (depends_on and its candidate); unknown names and
    // projects are reported.
    std::vector<std::string> source_producers(const PlanSource& ps) {
        std::vector<std::string> producers = ps.depends_on;
        if (!ps.candidate.empty() &&
            std::find(producers.begin(), producers.end(), ps.candidate) == producers.end())
            producers.push_back(ps.candidate);
        for (const auto& pr : producers)
            if (data_.find_node(pr) == kNoId) fail(ps.where, "unknown producer " + pr);
        if (!ps.project.empty() && !known_project(data_, ps.project))
            fail(ps.where + ".simulate.project", "unknown project " + ps.project);
        for (std::size_t k = 0; k < ps.projects.size(); ++k)
            if (!known_project(data_, ps.projects[k]))
                fail(ps.where + ".simulate.projects[" + std::to_string(k) + "]",
                     "unknown project " + ps.projects[k]);
        return producers;
    }

    // Why a source is left out of the programme ("" when it is in).
    std::string left_out(const PlanSource& ps, Id country) const {
        if (plan_.allied_only && country != kNoId && allies_.count(country) == 0 &&
            country != buyer_)
            return fmt::format("{}: left out, {} is not an ally (allied_only)", ps.id, ps.country);
        if (ps.kind == "supplier" && ps.earliest_year > plan_.year)
            return fmt::format("{}: left out, no supply before {} (plan year {})", ps.id,
                               ps.earliest_year, plan_.year);
        if (ps.kind == "project" &&
            ramp_in_year(plan_.year, ps.earliest_year, ps.ramp_up_years) <= 0)
            return fmt::format("{}: left out, no output before {} (plan year {})", ps.id,
                               ps.earliest_year, plan_.year);
        return "";
    }

    void plan_source(std::size_t i) {
        const PlanSource& ps = plan_.sources[i];
        const Id country = data_.find_country(ps.country);
        if (country == kNoId) fail(ps.where + ".country", "unknown country " + ps.country);
        Source s;
        s.id = ps.id;
        s.kind = ps.kind;
        s.country = ps.country;
        s.yield.assign(plan_.commodities.size(), 0.0);
        for (const auto& [name, y] : ps.yields) {
            const auto it = commodity_index_.find(name);
            if (it == commodity_index_.end()) {
                fail(ps.where, "commodity " + name + " is not among the plan's commodities");
                continue;
            }
            s.yield[static_cast<std::size_t>(it->second)] = y;
        }
        const std::vector<std::string> producers = source_producers(ps);
        if (const std::string why = left_out(ps, country); !why.empty()) {
            out_.notes.push_back(why);
            return;
        }
        if (ps.kind == "project") {
            const double share = ramp_in_year(plan_.year, ps.earliest_year, ps.ramp_up_years);
            for (double& y : s.yield) y *= share;
            s.binary = true;
            s.max_units = 1;
            s.fixed_cost =
                ps.capex * capital_recovery(ps.discount_rate, ps.life_years) + ps.opex_per_year;
        } else {
            s.min_units = ps.min_units;
            s.max_units = ps.max_units;
            s.cost_per_unit = ps.cost_per_unit;
        }
        out_.problem.sources.push_back(s);
        out_.plan_source.push_back(static_cast<int>(i));
        out_.producers.push_back(producers);
        out_.today_units.push_back(0.0);
    }

    // P13: at most a share of each stage's supply from any one country but the buyer.
    void share_caps() {
        StochasticProblem& p = out_.problem;
        for (const auto& cap : plan_.caps) {
            ShareCap sc;
            sc.stage = cap.stage;
            sc.share = cap.share;
            sc.exempt = plan_.buyer;
            for (std::size_t k = 0; k < p.commodities.size(); ++k)
                if (p.commodities[k].stage == cap.stage)
                    sc.commodities.push_back(static_cast<std::uint32_t>(k));
            if (sc.commodities.empty())
                fail(cap.where + ".stage", "no commodity of the plan is at stage " + cap.stage);
            for (const auto k : sc.commodities)
                for (const auto& s : p.sources)
                    if (s.yield[k] > 0)
                        out_.constraint_where.emplace_back(
                            fmt::format("max_share[{},{},{}]", cap.stage, s.country,
                                        p.commodities[k].id),
                            cap.where);
            p.caps.push_back(sc);
        }
    }

    const Dataset& data_;
    const PlanFile& plan_;
    const ShortfallValues& values_;
    Diagnostics d_;
    PlanProblem out_;
    Id buyer_ = kNoId;
    std::vector<Id> com_;
    sim::DatasetNetwork dn_;
    double output_value_ = 0;
    std::map<std::string, int> commodity_index_;
    std::set<Id> allies_;
};

}  // namespace

PlanProblem plan_problem(const Dataset& data, const PlanFile& plan, const ShortfallValues& values) {
    return ProblemBuilder(data, plan, values).build();
}

std::vector<double> buyer_use(const Dataset& data, const std::string& buyer,
                              const std::vector<std::string>& commodities) {
    const sim::DatasetNetwork dn =
        sim::build_dataset_network(data, sim::ModelParameters{}, sim::DatasetNetworkOptions{});
    const Id b = data.find_country(buyer);
    std::vector<double> out;
    for (const auto& c : commodities) {
        const Id k = data.find_commodity(c);
        out.push_back(b == kNoId || k == kNoId ? 0.0 : use_in_network(dn, b, k));
    }
    return out;
}

}  // namespace critmin::plan
