#include "plan/optimize.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <set>

#include "core/error.h"
#include "plan/engine_runs.h"
#include "sim/dataset_network.h"
#include "sim/downstream.h"
#include "sim/parallel_for.h"
#include "sim/scenario_reader.h"
#include "sim/scenario_run.h"
#include "stress/catalogue.h"
#include "stress/sampler.h"
#include "stress/statistics.h"
#include "stress/stress_run.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace critmin::plan {

namespace {

bool in(const Dataset& data, Id country, const std::string& name) {
    if (country == kNoId) return false;
    const auto members = data.countries_named(name);
    return members && std::find(members->begin(), members->end(), country) != members->end();
}

// Whether an export control's destinations include `buyer`.
bool reaches(const Dataset& data, const sim::Destinations& to, Id buyer) {
    bool yes = to.all;
    for (const auto& dst : to.only) yes = yes || in(data, buyer, dst);
    if (!to.all_except.empty()) {
        yes = true;
        for (const auto& dst : to.all_except) yes = yes && !in(data, buyer, dst);
    }
    return yes;
}

}  // namespace

PlanScenarios plan_scenarios(const PlanFile& plan, long long samples, std::uint64_t seed) {
    PlanScenarios s;
    if (!plan.catalogue.empty()) {
        s.catalogue = stress::read_catalogue(plan.catalogue);
        for (long long i = 0; i < samples; ++i) {
            s.years.push_back(
                stress::sample_year(*s.catalogue, seed, static_cast<std::uint64_t>(i)));
            s.scenarios.push_back(stress::year_scenario(*s.catalogue, s.years.back()));
            s.probability.push_back(1.0 / static_cast<double>(samples));
        }
        return s;
    }
    double total = 0;
    for (const auto& l : plan.listed) {
        s.scenarios.push_back(sim::read_scenario(l.file));
        s.probability.push_back(l.probability);
        total += l.probability;
    }
    if (total < 1 - 1e-12) {
        sim::Scenario calm = s.scenarios.front();
        calm.name = "no disruption";
        calm.capacity_shocks.clear();
        calm.export_controls.clear();
        calm.demand_changes.clear();
        s.scenarios.push_back(calm);
        s.probability.push_back(1 - total);
    }
    return s;
}

namespace {

// P22, day by day: per node, the share of baseline output it could make each day, summed: its
// capacity after shocks, times the share of what orders and capacity allowed that its inputs
// let it make (a producer making less only because fewer orders came is available).
class DailyAvailability : public sim::RunObserver {
  public:
    void day(const sim::DayView& v) override {
        const sim::Network& net = v.compiled.network.net;
        const sim::State& s = v.state;
        sum_.resize(net.n_nodes(), 0.0);
        for (std::size_t i = 0; i < net.n_nodes(); ++i) {
            if (net.x0[i] <= 0) continue;
            const double cap = std::min(s.capacity[i] / net.x0[i], 1.0);
            const double opt = s.production_opt[i];
            const double inputs = opt > 0 ? std::min(s.production[i] / opt, 1.0) : 1.0;
            sum_[i] += cap * inputs;
        }
    }
    // Per dataset producer: (what it could make, its baseline) over the run, in t.
    [[nodiscard]] std::map<Id, std::pair<double, double>> by_producer(const sim::DatasetNetwork& dn,
                                                                      int steps) const {
        std::map<Id, std::pair<double, double>> made;
        const sim::Network& net = dn.net;
        for (std::size_t i = 0; i < net.n_nodes(); ++i) {
            const Id pr = dn.node_producer[i];
            if (pr == kNoId || dn.node_extra[i] != 0 || net.x0[i] <= 0) continue;
            const double sum = i < sum_.size() ? sum_[i] : 0.0;
            made[pr].first += sum * net.x0[i];
            made[pr].second += net.x0[i] * static_cast<double>(steps);
        }
        return made;
    }

  private:
    std::vector<double> sum_;
};

}  // namespace

