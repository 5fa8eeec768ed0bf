// Entries a scenario takes from its dataset (docs/scenarios.md, "Regimes from the dataset" and
// "responses.pipeline"): export-control regimes of controls.csv and the projects due by a year,
// turned into the scenario's own S27 and S30 entries.
#pragma once

#include <string>
#include <vector>

#include "core/dataset.h"
#include "core/error.h"
#include "sim/scenario.h"

namespace critmin::sim {

// Row `row` of controls.csv as S27 export controls, with `day0` (days since 1970-01-01) the
// scenario's day 0. The row is in force on [start, end); a suspension window
// [suspended_from, suspended_until) splits it into the part before and the part after. Parts
// that end on or before day 0 or start on or after `horizon_days` are dropped; a part already in
// force on day 0 starts at day 0. Zero, one or two controls.
[[nodiscard]] std::vector<ExportControl> regime_controls(const Dataset& data, std::size_t row,
                                                         int day0, int horizon_days,
                                                         const std::string& where);
// `responses.pipeline:`: one S30 project entry per dataset project with earliest_start <= year
// and probability_on_time (when given) >= min_probability, online at day 0, ramping up over
// ramp_up_years x 365 days, at the dataset's capacity (x probability_on_time with
// scale_by_probability), skipping projects the scenario lists under `projects:`.
[[nodiscard]] std::vector<ProjectOnline> pipeline_projects(const Dataset& data,
                                                           const Scenario& scenario);
// The scenario with `regimes:` appended to its export controls and `responses.pipeline:` to its
// projects, so that both take the code paths of the scenario's own entries. Unknown control ids,
// a missing `start:` and unknown pipeline customers go to `d` with their YAML paths.
[[nodiscard]] Scenario with_dataset_entries(const Dataset& data, const Scenario& scenario,
                                            Diagnostics& d);

}  // namespace critmin::sim
