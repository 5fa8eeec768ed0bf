// `critmin ttr`: time to survive, time to recover and risk exposure per producer
// (docs/planning.md, section 1), or on a plain instance with --instance.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include "cli/commands.h"
#include "cli/in_memory.h"
#include "cli/selection.h"
#include "core/error.h"
#include "indices/economy.h"
#include "io/loader.h"
#include "plan/tables.h"
#include "plan/ttr_dataset.h"
#include "plan/ttr_instance.h"
#include "plan/ttr_instance_reader.h"

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

Json optional_number(const std::optional<double>& v) {
    return v ? Json(*v) : Json(nullptr);
}

void print_timing(std::size_t lps, double seconds, long long iterations) {
    const double per_lp = lps == 0 ? 0.0 : 1e3 * seconds / static_cast<double>(lps);
    if (iterations < 0)
        std::fprintf(stderr, "ttr: %zu LPs in %.3f s (%.3f ms per LP)\n", lps, seconds, per_lp);
    else
        std::fprintf(stderr, "ttr: %zu LPs in %.3f s (%.3f ms per LP, %lld simplex iterations)\n",
                     lps, seconds, per_lp, iterations);
}

Report run_ttr_instance(const TtrOptions& o) {
    const plan::TtrInstance in = plan::read_ttr_instance(o.instance);
    const auto t0 = Clock::now();
    const std::vector<plan::InstanceRow> rows = plan::solve_instance(in);
    print_timing(2 * rows.size(), std::chrono::duration<double>(Clock::now() - t0).count(), -1);
    Report report;
    report.command = "ttr";
    report.title = "Time to recover and time to survive per scenario (" + o.instance + ")";
    for (const auto& r : rows)
        report.rows.push_back(Json{{"scenario", r.scenario},
                                   {"ttr", r.ttr},
                                   {"disruption_cost", r.disruption_cost},
                                   {"rei", r.rei},
                                   {"lost_units", r.lost_units},
                                   {"tts", optional_number(r.tts)},
                                   {"shortage_periods", r.shortage_periods},
                                   {"active_links", r.active_links}});
    // The instance file gives losses per unit without a currency or price year.
    const MoneyUnit money{.currency = "", .first_year = 0, .last_year = 0};
    for (auto& row : report.rows) money.add_to(row);
    report.column_labels["disruption_cost"] = "disruption_cost (instance money units)";
    report.notes = "tts null: demand can be met indefinitely (the model's 999-period horizon).\n";
    return report;
}

// One unit per country and stage: all its producers down together. `members` gets how many
// producers each unit holds.
std::vector<plan::ProducerNodes> by_country_stage(const std::vector<plan::ProducerNodes>& producers,
                                                  std::vector<int>& members) {
    std::vector<plan::ProducerNodes> groups;
    members.clear();
    for (const auto& p : producers) {
        const std::string id = p.country + "/" + std::string(to_string(p.stage));
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const plan::ProducerNodes& g) { return g.id == id; });
        if (it == groups.end()) {
            plan::ProducerNodes g;
            g.id = id;
            g.country = p.country;
            g.stage = p.stage;
            groups.push_back(g);
            members.push_back(0);
            it = groups.end() - 1;
        }
        it->nodes.insert(it->nodes.end(), p.nodes.begin(), p.nodes.end());
        ++members[static_cast<std::size_t>(it - groups.begin())];
    }
    for (std::size_t g = 0; g < groups.size(); ++g)
        groups[g].name = fmt::format("{} producer(s) in {} at the {} stage", members[g],
                                     groups[g].country, to_string(groups[g].stage));
    return groups;
}

