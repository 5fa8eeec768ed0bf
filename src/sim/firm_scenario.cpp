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
#include "sim/sparse_kernel.h"

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

// The scenario's entries as Events over their targets, as compile_scenario makes them.
struct FirmTargets {
    Events events;
    std::vector<std::vector<std::uint8_t>> shock_nodes, spare_nodes, demand_columns;
    std::vector<LicenceTargets> controls;
};

// Names of a firm-level scenario resolved against the network: firms, regions (countries) and
// sectors (commodities); problems go to `d` with the scenario's YAML paths.
class FirmResolver {
  public:
    // Firms are found by id: the network numbers them in its own order (FirmOrder::locality).
    FirmResolver(const Network& net, std::string file, Diagnostics& d)
        : net_(net), file_(std::move(file)), d_(d) {
        firm_index_.reserve(net.n_nodes());
        for (std::size_t i = 0; i < net.n_nodes(); ++i)
            firm_index_.emplace(net.node_labels[i], static_cast<std::uint32_t>(i));
    }

    std::set<std::uint32_t> regions(const std::vector<std::string>& names,
                                    const std::string& where) {
        return find_all(net_.region_labels, names, "region", file_, where, d_);
    }

    std::vector<std::uint8_t> select(const NodeSelector& s, const std::string& where) {
        std::vector<std::uint8_t> mask(net_.n_nodes(), 0);
        std::set<std::uint32_t> chosen;
        for (const auto& f : s.producers) {
            const auto it = firm_index_.find(f);
            if (it == firm_index_.end())
                d_.add({file_, 0, 0, where + ".firm"},
                       fmt::format("`{}` is not a firm of the network", f));
            else
                chosen.insert(it->second);
        }
        const auto in_regions = regions(s.countries, where + ".region");
        const auto sectors =
            find_all(net_.product_labels, s.commodities, "sector", file_, where + ".sector", d_);
        if (!s.stages.empty())
            d_.add({file_, 0, 0, where + ".stage"}, "firm networks have no stages");
        for (std::size_t i = 0; i < mask.size(); ++i) {
            bool ok = true;
            if (!s.producers.empty()) ok = ok && chosen.count(static_cast<std::uint32_t>(i)) != 0;
            if (!s.countries.empty()) ok = ok && in_regions.count(net_.node_region[i]) != 0;
            if (!s.commodities.empty()) ok = ok && sectors.count(net_.node_product[i]) != 0;
            mask[i] = ok ? 1 : 0;
        }
        return mask;
    }

    // Export controls: exporter regions, sectors as commodities, destination regions.
    LicenceTargets licences(const ExportControl& e) {
        LicenceTargets c;
        const auto exporter = regions({e.exporter}, e.where + ".exporter");
        const auto sectors = find_all(net_.product_labels, e.commodities, "sector", file_,
                                      e.where + ".commodities", d_);
        const auto only = regions(e.destinations.only, e.where + ".destinations");
        const auto except =
            regions(e.destinations.all_except, e.where + ".destinations.all_except");
        auto hit = [&](std::uint32_t supplier, std::uint32_t buyer_region) {
            if (exporter.count(net_.node_region[supplier]) == 0 ||
                sectors.count(net_.node_product[supplier]) == 0)
                return false;
            if (exporter.count(buyer_region) != 0) return false;
            if (!e.destinations.all) return only.count(buyer_region) != 0;
            return except.count(buyer_region) == 0;
        };
        for (std::uint32_t k = 0; k < net_.n_edges(); ++k)
            if (hit(net_.edge_supplier[k], net_.node_region[net_.edge_buyer[k]]))
                c.edges.push_back(k);
        for (std::uint32_t i = 0; i < net_.n_nodes(); ++i)
            for (std::uint32_t f = net_.fd_begin[i]; f < net_.fd_begin[i + 1]; ++f)
                if (hit(i, net_.final_region[net_.fd_column[f]])) c.finals.push_back(f);
        return c;
    }

    std::vector<std::uint8_t> demand_columns(const DemandChange& c) {
        const auto in_regions = regions(c.countries, c.where + ".country");
        std::vector<std::uint8_t> mask(net_.n_final_columns(), 0);
        for (std::size_t k = 0; k < mask.size(); ++k)
            mask[k] = c.countries.empty() || in_regions.count(net_.final_region[k]) != 0 ? 1 : 0;
        return mask;
    }

    // Dataset-only features are refused; allied-first rationing needs the allies' regions.
    void rest(const Scenario& sc, ModelParameters& p) {
        if (!sc.stockpiles.empty() || !sc.projects.empty() || !sc.candidates.empty() ||
            !sc.prioritise.empty() || !sc.substitution.empty() || sc.pipeline.given)
            d_.add({file_, 0, 0, "responses"},
                   "stockpiles, projects, pipeline, candidates, prioritise and substitution need "
                   "a dataset; firm networks take spare_capacity");
        // Regimes are rows of a dataset's controls.csv; a firm network has none.
        if (!sc.regimes.empty())
            d_.add({file_, 0, 0, "regimes"},
                   "regimes come from a dataset's controls.csv; firm networks take "
                   "export_control shocks");
        if (sc.parameters.rationing == Rationing::allied_first) {
            const auto allies = regions(sc.allies, "allies");
            p.allied_region.assign(net_.region_labels.size(), 0);
            for (auto r : allies) p.allied_region[r] = 1;
        }
    }

  private:
    const Network& net_;
    std::string file_;
    Diagnostics& d_;
    std::unordered_map<std::string, std::uint32_t> firm_index_;
};

