#include "plan/stochastic.h"

#include <fmt/format.h>
#include <CbcModel.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>

#include "core/error.h"
#include "stress/statistics.h"

namespace critmin::plan {

const char* to_string(PlanStatus s) {
    switch (s) {
        case PlanStatus::optimal:
            return "optimal";
        case PlanStatus::time_limit:
            return "time_limit";
        case PlanStatus::infeasible:
            return "infeasible";
        case PlanStatus::unbounded:
            return "unbounded";
        case PlanStatus::failed:
            return "failed";
    }
    return "failed";
}

namespace {

// Money is scaled inside the solver so that the largest money coefficient is 1: shortfall values
// of 1e7 per t would otherwise put the objective near 1e10 and strain the tolerances, and small
// hand-made costs would sink below them.
double money_scale(const StochasticProblem& p) {
    double top = 0;
    for (const Source& s : p.sources)
        top = std::max({top, std::abs(s.cost_per_unit) * (s.binary ? s.max_units : 1.0),
                        std::abs(s.fixed_cost)});
    for (const CommodityPlan& c : p.commodities)
        top = std::max({top, std::abs(c.stock_cost), std::abs(c.shortfall_value)});
    return top > 0 && std::isfinite(top) ? 1 / top : 1;
}
constexpr double kInf = kUnlimited;

// A model under construction: named rows and columns, triplets.
struct Model {
    std::vector<std::string> col_name, row_name;
    std::vector<double> col_lo, col_up, cost, row_lo, row_up;
    std::vector<unsigned char> integer;
    std::vector<int> er, ec;
    std::vector<double> ev;

