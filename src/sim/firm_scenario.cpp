#include "sim/firm_scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/error.h"
#include "sim/ario.h"
#include "sim/events.h"
#include "sim/firm_network.h"
#include "sim/responses.h"
#include "sim/run.h"

namespace critmin::sim {

namespace {

// Index of each name in `labels`; unknown names are reported at `where`.
std::set<std::uint32_t> find_all(const std::vector<std::string>& labels,
                                 const std::vector<std::string>& names, const char* what,
                                 const std::string& file, const std::string& where,
                                 Diagnostics& d) {
    std::set<std::uint32_t> out;
    for (const auto& name : names) {
        const auto it = std::find(labels.begin(), labels.end(), name);
        if (it == labels.end()) {
            d.add({file, 0, 0, where}, fmt::format("`{}` is not a {} of the network", name, what));
            continue;
        }
        out.insert(static_cast<std::uint32_t>(it - labels.begin()));
    }
    return out;
}

}  // namespace

FirmScenarioRun run_firm_scenario(const sim::FirmTable& firms, const Scenario& sc,
                                  const RunControl& control) {
    ModelParameters p = sc.parameters;
    p.mode = Mode::native;
    FirmOptions options;
    options.inventory_steps = sc.inventory_days;
    FirmScenarioRun run;
    run.net = build_firm_network(firms, p, options);
    const Network& net = run.net;
    const std::size_t n = net.n_nodes();
    const std::size_t n_cols = net.n_final_columns();
    const std::size_t n_sectors = net.product_labels.size();
    Diagnostics d;
    const std::string& file = sc.path;

    std::unordered_map<std::string, std::uint32_t> firm_index;
    firm_index.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        firm_index.emplace(firms.ids[i], static_cast<std::uint32_t>(i));
    auto select = [&](const NodeSelector& s, const std::string& where) {
        std::vector<std::uint8_t> mask(n, 0);
        std::set<std::uint32_t> chosen;
        for (const auto& f : s.producers) {
            const auto it = firm_index.find(f);
            if (it == firm_index.end())
                d.add({file, 0, 0, where + ".firm"},
                      fmt::format("`{}` is not a firm of the network", f));
            else
                chosen.insert(it->second);
        }
        const auto regions =
            find_all(net.region_labels, s.countries, "region", file, where + ".region", d);
        const auto sectors =
            find_all(net.product_labels, s.commodities, "sector", file, where + ".sector", d);
        if (!s.stages.empty())
            d.add({file, 0, 0, where + ".stage"}, "firm networks have no stages");
        for (std::size_t i = 0; i < n; ++i) {
            bool ok = true;
            if (!s.producers.empty()) ok = ok && chosen.count(static_cast<std::uint32_t>(i)) != 0;
            if (!s.countries.empty()) ok = ok && regions.count(net.node_region[i]) != 0;
            if (!s.commodities.empty()) ok = ok && sectors.count(net.node_product[i]) != 0;
            mask[i] = ok ? 1 : 0;
        }
        return mask;
    };
    // The scenario's entries as Events over their targets, as compile_scenario makes them.
    Events events;
    std::vector<std::vector<std::uint8_t>> shock_nodes;
    for (const auto& s : sc.capacity_shocks) {
        events.shocks.push_back(shock_event(s, static_cast<std::uint32_t>(shock_nodes.size())));
        shock_nodes.push_back(select(s.target, s.where + ".target"));
    }
    std::vector<std::vector<std::uint8_t>> spare_nodes;
    for (const auto& s : sc.spare_capacity)
        spare_nodes.push_back(select(s.target, s.where + ".target"));
    // Export controls: exporter regions, sectors as commodities, destination regions.
    std::vector<LicenceTargets> controls;
    for (const auto& e : sc.export_controls) {
        events.controls.push_back(control_event(e, static_cast<std::uint32_t>(controls.size())));
        LicenceTargets c;
        const auto exporter =
            find_all(net.region_labels, {e.exporter}, "region", file, e.where + ".exporter", d);
        const auto sectors = find_all(net.product_labels, e.commodities, "sector", file,
                                      e.where + ".commodities", d);
        const auto only = find_all(net.region_labels, e.destinations.only, "region", file,
                                   e.where + ".destinations", d);
        const auto except = find_all(net.region_labels, e.destinations.all_except, "region", file,
                                     e.where + ".destinations.all_except", d);
        auto hit = [&](std::uint32_t supplier, std::uint32_t buyer_region) {
            if (exporter.count(net.node_region[supplier]) == 0 ||
                sectors.count(net.node_product[supplier]) == 0)
                return false;
            if (exporter.count(buyer_region) != 0) return false;
            if (!e.destinations.all) return only.count(buyer_region) != 0;
            return except.count(buyer_region) == 0;
        };
        for (std::uint32_t k = 0; k < net.n_edges(); ++k)
            if (hit(net.edge_supplier[k], net.node_region[net.edge_buyer[k]])) c.edges.push_back(k);
        for (std::uint32_t i = 0; i < n; ++i)
            for (std::uint32_t f = net.fd_begin[i]; f < net.fd_begin[i + 1]; ++f)
                if (hit(i, net.final_region[net.fd_column[f]])) c.finals.push_back(f);
        controls.push_back(std::move(c));
    }
    std::vector<std::vector<std::uint8_t>> demand_cols;
    for (const auto& c : sc.demand_changes) {
        events.demand.push_back(demand_event(c, static_cast<std::uint32_t>(demand_cols.size())));
        const auto regions =
            find_all(net.region_labels, c.countries, "region", file, c.where + ".country", d);
        std::vector<std::uint8_t> mask(n_cols, 0);
        for (std::size_t k = 0; k < n_cols; ++k)
            mask[k] = c.countries.empty() || regions.count(net.final_region[k]) != 0 ? 1 : 0;
        demand_cols.push_back(std::move(mask));
    }
    if (!sc.stockpiles.empty() || !sc.projects.empty() || !sc.candidates.empty() ||
        !sc.prioritise.empty() || !sc.substitution.empty() || sc.pipeline.given)
        d.add({file, 0, 0, "responses"},
              "stockpiles, projects, pipeline, candidates, prioritise and substitution need a "
              "dataset; firm networks take "
              "spare_capacity");
    // Regimes are rows of a dataset's controls.csv; a firm network has none.
    if (!sc.regimes.empty())
        d.add({file, 0, 0, "regimes"},
              "regimes come from a dataset's controls.csv; firm networks take export_control "
              "shocks");
    if (sc.parameters.rationing == Rationing::allied_first) {
        const auto allies = find_all(net.region_labels, sc.allies, "region", file, "allies", d);
        p.allied_region.assign(net.region_labels.size(), 0);
        for (auto r : allies) p.allied_region[r] = 1;
    }
    if (!d.empty()) throw InvalidInput(std::move(d));

    const int shock_start = events.first_day();
    run.shock_start = shock_start;
    ColumnTracker tracker(n_cols, shock_start);
    const int steps = sc.horizon_days;
    run.steps_planned = steps;
    run.ordered.reserve(static_cast<std::size_t>(steps) * n_cols);
    run.delivered.reserve(static_cast<std::size_t>(steps) * n_cols);
    run.sector_output.reserve(static_cast<std::size_t>(steps) * n_sectors);
    run.sectors.resize(n_sectors);
    std::vector<double> sector_base(n_sectors, 0.0);
    for (std::size_t i = 0; i < n; ++i) sector_base[net.node_product[i]] += net.x0[i];
    std::vector<double> col_ordered(n_cols), col_delivered(n_cols), sector_now(n_sectors),
        sector_lost(n_sectors, 0.0);

    State st = initial_state(net, p);
    StepHooks hooks;
    hooks.before_production = [&](State& s) {
        const int day = s.step;
        apply_capacity_shocks(events.shocks, shock_nodes, day, s);  // S26
        apply_licences(events.controls, controls, day, s);          // S27
        if (!events.demand.empty())
            apply_demand_changes(net, events.demand, demand_cols, day, s);  // S28
        if (!sc.spare_capacity.empty()) {                                   // S30
            std::fill(s.capacity_extra.begin(), s.capacity_extra.end(), 0.0);
            add_spare_capacity(net, sc.spare_capacity, spare_nodes, day, s);
        }
    };
    hooks.observe = [&](const State& s) {
        std::fill(col_ordered.begin(), col_ordered.end(), 0.0);
        for (std::size_t f = 0; f < net.n_fd_entries(); ++f)
            col_ordered[net.fd_column[f]] += s.fd_orders[f];
        for (std::size_t c = 0; c < n_cols; ++c) col_delivered[c] = col_ordered[c] - s.fd_unmet[c];
        tracker.add_day(s.step, col_ordered.data(), col_delivered.data());
        run.ordered.insert(run.ordered.end(), col_ordered.begin(), col_ordered.end());
        run.delivered.insert(run.delivered.end(), col_delivered.begin(), col_delivered.end());
        std::fill(sector_now.begin(), sector_now.end(), 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            sector_now[net.node_product[i]] += s.production[i];
            sector_lost[net.node_product[i]] += std::max(net.x0[i] - s.production[i], 0.0);
        }
        for (std::size_t k = 0; k < n_sectors; ++k) {
            run.sector_output.push_back(sector_now[k]);
            const double ratio = sector_base[k] > 0 ? sector_now[k] / sector_base[k] : 1.0;
            if (ratio < run.sectors[k].lowest_ratio) {
                run.sectors[k].lowest_ratio = ratio;
                run.sectors[k].lowest_day = s.step;
            }
        }
        run.max_mass_balance_error =
            std::max(run.max_mass_balance_error, mass_balance_error(net, s));
        if (control.progress) control.progress(s.step + 1, steps);
    };
    run.steps_done = run_steps(net, p, st, steps, hooks, control.stop);
    check_mass_balance(run.max_mass_balance_error);  // S18, every run

    const auto done = static_cast<std::size_t>(run.steps_done);
    for (std::size_t k = 0; k < n_sectors; ++k) {
        run.sectors[k].sector = net.product_labels[k];
        run.sectors[k].baseline = sector_base[k] * static_cast<double>(done);
        run.sectors[k].lost = sector_lost[k];
    }
    run.columns = tracker.finish(done);  // S32-S35
    for (std::size_t c = 0; c < n_cols; ++c) {
        ColumnSummary& cs = run.columns[c];
        cs.column = net.final_labels[c];
        cs.country = net.region_labels[net.final_region[c]];
        cs.end_use = "final demand";
    }
    return run;
}

}  // namespace critmin::sim