FirmTargets resolve(const Network& net, const Scenario& sc, ModelParameters& p) {
    Diagnostics d;
    FirmResolver r(net, sc.path, d);
    FirmTargets t;
    for (const auto& s : sc.capacity_shocks) {
        t.events.shocks.push_back(shock_event(s, static_cast<std::uint32_t>(t.shock_nodes.size())));
        t.shock_nodes.push_back(r.select(s.target, s.where + ".target"));
    }
    for (const auto& s : sc.spare_capacity)
        t.spare_nodes.push_back(r.select(s.target, s.where + ".target"));
    for (const auto& e : sc.export_controls) {
        t.events.controls.push_back(
            control_event(e, static_cast<std::uint32_t>(t.controls.size())));
        t.controls.push_back(r.licences(e));
    }
    for (const auto& c : sc.demand_changes) {
        t.events.demand.push_back(
            demand_event(c, static_cast<std::uint32_t>(t.demand_columns.size())));
        t.demand_columns.push_back(r.demand_columns(c));
    }
    r.rest(sc, p);
    if (!d.empty()) throw InvalidInput(std::move(d));
    return t;
}

// Output per sector each day: the series, the lowest day and what was lost against baseline.
class SectorTracker {
  public:
    explicit SectorTracker(const Network& net)
        : net_(net),
          base_(net.product_labels.size(), 0.0),
          now_(base_.size(), 0.0),
          lost_(base_.size(), 0.0),
          sectors_(base_.size()) {
        for (std::size_t i = 0; i < net.n_nodes(); ++i) base_[net.node_product[i]] += net.x0[i];
    }

    void add_day(const State& s, std::vector<double>& series) {
        std::fill(now_.begin(), now_.end(), 0.0);
        for (std::size_t i = 0; i < net_.n_nodes(); ++i) {
            now_[net_.node_product[i]] += s.production[i];
            lost_[net_.node_product[i]] += std::max(net_.x0[i] - s.production[i], 0.0);
        }
        for (std::size_t k = 0; k < now_.size(); ++k) {
            series.push_back(now_[k]);
            const double ratio = base_[k] > 0 ? now_[k] / base_[k] : 1.0;
            if (ratio < sectors_[k].lowest_ratio) {
                sectors_[k].lowest_ratio = ratio;
                sectors_[k].lowest_day = s.step;
            }
        }
    }

    std::vector<SectorSummary> finish(std::size_t steps) {
        for (std::size_t k = 0; k < sectors_.size(); ++k) {
            sectors_[k].sector = net_.product_labels[k];
            sectors_[k].baseline = base_[k] * static_cast<double>(steps);
            sectors_[k].lost = lost_[k];
        }
        return sectors_;
    }

  private:
    const Network& net_;
    std::vector<double> base_, now_, lost_;
    std::vector<SectorSummary> sectors_;
};

}  // namespace

FirmScenarioRun run_firm_scenario(const sim::FirmTable& firms, const Scenario& sc,
                                  const RunControl& control) {
    ModelParameters p = sc.parameters;
    p.mode = Mode::native;
    FirmOptions options;
    options.inventory_steps = sc.inventory_days;
    options.order = FirmOrder::locality;  // numbering for the step's memory access only
    FirmScenarioRun run;
    run.net = build_firm_network(firms, p, options);
    const Network& net = run.net;
    const std::size_t n_cols = net.n_final_columns();
    const FirmTargets t = resolve(net, sc, p);

    run.shock_start = t.events.first_day();
    ColumnTracker tracker(n_cols, run.shock_start);
    SectorTracker sectors(net);
    const int steps = sc.horizon_days;
    run.steps_planned = steps;
    run.ordered.reserve(static_cast<std::size_t>(steps) * n_cols);
    run.delivered.reserve(static_cast<std::size_t>(steps) * n_cols);
    run.sector_output.reserve(static_cast<std::size_t>(steps) * net.product_labels.size());
    std::vector<double> col_ordered(n_cols), col_delivered(n_cols);

    State st = initial_state(net, p);
    StepHooks hooks;
    hooks.before_production = [&](State& s) {
        const int day = s.step;
        apply_capacity_shocks(t.events.shocks, t.shock_nodes, day, s);  // S26
        apply_licences(t.events.controls, t.controls, day, s);          // S27
        if (!t.events.demand.empty())
            apply_demand_changes(net, t.events.demand, t.demand_columns, day, s);  // S28
        if (!sc.spare_capacity.empty()) {                                          // S30
            std::fill(s.capacity_extra.begin(), s.capacity_extra.end(), 0.0);
            add_spare_capacity(net, sc.spare_capacity, t.spare_nodes, day, s);
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
        sectors.add_day(s, run.sector_output);
        run.max_mass_balance_error =
            std::max(run.max_mass_balance_error, mass_balance_error(net, s));
        if (control.progress) control.progress(s.step + 1, steps);
    };
    // The sparse kernel where it implements the run's rules (proportional rationing), else the
    // CSR step: the same model, results equal to rounding (docs/model.md, section 11).
    if (SparseKernel::supports(p)) {
        SparseKernel kernel(net, p, !t.events.controls.empty());
        kernel.record_received(false);  // no result of a firm run reads it
        run.kernel = "sparse";
        run.steps_done = run_sparse_steps(kernel, st, steps, hooks, control.stop);
    } else {
        run.kernel = "csr";
        run.steps_done = run_steps(net, p, st, steps, hooks, control.stop);
    }
    check_mass_balance(run.max_mass_balance_error);  // S18, every run

    const auto done = static_cast<std::size_t>(run.steps_done);
    run.sectors = sectors.finish(done);
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
