// BoARIO's three event kinds on an MRIO (docs/model.md, section 4):
//   recovery  - productive capital destroyed, recovering along a curve (eqs. S19, S20);
//   rebuild   - capital destroyed and rebuilt by demand addressed to rebuilding sectors (S21-S23);
//   arbitrary - a share of capacity lost, recovering along a curve (S24).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/network.h"
#include "sim/parameters.h"
#include "sim/state.h"

namespace critmin::sim {

enum class RecoveryCurve : std::uint8_t { linear, convex, convex_unscaled, concave };

// S20: the damage left after `elapsed` steps of recovery over characteristic time `tau`.
[[nodiscard]] double recovery_curve(RecoveryCurve curve, double initial, double elapsed,
                                    double tau);

// numpy.around(value, decimals): round half to even on value x 10^decimals.
[[nodiscard]] double round_decimals(double value, int decimals);

struct CapitalEvent {
    enum class Kind : std::uint8_t { recovery, rebuild, arbitrary } kind = Kind::recovery;
    int occurrence = 1;          // step at which the event happens
    int duration = 1;            // steps before recovery or rebuilding starts
    std::vector<double> impact;  // per node: capital destroyed, or capacity share (arbitrary)
    RecoveryCurve curve = RecoveryCurve::linear;
    double recovery_tau = 0;
    double rebuild_tau = 0;
    double rebuilding_factor = 1;
    std::vector<double> rebuilding_share;  // per node: share of rebuilding demand (by sector)
    // The event's money unit (BoARIO's event_monetary_factor), which sets boario mode's rounding
    // of its remaining capital and rebuilding demand; 0: the model's.
    double monetary_factor = 0;
};

// Applies events to the state around each step, as BoARIO orders it: begin_step before
// production (activation, capacity loss, rebuilding demand), end_step after distribution
// (recovery, rebuilding progress).
class CapitalEvents {
  public:
    CapitalEvents(const Network& net, const ModelParameters& p, std::vector<CapitalEvent> events,
                  double model_rebuild_tau);
    void begin_step(State& st);
    void end_step(State& st);
    // Capital destroyed and not yet recovered, summed over events (for reports).
    [[nodiscard]] double capital_lost() const;

  private:
    struct Live {
        CapitalEvent spec;
        bool active = false;
        bool over = false;
        std::vector<double> current;  // capital destroyed now, or capacity share (arbitrary)
        // Rebuild: remaining demand R[i][j] for rebuilding suppliers i x damaged buyers j.
        std::vector<std::uint32_t> rebuild_rows;
        std::vector<std::uint32_t> rebuild_cols;
        std::vector<double> rebuild_left;  // rows x cols, row-major
        std::vector<double> step_demand;   // per row: this step's demand (S22)
    };
    void rebuild_capital(Live& e) const;

    const Network& net_;
    ModelParameters p_;
    double model_rebuild_tau_;
    std::vector<Live> events_;
    std::vector<double> arbitrary_field_;  // boario mode: the lagged arbitrary loss (quirk)
    std::vector<double> scratch_;
};

}  // namespace critmin::sim
