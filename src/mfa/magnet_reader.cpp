#include "mfa/magnet_reader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "core/error.h"
#include "io/csv.h"
#include "io/file.h"
#include "io/table.h"
#include "io/yaml_reader.h"

namespace critmin::mfa {

namespace {

constexpr io::ColumnSpec kSource{"source", true};
constexpr io::ColumnSpec kConfidence{"confidence", true};
constexpr io::ColumnSpec kDerivation{"derivation", false};

std::string in(const std::string& dir, const char* name) {
    return (std::filesystem::path(dir) / name).string();
}

std::optional<double> fraction(const io::TableReader& t, std::size_t r, std::string_view column) {
    auto v = t.quantity(r, column, true);
    if (v && *v > 1) {
        t.error(r, column, fmt::format("{} is more than 1; '{}' is a fraction", *v, column));
        return std::nullopt;
    }
    return v;
}

}  // namespace

namespace {

// Reads the five tables in order; names whose own rows were rejected are remembered, so that
// rows referring to them are skipped without a second message (the list of problems shows
// causes, not their echoes).
class MagnetTables {
  public:
    explicit MagnetTables(std::string dir) : dir_(std::move(dir)) {}

    MagnetSystem read() {
        products();
        sales();
        end_of_life();
        yields();
        capacity();
        if (!d_.empty()) throw InvalidInput(std::move(d_));
        return std::move(s_);
    }

  private:
    void products() {
        {
            static constexpr io::ColumnSpec kColumns[] = {
                {"product", true},  {"name", true}, {"unit", true}, {"magnet_kg_per_unit", true},
                {"nd", true},       {"pr", true},   {"dy", true},   {"tb", true},
                {"lifetime", true}, kSource,        kConfidence,    kDerivation};
            const io::CsvFile file = io::read_csv(in(dir_, "products.csv"), d_);
            io::TableReader t(file, kColumns, d_);
            if (t.usable()) {
                for (std::size_t r : t.rows()) {
                    MagnetProduct p;
                    auto id = t.identifier(r, "product");
                    auto kg = t.quantity(r, "magnet_kg_per_unit", true);
                    bool ok = id.has_value() && kg.has_value();
                    const char* cols[] = {"nd", "pr", "dy", "tb"};
                    double sum = 0;
                    for (std::size_t e = 0; e < 4; ++e) {
                        auto f = fraction(t, r, cols[e]);
                        ok = ok && f.has_value();
                        p.element_fraction[e] = f.value_or(0);
                        sum += p.element_fraction[e];
                    }
                    if (sum > 1) {
                        t.error(r, "nd",
                                fmt::format("the element fractions add up to {:.3f}, more than 1",
                                            sum));
                        ok = false;
                    }
                    std::string error;
                    auto lifetime = parse_lifetime(t.text(r, "lifetime"), error);
                    if (!lifetime) {
                        t.error(r, "lifetime", error);
                        ok = false;
                    }
                    if (id && product_index_.count(*id) != 0) {
                        t.error(r, "product", fmt::format("product '{}' is listed twice", *id));
                        ok = false;
                    }
                    if (!ok) {
                        rejected_products_.emplace(t.text(r, "product"));
                        continue;
                    }
                    p.id = *id;
                    p.name = std::string(t.text(r, "name"));
                    p.unit = std::string(t.text(r, "unit"));
                    p.magnet_kg_per_unit = *kg;
                    p.lifetime = *lifetime;
                    product_index_[p.id] = s_.products.size();
                    s_.products.push_back(std::move(p));
                }
            }
        }
    }

