// `critmin stress CATALOG.yaml --samples N`: flags into an app::StressRequest, the outcome into
// a report (docs/stress.md). The pipeline (MPI, checkpoints, resume) is app/stress_pipeline.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app/mpi.h"
#include "app/stress_pipeline.h"
#include "cli/commands.h"
#include "cli/in_memory.h"
#include "cli/interrupt.h"

namespace critmin::cli {

using Json = nlohmann::ordered_json;

Report stress_report(const StressOptions& o, const app::StressOutcome& r) {
    Report report;
    report.command = "stress";
    if (r.silent) {
        report.silent = true;
        return report;
    }
    if (r.interrupted) {
        report.exit_code = 130;
        report.extra["interrupted"] = true;
    }
    const stress::Catalogue& c = r.catalogue;
    report.title = fmt::format("critmin stress: {} ({} scenario-years of {} days, seed {})",
                               c.base.name, r.summarised, c.base.horizon_days, o.seed);
    for (const auto& g : r.summary.groups) {
        Json row{{"view", "shortfall"},
                 {"country", g.country},
                 {"end_use", g.end_use},
                 {"expected_shortfall_t", g.loss.mean},
                 {"std_error_t", g.loss.std_error},
                 {"var95_t", g.loss.var95},
                 {"cvar95_t", g.loss.cvar95},
                 {"var99_t", g.loss.var99},
                 {"cvar99_t", g.loss.cvar99},
                 {"p_disrupted", g.p_disrupted},
                 {"p_tts_lt_ttr", g.p_tts_lt_ttr}};
        row["expected_output_lost"] =
            g.expected_output_lost < 0 ? Json() : Json(g.expected_output_lost);
        row["output_unit"] = g.output_unit;
        report.rows.push_back(row);
    }
    for (const auto& g : r.summary.groups) {
        if (g.end_use != "all") continue;
        for (const auto& [p, loss] : g.exceedance)
            report.rows.push_back(Json{{"view", "exceedance"},
                                       {"country", g.country},
                                       {"probability", p},
                                       {"shortfall_t", loss}});
    }
    for (const auto& t : r.summary.tail)
        report.rows.push_back(Json{{"view", "tail"},
                                   {"event", t.event},
                                   {"share_of_years", t.share_of_years},
                                   {"share_of_worst_5pct", t.share_of_tail},
                                   {"mean_world_shortfall_t", t.mean_loss_with}});
    for (const auto& t : r.summary.producers)
        report.rows.push_back(Json{{"view", "tail_producers"},
                                   {"producer", t.event},
                                   {"share_of_years", t.share_of_years},
                                   {"share_of_worst_5pct", t.share_of_tail},
                                   {"mean_world_shortfall_t", t.mean_loss_with}});
    report.table_columns["shortfall"] = {
        "country", "end_use",  "expected_shortfall_t", "std_error_t", "var95_t", "cvar95_t",
        "var99_t", "cvar99_t", "p_disrupted",          "p_tts_lt_ttr"};
    report.extra["catalogue"] = c.base.name;
    report.extra["samples"] = r.summarised;
    report.extra["seed"] = o.seed;
    report.extra["horizon_days"] = c.base.horizon_days;
    report.extra["timing"] =
        Json{{"seconds", r.seconds},
             {"samples_run", r.samples_run},
             {"samples_resumed", r.samples_resumed},
             {"samples_per_second",
              r.seconds > 0 ? static_cast<double>(r.samples_run) / r.seconds : 0.0},
             {"processes", r.processes},
             {"threads", r.threads}};
    report.notes = fmt::format(
        "Shortfall in t of magnet per scenario-year; VaR/CVaR at 95% and 99% "
        "(Rockafellar-Uryasev); "
        "p_tts_lt_ttr: share of years in which demand runs short before the shocks are over.\n"
        "{} samples in {:.2f} s ({} resumed){}.\n{}",
        r.samples_run, r.seconds, r.samples_resumed,
        o.out.empty() ? "" : fmt::format("; results in {}", o.out),
        r.dropped.empty()
            ? std::string()
            : fmt::format("Chains no event can reach, left out (no shortfall possible): {}.\n",
                          fmt::join(r.dropped, ", ")));
    return report;
}

Report run_stress(const StressOptions& o) {
    const InterruptGuard guard;
    const bool tty = o.progress && ::isatty(2) == 1;
    const auto t0 = std::chrono::steady_clock::now();
    app::StressRequest rq;
    rq.catalogue = o.catalogue;
    rq.dataset = default_dataset_dir();
    rq.samples = o.samples;
    rq.horizon_days = o.horizon_days;
    rq.threads = o.threads;
    rq.seed = o.seed;
    rq.out = o.out;
    rq.resume = o.resume;
    rq.stop = guard.stop();
    if (tty)
        rq.progress = [t0](std::uint64_t done, std::uint64_t total, std::uint64_t resumed) {
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            const double rate = static_cast<double>(done - resumed) / std::max(s, 1e-9);
            const double left = static_cast<double>(total - done) / std::max(rate, 1e-9);
            std::fprintf(stderr, "\r%llu/%llu samples  %.0f/s  about %.0f s left   ",
                         static_cast<unsigned long long>(done),
                         static_cast<unsigned long long>(total), rate, left);
            std::fflush(stderr);
        };
    const app::StressOutcome outcome = app::run_stress(rq);
    if (tty && !outcome.silent) std::fputc('\n', stderr);
    return stress_report(o, outcome);
}

void stress_finish() {
    app::mpi_finish();
}

}  // namespace critmin::cli
