// A simulation scenario as plain data (docs/scenarios.md): what network, how long, which
// shocks and responses, which parameters. Read from YAML by sim/scenario_reader.h.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "sim/capital_events.h"
#include "sim/parameters.h"

namespace critmin::sim {

// Days are counted from the run's start date (day 0 = first step).
struct DayRange {
    int start = 0;
    int end = -1;  // exclusive; -1 = to the end of the run
    [[nodiscard]] bool contains(int day) const { return day >= start && (end < 0 || day < end); }
};

// Which producers a capacity shock or response hits: any combination narrows the set. On a
// firm-level network producers are firms, countries are regions and commodities are sectors.
struct NodeSelector {
    std::vector<std::string> producers;    // dataset producer ids
    std::vector<std::string> countries;    // ISO3 codes or group names
    std::vector<std::string> stages;       // mining, separation, ...
    std::vector<std::string> commodities;  // commodity ids
};

// Destinations of an export control: all, a list of countries (or groups), or all except.
struct Destinations {
    bool all = true;
    std::vector<std::string> only;        // countries or groups
    std::vector<std::string> all_except;  // countries or groups
};

struct CapacityShock {
    NodeSelector target;
    double loss = 0;  // share of capacity lost, 0..1
    int start = 0;
    int duration = 0;  // days at full loss
    RecoveryCurve curve = RecoveryCurve::linear;
    int recovery_days = 0;  // 0: back at once
    std::string where;      // YAML path, for messages
};

// S27a (docs/model.md, section 8): licences granted case by case. While the first applications
// are processed only `initial` ships; approvals then grow linearly to `final_share` over
// `ramp_days`.
struct Licensing {
    bool given = false;
    int processing_days = 0;  // days from the control's start to the first approvals
    double initial = 0;       // share that ships while applications are processed
    double final_share = 1;   // share once approvals have caught up with applications
    int ramp_days = 0;        // days from the first approvals to the final share
};

struct ExportControl {
    std::string exporter;  // ISO3 or group
    std::vector<std::string> commodities;
    Destinations destinations;
    double licensed = 0;  // share of orders that may still ship (no `licensing:`)
    Licensing licensing;  // S27a: approvals over time instead of a fixed share
    double leak = 0;      // S27b: share of the refused orders that reaches buyers through
                          // third countries (transshipment)
    // S27c: the exporter keeps producing what licences refuse and holds it, up to this many days
    // of its baseline sales under the control, shipping it when licences allow (0: it cuts
    // output instead).
    double hold_days = 0;
    DayRange days;
    std::string where;
};

struct DemandChange {
    std::vector<std::string> countries;  // empty: all
    std::vector<std::string> end_uses;   // empty: all
    double factor = 1;
    DayRange days;
    std::string where;
};

struct StockpileRelease {
    std::string holder;  // ISO3 country whose stockpiles are released
    std::vector<std::string> commodities;
    double days_held = -1;  // stock in days of the holder's consumption; < 0: from the dataset
    double max_daily_release = 1;      // days of consumption released per day at most
    std::string trigger = "shortage";  // shortage | start
    int start = 0;                     // earliest release day
    std::string where;
};

struct ProjectOnline {
    std::string project;  // dataset project id
    int online = 0;       // day output starts
    int ramp_up_days = 0;
    double capacity = -1;                // t/yr; < 0: the dataset's
    std::vector<std::string> customers;  // countries or groups served; empty: all
    std::string where;
};

// `responses.pipeline:` (docs/scenarios.md): every dataset project due by `year` comes online at
// day 0, as one `projects:` entry each (S30).
struct Pipeline {
    bool given = false;
    int year = 0;                        // projects whose earliest_start <= year
    double min_probability = 0;          // and whose probability_on_time, when given, >= this
    bool scale_by_probability = false;   // capacity x probability_on_time (when given)
    std::vector<std::string> customers;  // countries or groups served; empty: all
    std::string where;
    Location at;  // of the `pipeline:` map, for problems found against the dataset
};

// Recycling producers' output capacity per year, as `critmin mfa recycling --out-producers`
// writes it (producer,country,commodity,year,capacity,...): each becomes a new supplier (S30).
struct RecyclingSupply {
    std::string file;                    // relative: to the scenario
    int year = 0;                        // which year's capacity
    int online = 0;                      // day it starts supplying
    std::vector<std::string> customers;  // countries or groups; empty: all buyers
    std::vector<std::string> countries;  // only the producers in these countries; empty: all
    double scale = 1;                    // multiplies every capacity of the file (plans size it)
    std::string where;
};

struct SpareCapacity {
    NodeSelector target;
    double extra = 0;  // extra capacity as a share of baseline output
    int start = 0;
    int ramp_up_days = 0;
    std::string where;
};

struct CandidateSupplier {
    std::string supplier;             // dataset producer id
    std::string commodity;            // what it supplies
    std::vector<std::string> buyers;  // countries or groups it may supply; empty: all
    int qualification_days = 0;       // days after `start` before orders can go to it
    int start = 0;
    double max_share = 0.2;  // at most this share of each buyer's baseline purchases
    std::string where;
};

// `responses.prioritise:` (S37): a country's end users bid for scarce inputs by what their
// products are worth, so stock moves from the end uses listed last to the end uses listed first
// before their lines would stop. End uses not listed keep their own stock.
struct Prioritisation {
    std::vector<std::string> end_uses;   // served first, in this order
    std::vector<std::string> countries;  // countries or groups; empty: every country
    std::string where;
    [[nodiscard]] bool empty() const { return end_uses.empty(); }
};

// `responses.substitution:` (S38): buyers need less of an input per unit of output after a
// lead time: lower-Dy grades (grain-boundary diffusion), thrifting, ferrite or induction motors.
struct Substitution {
    std::string kind = "thrifting";      // grade | thrifting | ferrite | induction | other
    std::vector<std::string> countries;  // buyers' countries or groups; empty: all
    std::vector<std::string> end_uses;   // end-use buyers; empty: see `stages`
    std::vector<std::string> stages;     // producer buyers (e.g. magnet makers); empty: end uses
    std::vector<std::string> inputs;     // commodities whose use falls; empty: every input
    double reduction = 0;                // ceiling: share of the input no longer needed
    int lead_days = 0;                   // from the trigger to the first reduction
    int ramp_days = 0;                   // from the first reduction to the ceiling
    std::string trigger = "shortage";    // shortage | start
    int start = 0;                       // earliest trigger day
    std::string where;
};

// `regimes:` (docs/scenarios.md, "Regimes from the dataset"): rows of the dataset's controls.csv
// applied as S27 export controls, their dates counted from the scenario's `start:`.
struct Regimes {
    bool all = false;              // `regimes: dataset`: every row
    std::vector<std::string> ids;  // or the listed control ids
    // Where each listed id sits (file, line, column, YAML path `regimes[2]`), and the key itself:
    // the ids are checked when the scenario meets its dataset, after the YAML is gone.
    std::vector<Location> where;
    Location at;
    [[nodiscard]] bool empty() const { return !all && ids.empty(); }
};

// A backtest: the exports the model should reproduce (docs/validation.md).
struct Observed {
    std::string
        file;  // CSV: month,exports_t,change_pct,change_basis,... (relative: to the scenario)
    // CSV of reported downstream losses per country (V3-V4; relative: to the scenario); empty:
    // none. Columns: country,end_uses,start,end,observed_low_pct,observed_high_pct,...
    std::string downstream;
    std::string exporter;  // country whose exports are measured
    std::vector<std::string> commodities;
    [[nodiscard]] bool empty() const { return file.empty(); }
};

struct Scenario {
    std::string path;  // file it was read from
    // Line and column of each YAML path of the file, for problems found against the dataset.
    std::shared_ptr<const SourcePositions> positions;
    std::string name, description, basis;
    std::string dataset;                   // folder; empty: the embedded dataset
    std::string firms_table, firms_edges;  // firm-level network instead of a dataset
    std::string start_date;                // YYYY-MM-DD of day 0 (for reports)
    int horizon_days = 365;
    int year = 0;  // dataset year; 0: base year
    ModelParameters parameters;
    double inventory_days = 60;
    std::vector<std::pair<std::string, double>> inventory_days_by_commodity;
    std::vector<std::string> allies;  // for allied_first rationing
    std::vector<CapacityShock> capacity_shocks;
    std::vector<ExportControl> export_controls;
    Regimes regimes;  // more export controls, from the dataset (expanded by run_scenario)
    std::vector<DemandChange> demand_changes;
    std::vector<StockpileRelease> stockpiles;
    std::vector<ProjectOnline> projects;
    Pipeline pipeline;  // more projects, from the dataset (expanded by run_scenario)
    std::vector<SpareCapacity> spare_capacity;
    std::vector<RecyclingSupply> recycling;
    std::vector<CandidateSupplier> candidates;
    Prioritisation prioritise;               // S37
    std::vector<Substitution> substitution;  // S38
    // S6a: a dataset's plants and end users cut output only when their stock of an input falls
    // below this many days of use (0: psi x the target inventory, ARIO's rule).
    double stop_days = 10;
    // S6b: half-width, in days of use, of the spread of the firms' stocks around an end use's or
    // a plant's (0: each node acts as one firm). Only with a stop level (stop_days > 0).
    double stock_spread_days = 0;
    Observed observed;     // backtest series, if any
    std::string csv_dir;   // outputs.csv
    std::string database;  // outputs.database
};

}  // namespace critmin::sim
