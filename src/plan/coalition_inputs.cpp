#include "plan/coalition_inputs.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>

#include "core/error.h"
#include "plan/optimize.h"
#include "sim/dataset_network.h"
#include "stress/stress_run.h"

namespace critmin::plan {

namespace {

// A gap below this share of a year's use is rounding between flows and recipes, not a shortfall.
constexpr double kNoGap = 1e-9;

class Builder {
    struct SourceFor {
        std::size_t instrument = 0;
        int allied = -1;  // index in allied_[instrument], -1 for an offtake or a floor
    };
    // A member's country as a plan buyer (C1b).
    struct Buyer {
        std::size_t member = 0;
        std::string country;
        PlanFile plan;
        PlanProblem problem;
        std::vector<std::size_t> plan_k;   // plan commodity -> coalition commodity
        std::vector<SourceFor> source_of;  // plan source -> instrument (and allied producer)
    };

  public:
    Builder(const Dataset& data, const CoalitionFile& file, const ShortfallValues& values)
        : data_(data), file_(file), values_(values) {}

    CoalitionInputs build(long long samples, std::uint64_t seed, int threads, std::uint64_t first,
                          std::uint64_t last) {
        // Members are prepared first and their availabilities filled in one pass of the engine.
        check_names();
        for (const auto& c : file_.commodities) out_.commodities.push_back(c.id);
        for (const auto& m : file_.members) out_.members.push_back(m.id);
        CoalitionGame& g = out_.game;
        g.members = file_.members.size();
        g.commodities = file_.commodities.size();
        g.alpha = file_.alpha;
        g.lambda = file_.lambda;
        if (file_.reserve_sizes == "best") g.reserve_scales = file_.frontier;
        if (file_.sizes == "best") g.size_scales = file_.frontier;
        PlanFile scenario_plan;
        scenario_plan.catalogue = file_.catalogue;
        PlanScenarios sc = plan_scenarios(scenario_plan, samples, seed);
        if (last != ~std::uint64_t{0}) keep_block(sc, first, last);
        g.scenarios = sc.scenarios.size();
        g.probability = sc.probability;
        g.disrupted_days.assign(g.scenarios, 0.0);
        for (std::size_t w = 0; w < sc.years.size(); ++w)
            g.disrupted_days[w] = std::max(0, stress::shock_days(*sc.catalogue, sc.years[w]));
        const std::size_t n = g.members, nk = g.commodities;
        g.need.assign(n * nk, 0.0);
        g.value.assign(n * nk, 0.0);
        g.gap.assign(g.scenarios * n * nk, 0.0);
        availability_.assign(file_.instruments.size(), {});
        allied_producers();
        // One plan buyer per country of each member (C1b).
        for (std::size_t i = 0; i < n; ++i) {
            bool uses = false;
            for (const Id c : countries_[i]) {
                Buyer b;
                b.member = i;
                b.country = data_.countries.iso3[c];
                if (!prepare(b)) continue;
                buyers_.push_back(std::move(b));
                uses = true;
            }
            if (!uses)
                out_.notes.push_back(fmt::format(
                    "{} uses none of the coalition's commodities in the dataset's network: no "
                    "shortfall of them, no gain from the instruments",
                    file_.members[i].id));
        }
        std::vector<const PlanFile*> plans;
        std::vector<PlanProblem*> problems;
        for (Buyer& b : buyers_) {
            plans.push_back(&b.plan);
            problems.push_back(&b.problem);
        }
        // P22 for every buyer from one engine run per scenario-year.
        fill_scenarios(data_, plans, sc, problems, threads);
        for (const Buyer& b : buyers_) add_buyer(b);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < nk; ++k)
                if (g.need[i * nk + k] > 0) g.value[i * nk + k] /= g.need[i * nk + k];
        instruments();
        if (!d_.empty()) throw InvalidInput(std::move(d_));
        return std::move(out_);
    }

