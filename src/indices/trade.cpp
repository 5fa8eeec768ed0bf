#include "indices/trade.h"

#include "indices/concentration.h"

namespace critmin::indices {

double signed_import_reliance(double production, double imports, double exports) {
    const double consumption = production + imports - exports;
    if (!(consumption > 0)) return kNotGiven;
    return (imports - exports) / consumption;
}

double import_reliance(double production, double imports, double exports) {
    const double ir = signed_import_reliance(production, imports, exports);
    return ir < 0 ? 0.0 : ir;  // NaN compares false and stays NaN
}

bool is_net_exporter(double imports, double exports) {
    return exports > imports;
}

TradeExposure trade_exposure(const Dataset& ds, const Economy& economy, Id commodity, int year) {
    TradeExposure out;
    const auto& p = ds.production;
    for (std::size_t r = 0; r < p.size(); ++r) {
        if (p.commodity[r] != commodity || p.year[r] != year) continue;
        if (economy.contains(ds.nodes.country[ds.producers.node[p.producer[r]]]))
            out.production += p.quantity[r];
    }
    std::vector<double> by_source(ds.countries.size(), 0.0);
    const auto& f = ds.flows;
    for (std::size_t r = 0; r < f.size(); ++r) {
        if (f.commodity[r] != commodity || f.year[r] != year) continue;
        out.trade_recorded = true;
        const Id from = ds.nodes.country[f.supplier[r]];
        const Id to = ds.nodes.country[f.customer[r]];
        const bool inside_from = economy.contains(from), inside_to = economy.contains(to);
        if (!inside_from && inside_to) by_source[from] += f.quantity[r];
        if (inside_from && !inside_to) out.exports += f.quantity[r];
    }
    for (double q : by_source) out.imports += q;
    // Without any recorded flow of the commodity, trade is unknown rather than zero.
    if (out.trade_recorded) {
        out.signed_import_reliance =
            signed_import_reliance(out.production, out.imports, out.exports);             // A4
        out.import_reliance = import_reliance(out.production, out.imports, out.exports);  // A4a
        out.net_imports = out.imports - out.exports;
        out.net_exporter = is_net_exporter(out.imports, out.exports);
    }
    rank_countries(ds, by_source, out.imports, out.source_country, out.source_share);
    return out;
}

}  // namespace critmin::indices