    void sales() {
        // Sales: learn regions and years first, then fill the cube.
        struct Sale {
            std::size_t product;
            std::string region;
            int year;
            double units;
            std::uint32_t line;
        };
        std::vector<Sale> sales;
        const std::string sales_path = in(dir_, "sales.csv");
        {
            static constexpr io::ColumnSpec kColumns[] = {
                {"product", true}, {"region", true}, {"year", true}, {"units", true},
                kSource,           kConfidence,      kDerivation};
            const io::CsvFile file = io::read_csv(sales_path, d_);
            io::TableReader t(file, kColumns, d_);
            if (t.usable()) {
                for (std::size_t r : t.rows()) {
                    const std::string product(t.text(r, "product"));
                    auto region = t.identifier(r, "region");
                    auto year = t.year(r, "year");
                    auto units = t.quantity(r, "units", true);
                    auto it = product_index_.find(product);
                    if (region) seen_regions_.insert(*region);
                    if (it == product_index_.end()) {
                        if (rejected_products_.count(product) == 0)
                            t.error(r, "product",
                                    fmt::format("unknown product '{}' (not in products.csv)",
                                                product.substr(0, 40)));
                        continue;
                    }
                    if (!region || !year || !units) continue;
                    sales.push_back({it->second, *region, *year, *units, t.line(r)});
                }
            }
        }
        if (!sales.empty()) {
            s_.first_year = sales.front().year;
            s_.last_year = sales.front().year;
            for (const auto& x : sales) {
                s_.first_year = std::min(s_.first_year, x.year);
                s_.last_year = std::max(s_.last_year, x.year);
                if (region_index_.count(x.region) == 0) {
                    region_index_[x.region] = s_.regions.size();
                    s_.regions.push_back(x.region);
                }
            }
            const std::size_t n = s_.years(), nr = s_.regions.size();
            s_.sales.assign(s_.products.size() * nr * n, std::nan(""));
            for (const auto& x : sales) {
                double& slot = s_.sales[(x.product * nr + region_index_[x.region]) * n +
                                        static_cast<std::size_t>(x.year - s_.first_year)];
                if (!std::isnan(slot)) {
                    d_.add({sales_path, x.line, 1, ""},
                           fmt::format("duplicate row: {} {} {}", s_.products[x.product].id,
                                       x.region, x.year));
                    continue;
                }
                slot = x.units;
            }
            // Every product, region and year must be given: a gap would silently read as zero.
            std::size_t reported = 0;
            for (std::size_t p = 0; p < s_.products.size() && reported < 20; ++p)
                for (std::size_t r = 0; r < nr && reported < 20; ++r)
                    for (std::size_t y = 0; y < n && reported < 20; ++y)
                        if (std::isnan(s_.sales[(p * nr + r) * n + y])) {
                            d_.add({sales_path, 0, 0, ""},
                                   fmt::format("no sales row for {} in {} in {}; give every year "
                                               "from {} to {}",
                                               s_.products[p].id, s_.regions[r],
                                               s_.first_year + static_cast<int>(y), s_.first_year,
                                               s_.last_year));
                            ++reported;
                        }
        } else if (d_.empty()) {
            d_.add({sales_path, 0, 0, ""}, "sales.csv has no rows");
        }
    }

    void end_of_life() {
        s_.eol.assign(s_.products.size() * s_.regions.size(), EndOfLife{});
        {
            static constexpr io::ColumnSpec kColumns[] = {
                {"product", true}, {"region", true},     {"collection_rate", true},
                {"reuse", true},   {"short_loop", true}, {"long_loop", true},
                kSource,           kConfidence,          kDerivation};
            const io::CsvFile file = io::read_csv(in(dir_, "eol.csv"), d_);
            io::TableReader t(file, kColumns, d_);
            if (t.usable()) {
                for (std::size_t r : t.rows()) {
                    auto p = product_index_.find(std::string(t.text(r, "product")));
                    auto g = region_index_.find(std::string(t.text(r, "region")));
                    if (rejected_products_.count(std::string(t.text(r, "product"))) != 0) continue;
                    if (g == region_index_.end() &&
                        seen_regions_.count(std::string(t.text(r, "region"))) != 0)
                        continue;
                    if (p == product_index_.end() || g == region_index_.end()) {
                        t.error(r, p == product_index_.end() ? "product" : "region",
                                "unknown product or region (not in products.csv / sales.csv)");
                        continue;
                    }
                    auto rate = fraction(t, r, "collection_rate");
                    auto a = fraction(t, r, "reuse"), b = fraction(t, r, "short_loop"),
                         c = fraction(t, r, "long_loop");
                    if (!rate || !a || !b || !c) continue;
                    if (std::abs(*a + *b + *c - 1.0) > 0.01) {
                        t.error(
                            r, "reuse",
                            fmt::format("the route shares add up to {:.3f}, not 1", *a + *b + *c));
                        continue;
                    }
                    s_.eol[p->second * s_.regions.size() + g->second] = {*rate, {*a, *b, *c}};
                }
            }
        }
    }

    void yields() {
        {
            static constexpr io::ColumnSpec kColumns[] = {{"route", true}, {"element", true},
                                                          {"yield", true}, kSource,
                                                          kConfidence,     kDerivation};
            const io::CsvFile file = io::read_csv(in(dir_, "yields.csv"), d_);
            io::TableReader t(file, kColumns, d_);
            if (t.usable()) {
                for (std::size_t r : t.rows()) {
                    const std::string route(t.text(r, "route")), element(t.text(r, "element"));
                    std::size_t k = 0, e = 0;
                    while (k < kRoutes.size() && route != kRoutes[k]) ++k;
                    while (e < kMagnetElements.size() && element != kMagnetElements[e]) ++e;
                    if (k == kRoutes.size()) {
                        t.error(
                            r, "route",
                            fmt::format("unknown route '{}'; use reuse, short_loop or long_loop",
                                        route.substr(0, 30)));
                        continue;
                    }
                    if (e == kMagnetElements.size()) {
                        t.error(r, "element",
                                fmt::format("unknown element '{}'; use Nd, Pr, Dy or Tb",
                                            element.substr(0, 30)));
                        continue;
                    }
                    if (auto y = fraction(t, r, "yield")) s_.yield[k][e] = *y;
                }
            }
        }
    }

