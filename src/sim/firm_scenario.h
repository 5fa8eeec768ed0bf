// A scenario on a firm-level network (scenario key `firms:`): the same kernel and shocks as on
// a dataset (S26-S28, S30 spare capacity), results per final-demand column (region) and per
// sector. docs/scenarios.md, "Firm-level networks".
#pragma once

#include <string>
#include <vector>

#include "sim/firm_reader.h"
#include "sim/network.h"
#include "sim/scenario.h"
#include "sim/scenario_run.h"

namespace critmin::sim {

struct SectorSummary {
    std::string sector;
    double baseline = 0;      // output over the run at baseline (money or tonnes)
    double lost = 0;          // sum over days and firms of (x0 - x)+
    double lowest_ratio = 1;  // lowest daily output / baseline
    int lowest_day = -1;
};

struct FirmScenarioRun {
    Network net;
    int steps_planned = 0, steps_done = 0, shock_start = -1;
    std::vector<double> ordered, delivered;  // steps x final-demand columns
    std::vector<double> sector_output;       // steps x sectors
    std::vector<ColumnSummary> columns;      // country = region, end_use = "final demand"
    std::vector<SectorSummary> sectors;
    double max_mass_balance_error = 0;
    std::string kernel;  // "sparse" (sim/sparse_kernel.h) or "csr" (sim/ario.h)
};

// Throws InvalidInput for names the network does not have (with the scenario's YAML path), or
// for dataset-only features (export controls name sectors and regions; stockpiles, projects
// and candidates need a dataset).
[[nodiscard]] FirmScenarioRun run_firm_scenario(const sim::FirmTable& firms, const Scenario& sc,
                                                const RunControl& control = {});

}  // namespace critmin::sim
