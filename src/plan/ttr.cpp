#include "plan/ttr.h"

#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace critmin::plan {

std::uint32_t WindowLp::add_column(std::string name, double upper, double loss) {
    column_names.push_back(std::move(name));
    column_upper.push_back(upper);
    loss_value.push_back(loss);
    return static_cast<std::uint32_t>(column_upper.size() - 1);
}

std::uint32_t WindowLp::add_row(std::string name, double lower, double upper) {
    row_names.push_back(std::move(name));
    row_lower.push_back(lower);
    row_upper.push_back(upper);
    return static_cast<std::uint32_t>(row_lower.size() - 1);
}

void WindowLp::add(std::uint32_t row, std::uint32_t column, double value) {
    entry_row.push_back(row);
    entry_column.push_back(column);
    entry_value.push_back(value);
}

struct TtrSolver::Models {
    ClpSimplex impact, survival;
};

namespace {

// Simplex solutions carry round-off of about 1e-9 relative; losses below this are none.
constexpr double kZeroUnits = 1e-7;

void load(ClpSimplex& m, const WindowLp& lp, const std::vector<double>& objective,
          const std::vector<double>& upper) {
    const std::vector<int> rows(lp.entry_row.begin(), lp.entry_row.end());
    const std::vector<int> cols(lp.entry_column.begin(), lp.entry_column.end());
    const CoinPackedMatrix matrix(true, rows.data(), cols.data(), lp.entry_value.data(),
                                  static_cast<CoinBigIndex>(rows.size()));
    const std::vector<double> lower(upper.size(), 0.0);
    // The matrix may have empty trailing rows or columns: size it explicitly.
    CoinPackedMatrix sized(matrix);
    sized.setDimensions(static_cast<int>(lp.row_lower.size()), static_cast<int>(upper.size()));
    m.loadProblem(sized, lower.data(), upper.data(), objective.data(), lp.row_lower.data(),
                  lp.row_upper.data());
    m.setLogLevel(0);
    m.setOptimizationDirection(1);  // minimise
}

// Re-solve after bound changes: the previous basis stays dual feasible, so dual simplex starts
// from it; primal simplex is the fallback when dual simplex stops short.
void resolve(ClpSimplex& m, long long& iterations) {
    m.dual(0, 7);  // keep work areas and the factorization between solves
    if (m.status() != 0 && m.status() != 1) m.primal(1);
    iterations += m.numberIterations();
}

}  // namespace

TtrSolver::TtrSolver(const WindowLp& lp) : lp_(lp), m_(std::make_unique<Models>()) {
    const std::size_t n = lp.column_upper.size();
    if (lp.tau >= n) throw Error(ErrorKind::runtime, "ttr: the window column is missing");
    // P1-P3: minimise value lost with tau fixed (set per disruption).
    std::vector<double> upper = lp.column_upper;
    load(m_->impact, lp, lp.loss_value, upper);
    // P5: maximise tau with every loss at zero.
    std::vector<double> objective(n, 0.0);
    objective[lp.tau] = -1;
    for (std::size_t j = 0; j < n; ++j)
        if (lp.loss_value[j] > 0) upper[j] = 0;
    upper[lp.tau] = lp.tau_cap;
    load(m_->survival, lp, objective, upper);
}

TtrSolver::~TtrSolver() = default;

ImpactResult TtrSolver::impact(const Disruption& d) {
    ClpSimplex& m = m_->impact;
    m.setColumnLower(static_cast<int>(lp_.tau), d.ttr);
    m.setColumnUpper(static_cast<int>(lp_.tau), d.ttr);
    for (const std::uint32_t j : d.closed) m.setColumnUpper(static_cast<int>(j), 0.0);
    for (const std::uint32_t j : d.opened) m.setColumnUpper(static_cast<int>(j), COIN_DBL_MAX);
    resolve(m, iterations_);
    ImpactResult r;
    r.optimal = m.status() == 0;
    if (r.optimal) {
        const double* x = m.primalColumnSolution();
        for (std::size_t j = 0; j < lp_.loss_value.size(); ++j)
            if (lp_.loss_value[j] > 0 && x[j] > kZeroUnits) {
                r.units_lost += x[j];
                r.value_lost += lp_.loss_value[j] * x[j];
            }
    }
    for (const std::uint32_t j : d.closed)
        m.setColumnUpper(static_cast<int>(j), lp_.column_upper[j]);
    for (const std::uint32_t j : d.opened)
        m.setColumnUpper(static_cast<int>(j), lp_.column_upper[j]);
    return r;
}

SurvivalResult TtrSolver::survival(const Disruption& d) {
    ClpSimplex& m = m_->survival;
    for (const std::uint32_t j : d.closed) m.setColumnUpper(static_cast<int>(j), 0.0);
    for (const std::uint32_t j : d.opened) m.setColumnUpper(static_cast<int>(j), COIN_DBL_MAX);
    resolve(m, iterations_);
    SurvivalResult r;
    r.optimal = m.status() == 0;
    if (r.optimal) {
        r.tts = m.primalColumnSolution()[lp_.tau];
        r.indefinite = r.tts >= lp_.tau_cap * (1 - 1e-9);
    }
    for (const std::uint32_t j : d.closed) {
        const bool loss = lp_.loss_value[j] > 0;
        m.setColumnUpper(static_cast<int>(j), loss ? 0.0 : lp_.column_upper[j]);
    }
    for (const std::uint32_t j : d.opened)
        m.setColumnUpper(static_cast<int>(j), lp_.column_upper[j]);
    return r;
}

std::vector<double> risk_exposure_index(const std::vector<double>& impact, double floor) {
    const double top = impact.empty() ? 0.0 : *std::max_element(impact.begin(), impact.end());
    std::vector<double> rei(impact.size(), 0.0);
    if (top <= floor) return rei;
    for (std::size_t i = 0; i < impact.size(); ++i) rei[i] = impact[i] / top;
    return rei;
}

}  // namespace critmin::plan