  private:
    // Only scenario-years [first, last) (probabilities stay those of the whole sample).
    static void keep_block(PlanScenarios& sc, std::uint64_t first, std::uint64_t last) {
        const auto a = static_cast<std::ptrdiff_t>(first), b = static_cast<std::ptrdiff_t>(last);
        sc.scenarios = {sc.scenarios.begin() + a, sc.scenarios.begin() + b};
        sc.years = {sc.years.begin() + a, sc.years.begin() + b};
        sc.probability = {sc.probability.begin() + a, sc.probability.begin() + b};
    }

    void fail(const std::string& where, const std::string& message) {
        const auto it = file_.positions.find(where);
        const auto [line, column] = it == file_.positions.end()
                                        ? std::pair<std::uint32_t, std::uint32_t>{0, 0}
                                        : it->second;
        d_.add({file_.path, line, column, where}, message);
    }

    int year() const { return file_.year > 0 ? file_.year : data_.manifest.base_year; }

    std::size_t commodity_index(const std::string& id) const {
        for (std::size_t k = 0; k < file_.commodities.size(); ++k)
            if (file_.commodities[k].id == id) return k;
        return file_.commodities.size();
    }

    // C1b: the dataset countries each member stands for; no country in two members.
    void resolve_members() {
        countries_.assign(file_.members.size(), {});
        std::map<Id, std::size_t> taken;
        for (std::size_t i = 0; i < file_.members.size(); ++i) {
            const CoalitionMember& m = file_.members[i];
            std::vector<Id>& ids = countries_[i];
            if (!m.countries.empty()) {
                for (std::size_t j = 0; j < m.countries.size(); ++j) {
                    const std::string& iso = m.countries[j];
                    const Id c = data_.find_country(iso);
                    if (c == kNoId)
                        fail(fmt::format("{}.countries[{}]", m.where, j),
                             fmt::format("unknown country {} (not a country of the dataset)", iso));
                    else
                        ids.push_back(c);
                }
            } else if (const Id own = data_.find_country(m.id); own != kNoId) {
                ids.push_back(own);
            } else if (const Id grp = data_.find_group(m.id); grp != kNoId) {
                for (const Id c : data_.groups.members.row(grp)) ids.push_back(c);
            } else {
                fail(m.where, fmt::format("unknown member {} (not a country or a group of the "
                                          "dataset; a group of your own takes `countries`)",
                                          m.id));
            }
            for (const Id c : ids) {
                const auto [it, fresh] = taken.emplace(c, i);
                if (!fresh && it->second != i)
                    fail(m.where,
                         fmt::format("{} is in both {} and {}: a country can be in one "
                                     "member only",
                                     data_.countries.iso3[c], file_.members[it->second].id, m.id));
            }
        }
    }

    void check_names() {
        resolve_members();
        for (const auto& c : file_.commodities) {
            if (data_.find_commodity(c.id) == kNoId) fail(c.where, "unknown commodity " + c.id);
            for (const auto& e : c.equivalent)
                if (data_.find_commodity(e) == kNoId) fail(c.where, "unknown commodity " + e);
        }
        for (const auto& ins : file_.instruments) check_instrument(ins);
        if (!d_.empty()) throw InvalidInput(std::move(d_));
    }

    // The producer's own commodity, or a joint output of its process (Dy and Tb oxide of a
    // separation plant whose main product is NdPr oxide).
    bool makes(Id node, Id com) const {
        if (data_.nodes.commodity[node] == com) return true;
        const Id process = data_.producers.process[data_.nodes.row[node]];
        if (process == kNoId) return false;
        for (const Id r : data_.processes.recipe_rows.row(process))
            if (data_.recipes.role[r] == RecipeRole::output && data_.recipes.commodity[r] == com)
                return true;
        return false;
    }