// P1: each unit down for its time to recover (from the TTR table), closing its output columns and
// opening the shares other buyers leave (P10a).
std::vector<plan::Disruption> disruptions_of(const std::vector<plan::ProducerNodes>& producers,
                                             const plan::TtrTable& ttr_table,
                                             const plan::DatasetTtrModel& model,
                                             const TtrOptions& o, const std::string& planning) {
    std::vector<plan::Disruption> disruptions;
    Diagnostics missing;
    for (const auto& p : producers) {
        const auto ttr = ttr_table.find(o.by == "country-stage" ? std::string() : p.id, p.country,
                                        std::string(to_string(p.stage)));
        if (!ttr) {
            missing.add(
                {o.ttr_table.empty() ? planning + "/ttr-defaults.csv" : o.ttr_table, 0, 0, ""},
                fmt::format("no time to recover for {} (stage {})", p.id, to_string(p.stage)));
            continue;
        }
        plan::Disruption d{p.id, *ttr, {}, {}};
        for (const std::uint32_t n : p.nodes) {
            d.closed.push_back(model.output_column[n]);
            if (n < model.share_relief.size())
                d.opened.insert(d.opened.end(), model.share_relief[n].begin(),
                                model.share_relief[n].end());
        }
        disruptions.push_back(std::move(d));
    }
    if (!missing.empty()) throw InvalidInput(std::move(missing));
    return disruptions;
}

struct TtrResults {
    std::vector<plan::ImpactResult> impact;
    std::vector<plan::SurvivalResult> survival;
};

// P3 and P5 for every disruption, warm-started from one model.
TtrResults solve_all(const plan::DatasetTtrModel& model,
                     const std::vector<plan::Disruption>& disruptions) {
    TtrResults r;
    const auto t0 = Clock::now();
    plan::TtrSolver solver(model.lp);
    for (const auto& d : disruptions) {
        r.impact.push_back(solver.impact(d));
        r.survival.push_back(solver.survival(d));
        if (!r.impact.back().optimal || !r.survival.back().optimal)
            throw Error(ErrorKind::runtime, "ttr: the solver found no optimum for " + d.name);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    print_timing(2 * disruptions.size(), seconds, solver.iterations());
    return r;
}

// The ranked table, its money and notes.
Report render_ttr(const TtrOptions& o, const std::vector<plan::ProducerNodes>& producers,
                  const std::vector<int>& members, const std::vector<plan::Disruption>& disruptions,
                  const TtrResults& results, const plan::ShortfallValues& values) {
    const std::vector<plan::ImpactResult>& impact = results.impact;
    const std::vector<plan::SurvivalResult>& survival = results.survival;
    std::vector<double> costs;
    costs.reserve(impact.size());
    for (const auto& r : impact) costs.push_back(r.value_lost);
    const std::vector<double> rei = plan::risk_exposure_index(costs);
    std::vector<std::size_t> order(disruptions.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (costs[a] != costs[b]) return costs[a] > costs[b];
        // Then the shorter survival first (never short last).
        const double ta = survival[a].indefinite ? 1e300 : survival[a].tts;
        const double tb = survival[b].indefinite ? 1e300 : survival[b].tts;
        return ta < tb;
    });

    Report report;
    report.command = "ttr";
    report.title =
        fmt::format("Risk exposure per {}: end users {} (value lost over the time to recover, {})",
                    o.by == "country-stage" ? "country and stage" : "producer",
                    o.economy.empty() ? "worldwide" : "in " + o.economy, values.currency);
    // What this LP leaves out that `simulate` can include (issue 14: one story across commands).
    const std::string ignores = fmt::format(
        "the unit is fully down for its TTR (no partial outage or licensed share); stockpiles "
        "are not released; no substitution, thrifting or prioritisation between end uses; "
        "perfect rerouting among existing suppliers{}",
        o.economy.empty() || o.sharing == "proportional"
            ? ""
            : fmt::format("; {}'s end users served before everyone else", o.economy));
    int rank = 0;
    int flagged = 0;
    for (const std::size_t i : order) {
        const auto& p = producers[i];
        // Days to 6 decimals (well under a second): the simplex leaves round-off of about 1e-9
        // that would otherwise differ between builds.
        const std::optional<double> tts =
            survival[i].indefinite ? std::nullopt
                                   : std::optional<double>(std::round(survival[i].tts * 1e6) / 1e6);
        const bool short_before = tts && *tts < disruptions[i].ttr;
        flagged += short_before ? 1 : 0;
        report.rows.push_back(Json{{"rank", ++rank},
                                   {"producer", p.id},
                                   {"name", p.name},
                                   {"country", p.country},
                                   {"stage", std::string(to_string(p.stage))},
                                   {"ttr_days", disruptions[i].ttr},
                                   {"tts_days", optional_number(tts)},
                                   {"tts_lt_ttr", short_before},
                                   {"impact", impact[i].value_lost},
                                   {"rei", rei[i]},
                                   {"lost_t", impact[i].units_lost},
                                   {"producers", members[i]},
                                   {"ignores", ignores}});
    }
    report.table_columns[""] = {"rank",     "producer",   "country", "stage", "ttr_days",
                                "tts_days", "tts_lt_ttr", "impact",  "rei",   "lost_t"};
    report.extra["currency"] = values.currency;
    // impact is money: its currency and the shortfall values' price years go with every row.
    MoneyUnit money;
    money.currency = values.currency;
    for (int year : values.price_years) money.add_year(year);
    for (auto& row : report.rows) money.add_to(row);
    report.column_labels["impact"] = fmt::format("impact ({})", money.label());
    report.extra["price_year"] = money.price_year();
    report.extra["flagged"] = flagged;
    report.notes = fmt::format(
        "{} of {} units would leave demand unmet before they recover (tts_lt_ttr). Impact: the "
        "least value lost over the TTR window when the network reallocates what is left (eq. P3); "
        "lost_t: t of magnet demand unmet; tts_days null: never short within 10 years.{}\n"
        "Ignores (column `ignores` in JSON and CSV): {}.\n",
        flagged, producers.size(),
        o.economy.empty() ? ""
        : o.sharing == "proportional"
            ? fmt::format(" Other countries' buyers keep their share of every supplier's "
                          "output (P10a); {}'s may take what is left.",
                          o.economy)
            : fmt::format(" {}'s end users are served first (--sharing first).", o.economy),
        ignores);
    return report;
}

}  // namespace

