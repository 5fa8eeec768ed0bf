// Time-to-recover (performance impact) and time-to-survive linear programmes (docs/planning.md,
// eqs. P1-P6), after Simchi-Levi et al. (2015).
//
// Both models share one LP in "window form": a column tau is the length of the window, every
// capacity and demand that grows with time is a coefficient on tau, and inventories are
// constants. The impact model fixes tau at the time-to-recover and minimises the value lost
// (P1-P3); the survival model fixes every loss at zero and maximises tau (P5). A disruption
// only closes columns (their upper bound goes to 0), so one model per kind is built once and
// re-solved from the previous optimal basis for every node (dual simplex warm start).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace critmin::plan {

// The LP, built by ttr_instance.h (plants and products) or ttr_dataset.h (a dataset network).
struct WindowLp {
    std::vector<std::string> column_names, row_names;
    std::vector<double> column_upper;  // lower bounds are 0
    std::vector<double> loss_value;    // per column: value of one unit lost (> 0 only on losses)
    std::vector<double> row_lower, row_upper;
    // Matrix as triplets.
    std::vector<std::uint32_t> entry_row, entry_column;
    std::vector<double> entry_value;
    std::uint32_t tau = 0;  // the window column
    double tau_cap = 999;   // P5: the survival model's horizon; reaching it = indefinitely

    std::uint32_t add_column(std::string name, double upper, double loss = 0);
    std::uint32_t add_row(std::string name, double lower, double upper);
    void add(std::uint32_t row, std::uint32_t column, double value);
};

// A node disruption: the columns it closes, for how long.
struct Disruption {
    std::string name;
    double ttr = 0;  // time to recover, in the LP's time unit
    std::vector<std::uint32_t> closed;
    // Columns whose upper bound is lifted while the disruption lasts (P10a: a closed buyer no
    // longer claims its share of its suppliers' output).
    std::vector<std::uint32_t> opened;
};

struct ImpactResult {
    bool optimal = false;
    double value_lost = 0;  // P3: the minimum loss over the TTR window
    double units_lost = 0;  // sum of the loss columns
};

struct SurvivalResult {
    bool optimal = false;
    double tts = 0;
    bool indefinite = false;  // the horizon tau_cap was reached (P5)
};

// One impact model and one survival model on the same LP, re-solved warm for each disruption.
class TtrSolver {
  public:
    explicit TtrSolver(const WindowLp& lp);
    ~TtrSolver();
    TtrSolver(const TtrSolver&) = delete;
    TtrSolver& operator=(const TtrSolver&) = delete;

    [[nodiscard]] ImpactResult impact(const Disruption& d);
    [[nodiscard]] SurvivalResult survival(const Disruption& d);
    [[nodiscard]] long long iterations() const { return iterations_; }

  private:
    struct Models;
    const WindowLp& lp_;
    std::unique_ptr<Models> m_;
    long long iterations_ = 0;
};

// P4: REI_n = impact_n / max_m impact_m; all zero when the largest impact is at most `floor`.
[[nodiscard]] std::vector<double> risk_exposure_index(const std::vector<double>& impact,
                                                      double floor = 1e-3);

}  // namespace critmin::plan