    void check_instrument(const CoalitionInstrument& ins) {
        if (commodity_index(ins.commodity) == file_.commodities.size())
            fail(ins.where + ".commodity",
                 fmt::format("{} is not among the coalition's commodities", ins.commodity));
        const Id com = data_.find_commodity(ins.commodity);
        if (!ins.producer.empty()) {
            const Id node = data_.find_node(ins.producer);
            if (node == kNoId || data_.nodes.kind[node] != NodeKind::producer) {
                fail(ins.where + ".producer",
                     fmt::format("unknown producer {} (not in the dataset's producers)",
                                 ins.producer));
            } else {
                if (!makes(node, com))
                    fail(ins.where + ".producer",
                         fmt::format("{} makes {}, not {}", ins.producer,
                                     data_.commodities.id[data_.nodes.commodity[node]],
                                     ins.commodity));
                // Capacity is in the main product's tonnes: checked for that product only.
                const double cap = data_.producers.capacity[data_.nodes.row[node]];
                if (data_.nodes.commodity[node] == com && !std::isnan(cap) && ins.size > cap)
                    fail(ins.where, fmt::format("{} t/yr is more than {}'s capacity ({} t/yr)",
                                                ins.size, ins.producer, cap));
            }
        }
        for (const auto& iso : ins.excluded_origins)
            if (ins.kind == InstrumentKind::standards_market && data_.find_country(iso) == kNoId)
                fail(ins.where + ".excluded_origins",
                     fmt::format("unknown country {} (not a country of the dataset)", iso));
        for (const auto& p : ins.depends_on)
            if (data_.find_node(p) == kNoId)
                fail(ins.where + ".depends_on", "unknown producer " + p);
        if (!ins.project.empty()) {
            const auto& ids = data_.projects.id;
            const auto it = std::find(ids.begin(), ids.end(), ins.project);
            if (it == ids.end()) {
                fail(ins.where + ".project", "unknown project " + ins.project);
            } else {
                const auto row = static_cast<std::size_t>(it - ids.begin());
                if (data_.projects.commodity[row] != com)
                    fail(ins.where + ".project",
                         fmt::format("project {} makes {}, not {}", ins.project,
                                     data_.commodities.id[data_.projects.commodity[row]],
                                     ins.commodity));
                if (data_.projects.earliest_start[row] > year()) late_projects_.push_back(ins.id);
                const double cap = data_.projects.capacity[row];
                if (!std::isnan(cap) && ins.size > cap)
                    fail(ins.where, fmt::format("{} t/yr is more than project {}'s capacity ({} "
                                                "t/yr)",
                                                ins.size, ins.project, cap));
            }
        }
    }

