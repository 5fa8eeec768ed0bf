#include "indices/eu_method.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace critmin::indices {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string normalised(const std::string& name) {
    std::string out;
    for (char c : name) {
        if (c == ' ' || c == '_' || c == '-') continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}
}  // namespace

double wgi_scaled(double mean_wgi) {
    return 5.0 - 2.0 * mean_wgi;
}

double hhi_wgi_t(std::span<const double> share, std::span<const double> wgi,
                 std::span<const double> t) {
    double sum = 0;
    for (std::size_t i = 0; i < share.size(); ++i) sum += share[i] * share[i] * wgi[i] * t[i];
    return sum;
}

double eu_import_reliance(double production, double imports, double exports) {
    const double consumption = production + imports - exports;
    if (production <= 0 && imports <= 0) return kNaN;
    if (!(consumption > 0)) return 0.0;  // a net exporter relies on no imports
    return std::clamp((imports - exports) / consumption, 0.0, 1.0);
}

double supply_risk(double hhi_global, double hhi_sourcing, double import_reliance, double eol_rir,
                   double si_sr) {
    double concentration = kNaN;
    if (std::isnan(hhi_sourcing) || std::isnan(import_reliance))
        concentration = hhi_global;
    else if (std::isnan(hhi_global))
        concentration = hhi_sourcing;
    else
        concentration =
            hhi_global * import_reliance / 2.0 + hhi_sourcing * (1.0 - import_reliance / 2.0);
    return concentration * (1.0 - (std::isnan(eol_rir) ? 0.0 : eol_rir)) * si_sr;
}

double economic_importance(std::span<const double> share, std::span<const double> value_added,
                           double si_ei, double q_max) {
    double sum = 0;
    for (std::size_t i = 0; i < share.size(); ++i)
        if (!std::isnan(value_added[i])) sum += share[i] * value_added[i];  // "other": no sector
    return si_ei * 10.0 * sum / q_max;
}

bool is_critical(double ei, double sr) {
    return ei >= kCriticalEi && sr >= kCriticalSr;
}

std::vector<const EuMaterial*> eu_materials_for(const EuParameters& parameters,
                                                const std::string& commodity) {
    std::vector<const EuMaterial*> out;
    for (const auto& m : parameters.materials) {
        const bool listed =
            std::find(m.commodities.begin(), m.commodities.end(), commodity) != m.commodities.end();
        if (listed || normalised(m.material) == normalised(commodity)) out.push_back(&m);
    }
    std::stable_sort(out.begin(), out.end(), [](const EuMaterial* a, const EuMaterial* b) {
        return a->assessment > b->assessment;
    });
    return out;
}

