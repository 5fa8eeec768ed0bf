#include "sim/dataset_entries.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/scenario_reader.h"

namespace critmin::sim {

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

}  // namespace critmin::sim
