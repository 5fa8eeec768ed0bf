#include "io/check.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "io/csv.h"

namespace critmin::io {

namespace {

// Finds the byte column of a named cell on a given line, re-reading the file. Only called when a
// problem is reported, so a valid dataset is read once.
class CellLocator {
  public:
    explicit CellLocator(const std::string& root) : root_(root) {}

    Location at(const char* table, std::uint32_t line, std::string_view column) {
        const std::string path = (std::filesystem::path(root_) / table).string();
        auto it = files_.find(path);
        if (it == files_.end()) {
            Diagnostics ignored;
            it = files_.emplace(path, read_csv(path, ignored)).first;
        }
        const CsvFile& file = it->second;
        std::size_t index = file.header.size();
        for (std::size_t h = 0; h < file.header.size(); ++h)
            if (file.header[h].text == column) index = h;
        for (const auto& row : file.rows) {
            if (row.line == line && index < row.fields.size())
                return {path, line, row.fields[index].column, ""};
        }
        return {path, line, 0, ""};
    }

  private:
    std::string root_;
    std::map<std::string, CsvFile> files_;
};

double relative_gap(double actual, double expected) {
    const double scale = std::max(std::abs(expected), std::abs(actual));
    return scale > 0 ? std::abs(actual - expected) / scale : 0.0;
}

class Checker {
  public:
    Checker(const Dataset& ds, Diagnostics& diagnostics)
        : ds_(ds), diagnostics_(diagnostics), locate_(ds.root) {}

    void run() {
        check_deposit_shares();
        check_world_totals();
        check_processes();
        check_flows();
        check_mass_balance();
        check_demand_balance();
        check_outflows();
    }

  private:
    void report(const char* table, std::uint32_t line, std::string_view column,
                std::string message) {
        diagnostics_.add(locate_.at(table, line, column), std::move(message));
    }

    const std::string& cname(Id commodity) const { return ds_.commodities.id[commodity]; }

    // Deposit fractions sum to one (within tolerances.share_sum).
    void check_deposit_shares() {
        const auto& d = ds_.deposits;
        std::vector<double> sum(d.type_name.size(), 0.0);
        std::vector<std::uint32_t> first_line(d.type_name.size(), 0);
        for (std::size_t r = 0; r < d.size(); ++r) {
            sum[d.deposit_type[r]] += d.fraction[r];
            if (first_line[d.deposit_type[r]] == 0)
                first_line[d.deposit_type[r]] = d.provenance.line[r];
        }
        for (std::size_t t = 0; t < sum.size(); ++t) {
            if (std::abs(sum[t] - 1.0) > ds_.manifest.share_sum_tolerance) {
                report("deposits.csv", first_line[t], "fraction",
                       fmt::format("the fractions of deposit type '{}' sum to {:.4f}, not 1 "
                                   "(tolerance {})",
                                   d.type_name[t], sum[t], ds_.manifest.share_sum_tolerance));
            }
        }
    }

    // Producers of a commodity do not make more than the world total.
    void check_world_totals() {
        std::map<std::pair<Id, int>, double> produced;
        for (std::size_t r = 0; r < ds_.production.size(); ++r)
            produced[{ds_.production.commodity[r], ds_.production.year[r]}] +=
                ds_.production.quantity[r];
        const auto& w = ds_.world_production;
        for (std::size_t r = 0; r < w.size(); ++r) {
            auto it = produced.find({w.commodity[r], w.year[r]});
            if (it == produced.end()) continue;
            // Published world totals are rounded (USGS: "World total (rounded)"), so the
            // producers may exceed them by the share-sum tolerance.
            const double tol = ds_.manifest.share_sum_tolerance;
            if (it->second > w.quantity[r] * (1 + tol) + 1e-9) {
                report("world_production.csv", w.provenance.line[r], "quantity",
                       fmt::format("producers of {} make {:.6g} in {}, more than this world total "
                                   "of {:.6g} (tolerance {:.2f}% for rounding)",
                                   cname(w.commodity[r]), it->second, w.year[r], w.quantity[r],
                                   100 * tol));
            }
        }
    }

    [[nodiscard]] double coefficient(Id process, Id commodity, RecipeRole role) const {
        for (Id r : ds_.processes.recipe_rows.row(process)) {
            if (ds_.recipes.commodity[r] == commodity && ds_.recipes.role[r] == role)
                return ds_.recipes.coefficient[r];
        }
        return 0.0;
    }