    // A member as a plan's buyer: today's suppliers and stockpiles of the commodities it uses,
    // with the instruments' producers along as plan sources (their availability, P22). False
    // when it uses none of them.
    bool prepare(Buyer& b) {
        const std::string& id = b.country;
        std::vector<std::string> ids;
        for (const auto& c : file_.commodities) ids.push_back(c.id);
        const std::vector<double> use = buyer_use(data_, id, ids);
        PlanFile pf;
        pf.path = file_.path;
        pf.buyer = id;
        pf.year = year();
        pf.catalogue = file_.catalogue;
        pf.alpha = file_.alpha;
        pf.lambda = file_.lambda;
        std::vector<std::size_t> plan_k;  // plan commodity -> coalition commodity
        for (std::size_t k = 0; k < file_.commodities.size(); ++k) {
            if (use[k] <= 0) continue;
            PlanCommodity pc;
            pc.id = file_.commodities[k].id;
            pc.where = file_.commodities[k].where;
            pc.equivalent = file_.commodities[k].equivalent;
            pf.commodities.push_back(pc);
            plan_k.push_back(k);
        }
        if (pf.commodities.empty()) return false;
        std::vector<SourceFor> source_of;  // plan source -> instrument (and allied producer)
        for (std::size_t o = 0; o < file_.instruments.size(); ++o) {
            const CoalitionInstrument& ins = file_.instruments[o];
            if (ins.producer.empty() || use[commodity_index(ins.commodity)] <= 0) continue;
            PlanSource ps;
            ps.id = ins.id;
            ps.kind = "supplier";
            ps.where = ins.where;
            ps.country = data_.countries.iso3[data_.nodes.country[data_.find_node(ins.producer)]];
            ps.yields[ins.commodity] = 1;
            ps.max_units = ins.size;
            ps.depends_on = ins.depends_on;
            ps.candidate = ins.producer;
            pf.sources.push_back(ps);
            source_of.push_back({o, -1});
        }
        // Allied producers whose availability no earlier member's run gives (C4a).
        for (std::size_t o = 0; o < allied_.size(); ++o) {
            const CoalitionInstrument& ins = file_.instruments[o];
            if (allied_[o].empty() || use[commodity_index(ins.commodity)] <= 0) continue;
            for (std::size_t a = 0; a < allied_[o].size(); ++a) {
                if (allied_source_[o][a]) continue;
                allied_source_[o][a] = true;
                PlanSource ps;
                ps.id = ins.id + ":" + allied_ids_[o][a];
                ps.kind = "supplier";
                ps.where = ins.where;
                ps.country =
                    data_.countries.iso3[data_.nodes.country[data_.find_node(allied_ids_[o][a])]];
                ps.yields[ins.commodity] = 1;
                ps.candidate = allied_ids_[o][a];
                pf.sources.push_back(ps);
                source_of.push_back({o, static_cast<int>(a)});
            }
        }
        b.problem = plan_problem(data_, pf, values_);
        b.plan = std::move(pf);
        b.plan_k = std::move(plan_k);
        b.source_of = std::move(source_of);
        return true;
    }

    // C1: a buyer's use and own shortfall per scenario, from its plan problem filled with the
    // engine's availabilities (P22), added to its member's (C1b); `value` gathers use x value
    // until build() divides by the member's use.
    void add_buyer(const Buyer& m) {
        CoalitionGame& g = out_.game;
        const std::size_t i = m.member;
        const PlanProblem& pp = m.problem;
        const std::vector<std::size_t>& plan_k = m.plan_k;
        const std::vector<SourceFor>& source_of = m.source_of;
        const StochasticProblem& p = pp.problem;
        g.horizon_years = p.horizon_years;
        const std::size_t n = g.members, nk = g.commodities, nj = p.sources.size();
        for (std::size_t pk = 0; pk < plan_k.size(); ++pk) {
            const std::size_t k = plan_k[pk];
            const CommodityPlan& c = p.commodities[pk];
            g.need[i * nk + k] += c.demand;
            g.value[i * nk + k] += c.demand * c.shortfall_value;
            for (std::size_t w = 0; w < g.scenarios; ++w) {
                double supply = 0;
                for (std::size_t j = 0; j < nj; ++j)
                    if (pp.plan_source[j] < 0)
                        supply +=
                            p.availability[w * nj + j] * p.sources[j].yield[pk] * pp.today_units[j];
                const double factor =
                    p.demand_factor.empty() ? 1.0 : p.demand_factor[w * plan_k.size() + pk];
                const double h = p.horizon_years;
                double gap = h * c.demand * factor - h * supply - c.stock_existing;  // C1
                if (gap < kNoGap * h * c.demand) gap = 0;
                g.gap[(w * n + i) * nk + k] += gap;
            }
        }
        for (std::size_t j = 0; j < nj; ++j) {
            if (pp.plan_source[j] < 0) continue;
            const SourceFor& sf = source_of[static_cast<std::size_t>(pp.plan_source[j])];
            std::vector<double>& to =
                sf.allied < 0
                    ? availability_[sf.instrument]
                    : allied_[sf.instrument][static_cast<std::size_t>(sf.allied)].availability;
            if (!to.empty()) continue;  // the first member's run serves
            to.resize(g.scenarios);
            for (std::size_t w = 0; w < g.scenarios; ++w) to[w] = p.availability[w * nj + j];
        }
    }

