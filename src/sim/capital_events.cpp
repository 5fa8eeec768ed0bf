#include "sim/capital_events.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace critmin::sim {

double recovery_curve(RecoveryCurve curve, double initial, double elapsed, double tau) {
    switch (curve) {
        case RecoveryCurve::linear:
            return initial * (1.0 - (elapsed / tau));
        case RecoveryCurve::convex:
            return initial * std::pow(1.0 - (1.0 / tau), 4.0 * elapsed);
        case RecoveryCurve::convex_unscaled:
            return initial * std::pow(1.0 - (1.0 / tau), elapsed);
        case RecoveryCurve::concave: {
            // S-shaped: half recovered near tau/2, mostly recovered after tau.
            const double steep = 1e-6;
            const double exponent =
                (std::log(tau) - std::log(steep)) / (std::log(tau) - std::log(2.0));
            return (initial * tau) / (tau + steep * std::pow(elapsed, exponent));
        }
    }
    return initial;
}

double round_decimals(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::nearbyint(value * scale) / scale;
}

CapitalEvents::CapitalEvents(const Network& net, const ModelParameters& p,
                             std::vector<CapitalEvent> events, double model_rebuild_tau)
    : net_(net), p_(p), model_rebuild_tau_(model_rebuild_tau) {
    const std::size_t n = net.n_nodes();
    arbitrary_field_.assign(n, 0.0);
    scratch_.assign(n, 0.0);
    for (CapitalEvent& spec : events) {
        if (spec.impact.size() != n) throw Error(ErrorKind::runtime, "event impact size");
        Live e;
        e.spec = std::move(spec);
        e.current = e.spec.impact;
        if (e.spec.kind == CapitalEvent::Kind::rebuild) {
            // S21: rebuilding demand on each rebuilding supplier i for damaged buyer j, spread
            // over supplier regions by the buyer's baseline purchases of that product.
            for (std::size_t j = 0; j < n; ++j)
                if (e.spec.impact[j] > 0) e.rebuild_cols.push_back(static_cast<std::uint32_t>(j));
            for (std::size_t i = 0; i < n; ++i)
                if (!e.spec.rebuilding_share.empty() && e.spec.rebuilding_share[i] > 0)
                    e.rebuild_rows.push_back(static_cast<std::uint32_t>(i));
            e.rebuild_left.assign(e.rebuild_rows.size() * e.rebuild_cols.size(), 0.0);
            e.step_demand.assign(e.rebuild_rows.size(), 0.0);
            for (std::size_t a = 0; a < e.rebuild_rows.size(); ++a) {
                const std::uint32_t i = e.rebuild_rows[a];
                for (std::size_t b = 0; b < e.rebuild_cols.size(); ++b) {
                    const std::uint32_t j = e.rebuild_cols[b];
                    // The share of supplier i in j's purchases of i's product.
                    double share = 0.0;
                    for (std::uint32_t k = net.slot_begin[j]; k < net.slot_begin[j + 1]; ++k) {
                        if (net.slot_product[k] != net.node_product[i]) continue;
                        double total = 0.0;
                        double own = 0.0;
                        for (std::uint32_t ed = net.edge_begin[k]; ed < net.edge_begin[k + 1];
                             ++ed) {
                            total += net.edge_z0[ed];
                            if (net.edge_supplier[ed] == i) own = net.edge_z0[ed];
                        }
                        share = total != 0.0 ? own / total : 0.0;
                    }
                    const double demand =
                        (e.spec.rebuilding_share[i] * e.spec.impact[j]) * e.spec.rebuilding_factor;
                    double v = share * demand;
                    // BoARIO neither rounds nor drops the initial demand (S21).
                    if (p.mode != Mode::boario && v < 10.0 / p.monetary_factor) v = 0.0;
                    e.rebuild_left[a * e.rebuild_cols.size() + b] = v;
                }
            }
            // S23 from the start in native mode. BoARIO keeps the capital destroyed at the
            // impact itself until the first rebuilding deliveries are counted (end of t_s).
            if (p.mode != Mode::boario) rebuild_capital(e);
        }
        events_.push_back(std::move(e));
    }
}

// S23: capital still destroyed = remaining rebuilding demand per damaged buyer / factor.
void CapitalEvents::rebuild_capital(Live& e) const {
    std::fill(e.current.begin(), e.current.end(), 0.0);
    const std::size_t cols = e.rebuild_cols.size();
    for (std::size_t b = 0; b < cols; ++b) {
        double sum = 0.0;
        for (std::size_t a = 0; a < e.rebuild_rows.size(); ++a) sum += e.rebuild_left[a * cols + b];
        e.current[e.rebuild_cols[b]] = sum * (1.0 / e.spec.rebuilding_factor);
    }
}

