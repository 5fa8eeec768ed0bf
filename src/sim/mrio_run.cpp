#include "sim/mrio_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/error.h"
#include "sim/ario.h"
#include "sim/capital_events.h"
#include "sim/mrio_network.h"
#include "sim/run.h"
#include "sim/thread_governor.h"

namespace critmin::sim {

ModelParameters boario_parameters(const sim::BoarioScenario& s, Mode mode) {
    ModelParameters p;
    p.mode = mode;
    p.alpha_base = s.alpha_base;
    p.alpha_max = s.alpha_max;
    p.alpha_tau = s.alpha_tau / s.temporal_units_by_step;
    p.psi = s.psi;
    p.restoration_tau = s.inventory_restoration_tau / s.temporal_units_by_step;
    p.technology_threshold = s.technology_threshold;
    p.monetary_factor = s.monetary_factor;
    p.orders_follow_capacity = s.order_type == "alt";
    return p;
}

namespace {

RecoveryCurve parse_curve(const std::string& name, const std::string& file,
                          const std::string& where, Diagnostics& d) {
    if (name == "linear") return RecoveryCurve::linear;
    if (name == "convexe" || name == "convex") return RecoveryCurve::convex;
    if (name == "convexe noscale" || name == "convex unscaled")
        return RecoveryCurve::convex_unscaled;
    if (name == "concave" || name == "s-shaped") return RecoveryCurve::concave;
    d.add({file, 0, 0, where},
          fmt::format("`{}` is not linear, convexe, convexe noscale or concave", name));
    return RecoveryCurve::linear;
}

}  // namespace

MrioRun run_mrio_scenario(const MrioTable& mrio, const sim::BoarioScenario& s, Mode mode,
                          MrioKernel kernel) {
    const ModelParameters p = boario_parameters(s, mode);
    MrioOptions options;
    options.steps_per_year = s.year_to_temporal_unit_factor / s.temporal_units_by_step;
    options.inventory_steps = s.main_inv_dur / s.temporal_units_by_step;
    options.capital_to_value_added = s.capital_to_va_ratio;
    const Network net = build_mrio_network(mrio, p, options);
    const std::size_t n = net.n_nodes();

    std::map<std::string, std::size_t> node_index;
    for (std::size_t i = 0; i < n; ++i) node_index[net.node_labels[i]] = i;
    Diagnostics d;
    std::vector<CapitalEvent> events;
    for (std::size_t k = 0; k < s.events.size(); ++k) {
        const sim::BoarioEventSpec& spec = s.events[k];
        const std::string where = s.events.size() == 1 ? "event" : fmt::format("events[{}]", k);
        CapitalEvent e;
        e.kind = spec.kind == "rebuild"     ? CapitalEvent::Kind::rebuild
                 : spec.kind == "arbitrary" ? CapitalEvent::Kind::arbitrary
                                            : CapitalEvent::Kind::recovery;
        e.occurrence = spec.occurrence;
        e.duration = spec.duration;
        e.recovery_tau = spec.recovery_tau / s.temporal_units_by_step;
        e.rebuild_tau = spec.rebuild_tau / s.temporal_units_by_step;
        e.rebuilding_factor = spec.rebuilding_factor;
        if (e.kind != CapitalEvent::Kind::arbitrary) e.monetary_factor = spec.event_monetary_factor;
        e.curve = parse_curve(spec.recovery_function, s.path, where + ".recovery_function", d);
        e.impact.assign(n, 0.0);
        // Capital is in the event's monetary unit; the model's unit may differ.
        const double scale = e.monetary_factor > 0 ? e.monetary_factor / s.monetary_factor : 1.0;
        for (const auto& [label, value] : spec.impact) {
            const auto it = node_index.find(label);
            if (it == node_index.end()) {
                d.add({s.path, 0, 0, fmt::format("{}.impact_per_industry.{}", where, label)},
                      "no such industry in the MRIO (labels are region|sector)");
                continue;
            }
            e.impact[it->second] = value * scale;
        }
        if (e.kind == CapitalEvent::Kind::rebuild) {
            e.rebuilding_share.assign(n, 0.0);
            for (const auto& [sector, share] : spec.rebuilding_sectors) {
                const auto it =
                    std::find(net.product_labels.begin(), net.product_labels.end(), sector);
                if (it == net.product_labels.end()) {
                    d.add({s.path, 0, 0, fmt::format("{}.rebuilding_sectors.{}", where, sector)},
                          "no such sector in the MRIO");
                    continue;
                }
                const auto sec = static_cast<std::uint32_t>(it - net.product_labels.begin());
                for (std::size_t i = 0; i < n; ++i)
                    if (net.node_product[i] == sec) e.rebuilding_share[i] = share;
            }
        }
        events.push_back(std::move(e));
    }
    if (!s.industries_order.empty() && s.industries_order != net.node_labels)
        d.add({s.path, 0, 0, "industries_order"},
              "the scenario's industries are not those of the MRIO (after sorting)");
    if (!d.empty()) throw InvalidInput(std::move(d));

    CapitalEvents capital(net, p, std::move(events), s.rebuild_tau / s.temporal_units_by_step);
    MrioRun run;
    run.steps = s.steps;
    run.industries = net.node_labels;
    run.final_columns = net.final_labels;
    run.x0 = net.x0;
    run.dense = use_dense_kernel(kernel, p);
    const std::size_t n_fd = net.n_final_columns();
    run.production.reserve(static_cast<std::size_t>(s.steps) * n);
    run.capacity.reserve(static_cast<std::size_t>(s.steps) * n);
    run.final_demand_unmet.reserve(static_cast<std::size_t>(s.steps) * n_fd);
    StepHooks hooks;
    hooks.before_production = [&](State& state) { capital.begin_step(state); };
    hooks.after_distribution = [&](State& state) { capital.end_step(state); };
    auto record = [&](const State& state, double mass_balance_error) {
        run.production.insert(run.production.end(), state.production.begin(),
                              state.production.end());
        run.capacity.insert(run.capacity.end(), state.capacity.begin(), state.capacity.end());
        run.final_demand_unmet.insert(run.final_demand_unmet.end(), state.fd_unmet.begin(),
                                      state.fd_unmet.end());
        run.max_mass_balance_error = std::max(run.max_mass_balance_error, mass_balance_error);
    };
    if (run.dense) {
        DenseMrio dense(mrio, net, p, options.steps_per_year);
        State st = dense.initial_state();
        hooks.observe = [&](const State& state) { record(state, dense.mass_balance_error(state)); };
        ThreadGovernor governor;  // one thread or all, whichever steps faster: same results
        while (st.step < s.steps) {
            governor.begin_step();
            dense.step(st, hooks);
            governor.end_step();
        }
    } else {
        State st = initial_state(net, p);
        hooks.observe = [&](const State& state) { record(state, mass_balance_error(net, state)); };
        run_steps(net, p, st, s.steps, hooks);
    }
    check_mass_balance(run.max_mass_balance_error);  // S18, every run
    return run;
}

}  // namespace critmin::sim
