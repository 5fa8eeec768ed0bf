#include "plan/ttr_instance.h"

#include <algorithm>
#include <limits>

#include "core/error.h"

namespace critmin::plan {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

WindowLp instance_lp(const TtrInstance& in) {
    WindowLp lp;
    std::vector<std::uint32_t> y;
    for (std::size_t k = 0; k < in.link_plant.size(); ++k)
        y.push_back(lp.add_column(
            "y[" + in.plants[in.link_plant[k]] + "|" + in.products[in.link_product[k]] + "]",
            kInf));
    std::vector<std::uint32_t> l;
    for (std::size_t j = 0; j < in.products.size(); ++j)
        l.push_back(lp.add_column("l[" + in.products[j] + "]", kInf, in.loss[j]));
    lp.tau = lp.add_column("tau", kInf);
    lp.tau_cap = 999;  // the teaching instances' cap: a TTS of 999 means "indefinitely"

    // P1: sum_i y_ij + l_j - d_j tau >= -s_j.
    for (std::size_t j = 0; j < in.products.size(); ++j) {
        const auto r = lp.add_row("demand[" + in.products[j] + "]", -in.inventory[j], kInf);
        for (std::size_t k = 0; k < y.size(); ++k)
            if (in.link_product[k] == j) lp.add(r, y[k], 1);
        lp.add(r, l[j], 1);
        lp.add(r, lp.tau, -in.demand[j]);
    }
    // P2: sum_j y_ij - c_i tau <= 0.
    for (std::size_t i = 0; i < in.plants.size(); ++i) {
        const auto r = lp.add_row("capacity[" + in.plants[i] + "]", -kInf, 0);
        for (std::size_t k = 0; k < y.size(); ++k)
            if (in.link_plant[k] == i) lp.add(r, y[k], 1);
        lp.add(r, lp.tau, -in.capacity[i]);
    }
    return lp;
}

std::vector<Disruption> instance_disruptions(const TtrInstance& in) {
    std::vector<Disruption> out;
    for (const auto& s : in.scenarios) {
        Disruption d{s.name, s.ttr, {}, {}};
        for (std::size_t k = 0; k < s.active.size(); ++k)
            if (s.active[k] == 0) d.closed.push_back(static_cast<std::uint32_t>(k));
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<InstanceRow> solve_instance(const TtrInstance& in) {
    const WindowLp lp = instance_lp(in);
    TtrSolver solver(lp);
    std::vector<InstanceRow> rows;
    std::vector<double> costs;
    for (const Disruption& d : instance_disruptions(in)) {
        const ImpactResult imp = solver.impact(d);
        const SurvivalResult sur = solver.survival(d);
        if (!imp.optimal || !sur.optimal)
            throw Error(ErrorKind::runtime, "ttr: the solver found no optimum for " + d.name);
        InstanceRow row;
        row.scenario = d.name;
        row.ttr = d.ttr;
        row.disruption_cost = imp.value_lost;
        row.lost_units = imp.units_lost;
        if (!sur.indefinite) row.tts = sur.tts;
        row.shortage_periods = row.tts ? std::max(d.ttr - *row.tts, 0.0) : 0.0;
        row.active_links = static_cast<int>(in.link_plant.size() - d.closed.size());
        costs.push_back(imp.value_lost);
        rows.push_back(std::move(row));
    }
    const std::vector<double> rei = risk_exposure_index(costs);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].rei = rei[i];
    return rows;
}

}  // namespace critmin::plan