void CapitalEvents::begin_step(State& st) {
    const int t = st.step;
    const std::size_t n = net_.n_nodes();
    for (Live& e : events_)
        if (!e.active && !e.over && t - 1 <= e.spec.occurrence && e.spec.occurrence <= t)
            e.active = true;
    // S19: capacity lost to destroyed capital.
    std::fill(scratch_.begin(), scratch_.end(), 0.0);
    bool any_capital = false;
    for (const Live& e : events_) {
        if (!e.active || e.spec.kind == CapitalEvent::Kind::arbitrary) continue;
        any_capital = true;
        for (std::size_t i = 0; i < n; ++i) scratch_[i] += e.current[i];
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double k = net_.capital.empty() ? 0.0 : net_.capital[i];
        st.delta[i] = any_capital && k != 0.0 ? scratch_[i] / k : 0.0;
    }
    // S24: arbitrary capacity loss. BoARIO applies the value set in the previous step (its
    // total is not recomputed after the arbitrary part changes), so the loss shows a step late.
    std::vector<double>& arb = arbitrary_field_;
    if (p_.mode == Mode::boario)
        for (std::size_t i = 0; i < n; ++i) st.delta[i] = std::max(st.delta[i], arb[i]);
    std::fill(arb.begin(), arb.end(), 0.0);
    for (const Live& e : events_) {
        if (!e.active || e.spec.kind != CapitalEvent::Kind::arbitrary) continue;
        for (std::size_t i = 0; i < n; ++i) arb[i] = std::max(arb[i], e.current[i]);
    }
    if (p_.mode != Mode::boario)
        for (std::size_t i = 0; i < n; ++i) st.delta[i] = std::max(st.delta[i], arb[i]);
    for (std::size_t i = 0; i < n; ++i) st.delta[i] = std::clamp(st.delta[i], 0.0, 1.0);
    // S22: rebuilding demand per step = remaining demand / rebuild tau, once rebuilding starts.
    std::fill(st.rebuild_demand.begin(), st.rebuild_demand.end(), 0.0);
    for (Live& e : events_) {
        if (!e.active || e.spec.kind != CapitalEvent::Kind::rebuild) continue;
        const bool rebuilding = e.spec.occurrence + e.spec.duration <= t;
        const double tau = e.spec.rebuild_tau > 0 ? e.spec.rebuild_tau : model_rebuild_tau_;
        const std::size_t cols = e.rebuild_cols.size();
        for (std::size_t a = 0; a < e.rebuild_rows.size(); ++a) {
            double row = 0.0;
            if (rebuilding)
                for (std::size_t b = 0; b < cols; ++b)
                    row += e.rebuild_left[a * cols + b] * (1.0 / tau);
            e.step_demand[a] = row;
            st.rebuild_demand[e.rebuild_rows[a]] += row;
        }
    }
}

void CapitalEvents::end_step(State& st) {
    const int t = st.step;
    const bool compat = p_.mode == Mode::boario;
    for (Live& e : events_) {
        if (!e.active || e.over) continue;
        const int start = e.spec.occurrence + e.spec.duration;
        if (start > t) continue;
        // BoARIO rounds an event's capital and rebuilding demand to log10(factor) + 1 decimals
        // with the event's own monetary factor, not the model's.
        const double factor =
            e.spec.monetary_factor > 0 ? e.spec.monetary_factor : p_.monetary_factor;
        const int precision = static_cast<int>(std::log10(factor)) + 1;
        const double elapsed = t - start;
        if (e.spec.kind == CapitalEvent::Kind::rebuild) {
            // What the rebuilding suppliers delivered, shared among events by their demand.
            const double tau = e.spec.rebuild_tau > 0 ? e.spec.rebuild_tau : model_rebuild_tau_;
            const std::size_t cols = e.rebuild_cols.size();
            bool left = false;
            for (std::size_t a = 0; a < e.rebuild_rows.size(); ++a) {
                const std::uint32_t i = e.rebuild_rows[a];
                const double mine = e.step_demand[a];
                const double all = st.rebuild_demand[i];
                const double got =
                    all != 0.0 ? st.rebuild_delivered[i] * (mine == all ? 1.0 : mine / all) : 0.0;
                for (std::size_t b = 0; b < cols; ++b) {
                    double& r = e.rebuild_left[a * cols + b];
                    const double d = r * (1.0 / tau);
                    if (mine != 0.0) r -= (d / mine) * got;
                    // BoARIO rounds and clips at 0 (an event can then keep 1e-7 for ever);
                    // native mode drops what is below 10/M so that the event ends.
                    if (compat) {
                        r = round_decimals(r, precision);
                        if (r < 0.0) r = 0.0;
                    } else if (r < 10.0 / p_.monetary_factor) {
                        r = 0.0;
                    }
                    left = left || r > 0.0;
                }
            }
            rebuild_capital(e);
            if (!left) {
                e.over = true;
                e.active = false;
            }
            continue;
        }
        // S20 (recovery) and S24 (arbitrary): BoARIO rounds capital to log10(factor)+1 decimals
        // and capacity shares to 6 decimals, whatever the factors.
        constexpr int kArbitraryShareDecimals = 6;
        const int digits =
            e.spec.kind == CapitalEvent::Kind::arbitrary ? kArbitraryShareDecimals : precision;
        bool any = false;
        for (std::size_t i = 0; i < e.current.size(); ++i) {
            double v = recovery_curve(e.spec.curve, e.spec.impact[i], elapsed, e.spec.recovery_tau);
            if (compat) v = round_decimals(v, digits);
            if (v < 0) v = 0.0;
            e.current[i] = v;
            any = any || v != 0.0;
        }
        if (!any) {
            e.over = true;
            e.active = false;
        }
    }
}

double CapitalEvents::capital_lost() const {
    double sum = 0.0;
    for (const Live& e : events_)
        if (e.active && e.spec.kind != CapitalEvent::Kind::arbitrary)
            for (double v : e.current) sum += v;
    return sum;
}

}  // namespace critmin::sim