namespace {

// Scaled governance (E1) of every country in a year, and how many had none.
std::vector<double> scaled_governance(const RawTables& tables, int year, WgiYear rule) {
    std::vector<double> w(tables.countries.size(), kNaN);
    for (std::size_t c = 0; c < w.size(); ++c) {
        double sum = 0;
        int n = 0;
        for (std::size_t d = 0; d < kWgiDimensions.size(); ++d) {
            const double v = rule == WgiYear::same_year
                                 ? tables.governance.get(static_cast<Id>(c), year, d)
                                 : tables.governance.latest(static_cast<Id>(c), year, d);
            if (!std::isnan(v)) {
                sum += v;
                ++n;
            }
        }
        if (n > 0) w[c] = wgi_scaled(sum / n);
    }
    return w;
}

EuStage stage_risk(const RawTables& tables, const EuParameters& parameters, const EuMaterial& m,
                   const Economy& economy, Id commodity, int year, const std::vector<double>& w) {
    const std::size_t n = tables.countries.size();
    EuStage s;
    s.commodity = commodity;
    // A country without governance data weighs as the middle of the scale (5) and is counted.
    auto weight = [&](std::size_t c) {
        if (std::isnan(w[c])) {
            ++s.countries_without_wgi;
            return 5.0;
        }
        return w[c];
    };
    auto trade_variable = [&](std::size_t c) {
        return economy.member[c] ? parameters.t_member
                                 : parameters.t_of(tables.countries.iso3[c], m.material);
    };
    // Global supply: production shares.
    std::vector<double> production(n, 0.0);
    const auto& p = tables.production;
    for (std::size_t r = 0; r < p.size(); ++r)
        if (p.commodity[r] == commodity && p.year[r] == year)
            production[p.country[r]] += p.quantity[r];
    double total = 0;
    for (double q : production) total += q;
    std::vector<double> share, wgi, t;
    if (total > 0) {
        for (std::size_t c = 0; c < n; ++c) {
            if (production[c] <= 0) continue;
            share.push_back(production[c] / total);
            wgi.push_back(weight(c));
            t.push_back(trade_variable(c));
        }
        s.hhi_global = hhi_wgi_t(share, wgi, t);  // E2, global supply
    } else {
        s.hhi_global = kNaN;
    }
    // The economy's sourcing: its own producers, then imports from outside by partner.
    std::vector<double> sourced(n, 0.0);
    double own = 0, imports = 0, exports = 0;
    bool traded = false;
    for (std::size_t c = 0; c < n; ++c)
        if (economy.member[c]) {
            sourced[c] += production[c];
            own += production[c];
        }
    for (const auto& f : tables.trade.flows) {
        if (RawTrade::commodity_of(f.key) != commodity || RawTrade::year_of(f.key) != year)
            continue;
        traded = true;
        const Id i = RawTrade::importer_of(f.key), e = RawTrade::exporter_of(f.key);
        if (economy.member[i] && !economy.member[e]) {
            sourced[e] += f.quantity;
            imports += f.quantity;
        } else if (economy.member[e] && !economy.member[i]) {
            exports += f.quantity;
        }
    }
    const double sourcing_total = own + imports;
    if (traded && sourcing_total > 0) {
        share.clear();
        wgi.clear();
        t.clear();
        for (std::size_t c = 0; c < n; ++c) {
            if (sourced[c] <= 0) continue;
            share.push_back(sourced[c] / sourcing_total);
            wgi.push_back(weight(c));
            t.push_back(trade_variable(c));
        }
        s.hhi_sourcing = hhi_wgi_t(share, wgi, t);  // E2, sourcing of the economy
        s.import_reliance = eu_import_reliance(own, imports, exports);  // E3
    } else {
        s.hhi_sourcing = kNaN;  // unknown: global supply alone (E4 fallback)
        s.import_reliance = kNaN;
    }
    s.sr = supply_risk(s.hhi_global, s.hhi_sourcing, s.import_reliance, m.eol_rir, m.si_sr);
    return s;
}

double material_ei(const EuParameters& parameters, const EuMaterial& m, double& share_total) {
    std::vector<double> share, value;
    share_total = 0;
    for (const auto& u : parameters.end_uses) {
        if (u.material != m.material || u.assessment != m.assessment) continue;
        share.push_back(u.share);
        value.push_back(u.nace2.empty() ? kNaN : parameters.value_added_of(u.nace2));
        share_total += u.share;
    }
    if (share.empty() || std::isnan(m.si_ei)) return kNaN;
    return economic_importance(share, value, m.si_ei,
                               parameters.largest_manufacturing_value_added());
}

}  // namespace

std::vector<EuResult> eu_assessment(const RawTables& tables, const EuParameters& parameters,
                                    const Economy& economy, std::span<const Id> commodities,
                                    std::span<const int> years, WgiYear wgi_year) {
    // Materials in the order their first commodity appears; each material once (its latest
    // assessment).
    std::vector<std::pair<const EuMaterial*, std::vector<Id>>> materials;
    for (Id c : commodities) {
        for (const EuMaterial* m : eu_materials_for(parameters, tables.commodities[c])) {
            auto it = std::find_if(materials.begin(), materials.end(),
                                   [&](const auto& x) { return x.first->material == m->material; });
            if (it == materials.end())
                materials.push_back({m, {c}});
            else if (it->first == m &&
                     std::find(it->second.begin(), it->second.end(), c) == it->second.end())
                it->second.push_back(c);
        }
    }
    std::vector<EuResult> out;
    for (int year : years) {
        const std::vector<double> w = scaled_governance(tables, year, wgi_year);
        for (const auto& [m, ids] : materials) {
            EuResult r;
            r.material = m;
            r.year = year;
            r.sr = kNaN;
            for (Id c : ids) {
                r.stages.push_back(stage_risk(tables, parameters, *m, economy, c, year, w));
                const double sr = r.stages.back().sr;
                if (!std::isnan(sr) && (std::isnan(r.sr) || sr > r.sr)) {
                    r.sr = sr;
                    r.stage_used = c;
                }
            }
            r.ei = material_ei(parameters, *m, r.end_use_share_total);
            r.determined = !std::isnan(r.ei) && !std::isnan(r.sr);
            r.critical = r.determined && is_critical(r.ei, r.sr);
            out.push_back(std::move(r));
        }
    }
    return out;
}

}  // namespace critmin::indices