namespace {

// P22 for one buyer in scenario w, from the engine's run of it: each source's availability and
// the buyer's demand factor.
void fill_scenario(const Dataset& data, const PlanFile& plan, const sim::Scenario& s,
                   const std::map<Id, std::pair<double, double>>& made,
                   const std::vector<sim::DemandColumn>& columns, std::size_t w, PlanProblem& pp) {
    StochasticProblem& p = pp.problem;
    const std::size_t n_sources = p.sources.size(), n_commodities = p.commodities.size();
    const Id buyer = data.find_country(plan.buyer);
    for (std::size_t j = 0; j < n_sources; ++j) {
        double a = 1;
        for (const auto& id : pp.producers[j]) {
            const Id node = data.find_node(id);
            const Id pr = node == kNoId ? kNoId : data.nodes.row[node];
            const auto it = made.find(pr);
            if (it != made.end() && it->second.second > 0)
                a = std::min(a, it->second.first / it->second.second);
        }
        // Export controls from the source's country on its commodities to the buyer: which
        // apply is decided once, then their licensed shares are multiplied day by day.
        const Id country = data.find_country(p.sources[j].country);
        std::vector<const sim::ExportControl*> applying;
        for (const auto& ec : s.export_controls) {
            bool hits = false;
            for (std::size_t k = 0; k < n_commodities; ++k)
                hits = hits || (p.sources[j].yield[k] > 0 &&
                                std::find(ec.commodities.begin(), ec.commodities.end(),
                                          p.commodities[k].id) != ec.commodities.end());
            if (hits && in(data, country, ec.exporter) && reaches(data, ec.destinations, buyer))
                applying.push_back(&ec);
        }
        double licensed_days = 0;
        for (int day = 0; day < s.horizon_days; ++day) {
            double licensed = 1;
            for (const sim::ExportControl* ec : applying)
                if (ec->days.contains(day))
                    licensed *= sim::licensed_share(ec->licensing, ec->licensed, ec->leak,
                                                    ec->days.start, day);  // S27a, S27b
            licensed_days += licensed;
        }
        if (s.horizon_days > 0) a *= licensed_days / s.horizon_days;
        p.availability[w * n_sources + j] = std::clamp(a, 0.0, 1.0);
    }
    // Demand changes of the buyer's end users, weighted by their share of its demand; which
    // change applies to which column is decided once.
    double buyer_total = 0;
    for (const auto& col : columns)
        if (col.country == buyer) buyer_total += col.yearly;
    std::vector<std::pair<std::size_t, const sim::DemandChange*>> weighted;  // column, change
    std::vector<double> column_weight;
    for (const auto& col : columns) {
        if (col.country != buyer || buyer_total <= 0) continue;
        column_weight.push_back(col.yearly / buyer_total);
        for (const auto& dc : s.demand_changes) {
            bool c_ok = dc.countries.empty();
            for (const auto& name : dc.countries) c_ok = c_ok || in(data, buyer, name);
            bool u_ok = dc.end_uses.empty();
            for (const auto& u : dc.end_uses) u_ok = u_ok || u == to_string(col.end_use);
            if (c_ok && u_ok) weighted.emplace_back(column_weight.size() - 1, &dc);
        }
    }
    double factor_days = 0;
    std::vector<double> column_factor(column_weight.size());
    for (int day = 0; day < s.horizon_days; ++day) {
        std::fill(column_factor.begin(), column_factor.end(), 1.0);
        for (const auto& [column, dc] : weighted)
            if (dc->days.contains(day)) column_factor[column] *= dc->factor;
        double f = 0;
        for (std::size_t c = 0; c < column_weight.size(); ++c)
            f += column_factor[c] * column_weight[c];
        factor_days += buyer_total > 0 ? f : 1;
    }
    const double factor = s.horizon_days > 0 ? factor_days / s.horizon_days : 1;
    for (std::size_t k = 0; k < n_commodities; ++k) p.demand_factor[w * n_commodities + k] = factor;
}

}  // namespace

void fill_scenarios(const Dataset& data, const PlanFile& plan, const PlanScenarios& sc,
                    PlanProblem& pp, int threads) {
    fill_scenarios(data, {&plan}, sc, {&pp}, threads);
}