    // C4a: what producers in member countries sell of each allied_first commodity, to each
    // member and to everyone else (t/yr, the dataset network's baseline flows).
    void allied_producers() {
        const std::size_t n_ins = file_.instruments.size();
        allied_.assign(n_ins, {});
        allied_ids_.assign(n_ins, {});
        allied_source_.assign(n_ins, {});
        bool any = false;
        for (const auto& ins : file_.instruments)
            any = any || ins.kind == InstrumentKind::allied_first ||
                  ins.kind == InstrumentKind::standards_market;
        if (!any) return;
        const sim::DatasetNetwork dn =
            sim::build_dataset_network(data_, sim::ModelParameters{}, sim::DatasetNetworkOptions{});
        const sim::Network& net = dn.net;
        std::vector<int> member_of_country(data_.countries.size(), -1);
        for (std::size_t i = 0; i < file_.members.size(); ++i)
            for (const Id c : countries_[i]) member_of_country[c] = static_cast<int>(i);
        for (std::size_t o = 0; o < n_ins; ++o) {
            const CoalitionInstrument& ins = file_.instruments[o];
            const bool standards = ins.kind == InstrumentKind::standards_market;
            if (ins.kind != InstrumentKind::allied_first && !standards) continue;
            const Id k = data_.find_commodity(ins.commodity);
            std::vector<bool> excluded(data_.countries.size(), false);
            for (const auto& iso : ins.excluded_origins)
                if (const Id c = data_.find_country(iso); c != kNoId) excluded[c] = true;
            std::map<std::uint32_t, std::size_t> index;  // supplier node -> allied_[o]
            for (std::uint32_t sl = 0; sl < net.n_slots(); ++sl) {
                if (net.slot_product[sl] != k) continue;
                const Id buyer = dn.node_country[net.slot_buyer[sl]];
                for (std::uint32_t e = net.edge_begin[sl]; e < net.edge_begin[sl + 1]; ++e) {
                    const std::uint32_t sup = net.edge_supplier[e];
                    const Id pr = dn.node_producer[sup];
                    const int host = member_of_country[dn.node_country[sup]];
                    if (pr == kNoId) continue;
                    // C4b: producers outside the excluded origins, on their sales to
                    // non-members; C4a: producers in members, on their exports.
                    if (standards ? excluded[dn.node_country[sup]] || member_of_country[buyer] >= 0
                                  : host < 0 || buyer == dn.node_country[sup])
                        continue;
                    auto [it, fresh] = index.emplace(sup, allied_[o].size());
                    if (fresh) {
                        AlliedProducer ap;
                        ap.host = static_cast<std::uint32_t>(std::max(host, 0));
                        ap.to_member.assign(file_.members.size(), 0.0);
                        allied_[o].push_back(ap);
                        allied_ids_[o].push_back(data_.nodes.id[data_.producers.node[pr]]);
                    }
                    AlliedProducer& ap = allied_[o][it->second];
                    const double t = sim::kDaysPerYear * net.edge_z0[e];
                    const int to = member_of_country[buyer];
                    if (to < 0)
                        ap.to_non_members += t;
                    else
                        ap.to_member[static_cast<std::size_t>(to)] += t;
                }
            }
            allied_source_[o].assign(allied_[o].size(), false);
            if (standards && allied_[o].empty())
                fail(ins.where, fmt::format("no producer outside {} sells {} to a non-member: the "
                                            "standards market has nothing to buy",
                                            fmt::join(ins.excluded_origins, ", "), ins.commodity));
            else if (allied_[o].empty())
                out_.notes.push_back(
                    fmt::format("{}: no producer in a member country sells {} to another country",
                                ins.id, ins.commodity));
        }
    }