    void capacity() {
        s_.capacity.assign(s_.regions.size(), {});
        {
            static constexpr io::ColumnSpec kColumns[] = {
                {"region", true}, {"year", true}, {"capacity_t_ree", true},
                kSource,          kConfidence,    kDerivation};
            const io::CsvFile file = io::read_csv(in(dir_, "recycling-capacity.csv"), d_);
            io::TableReader t(file, kColumns, d_);
            if (t.usable()) {
                for (std::size_t r : t.rows()) {
                    auto g = region_index_.find(std::string(t.text(r, "region")));
                    auto year = t.year(r, "year");
                    auto cap = t.quantity(r, "capacity_t_ree", true);
                    if (g == region_index_.end()) {
                        if (seen_regions_.count(std::string(t.text(r, "region"))) == 0)
                            t.error(r, "region", "unknown region (not in sales.csv)");
                        continue;
                    }
                    if (year && cap) s_.capacity[g->second][*year] = *cap;
                }
            }
        }
    }

    std::string dir_;
    Diagnostics d_;
    MagnetSystem s_;
    std::map<std::string, std::size_t> product_index_, region_index_;
    std::set<std::string> rejected_products_, seen_regions_;
};

}  // namespace

MagnetSystem read_magnet_system(const std::string& dir) {
    return MagnetTables(dir).read();
}

namespace {

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// A whole year; `required` years missing are reported by the reader.
std::optional<int> year_of(io::YamlReader& r, const YAML::Node& map, const std::string& where,
                           const char* key, bool required) {
    const auto v = r.number(map, where, key, required, 1900, 2200);
    if (!v) return std::nullopt;
    if (*v != std::floor(*v)) {
        r.error(map[key], io::YamlReader::join(where, key), "must be a whole year");
        return std::nullopt;
    }
    return static_cast<int>(*v);
}

void read_collection(io::YamlReader& r, const YAML::Node& list, const MagnetSystem& system,
                     RecyclingScenario& sc) {
    std::vector<std::string> product_ids;
    for (const auto& p : system.products) product_ids.push_back(p.id);
    if (!list.IsSequence()) {
        r.error(list, "collection_rate", "must be a list of {region, product, from, year, to}");
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const YAML::Node n = list[i];
        const std::string p = fmt::format("collection_rate[{}]", i);
        r.keys(n, p, {"region", "product", "from", "year", "to", "note"});
        const auto region = r.text(n, p, "region", true);
        const auto product = r.text(n, p, "product", true);
        const auto from = year_of(r, n, p, "from", true);
        const auto year = year_of(r, n, p, "year", true);
        const auto to = r.number(n, p, "to", true, 0, 1);
        if (!region || !product || !from || !year || !to) continue;
        if (!contains(system.regions, *region))
            r.error(n["region"], p + ".region", fmt::format("unknown region '{}'", *region));
        else if (!contains(product_ids, *product))
            r.error(n["product"], p + ".product", fmt::format("unknown product '{}'", *product));
        else if (*year <= *from)
            r.error(n["year"], p + ".year", "'year' must come after 'from'");
        else
            sc.collection.push_back({*region, *product, *from, *year, *to});
    }
}

void read_capacity(io::YamlReader& r, const YAML::Node& list, const MagnetSystem& system,
                   RecyclingScenario& sc) {
    if (!list.IsSequence()) {
        r.error(list, "capacity", "must be a list of {region, year, capacity_t_ree}");
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const YAML::Node n = list[i];
        const std::string p = fmt::format("capacity[{}]", i);
        r.keys(n, p, {"region", "year", "capacity_t_ree", "note"});
        const auto region = r.text(n, p, "region", true);
        const auto year = year_of(r, n, p, "year", true);
        const auto capacity = r.number(n, p, "capacity_t_ree", true, 0, 1e12);
        if (!region || !year || !capacity) continue;
        if (!contains(system.regions, *region))
            r.error(n["region"], p + ".region", fmt::format("unknown region '{}'", *region));
        else
            sc.capacity.push_back({*region, *year, *capacity});
    }
}

}  // namespace

RecyclingScenario read_recycling_scenario(const std::string& path, const MagnetSystem& system) {
    Diagnostics d;
    std::string text;
    RecyclingScenario sc;
    sc.horizon = system.last_year;
    if (!io::read_text_file(path, text, std::size_t{1} << 20, d)) throw InvalidInput(std::move(d));
    const YAML::Node root = io::load_yaml(path, text);
    io::YamlReader r(path, d);
    if (!root.IsMap()) {
        r.error(root, "", "a scenario is a map (name:, horizon:, collection_rate:, capacity:)");
        throw InvalidInput(std::move(d));
    }
    r.keys(root, "",
           {"name", "description", "basis", "horizon", "collection_rate", "capacity", "sources"});
    if (auto v = r.text(root, "", "name", false)) sc.name = *v;
    if (auto v = r.text(root, "", "description", false)) sc.description = *v;
    if (auto v = year_of(r, root, "", "horizon", false)) sc.horizon = *v;
    if (const YAML::Node list = root["collection_rate"]) read_collection(r, list, system, sc);
    if (const YAML::Node list = root["capacity"]) read_capacity(r, list, system, sc);
    sc.sources = r.list(root, "", "sources");
    if (!d.empty()) throw InvalidInput(std::move(d));
    return sc;
}

}  // namespace critmin::mfa