void fill_scenarios(const Dataset& data, const std::vector<const PlanFile*>& plans,
                    const PlanScenarios& sc, const std::vector<PlanProblem*>& problems,
                    int threads) {
    const std::size_t n_scenarios = sc.scenarios.size();
    for (PlanProblem* pp : problems) {
        StochasticProblem& p = pp->problem;
        p.probability = sc.probability;
        p.availability.assign(n_scenarios * p.sources.size(), 1.0);
        p.demand_factor.assign(n_scenarios * p.commodities.size(), 1.0);
        // Every scenario runs as long as the first (a catalogue's horizon; listed files should
        // agree).
        p.horizon_years =
            n_scenarios == 0 ? 1.0 : static_cast<double>(sc.scenarios.front().horizon_days) / 365.0;
    }
    const EngineRuns runs(data, sc);
    sim::parallel_for(0, n_scenarios, threads, 1, "plan: scenario", [&](std::size_t w) {
        sim::RunControl control;
        control.record_nodes = false;
        control.record_columns = false;
        DailyAvailability daily;
        std::map<Id, std::pair<double, double>> made;  // producer -> (could make, baseline)
        // Copied out: a listed scenario's compiled network does not outlive the call.
        std::vector<sim::DemandColumn> columns;
        runs.run(w, control, &daily,
                 [&](const sim::CompiledScenario& compiled, const sim::ScenarioRun& run) {
                     columns = compiled.network.columns;
                     made = daily.by_producer(compiled.network, run.steps_done);
                 });
        for (std::size_t q = 0; q < problems.size(); ++q)
            fill_scenario(data, *plans[q], sc.scenarios[w], made, columns, w, *problems[q]);
    });
}

sim::Scenario with_plan(const sim::Scenario& base, const Dataset& data, const PlanFile& plan,
                        const PlanProblem& pp, const PlanSolution* solution) {
    sim::Scenario s = base;
    const StochasticProblem& p = pp.problem;
    // Stockpiles: the plan's (or today's) replace any release of the buyer's in the base.
    std::set<std::string> planned;
    for (const auto& c : p.commodities) planned.insert(c.id);
    std::vector<sim::StockpileRelease> kept;
    for (const auto& r : s.stockpiles) {
        bool overlaps = r.holder == plan.buyer && (r.commodities.empty());
        for (const auto& c : r.commodities)
            overlaps = overlaps || (r.holder == plan.buyer && planned.count(c) != 0);
        if (!overlaps) kept.push_back(r);
    }
    s.stockpiles = kept;
    for (std::size_t k = 0; k < p.commodities.size(); ++k) {
        sim::StockpileRelease r;
        r.holder = plan.buyer;
        r.commodities = {p.commodities[k].id};
        const double stock =
            solution != nullptr ? solution->stock[k] : p.commodities[k].stock_existing;
        r.days_held = pp.daily_use[k] > 0 ? stock / pp.daily_use[k] : 0;
        r.max_daily_release = 1;
        r.trigger = "shortage";
        r.where = "plan";
        s.stockpiles.push_back(r);
    }
    if (solution == nullptr) return s;
    for (std::size_t j = 0; j < p.sources.size(); ++j) {
        const double u = solution->units[j];
        if (pp.plan_source[j] < 0 || u <= 1e-9) continue;
        const PlanSource& ps = plan.sources[static_cast<std::size_t>(pp.plan_source[j])];
        std::vector<std::string> customers =
            ps.customers.empty() ? std::vector<std::string>{plan.buyer} : ps.customers;
        std::string commodity;
        double demand = 0;
        for (std::size_t k = 0; k < p.commodities.size(); ++k)
            if (p.sources[j].yield[k] > 0 && commodity.empty()) {
                commodity = p.commodities[k].id;
                demand = p.commodities[k].demand;
            }
        if (!ps.candidate.empty()) {
            sim::CandidateSupplier c;
            c.supplier = ps.candidate;
            c.commodity = commodity;
            c.buyers = {plan.buyer};
            c.max_share = demand > 0 ? std::min(1.0, u / demand) : 0;
            c.where = ps.where;
            s.candidates.push_back(c);
            // The contracted volume is capacity reserved for the buyer: spare capacity on top of
            // the supplier's baseline output.
            const Id node = data.find_node(ps.candidate);
            double baseline = 0;
            const Id pr = data.nodes.row[node];
            const Id com = data.find_commodity(commodity);
            for (std::size_t r = 0; r < data.production.producer.size(); ++r)
                if (data.production.producer[r] == pr && data.production.commodity[r] == com &&
                    data.production.year[r] == data.manifest.base_year)
                    baseline += data.production.quantity[r];
            if (baseline > 0) {
                sim::SpareCapacity sp;
                sp.target.producers = {ps.candidate};
                sp.target.commodities = {commodity};
                sp.extra = std::min(10.0, u / baseline);
                sp.where = ps.where;
                s.spare_capacity.push_back(sp);
            }
        }
        if (!ps.project.empty() || ps.new_supplier) {
            sim::ProjectOnline pr;
            pr.project = ps.new_supplier ? ps.id : ps.project;
            pr.online = 0;
            pr.capacity = ps.kind == "project" ? ps.project_capacity : u;
            pr.customers = customers;
            pr.where = ps.where;
            s.projects.push_back(pr);
        }
        for (const auto& id : ps.projects) {
            sim::ProjectOnline pr;
            pr.project = id;
            pr.online = 0;
            pr.capacity = -1;  // the dataset's
            pr.customers = customers;
            pr.where = ps.where;
            s.projects.push_back(pr);
        }
        if (!ps.recycling_file.empty()) {
            sim::RecyclingSupply r;
            r.file = ps.recycling_file;
            r.year = ps.recycling_year;
            r.customers = {plan.buyer};
            r.countries = {ps.country};
            r.scale = u / ps.units_per_scale;
            r.where = ps.where;
            s.recycling.push_back(r);
        }
    }
    return s;
}