    // C2: each member's share of an instrument's size and cost.
    std::vector<double> key(const CoalitionInstrument& ins) {
        const std::size_t n = file_.members.size(), nk = file_.commodities.size();
        const ContributionKey& ck = ins.contributions;
        std::vector<double> share(n, 0.0);
        if (ck.rule == "equal") {
            share.assign(n, 1.0 / static_cast<double>(n));
            return share;
        }
        for (std::size_t i = 0; i < n; ++i) {
            const CoalitionMember& m = file_.members[i];
            if (ck.rule == "consumption") {
                share[i] = out_.game.need[i * nk + commodity_index(ins.commodity)];
            } else if (ck.rule == "gdp") {
                if (m.gdp < 0)
                    fail(m.where, fmt::format("{} has no `gdp`; {} shares by GDP", m.id, ck.where));
                share[i] = std::max(m.gdp, 0.0);
            } else {
                const auto it = ck.fixed.find(m.id);
                share[i] = it == ck.fixed.end() ? 0.0 : it->second;
            }
        }
        for (const auto& entry : ck.fixed) {
            const std::string& name = entry.first;
            const bool member = std::any_of(file_.members.begin(), file_.members.end(),
                                            [&](const auto& m) { return m.id == name; });
            if (!member) fail(ck.where, fmt::format("{} is not a member of the coalition", name));
        }
        double total = 0;
        for (double s : share) total += s;
        if (!(total > 0)) {
            fail(ck.where.empty() ? ins.where : ck.where,
                 fmt::format("the contribution key of {} gives every member 0 (no member uses {} "
                             "in the dataset?)",
                             ins.id, ins.commodity));
            return share;
        }
        for (double& s : share) s /= total;
        return share;
    }

    // C4b: the qualifying producers' availability weighted by what they sell to non-members,
    // per scenario; the volume must fit in those sales.
    std::vector<double> pooled_availability(std::size_t o, const CoalitionInstrument& f) {
        const std::size_t nw = out_.game.scenarios;
        std::vector<double> a(nw, 0.0);
        double free = 0;
        for (std::size_t p = 0; p < allied_[o].size(); ++p) {
            const AlliedProducer& pr = allied_[o][p];
            free += pr.to_non_members;
            for (std::size_t w = 0; w < nw; ++w)
                a[w] += pr.to_non_members * (pr.availability.empty() ? 1.0 : pr.availability[w]);
        }
        if (free > 0)
            for (double& x : a) x /= free;
        if (!allied_[o].empty() && f.size > free * (1 + 1e-9))
            fail(f.where, fmt::format("{} t/yr is more than the producers outside {} sell to "
                                      "non-members ({:.6g} t/yr)",
                                      f.size, fmt::join(f.excluded_origins, ", "), free));
        bool unknown = false;
        for (const AlliedProducer& pr : allied_[o]) unknown = unknown || pr.availability.empty();
        if (unknown)
            out_.notes.push_back(fmt::format(
                "{}: no member uses {}; qualifying producers taken as available in every scenario",
                f.id, f.commodity));
        return a;
    }

    // C4: floor minus the dataset's market price of the commodity (prices.csv, the latest year
    // up to the coalition's), when the file gives none.
    double floor_cost(const CoalitionInstrument& f) {
        const Id com = data_.find_commodity(f.commodity);
        const auto row = data_.price_row(com, year());
        if (!row) {
            fail(f.where, fmt::format("no `market_price_per_t`, and the dataset has no price of {} "
                                      "up to {} (prices.csv)",
                                      f.commodity, year()));
            return 0;
        }
        const PriceTable& p = data_.prices;
        if (p.currency[*row] != file_.currency) {
            fail(f.where, fmt::format("the dataset prices {} in {}, the coalition counts in {}: "
                                      "give `market_price_per_t`",
                                      f.commodity, p.currency[*row], file_.currency));
            return 0;
        }
        const Id source = p.provenance.source[*row];
        out_.notes.push_back(fmt::format(
            "{}: market price {:.0f} {}/t of {} from the dataset ({}, {}, {})", f.id, p.price[*row],
            p.currency[*row], f.commodity, p.year[*row],
            source == kNoId ? std::string("no source") : data_.manifest.sources[source].id,
            to_string(p.provenance.confidence[*row])));
        return std::max(f.floor_per_t - p.price[*row], 0.0);
    }