Report run_ttr(const TtrOptions& o) {
    if (!o.instance.empty()) return run_ttr_instance(o);
    const std::string dir = o.dataset.empty() ? default_dataset_dir() : o.dataset;
    return ttr_dataset(io::load_dataset(dir), o);
}

Report ttr_dataset(const Dataset& data, const TtrOptions& o) {
    const std::string planning = default_data_root() + "/planning";
    const plan::ShortfallValues values =
        plan::read_shortfall_values(shortfall_value_file(o.shortfall_value));
    plan::TtrTable ttr_table;
    plan::read_ttr_table(planning + "/ttr-defaults.csv", ttr_table);
    if (!o.ttr_table.empty()) plan::read_ttr_table(o.ttr_table, ttr_table);

    // The countries whose end users count (--for), as a mask over country ids.
    std::vector<unsigned char> country_mask(data.countries.size(), o.economy.empty() ? 1 : 0);
    if (!o.economy.empty()) {
        const indices::Economy economy = indices::resolve_economy(data, o.economy);
        for (std::size_t c = 0; c < country_mask.size(); ++c)
            country_mask[c] = economy.member[c] ? 1 : 0;
    }

    plan::DatasetTtrOptions options;
    options.inventory_days = o.inventory_days;
    options.counted_countries = country_mask;
    options.values = &values;
    options.others_keep_share = o.sharing == "proportional";
    const plan::DatasetTtrModel model = plan::dataset_ttr_model(data, options);
    std::vector<plan::ProducerNodes> producers = plan::producer_nodes(data, model.network);
    std::vector<int> members(producers.size(), 1);
    if (o.by == "country-stage") producers = by_country_stage(producers, members);
    const std::vector<plan::Disruption> disruptions =
        disruptions_of(producers, ttr_table, model, o, planning);
    const TtrResults results = solve_all(model, disruptions);
    return render_ttr(o, producers, members, disruptions, results, values);
}

}  // namespace critmin::cli