    int col(std::string name, double lo, double up, double c, bool is_int = false) {
        col_name.push_back(std::move(name));
        col_lo.push_back(lo);
        col_up.push_back(up);
        cost.push_back(c);
        integer.push_back(is_int ? 1 : 0);
        return static_cast<int>(cost.size() - 1);
    }
    int row(std::string name, double lo, double up) {
        row_name.push_back(std::move(name));
        row_lo.push_back(lo);
        row_up.push_back(up);
        return static_cast<int>(row_lo.size() - 1);
    }
    void add(int r, int c, double v) {
        if (v == 0) return;
        er.push_back(r);
        ec.push_back(c);
        ev.push_back(v);
    }
    void load(OsiClpSolverInterface& s) const {
        CoinPackedMatrix m(true, er.data(), ec.data(), ev.data(),
                           static_cast<CoinBigIndex>(ev.size()));
        m.setDimensions(static_cast<int>(row_lo.size()), static_cast<int>(cost.size()));
        s.loadProblem(m, col_lo.data(), col_up.data(), cost.data(), row_lo.data(), row_up.data());
        for (std::size_t j = 0; j < integer.size(); ++j)
            if (integer[j] != 0) s.setInteger(static_cast<int>(j));
        s.messageHandler()->setLogLevel(0);
        s.getModelPtr()->setLogLevel(0);
    }
};

struct Layout {
    std::vector<int> unit, stock, extra_stock;
    std::vector<int> first_stage_rows;  // rows that can make a plan infeasible (P12-P14)
    int eta = -1;
    std::vector<int> loss;  // [w * n_commodities + k]
};

// P11-P19 as one model.
Model build(const StochasticProblem& p, Layout& layout, double money) {
    Model m;
    const std::size_t n_sources = p.sources.size(), n_commodities = p.commodities.size(),
                      n_scenarios = p.n_scenarios();
    // P11: activities; a project's column is its build decision, its yields scaled by capacity.
    std::vector<double> scale(n_sources, 1.0);
    for (std::size_t j = 0; j < n_sources; ++j) {
        const Source& s = p.sources[j];
        if (s.binary) {
            scale[j] = s.max_units;
            layout.unit.push_back(
                m.col("build[" + s.id + "]", 0, 1, money * source_cost(s, s.max_units), true));
        } else {
            layout.unit.push_back(
                m.col("units[" + s.id + "]", s.min_units, s.max_units, money * s.cost_per_unit));
        }
    }
    for (std::size_t k = 0; k < n_commodities; ++k) {
        const CommodityPlan& c = p.commodities[k];
        layout.stock.push_back(m.col("stock[" + c.id + "]", c.stock_min, c.stock_max, 0));
        layout.extra_stock.push_back(
            m.col("stock_added[" + c.id + "]", 0, kInf, money * c.stock_cost));
        const int r = m.row("stock_added[" + c.id + "]", -c.stock_existing, kInf);
        m.add(r, layout.extra_stock[k], 1);
        m.add(r, layout.stock[k], -1);
    }
    // P12: the plan covers normal demand.
    for (std::size_t k = 0; k < n_commodities; ++k) {
        const int r = m.row("coverage[" + p.commodities[k].id + "]", p.commodities[k].demand, kInf);
        layout.first_stage_rows.push_back(r);
        for (std::size_t j = 0; j < n_sources; ++j)
            m.add(r, layout.unit[j], p.sources[j].yield[k] * scale[j]);
    }
    // P13: country shares.
    for (const ShareCap& cap : p.caps) {
        for (const std::uint32_t k : cap.commodities) {
            std::vector<std::string> countries;
            for (const Source& s : p.sources)
                if (s.yield[k] > 0 && s.country != cap.exempt &&
                    std::find(countries.begin(), countries.end(), s.country) == countries.end())
                    countries.push_back(s.country);
            for (const std::string& country : countries) {
                const int r = m.row(
                    fmt::format("max_share[{},{},{}]", cap.stage, country, p.commodities[k].id),
                    -kInf, 0);
                layout.first_stage_rows.push_back(r);
                for (std::size_t j = 0; j < n_sources; ++j) {
                    const double y = p.sources[j].yield[k] * scale[j];
                    m.add(r, layout.unit[j],
                          (p.sources[j].country == country ? 1.0 : 0.0) * y - cap.share * y);
                }
            }
        }
    }
    // P14: budget.
    if (std::isfinite(p.budget)) {
        const int r = m.row("budget", -kInf, money * p.budget);
        layout.first_stage_rows.push_back(r);
        for (std::size_t j = 0; j < n_sources; ++j)
            m.add(r, layout.unit[j], m.cost[static_cast<std::size_t>(layout.unit[j])]);
        for (std::size_t k = 0; k < n_commodities; ++k)
            m.add(r, layout.extra_stock[k],
                  m.cost[static_cast<std::size_t>(layout.extra_stock[k])]);
    }
    // P15-P18 per scenario.
    if (n_scenarios == 0) return m;
    const double lambda = p.lambda;
    layout.eta = m.col("eta", -kInf, kInf, lambda);
    layout.loss.assign(n_scenarios * n_commodities, -1);
    for (std::size_t w = 0; w < n_scenarios; ++w) {
        const double pw = p.probability[w];
        const int xi = m.col(fmt::format("tail[{}]", w), 0, kInf, lambda * pw / (1 - p.alpha));
        const int tail = m.row(fmt::format("tail[{}]", w), 0, kInf);  // P18: xi_w >= L_w - eta
        m.add(tail, xi, 1);
        m.add(tail, layout.eta, 1);
        for (std::size_t k = 0; k < n_commodities; ++k) {
            const CommodityPlan& c = p.commodities[k];
            const double value = money * c.shortfall_value;
            const int draw = m.col(fmt::format("draw[{},{}]", w, c.id), 0, kInf, 0);
            const int loss = m.col(fmt::format("unmet[{},{}]", w, c.id), 0, kInf, pw * value);
            layout.loss[w * n_commodities + k] = loss;
            const double f = p.demand_factor.empty() ? 1.0 : p.demand_factor[w * n_commodities + k];
            // P15: deliveries + draws + unmet >= demand over the scenario.
            const int r =
                m.row(fmt::format("supply[{},{}]", w, c.id), p.horizon_years * c.demand * f, kInf);
            for (std::size_t j = 0; j < n_sources; ++j)
                m.add(r, layout.unit[j],
                      p.horizon_years * p.availability[w * n_sources + j] * p.sources[j].yield[k] *
                          scale[j]);
            m.add(r, draw, 1);
            m.add(r, loss, 1);
            // P16: draws within the stockpile.
            const int s = m.row(fmt::format("draw[{},{}]", w, c.id), -kInf, 0);
            m.add(s, draw, 1);
            m.add(s, layout.stock[k], -1);
            m.add(tail, loss, -value);
        }
    }
    return m;
}

// P20: an irreducible set of first-stage constraints that cannot hold together, by a deletion
// filter: drop each constraint in turn and keep it out if the rest is still infeasible. The
// second stage is always feasible (unmet demand is allowed), so only the first stage is tested.
std::vector<std::string> diagnose_infeasible(const StochasticProblem& p, double scale) {
    StochasticProblem q = p;
    q.probability.clear();
    q.availability.clear();
    q.demand_factor.clear();
    Layout layout;
    Model m = build(q, layout, scale);
    std::fill(m.cost.begin(), m.cost.end(), 0.0);
    auto feasible = [&](const std::vector<unsigned char>& active) {
        Model t = m;
        for (std::size_t i = 0; i < layout.first_stage_rows.size(); ++i)
            if (active[i] == 0) {
                const auto r = static_cast<std::size_t>(layout.first_stage_rows[i]);
                t.row_lo[r] = -kInf;
                t.row_up[r] = kInf;
            }
        OsiClpSolverInterface s;
        t.load(s);
        CbcModel cbc(s);
        cbc.setLogLevel(0);
        cbc.setMaximumSeconds(10);
        cbc.branchAndBound();
        return cbc.bestSolution() != nullptr;
    };
    std::vector<unsigned char> active(layout.first_stage_rows.size(), 1);
    if (feasible(active)) return {"(no first-stage constraint conflicts: the bounds are at fault)"};
    for (std::size_t i = 0; i < active.size(); ++i) {
        active[i] = 0;
        if (!feasible(active)) continue;  // still infeasible without it: not needed
        active[i] = 1;
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < active.size(); ++i)
        if (active[i] != 0)
            out.push_back(m.row_name[static_cast<std::size_t>(layout.first_stage_rows[i])]);
    if (out.empty()) out.emplace_back("(the activity and stockpile bounds alone)");
    return out;
}

}  // namespace

PlanSolution solve_plan(const StochasticProblem& p) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t n_sources = p.sources.size(), n_commodities = p.commodities.size(),
                      n_scenarios = p.n_scenarios();
    if (p.availability.size() != n_scenarios * n_sources ||
        (!p.demand_factor.empty() && p.demand_factor.size() != n_scenarios * n_commodities))
        throw Error(ErrorKind::runtime, "plan: scenario tables have the wrong size");
    for (const Source& s : p.sources)
        if (s.yield.size() != n_commodities)
            throw Error(ErrorKind::runtime, "plan: yields have the wrong size");
    Layout layout;
    const double money = money_scale(p);
    const Model model = build(p, layout, money);
    PlanSolution out;

