// `critmin coalition COALITION.yaml`: who gains what from cooperating (docs/coalition.md): per
// member its stand-alone cost, its cost inside the grand coalition, the Shapley value, the core
// and the free-rider gain; the instruments; the reserve-size frontier.
#include <fmt/format.h>

#include <cstdio>

#include "app/coalition_pipeline.h"
#include "cli/commands.h"

namespace critmin::cli {

namespace {

using Json = nlohmann::ordered_json;

void add_member_rows(const app::CoalitionOutcome& r, Report& report) {
    const bool sampled = r.method == "sampled";
    for (const app::MemberOutcome& m : r.members) {
        Json row{{"view", "members"},
                 {"member", m.member},
                 {"standalone_cost", m.standalone_cost},
                 {"coalition_cost", m.coalition_cost},
                 {"value_of_cooperation", m.value_of_cooperation},
                 {"shapley", m.shapley}};
        if (sampled) row["shapley_std_error"] = m.shapley_std_error;
        row["contribution_share"] = m.contribution_share;
        row["shapley_share"] = m.shapley_share;
        row["in_core"] = r.core_checked ? Json(r.shapley_core.in_core) : Json(nullptr);
        row["free_rider_gain"] = m.free_rider_gain;
        row["instrument_cost_share"] = m.instrument_cost_share;
        row["expected_shortfall_alone"] = m.expected_alone;
        row["cvar_alone"] = m.cvar_alone;
        row["expected_shortfall_in_coalition"] = m.expected_in_coalition;
        row["cvar_in_coalition"] = m.cvar_in_coalition;
        row["currency"] = r.file.currency;
        report.rows.push_back(row);
    }
}

void add_summary_rows(const app::CoalitionOutcome& r, Report& report) {
    const auto& names = r.inputs.members;
    auto blocking = [&](const plan::CoreCheck& c) {
        return c.in_core || !r.core_checked ? Json(nullptr)
                                            : Json(app::coalition_name(names, c.blocking));
    };
    report.rows.push_back(
        Json{{"view", "coalition"},
             {"members", names.size()},
             {"scenarios", r.inputs.game.scenarios},
             {"method", r.method},
             {"sub_coalitions_evaluated", r.coalitions_evaluated},
             {"processes", r.processes},
             {"grand_coalition_cost", r.grand_cost},
             {"sum_of_standalone_costs", r.sum_standalone},
             {"value_of_cooperation", r.sum_standalone - r.grand_cost},
             {"instruments_used", r.grand_acts},
             {"instrument_cost", r.grand_instruments},
             {"reserve_sizes", r.file.reserve_sizes},
             {"reserve_scale", r.grand_reserve_scale},
             {"sizes", r.file.sizes},
             {"shapley_in_core", r.core_checked ? Json(r.shapley_core.in_core) : Json(nullptr)},
             {"shapley_blocking_coalition", blocking(r.shapley_core)},
             {"key_in_core", r.core_checked ? Json(r.key_core.in_core) : Json(nullptr)},
             {"key_blocking_coalition", blocking(r.key_core)},
             {"key_blocking_excess", r.core_checked ? Json(r.key_core.excess) : Json(nullptr)},
             {"currency", r.file.currency}});
    for (const app::InstrumentOutcome& i : r.instruments)
        report.rows.push_back(Json{{"view", "instruments"},
                                   {"instrument", i.id},
                                   {"kind", i.kind},
                                   {"commodity", i.commodity},
                                   {"size", i.size},
                                   {"size_multiple", i.size_multiple},
                                   {"cost_per_year", i.cost_per_year},
                                   {"delivered_t_per_year", i.delivered_t_per_year}});
    for (const app::FrontierOutcome& f : r.frontier) {
        Json reserves = Json::array();
        for (double t : f.reserve_t) reserves.push_back(t);
        report.rows.push_back(Json{{"view", "frontier"},
                                   {"reserve_scale", f.reserve_scale},
                                   {"reserve_t", reserves},
                                   {"cost", f.cost},
                                   {"instrument_cost", f.instruments},
                                   {"expected_shortfall_cost", f.expected},
                                   {"cvar", f.cvar}});
    }
}

}  // namespace

Report run_coalition(const CoalitionOptions& o) {
    app::CoalitionRequest rq;
    rq.file = o.file;
    rq.dataset = default_dataset_dir();
    rq.shortfall_value = shortfall_value_file(o.shortfall_value);
    rq.samples = o.samples;
    rq.seed_given = o.seed != CoalitionOptions::kSeedFromFile;
    rq.seed = o.seed;
    rq.threads = o.threads;
    const app::CoalitionOutcome r = app::run_coalition(rq);
    Report report;
    report.command = "coalition";
    if (r.silent) {
        report.silent = true;
        return report;
    }
    report.title =
        fmt::format("{} ({} members, {} scenario-years, Shapley {}, lambda {}, CVaR at {})",
                    r.file.name, r.inputs.members.size(), r.inputs.game.scenarios, r.method,
                    r.inputs.game.lambda, r.inputs.game.alpha);
    add_member_rows(r, report);
    add_summary_rows(r, report);
    report.table_columns["members"] = {
        "member",         "standalone_cost",    "coalition_cost", "value_of_cooperation",
        "shapley",        "contribution_share", "shapley_share",  "in_core",
        "free_rider_gain"};
    std::string notes = fmt::format(
        "Costs per year in {}: each member's expected shortfall cost plus lambda x its CVaR, plus "
        "its share of the instruments. Shortfall values are shadow values (P21), not prices.\n",
        r.file.currency);
    for (const auto& n : r.inputs.notes) notes += n + "\n";
    // Timings to stderr, so that the report does not change from run to run.
    fmt::print(stderr, "coalition: engine {:.2f} s, game {:.2f} s ({} sub-coalitions)\n",
               r.seconds_engine, r.seconds_game, r.coalitions_evaluated);
    report.notes = notes;
    return report;
}

}  // namespace critmin::cli