    // Every process makes something; a producer's main commodity is an output of its process.
    void check_processes() {
        const auto& p = ds_.processes;
        for (std::size_t i = 0; i < p.size(); ++i) {
            bool has_output = false;
            for (Id r : p.recipe_rows.row(i))
                has_output = has_output || ds_.recipes.role[r] == RecipeRole::output;
            if (!has_output) {
                report("processes.csv", p.provenance.line[i], "id",
                       fmt::format("process '{}' has no output in recipes.csv", p.id[i]));
            }
        }
        const auto& pr = ds_.producers;
        for (std::size_t i = 0; i < pr.size(); ++i) {
            const Id node = pr.node[i];
            if (pr.process[i] == kNoId) continue;
            if (coefficient(pr.process[i], ds_.nodes.commodity[node], RecipeRole::output) <= 0) {
                report("producers.csv", pr.provenance.line[i], "process",
                       fmt::format("process '{}' does not make '{}', the main commodity of '{}'",
                                   ds_.processes.id[pr.process[i]],
                                   cname(ds_.nodes.commodity[node]), ds_.nodes.id[node]));
            }
        }
        for (std::size_t r = 0; r < ds_.production.size(); ++r) {
            const Id producer = ds_.production.producer[r];
            const Id node = pr.node[producer];
            const Id commodity = ds_.production.commodity[r];
            if (commodity == ds_.nodes.commodity[node]) continue;
            // A producer without a process (a mine, or recycling whose feed is not modelled) may
            // report several products; one with a process makes what its recipe says.
            const Id process = pr.process[producer];
            if (process != kNoId && coefficient(process, commodity, RecipeRole::output) <= 0) {
                report("production.csv", ds_.production.provenance.line[r], "commodity",
                       fmt::format("'{}' is neither the main commodity of '{}' nor an output of "
                                   "its process",
                                   cname(commodity), ds_.nodes.id[node]));
            }
        }
    }

    [[nodiscard]] bool supplies(Id node, Id commodity) const {
        if (ds_.nodes.commodity[node] == commodity) return true;
        if (ds_.nodes.kind[node] != NodeKind::producer) return false;
        const Id producer = ds_.nodes.row[node];
        const Id process = ds_.producers.process[producer];
        if (process != kNoId) return coefficient(process, commodity, RecipeRole::output) > 0;
        for (Id r : ds_.network.production.row(producer))
            if (ds_.production.commodity[r] == commodity) return true;
        return false;
    }

    // Flows go down the chain, carry what the supplier makes and what the customer uses.
    void check_flows() {
        const auto& f = ds_.flows;
        for (std::size_t r = 0; r < f.size(); ++r) {
            const Id s = f.supplier[r], c = f.customer[r], k = f.commodity[r];
            const std::uint32_t line = f.provenance.line[r];
            if (!supplies(s, k)) {
                report("flows.csv", line, "commodity",
                       fmt::format("'{}' does not make or hold '{}'", ds_.nodes.id[s], cname(k)));
            }
            const NodeKind ck = ds_.nodes.kind[c];
            if (ck == NodeKind::producer) {
                const Id process = ds_.producers.process[ds_.nodes.row[c]];
                if (process == kNoId) {
                    report("flows.csv", line, "customer",
                           fmt::format("'{}' runs no process, so it takes no inputs",
                                       ds_.nodes.id[c]));
                } else if (coefficient(process, k, RecipeRole::input) <= 0) {
                    report("flows.csv", line, "commodity",
                           fmt::format("'{}' is not an input of process '{}' run by '{}'", cname(k),
                                       ds_.processes.id[process], ds_.nodes.id[c]));
                }
                if (ds_.commodities.stage[k] >= ds_.node_stage(c)) {
                    report("flows.csv", line, "customer",
                           fmt::format("a flow of {} ({}) to '{}' ({}) goes up the chain; flows "
                                       "go from an earlier stage to a later one",
                                       cname(k), to_string(ds_.commodities.stage[k]),
                                       ds_.nodes.id[c], to_string(ds_.node_stage(c))));
                }
            } else {
                if (ds_.nodes.commodity[c] != k) {
                    report("flows.csv", line, "commodity",
                           fmt::format("'{}' takes '{}', not '{}'", ds_.nodes.id[c],
                                       cname(ds_.nodes.commodity[c]), cname(k)));
                }
                if (ck == NodeKind::demand && ds_.demand.year[ds_.nodes.row[c]] != f.year[r]) {
                    report("flows.csv", line, "year",
                           fmt::format("demand node '{}' is for {}, not {}", ds_.nodes.id[c],
                                       ds_.demand.year[ds_.nodes.row[c]], f.year[r]));
                }
            }
        }
    }

    // Equation D1: inflows and joint outputs equal recipe coefficients times activity.
    void check_mass_balance() {
        const auto& pr = ds_.producers;
        const double tol = ds_.manifest.mass_balance_tolerance;
        for (std::size_t i = 0; i < pr.size(); ++i) {
            const Id process = pr.process[i];
            if (process == kNoId) continue;
            const Id node = pr.node[i];
            const Id main = ds_.nodes.commodity[node];
            const double main_coef = coefficient(process, main, RecipeRole::output);
            if (main_coef <= 0) continue;  // reported by check_processes
            // Years with production or inflows.
            std::set<int> years;
            for (Id r : ds_.network.production.row(i)) years.insert(ds_.production.year[r]);
            for (Id f : ds_.network.inflows.row(node)) years.insert(ds_.flows.year[f]);
            for (int year : years) check_producer_year(i, process, main, main_coef, year, tol);
        }
    }

