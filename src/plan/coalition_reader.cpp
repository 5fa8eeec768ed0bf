// Reading a coalition file (docs/coalition.md, "Coalition files") with every problem located by
// file, line, column and YAML path.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <set>

#include "core/error.h"
#include "io/file.h"
#include "io/yaml_reader.h"
#include "plan/coalition_file.h"

namespace critmin::plan {

namespace {

constexpr double kBig = 1e15;
constexpr std::size_t kMaxMembers = 20;  // 2^20 sub-coalitions at most (C9)

class Reader : public io::YamlReader {
  public:
    Reader(std::string path, Diagnostics& d, CoalitionFile& file)
        : YamlReader(std::move(path), d), file_(file) {}

    // Where a node is, for checks made later against the dataset.
    void remember(const YAML::Node& node, const std::string& where) {
        if (node && node.Mark().line >= 0)
            file_.positions[where] = {static_cast<std::uint32_t>(node.Mark().line + 1),
                                      static_cast<std::uint32_t>(node.Mark().column + 1)};
    }

  private:
    CoalitionFile& file_;
};

CoalitionMember read_member(Reader& r, const YAML::Node& n, const std::string& w) {
    CoalitionMember m;
    m.where = w;
    r.remember(n, w);
    if (n.IsScalar()) {
        m.id = n.Scalar();
        return m;
    }
    r.map_keys(n, w, {"id", "gdp", "countries", "basis"});
    if (!n.IsMap()) return m;
    if (auto v = r.text(n, w, "id", true)) m.id = *v;
    if (const YAML::Node cs = n["countries"]) {
        if (!cs.IsSequence() || cs.size() == 0) {
            r.error(cs, w + ".countries", "must be a list of dataset countries (ISO3 codes)");
        } else {
            for (std::size_t j = 0; j < cs.size(); ++j) {
                r.remember(cs[j], fmt::format("{}.countries[{}]", w, j));
                if (cs[j].IsScalar())
                    m.countries.push_back(cs[j].Scalar());
                else
                    r.error(cs[j], fmt::format("{}.countries[{}]", w, j), "must be an ISO3 code");
            }
        }
    }
    if (auto v = r.number(n, w, "gdp", false, 0, 1e16)) m.gdp = *v;
    return m;
}

ContributionKey read_key(Reader& r, const YAML::Node& parent, const std::string& w) {
    ContributionKey key;
    key.where = w + ".contributions";
    const YAML::Node n = parent["contributions"];
    if (!n) return key;
    r.remember(n, key.where);
    if (n.IsScalar()) {
        key.rule = n.Scalar();
        if (key.rule != "consumption" && key.rule != "gdp" && key.rule != "equal")
            r.error(n, key.where,
                    fmt::format("`{}` is not a contribution key: consumption, gdp, equal, or a "
                                "map of member shares",
                                key.rule));
        return key;
    }
    if (!n.IsMap()) {
        r.error(n, key.where, "must be consumption, gdp, equal, or a map of member shares");
        return key;
    }
    key.rule = "fixed";
    double total = 0;
    for (const auto& kv : n) {
        const std::string member = kv.first.Scalar();
        if (auto v = r.number(n, key.where, member.c_str(), true, 0, 1)) {
            key.fixed[member] = *v;
            total += *v;
        }
    }
    if (std::abs(total - 1) > 1e-6)
        r.error(n, key.where, fmt::format("the shares add up to {}; they must add up to 1", total));
    return key;
}

Allocation read_allocation(Reader& r, const YAML::Node& n, const std::string& w, const char* k) {
    const auto v = r.text(n, w, k, false);
    if (!v || *v == "shortfall") return Allocation::shortfall;
    if (*v == "need") return Allocation::need;
    if (*v == "key") return Allocation::key;
    r.error(n[k], w + "." + k,
            fmt::format("`{}` is not an allocation: shortfall, need or key", *v));
    return Allocation::shortfall;
}

CoalitionInstrument read_instrument(Reader& r, const YAML::Node& n, const std::string& w) {
    CoalitionInstrument ins;
    ins.where = w;
    r.remember(n, w);
    r.map_keys(
        n, w,
        {"id", "kind", "commodity", "size_t", "holding_cost_per_t_year", "release", "t_per_year",
         "premium_per_t", "floor_per_t", "market_price_per_t", "producer", "project", "depends_on",
         "allocation", "contributions", "excluded_origins", "basis"});
    if (!n.IsMap()) return ins;
    if (auto v = r.text(n, w, "id", true)) ins.id = *v;
    if (auto v = r.text(n, w, "commodity", true)) ins.commodity = *v;
    r.remember(n["commodity"], w + ".commodity");
    if (auto v = r.text(n, w, "basis", false)) ins.basis = *v;
    ins.contributions = read_key(r, n, w);
    const auto kind = r.text(n, w, "kind", true);
    if (!kind) return ins;
    if (*kind == "reserve") {
        ins.kind = InstrumentKind::reserve;
        if (auto v = r.number(n, w, "size_t", true, 0, kBig)) ins.size = *v;
        if (auto v = r.number(n, w, "holding_cost_per_t_year", true, 0, kBig))
            ins.cost_per_unit = *v;
        if (const YAML::Node rel = n["release"]) {
            const std::string wr = w + ".release";
            r.map_keys(rel, wr, {"allocation", "trigger", "max_daily_t"});
            if (rel.IsMap()) {
                ins.allocation = read_allocation(r, rel, wr, "allocation");
                if (auto v = r.number(rel, wr, "trigger", false, 0, 1)) ins.trigger = *v;
                if (auto v = r.number(rel, wr, "max_daily_t", false, 0, kBig)) ins.max_daily_t = *v;
            }
        }
        return ins;
    }
    if (*kind == "allied_first") {
        ins.kind = InstrumentKind::allied_first;
        ins.allocation = read_allocation(r, n, w, "allocation");
        for (const char* k : {"size_t", "t_per_year", "producer", "project", "premium_per_t"})
            if (n[k])
                r.error(n[k], w + "." + k,
                        "allied_first takes no size, producer or price: members' producers serve "
                        "members first");
        return ins;
    }
    if (*kind == "standards_market") {
        ins.kind = InstrumentKind::standards_market;
        ins.allocation = read_allocation(r, n, w, "allocation");
        if (auto v = r.number(n, w, "t_per_year", true, 0, kBig)) ins.size = *v;
        if (auto v = r.number(n, w, "premium_per_t", true, 0, kBig)) ins.cost_per_unit = *v;
        if (n["excluded_origins"]) ins.excluded_origins = r.list(n, w, "excluded_origins");
        r.remember(n["excluded_origins"], w + ".excluded_origins");
        for (const char* k : {"producer", "project", "size_t"})
            if (n[k])
                r.error(n[k], w + "." + k,
                        "a standards market buys from every producer outside `excluded_origins`: "
                        "no producer, project or reserve size");
        return ins;
    }
    if (*kind != "offtake" && *kind != "price_floor") {
        r.error(n["kind"], w + ".kind",
                fmt::format("`{}` is not an instrument: reserve, offtake, price_floor, "
                            "standards_market or allied_first",
                            *kind));
        return ins;
    }
    ins.allocation = read_allocation(r, n, w, "allocation");
    if (auto v = r.number(n, w, "t_per_year", true, 0, kBig)) ins.size = *v;
    if (auto v = r.text(n, w, "producer", false)) ins.producer = *v;
    r.remember(n["producer"], w + ".producer");
    if (auto v = r.text(n, w, "project", false)) ins.project = *v;
    r.remember(n["project"], w + ".project");
    if (ins.producer.empty() == ins.project.empty())
        r.error(n, w,
                fmt::format("{} names a producer or a project (one of them)",
                            *kind == "offtake" ? "an offtake" : "a price floor"));
    ins.depends_on = r.list(n, w, "depends_on");
    r.remember(n["depends_on"], w + ".depends_on");
    if (*kind == "offtake") {
        ins.kind = InstrumentKind::offtake;
        if (auto v = r.number(n, w, "premium_per_t", true, 0, kBig)) ins.cost_per_unit = *v;
    } else {
        ins.kind = InstrumentKind::price_floor;
        if (auto v = r.number(n, w, "floor_per_t", true, 0, kBig)) ins.floor_per_t = *v;
        // Without a market price, the dataset's (prices.csv) is used when the dataset is loaded.
        if (auto v = r.number(n, w, "market_price_per_t", false, 0, kBig))
            ins.market_price_per_t = *v;
        ins.cost_per_unit = std::max(ins.floor_per_t - ins.market_price_per_t, 0.0);
    }
    return ins;
}

void read_options(Reader& r, const YAML::Node& root, CoalitionFile& c) {
    if (const YAML::Node s = root["scenarios"]) {
        r.map_keys(s, "scenarios", {"catalogue", "samples", "seed"});
        if (s.IsMap()) {
            if (auto v = r.text(s, "scenarios", "catalogue", true)) c.catalogue = r.resolve(*v);
            if (auto v = r.number(s, "scenarios", "samples", false, 1, 1e7))
                c.samples = static_cast<long long>(*v);
            if (auto v = r.number(s, "scenarios", "seed", false, 0, 1e18))
                c.seed = static_cast<std::uint64_t>(*v);
        }
    } else {
        r.error(root, "scenarios", "is missing: `scenarios: {catalogue: FILE}`");
    }
    if (const YAML::Node s = root["risk"]) {
        r.map_keys(s, "risk", {"alpha", "lambda"});
        if (auto v = r.number(s, "risk", "alpha", false, 0.5, 0.9999)) c.alpha = *v;
        if (auto v = r.number(s, "risk", "lambda", false, 0, 1e6)) c.lambda = *v;
    }
    if (const YAML::Node s = root["shapley"]) {
        r.map_keys(s, "shapley", {"method", "permutations"});
        if (auto v = r.text(s, "shapley", "method", false)) {
            c.shapley = *v;
            if (*v != "auto" && *v != "exact" && *v != "sampled")
                r.error(s["method"], "shapley.method",
                        fmt::format("`{}` is not a method: auto, exact or sampled", *v));
        }
        if (auto v = r.number(s, "shapley", "permutations", false, 1, 1e7))
            c.permutations = static_cast<long long>(*v);
    }
    if (auto v = r.text(root, "", "reserve_sizes", false)) {
        c.reserve_sizes = *v;
        if (*v != "fixed" && *v != "best")
            r.error(root["reserve_sizes"], "reserve_sizes",
                    fmt::format("`{}` is not a choice: fixed or best (the cheapest frontier "
                                "multiple for each coalition)",
                                *v));
    }
    if (auto v = r.text(root, "", "sizes", false)) {
        c.sizes = *v;
        if (*v != "fixed" && *v != "best")
            r.error(root["sizes"], "sizes",
                    fmt::format("`{}` is not a choice: fixed or best (each instrument's size "
                                "chosen among the frontier multiples for each coalition)",
                                *v));
        else if (*v == "best" && c.reserve_sizes == "best")
            r.error(
                root["sizes"], "sizes",
                "`sizes: best` already chooses the reserves' sizes: drop `reserve_sizes: best`");
    }
    if (const YAML::Node f = root["frontier"]) {
        c.frontier = r.numbers_at(f, "frontier", 0);
        for (double x : c.frontier)
            if (x < 0 || x > 1e3) r.error(f, "frontier", "reserve multiples are 0 to 1000");
    }
}

}  // namespace

CoalitionFile read_coalition(const std::string& path) {
    Diagnostics d;
    std::string text;
    if (!io::read_text_file(path, text, std::size_t{16} << 20, d)) throw InvalidInput(std::move(d));
    const YAML::Node root = io::load_yaml(path, text);
    CoalitionFile c;
    c.path = path;
    Reader r(path, d, c);
    if (!root.IsMap()) {
        r.error(root, "", "a coalition file is a YAML map");
        throw InvalidInput(std::move(d));
    }
    r.map_keys(root, "",
               {"name", "description", "basis", "dataset", "currency", "price_year", "year",
                "members", "commodities", "scenarios", "risk", "shapley", "frontier",
                "reserve_sizes", "sizes", "instruments", "sources"});
    if (auto v = r.text(root, "", "name", true)) c.name = *v;
    if (auto v = r.text(root, "", "description", false)) c.description = *v;
    if (auto v = r.text(root, "", "basis", false)) c.basis = *v;
    if (auto v = r.text(root, "", "dataset", false); v && *v != "embedded")
        c.dataset = r.resolve(*v);
    if (auto v = r.text(root, "", "currency", false)) c.currency = *v;
    if (auto v = r.number(root, "", "price_year", false, 1900, 2200))
        c.price_year = static_cast<int>(*v);
    if (auto v = r.number(root, "", "year", false, 1900, 2200)) c.year = static_cast<int>(*v);
    read_options(r, root, c);

    const YAML::Node ms = root["members"];
    if (!ms || !ms.IsSequence() || ms.size() < 2)
        r.error(ms ? ms : root, "members", "must be a list of at least two members");
    for (std::size_t i = 0; ms && ms.IsSequence() && i < ms.size(); ++i)
        c.members.push_back(read_member(r, ms[i], fmt::format("members[{}]", i)));
    if (c.members.size() > kMaxMembers && c.shapley != "sampled")
        r.error(ms, "members",
                fmt::format("{} members: exact Shapley values take 2^n sub-coalitions; give "
                            "`shapley: {{method: sampled}}` beyond {} members",
                            c.members.size(), kMaxMembers));
    if (c.members.size() > 31)
        r.error(ms, "members", "at most 31 members (sub-coalitions are 32-bit masks)");
    std::set<std::string> seen;
    for (const auto& m : c.members)
        if (!m.id.empty() && !seen.insert(m.id).second)
            d.add({path, c.positions[m.where].first, c.positions[m.where].second, m.where},
                  "member " + m.id + " is listed twice");

    const YAML::Node cs = root["commodities"];
    if (!cs || !cs.IsSequence() || cs.size() == 0)
        r.error(cs ? cs : root, "commodities", "must be a non-empty list");
    for (std::size_t i = 0; cs && cs.IsSequence() && i < cs.size(); ++i) {
        const std::string w = fmt::format("commodities[{}]", i);
        CoalitionCommodity com;
        com.where = w;
        r.remember(cs[i], w);
        if (cs[i].IsScalar()) {
            com.id = cs[i].Scalar();
        } else {
            r.map_keys(cs[i], w, {"id", "equivalent"});
            if (cs[i].IsMap()) {
                if (auto v = r.text(cs[i], w, "id", true)) com.id = *v;
                com.equivalent = r.list(cs[i], w, "equivalent");
            }
        }
        c.commodities.push_back(com);
    }
    const YAML::Node is = root["instruments"];
    if (is && !is.IsSequence()) r.error(is, "instruments", "must be a list");
    std::set<std::string> ids;
    for (std::size_t i = 0; is && is.IsSequence() && i < is.size(); ++i) {
        c.instruments.push_back(read_instrument(r, is[i], fmt::format("instruments[{}]", i)));
        const auto& ins = c.instruments.back();
        if (!ins.id.empty() && !ids.insert(ins.id).second)
            r.error(is[i], ins.where + ".id", "instrument id " + ins.id + " is used twice");
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
    return c;
}

}  // namespace critmin::plan
