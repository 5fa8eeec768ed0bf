// Reads a BoARIO reference run's scenario.json (shared/reference/boario/*/scenario.json) as it
// is: the model parameters and the event. The reader only extracts plain values; sim/ turns
// them into a model.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace critmin::sim {

struct BoarioEventSpec {
    std::string kind;  // recovery, rebuild or arbitrary
    int occurrence = 1;
    int duration = 1;
    // Impact per industry label ("reg1|mining"): capital destroyed (recovery, rebuild) in the
    // event's monetary unit, or the share of capacity lost (arbitrary).
    std::map<std::string, double> impact;
    double event_monetary_factor = 0;  // 0: same as the model
    double recovery_tau = 0;
    std::string recovery_function = "linear";
    double rebuild_tau = 0;  // 0: the model's rebuild_tau
    double rebuilding_factor = 1.0;
    std::map<std::string, double> rebuilding_sectors;  // sector -> share of rebuilding demand
};

struct BoarioScenario {
    std::string path;
    double alpha_base = 1.0, alpha_max = 1.25, alpha_tau = 365;
    double rebuild_tau = 60, main_inv_dur = 90, monetary_factor = 1e6;
    double psi = 0.8, inventory_restoration_tau = 60;
    double temporal_units_by_step = 1, year_to_temporal_unit_factor = 365;
    double capital_to_va_ratio = 4, technology_threshold = 1e-5;
    std::string order_type = "alt";
    int steps = 365;
    std::vector<BoarioEventSpec> events;
    std::vector<std::string> industries_order;     // for checking labels; may be empty
    std::vector<std::string> final_columns_order;  // idem
};

// Throws InvalidInput naming the JSON path of any problem (`event.recovery_tau: ...`).
[[nodiscard]] BoarioScenario read_boario_scenario(const std::string& path);
// The same from JSON text; problems name `path` (the Python package passes a dict as text).
[[nodiscard]] BoarioScenario parse_boario_scenario(std::string_view text, const std::string& path);

}  // namespace critmin::sim