    // The LP relaxation first: it tells an unbounded plan from an infeasible one.
    OsiClpSolverInterface relaxed;
    model.load(relaxed);
    for (std::size_t j = 0; j < model.integer.size(); ++j)
        if (model.integer[j] != 0) relaxed.setContinuous(static_cast<int>(j));
    relaxed.initialSolve();
    if (relaxed.isProvenDualInfeasible()) {
        out.status = PlanStatus::unbounded;
        for (std::size_t j = 0; j < model.cost.size(); ++j)
            if (model.cost[j] < 0 && !std::isfinite(model.col_up[j]))
                out.at_fault.push_back(model.col_name[j]);
        return out;
    }
    if (relaxed.isProvenPrimalInfeasible()) {
        out.status = PlanStatus::infeasible;
        out.at_fault = diagnose_infeasible(p, money);
        return out;
    }

    OsiClpSolverInterface solver;
    model.load(solver);
    CbcModel cbc(solver);
    cbc.setLogLevel(0);
    cbc.setMaximumSeconds(p.time_limit_s);
    cbc.setAllowableFractionGap(p.relative_gap);
    cbc.branchAndBound();
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (cbc.isProvenInfeasible() || (cbc.bestSolution() == nullptr && cbc.isProvenOptimal())) {
        out.status = PlanStatus::infeasible;
        out.at_fault = diagnose_infeasible(p, money);
        return out;
    }
    if (cbc.bestSolution() == nullptr) {
        out.status = cbc.isSecondsLimitReached() ? PlanStatus::time_limit : PlanStatus::failed;
        return out;
    }
    out.status = cbc.isProvenOptimal()         ? PlanStatus::optimal
                 : cbc.isSecondsLimitReached() ? PlanStatus::time_limit
                                               : PlanStatus::failed;
    const double* x = cbc.bestSolution();
    out.objective = cbc.getObjValue() / money;
    out.best_bound = cbc.getBestPossibleObjValue() / money;
    out.gap = std::abs(out.objective) > 0
                  ? std::abs(out.objective - out.best_bound) / std::abs(out.objective)
                  : 0;
    for (std::size_t j = 0; j < n_sources; ++j) {
        const double v = x[layout.unit[j]];
        out.units.push_back(p.sources[j].binary ? (v > 0.5 ? p.sources[j].max_units : 0.0) : v);
        out.first_stage_cost += source_cost(p.sources[j], out.units.back());
    }
    for (std::size_t k = 0; k < n_commodities; ++k) {
        out.stock.push_back(x[layout.stock[k]]);
        out.first_stage_cost += stock_cost(p.commodities[k], out.stock.back());
    }
    out.scenario_loss.assign(n_scenarios, 0.0);
    for (std::size_t w = 0; w < n_scenarios; ++w) {
        for (std::size_t k = 0; k < n_commodities; ++k)
            out.scenario_loss[w] +=
                p.commodities[k].shortfall_value * x[layout.loss[w * n_commodities + k]];
        out.expected_loss += p.probability[w] * out.scenario_loss[w];
    }
    out.var = stress::value_at_risk(out.scenario_loss, p.probability, p.alpha);
    out.cvar = stress::conditional_value_at_risk(out.scenario_loss, p.probability, p.alpha);
    return out;
}

}  // namespace critmin::plan
