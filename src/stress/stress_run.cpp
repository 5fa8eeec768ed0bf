#include "stress/stress_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "core/error.h"
#include "sim/parallel_for.h"
#include "sim/scenario_run.h"
#include "stress/sampler.h"

namespace critmin::stress {

namespace {

// Days from the first shock of the year until the last one is over (its recovery included).
SampleResult run_one(const CompiledCatalogue& cc, const Catalogue& c, std::uint64_t seed,
                     std::uint64_t i) {
    const SampledYear year = sample_year(c, seed, i);
    sim::RunControl control;
    control.record_nodes = false;
    control.record_columns = false;  // the summaries are kept day by day
    const sim::ScenarioRun run = sim::run(cc.scenario, year_events(cc, c, year), control);
    SampleResult r;
    r.index = i;
    r.events = year.count;
    const int days = shock_days(c, year);
    for (const auto& col : run.columns) {
        r.shortfall.push_back(col.shortfall);
        r.tts.push_back(col.tts_days);
        r.shock_ttr.push_back(days);
    }
    return r;
}

}  // namespace

int shock_days(const Catalogue& c, const SampledYear& y) {
    if (y.occurrences.empty()) return -1;
    int first = y.occurrences.front().onset, last = 0;
    for (const Occurrence& o : y.occurrences) {
        const EventType& ev = c.events[static_cast<std::size_t>(o.event)];
        first = std::min(first, o.onset);
        last =
            std::max(last, o.onset + o.duration + (ev.type == "capacity" ? ev.recovery_days : 0));
    }
    return last - first;
}

CompiledCatalogue compile_catalogue(const Dataset& data, const Catalogue& c) {
    // Regimes and the pipeline of the base become its own entries first, so that they come
    // before the events' entries and every sample keeps them.
    Diagnostics d;
    Catalogue every = c;
    every.base = sim::with_dataset_entries(data, c.base, d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    SampledYear all;
    for (std::size_t e = 0; e < c.events.size(); ++e)
        all.occurrences.push_back({static_cast<int>(e), 0, 1, 0.5});
    CompiledCatalogue cc;
    cc.scenario = sim::compile_scenario(data, year_scenario(every, all));
    const sim::Events& compiled = cc.scenario.events;
    const sim::Scenario& base = every.base;
    auto first = [](const auto& v, std::size_t count) {
        return std::decay_t<decltype(v)>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(count));
    };
    cc.base.shocks = first(compiled.shocks, base.capacity_shocks.size());
    cc.base.controls = first(compiled.controls, base.export_controls.size());
    cc.base.demand = first(compiled.demand, base.demand_changes.size());
    // Event types follow the base's entries in catalogue order, one target each.
    auto next_shock = static_cast<std::uint32_t>(base.capacity_shocks.size());
    auto next_control = static_cast<std::uint32_t>(base.export_controls.size());
    auto next_demand = static_cast<std::uint32_t>(base.demand_changes.size());
    for (const EventType& ev : c.events) {
        if (ev.type == "capacity")
            cc.target.push_back(next_shock++);
        else if (ev.type == "export_control")
            cc.target.push_back(next_control++);
        else
            cc.target.push_back(next_demand++);
    }
    return cc;
}

sim::Events year_events(const CompiledCatalogue& cc, const Catalogue& c, const SampledYear& year) {
    sim::Events out = cc.base;
    for (const Occurrence& o : year.occurrences) {
        const auto e = static_cast<std::size_t>(o.event);
        const EventType& ev = c.events[e];
        const std::uint32_t target = cc.target[e];
        // The entries year_scenario makes, on the targets compiled once (T9).
        if (ev.type == "capacity")
            out.shocks.push_back(sim::shock_event(capacity_entry(ev, o), target));
        else if (ev.type == "export_control")
            out.controls.push_back(sim::control_event(control_entry(o), target));
        else
            out.demand.push_back(sim::demand_event(demand_entry(o), target));
    }
    return out;
}

std::vector<ColumnInfo> stress_columns(const CompiledCatalogue& cc) {
    std::vector<ColumnInfo> out;
    const sim::DatasetNetwork& dn = cc.scenario.network;
    for (std::size_t k = 0; k < dn.columns.size(); ++k) {
        const auto& dc = dn.columns[k];
        ColumnInfo info{dn.net.final_labels[k],
                        cc.scenario.column_country[k],
                        std::string(to_string(dc.end_use)),
                        cc.scenario.column_commodity[k],
                        -1,
                        dc.product_unit};
        if (!std::isnan(dc.content_per_product) && dc.content_per_product > 0)
            info.content_per_product = dc.content_per_product;
        out.push_back(info);
    }
    return out;
}

std::vector<std::vector<std::string>> event_producers(const CompiledCatalogue& cc,
                                                      const Catalogue& c) {
    std::vector<std::vector<std::string>> out;
    const auto n_base_shocks = static_cast<std::ptrdiff_t>(cc.base.shocks.size());
    const auto n_base_controls = static_cast<std::ptrdiff_t>(cc.base.controls.size());
    for (std::size_t e = 0; e < c.events.size(); ++e) {
        SampledYear one;
        one.occurrences.push_back({static_cast<int>(e), 0, 1, 0.5});
        sim::Events only = year_events(cc, c, one);
        // The event's own entry: the base scenario's shocks are not the event's.
        only.shocks.erase(only.shocks.begin(), only.shocks.begin() + n_base_shocks);
        only.controls.erase(only.controls.begin(), only.controls.begin() + n_base_controls);
        only.demand.clear();
        const std::vector<std::uint8_t> hit = sim::nodes_hit(cc.scenario, only);
        std::vector<std::string> labels;
        for (std::size_t i = 0; i < hit.size(); ++i)
            if (hit[i] != 0) labels.push_back(cc.scenario.network.net.node_labels[i]);
        out.push_back(std::move(labels));
    }
    return out;
}

void run_samples(const CompiledCatalogue& cc, const Catalogue& c, std::uint64_t seed,
                 std::uint64_t first, std::uint64_t last, const std::vector<std::uint8_t>& skip,
                 std::vector<SampleResult>& out, const std::atomic<bool>* stop,
                 const std::function<void(std::uint64_t, std::uint64_t)>& done) {
    constexpr std::uint64_t kChunk = 1024;
    for (std::uint64_t begin = first; begin < last; begin += kChunk) {
        if (stop != nullptr && stop->load()) break;
        const std::uint64_t end = std::min(last, begin + kChunk);
        // Threads: OpenMP's default (the caller sets it); a failure names the lowest sample.
        sim::parallel_for(begin, end, 0, 8, "sample", [&](std::size_t i) {
            if (i < skip.size() && skip[i] != 0) return;
            out[i] = run_one(cc, c, seed, i);
        });
        if (done) done(begin, end);
    }
}

StressSummary summarise(const Catalogue& c, const std::vector<ColumnInfo>& columns,
                        const std::vector<SampleResult>& samples,
                        const std::vector<std::vector<std::string>>& producers) {
    StressSummary s;
    const std::size_t n = samples.size();
    const std::size_t nc = columns.size();
    // Groups: each column, each country's total, the world total.
    std::vector<std::pair<std::string, std::string>> names;
    std::vector<std::vector<std::size_t>> members;
    for (std::size_t k = 0; k < nc; ++k) {
        names.emplace_back(columns[k].country, columns[k].end_use);
        members.push_back({k});
    }
    std::map<std::string, std::vector<std::size_t>> by_country;
    for (std::size_t k = 0; k < nc; ++k) by_country[columns[k].country].push_back(k);
    for (const auto& [country, cols] : by_country) {
        names.emplace_back(country, "all");
        members.push_back(cols);
    }
    names.emplace_back("all", "all");
    std::vector<std::size_t> every(nc);
    for (std::size_t k = 0; k < nc; ++k) every[k] = k;
    members.push_back(every);

    static constexpr double kExceed[] = {0.5, 0.2, 0.1, 0.05, 0.02, 0.01};
    std::vector<double> world;
    for (std::size_t g = 0; g < names.size(); ++g) {
        std::vector<double> loss(n, 0.0);
        std::size_t disrupted = 0, short_before = 0;
        for (std::size_t i = 0; i < n; ++i) {
            int tts = -1;
            for (std::size_t k : members[g]) {
                loss[i] += samples[i].shortfall[k];
                const int t = samples[i].tts[k];
                if (t >= 0) tts = tts < 0 ? t : std::min(tts, t);
            }
            if (tts >= 0) {
                ++disrupted;
                if (tts < samples[i].shock_ttr[members[g].front()]) ++short_before;
            }
        }
        GroupStatistics gs;
        gs.country = names[g].first;
        gs.end_use = names[g].second;
        gs.loss = loss_statistics(loss);
        gs.p_disrupted = n ? static_cast<double>(disrupted) / static_cast<double>(n) : 0.0;
        gs.p_tts_lt_ttr = n ? static_cast<double>(short_before) / static_cast<double>(n) : 0.0;
        std::vector<double> sorted = loss;
        std::sort(sorted.begin(), sorted.end());
        for (double p : kExceed) gs.exceedance.emplace_back(p, value_at_risk(sorted, 1.0 - p));
        if (members[g].size() == 1 && columns[members[g][0]].content_per_product > 0) {
            gs.expected_output_lost = gs.loss.mean / columns[members[g][0]].content_per_product;
            gs.output_unit = columns[members[g][0]].product_unit;
        }
        s.groups.push_back(std::move(gs));
        if (g + 1 == names.size()) world = loss;
    }
    // T14: which events the worst years hold.
    std::vector<double> sorted = world;
    std::sort(sorted.begin(), sorted.end());
    const double var95 = value_at_risk(sorted, 0.95);
    std::size_t in_tail = 0;
    for (std::size_t i = 0; i < n; ++i) in_tail += world[i] >= var95 && world[i] > 0 ? 1 : 0;
    // The years in which `hit(i)` holds: their share of all years, of the tail, and their
    // mean world shortfall.
    auto contribution = [&](const std::string& label, const auto& hit) {
        TailContribution t;
        t.event = label;
        std::size_t with = 0, tail_with = 0;
        double loss_with = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (!hit(i)) continue;
            ++with;
            loss_with += world[i];
            if (world[i] >= var95 && world[i] > 0) ++tail_with;
        }
        t.share_of_years = n ? static_cast<double>(with) / static_cast<double>(n) : 0.0;
        t.share_of_tail =
            in_tail ? static_cast<double>(tail_with) / static_cast<double>(in_tail) : 0.0;
        t.mean_loss_with = with ? loss_with / static_cast<double>(with) : 0.0;
        return t;
    };
    for (std::size_t e = 0; e < c.events.size(); ++e)
        s.tail.push_back(
            contribution(c.events[e].id, [&](std::size_t i) { return samples[i].events[e] > 0; }));
    // T14 per producer: the years in which any event hitting it occurred.
    std::map<std::string, std::vector<std::size_t>> hit_by;
    for (std::size_t e = 0; e < producers.size() && e < c.events.size(); ++e)
        for (const auto& label : producers[e]) hit_by[label].push_back(e);
    for (const auto& entry : hit_by) {
        const std::vector<std::size_t>& events = entry.second;  // clang 14: no captured bindings
        s.producers.push_back(contribution(entry.first, [&](std::size_t i) {
            for (std::size_t e : events)
                if (samples[i].events[e] > 0) return true;
            return false;
        }));
    }
    std::stable_sort(s.producers.begin(), s.producers.end(),
                     [](const TailContribution& a, const TailContribution& b) {
                         return a.share_of_tail > b.share_of_tail;
                     });
    return s;
}

}  // namespace critmin::stress