    void check_producer_year(std::size_t producer, Id process, Id main, double main_coef, int year,
                             double tol) {
        const Id node = ds_.producers.node[producer];
        const std::string& id = ds_.nodes.id[node];
        std::uint32_t main_line = 0;
        double main_output = -1;
        for (Id r : ds_.network.production.row(producer)) {
            if (ds_.production.year[r] == year && ds_.production.commodity[r] == main) {
                main_output = ds_.production.quantity[r];
                main_line = ds_.production.provenance.line[r];
            }
        }
        if (main_output < 0) {
            report("producers.csv", ds_.producers.provenance.line[producer], "id",
                   fmt::format("'{}' receives inputs in {} but production.csv gives no output of "
                               "{} for that year",
                               id, year, cname(main)));
            return;
        }
        const double activity = main_output / main_coef;
        for (Id r : ds_.processes.recipe_rows.row(process)) {
            const Id k = ds_.recipes.commodity[r];
            const double expected = ds_.recipes.coefficient[r] * activity;
            if (ds_.recipes.role[r] == RecipeRole::input) {
                double inflow = 0;
                for (Id f : ds_.network.inflows.row(node))
                    if (ds_.flows.year[f] == year && ds_.flows.commodity[f] == k)
                        inflow += ds_.flows.quantity[f];
                if (relative_gap(inflow, expected) > tol) {
                    report("production.csv", main_line, "quantity",
                           fmt::format("mass balance (D1) of '{}' in {}: making {:.6g} {} needs "
                                       "{:.6g} of {} but flows.csv brings {:.6g} (gap {:.2f}%, "
                                       "tolerance {:.2f}%)",
                                       id, year, main_output, cname(main), expected, cname(k),
                                       inflow, 100 * relative_gap(inflow, expected), 100 * tol));
                }
            } else if (k != main) {
                for (Id p : ds_.network.production.row(producer)) {
                    if (ds_.production.year[p] != year || ds_.production.commodity[p] != k)
                        continue;
                    const double made = ds_.production.quantity[p];
                    if (relative_gap(made, expected) > tol) {
                        report("production.csv", ds_.production.provenance.line[p], "quantity",
                               fmt::format("mass balance (D1) of '{}' in {}: joint output {} is "
                                           "{:.6g} but the recipe gives {:.6g} (gap {:.2f}%)",
                                           id, year, cname(k), made, expected,
                                           100 * relative_gap(made, expected)));
                    }
                }
            }
        }
    }

    // A demand node receives what it consumes (when its supply is given at all).
    void check_demand_balance() {
        const auto& d = ds_.demand;
        for (std::size_t i = 0; i < d.size(); ++i) {
            const auto inflows = ds_.network.inflows.row(d.node[i]);
            if (inflows.empty()) continue;
            double received = 0;
            for (Id f : inflows) received += ds_.flows.quantity[f];
            if (relative_gap(received, d.quantity[i]) > ds_.manifest.mass_balance_tolerance) {
                report("demand.csv", d.provenance.line[i], "quantity",
                       fmt::format("demand '{}' is {:.6g} but flows.csv delivers {:.6g}",
                                   ds_.nodes.id[d.node[i]], d.quantity[i], received));
            }
        }
    }

    // A producer does not ship more of a commodity than it makes (stocks are not modelled).
    void check_outflows() {
        std::map<std::tuple<Id, Id, int>, double> shipped;
        for (std::size_t r = 0; r < ds_.flows.size(); ++r) {
            if (ds_.nodes.kind[ds_.flows.supplier[r]] != NodeKind::producer) continue;
            shipped[{ds_.flows.supplier[r], ds_.flows.commodity[r], ds_.flows.year[r]}] +=
                ds_.flows.quantity[r];
        }
        const double tol = ds_.manifest.mass_balance_tolerance;
        for (std::size_t r = 0; r < ds_.production.size(); ++r) {
            const Id node = ds_.producers.node[ds_.production.producer[r]];
            auto it = shipped.find({node, ds_.production.commodity[r], ds_.production.year[r]});
            if (it == shipped.end()) continue;
            const double made = ds_.production.quantity[r];
            if (it->second > made * (1 + tol) + 1e-9) {
                report(
                    "production.csv", ds_.production.provenance.line[r], "quantity",
                    fmt::format("'{}' ships {:.6g} of {} in {} but makes only {:.6g}",
                                ds_.nodes.id[node], it->second, cname(ds_.production.commodity[r]),
                                ds_.production.year[r], made));
            }
            shipped.erase(it);
        }
        // Whatever is left was shipped without any production row.
        for (const auto& [key, quantity] : shipped) {
            const auto& [node, commodity, year] = key;
            if (quantity <= 0) continue;
            const Id producer = ds_.nodes.row[node];
            report("producers.csv", ds_.producers.provenance.line[producer], "id",
                   fmt::format("'{}' ships {:.6g} of {} in {} but production.csv gives no output",
                               ds_.nodes.id[node], quantity, cname(commodity), year));
        }
    }

    const Dataset& ds_;
    Diagnostics& diagnostics_;
    CellLocator locate_;
};

}  // namespace

void check_dataset(const Dataset& ds, Diagnostics& diagnostics) {
    Checker(ds, diagnostics).run();
}

}  // namespace critmin::io