    void instruments() {
        CoalitionGame& g = out_.game;
        for (std::size_t o = 0; o < file_.instruments.size(); ++o) {
            const CoalitionInstrument& f = file_.instruments[o];
            Instrument ins;
            ins.id = f.id;
            ins.kind = f.kind;
            ins.commodity = static_cast<std::uint32_t>(commodity_index(f.commodity));
            ins.size = f.size;
            ins.cost_per_unit = f.kind == InstrumentKind::price_floor && f.market_price_per_t < 0
                                    ? floor_cost(f)
                                    : f.cost_per_unit;
            ins.key = key(f);
            ins.allocation = f.allocation;
            ins.trigger = f.trigger;
            ins.max_daily_t = f.max_daily_t;
            if (f.kind == InstrumentKind::standards_market) {
                ins.availability = pooled_availability(o, f);
            } else if (f.kind == InstrumentKind::allied_first) {
                ins.producers = allied_[o];
                for (std::size_t a = 0; a < ins.producers.size(); ++a) {
                    if (!ins.producers[a].availability.empty()) continue;
                    ins.producers[a].availability.assign(g.scenarios, 1.0);
                    out_.notes.push_back(fmt::format(
                        "{}: no member uses {}; {} taken as available in every scenario", f.id,
                        f.commodity, allied_ids_[o][a]));
                }
            } else if (f.kind != InstrumentKind::reserve) {
                if (!availability_[o].empty()) {
                    ins.availability = availability_[o];
                } else if (std::find(late_projects_.begin(), late_projects_.end(), f.id) !=
                           late_projects_.end()) {
                    ins.availability.assign(g.scenarios, 0.0);
                    out_.notes.push_back(fmt::format(
                        "{}: project {} makes nothing before its earliest start, after {}", f.id,
                        f.project, year()));
                } else {
                    // A project kept alive by a floor is not in today's network: its output is
                    // taken as available in every scenario.
                    ins.availability.assign(g.scenarios, 1.0);
                    out_.notes.push_back(fmt::format(
                        "{}: no engine availability (a project, or no member uses {}); taken as "
                        "1 in every scenario",
                        f.id, f.commodity));
                }
            }
            g.instruments.push_back(std::move(ins));
        }
    }

    const Dataset& data_;
    const CoalitionFile& file_;
    const ShortfallValues& values_;
    CoalitionInputs out_;
    std::vector<std::vector<double>> availability_;  // per instrument, per scenario
    std::vector<std::string> late_projects_;         // instruments on projects not yet online
    // C4a: per allied_first instrument, the producers in member countries selling its commodity,
    // with their ids and whether a member's plan already carries them as a source.
    std::vector<std::vector<AlliedProducer>> allied_;
    std::vector<std::vector<std::string>> allied_ids_;
    std::vector<std::vector<bool>> allied_source_;
    std::vector<std::vector<Id>> countries_;  // per member (C1b)
    std::deque<Buyer> buyers_;                // stable addresses for fill_scenarios
    Diagnostics d_;
};

}  // namespace

CoalitionInputs build_coalition(const Dataset& data, const CoalitionFile& file,
                                const ShortfallValues& values, long long samples,
                                std::uint64_t seed, int threads, std::uint64_t first,
                                std::uint64_t last) {
    return Builder(data, file, values).build(samples, seed, threads, first, last);
}

}  // namespace critmin::plan