Dataset with_new_suppliers(const Dataset& data, const PlanFile& plan) {
    Dataset out = data;
    ProjectTable& t = out.projects;
    for (const PlanSource& ps : plan.sources) {
        if (!ps.new_supplier || ps.yields.size() != 1) continue;
        t.id.push_back(ps.id);
        t.name.push_back(ps.id);
        t.operator_name.emplace_back();
        t.kind.push_back(ProjectKind::separation);
        t.country.push_back(out.find_country(ps.country));
        t.commodity.push_back(out.find_commodity(ps.yields.begin()->first));
        t.capacity.push_back(0);
        t.ramp_up_years.push_back(0);
        t.capex.push_back(kNotGiven);
        t.opex.push_back(kNotGiven);
        t.earliest_start.push_back(plan.year);
        t.status.push_back(Status::planned);
        t.provenance.source.push_back(kNoId);
        t.provenance.confidence.push_back(Confidence::estimated);
        t.provenance.derivation.push_back("a new supplier of plan " + plan.path);
        t.provenance.line.push_back(0);
    }
    return out;
}

PlanScenarios fresh_samples(const PlanFile& plan, const sim::Scenario& base, long long samples,
                            std::uint64_t seed) {
    PlanScenarios out;
    out.catalogue = stress::read_catalogue(plan.catalogue);
    out.catalogue->base = base;
    for (long long i = 0; i < samples; ++i) {
        out.years.push_back(
            stress::sample_year(*out.catalogue, seed, static_cast<std::uint64_t>(i)));
        out.scenarios.push_back(stress::year_scenario(*out.catalogue, out.years.back()));
        out.probability.push_back(1.0 / static_cast<double>(samples));
    }
    return out;
}

EngineLosses engine_losses(const Dataset& data, const PlanFile& plan,
                           const PlanScenarios& scenarios, const ShortfallValues& values,
                           int threads) {
    EngineLosses e;
    const std::size_t n = scenarios.scenarios.size();
    e.loss.assign(n, 0.0);
    const EngineRuns runs(data, scenarios);
    sim::parallel_for(0, n, threads, 1, "plan: engine run", [&](std::size_t w) {
        sim::RunControl control;
        control.record_nodes = false;
        control.record_columns = false;
        runs.run(w, control, nullptr,
                 [&](const sim::CompiledScenario&, const sim::ScenarioRun& run) {
                     double l = 0;
                     for (const auto& col : run.columns)
                         if (col.country == plan.buyer)
                             l += col.shortfall * values.value(col.end_use);
                     e.loss[w] = l;
                 });
    });
    const std::vector<double>& probability = scenarios.probability;
    for (std::size_t w = 0; w < n; ++w) e.expected += probability[w] * e.loss[w];
    e.var = stress::value_at_risk(e.loss, probability, plan.alpha);
    e.cvar = stress::conditional_value_at_risk(e.loss, probability, plan.alpha);
    return e;
}

}  // namespace critmin::plan
