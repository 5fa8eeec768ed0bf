#include "plan/ttr_instance_reader.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "io/json_file.h"

namespace critmin::plan {

namespace {

using Json = nlohmann::json;

struct Reader {
    const std::string& path;
    Diagnostics& d;

    void fail(const std::string& where, const std::string& message) const {
        d.add({path, 0, 0, where}, message);
    }

    std::vector<std::string> names(const Json& root, const char* key) const {
        std::vector<std::string> out;
        if (!root.contains(key) || !root[key].is_array() || root[key].empty()) {
            fail(key, "expected a non-empty list of names");
            return out;
        }
        for (std::size_t i = 0; i < root[key].size(); ++i) {
            const Json& v = root[key][i];
            if (!v.is_string()) {
                fail(fmt::format("{}[{}]", key, i), "expected a name");
                continue;
            }
            out.push_back(v.get<std::string>());
        }
        return out;
    }

    // A {name: value} map covering every name, values finite and >= 0.
    std::vector<double> values(const Json& root, const char* key,
                               const std::vector<std::string>& over) const {
        std::vector<double> out(over.size(), 0.0);
        if (!root.contains(key) || !root[key].is_object()) {
            fail(key, "expected an object of numbers by name");
            return out;
        }
        const Json& m = root[key];
        for (std::size_t i = 0; i < over.size(); ++i) {
            const std::string where = fmt::format("{}.{}", key, over[i]);
            if (!m.contains(over[i])) {
                fail(where, "missing");
                continue;
            }
            const Json& v = m[over[i]];
            if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0) {
                fail(where, "expected a number >= 0");
                continue;
            }
            out[i] = v.get<double>();
        }
        for (const auto& [name, v] : m.items()) {
            (void)v;
            bool known = false;
            for (const auto& o : over) known = known || o == name;
            if (!known) fail(fmt::format("{}.{}", key, name), "not a declared name");
        }
        return out;
    }
};

}  // namespace

TtrInstance read_ttr_instance(const std::string& path) {
    const Json root = io::read_json_file(path);
    Diagnostics d;
    if (!root.is_object()) {
        d.add({path, 1, 1, ""}, "expected a JSON object");
        throw InvalidInput(std::move(d));
    }
    const Reader r{path, d};
    TtrInstance in;
    in.path = path;
    in.plants = r.names(root, "suppliers");
    in.products = r.names(root, "products");
    const std::vector<std::string> scenarios = r.names(root, "scenarios");
    if (!d.empty()) throw InvalidInput(std::move(d));
    in.capacity = r.values(root, "capacity_per_period", in.plants);
    in.demand = r.values(root, "demand_per_period", in.products);
    in.inventory = r.values(root, "initial_inventory", in.products);
    in.loss = r.values(root, "loss_per_unit_profit_margin", in.products);
    const std::vector<double> ttr = r.values(root, "TTR_periods", scenarios);

    std::map<std::string, std::size_t> plant_id, product_id, link_id;
    for (std::size_t i = 0; i < in.plants.size(); ++i)
        if (!plant_id.emplace(in.plants[i], i).second)
            r.fail(fmt::format("suppliers[{}]", i), "duplicate name " + in.plants[i]);
    for (std::size_t j = 0; j < in.products.size(); ++j)
        if (!product_id.emplace(in.products[j], j).second)
            r.fail(fmt::format("products[{}]", j), "duplicate name " + in.products[j]);

    // Links: "PLANT|PRODUCT", in link_order when given, else in the order the first scenario
    // lists them.
    auto add_link = [&](const std::string& key, const std::string& where) {
        if (link_id.count(key) != 0) return;
        const auto bar = key.find('|');
        const auto p =
            bar == std::string::npos ? plant_id.end() : plant_id.find(key.substr(0, bar));
        const auto q =
            bar == std::string::npos ? product_id.end() : product_id.find(key.substr(bar + 1));
        if (p == plant_id.end() || q == product_id.end()) {
            r.fail(where, "expected PLANT|PRODUCT with declared names, got " + key);
            return;
        }
        link_id.emplace(key, in.link_plant.size());
        in.link_plant.push_back(p->second);
        in.link_product.push_back(q->second);
    };
    if (root.contains("link_order")) {
        const Json& lo = root["link_order"];
        if (!lo.is_array()) r.fail("link_order", "expected a list of PLANT|PRODUCT");
        for (std::size_t i = 0; lo.is_array() && i < lo.size(); ++i) {
            if (!lo[i].is_string()) {
                r.fail(fmt::format("link_order[{}]", i), "expected PLANT|PRODUCT");
                continue;
            }
            add_link(lo[i].get<std::string>(), fmt::format("link_order[{}]", i));
        }
    }
    const Json* alpha =
        root.contains("alpha") && root["alpha"].is_object() ? &root["alpha"] : nullptr;
    if (alpha == nullptr)
        r.fail("alpha", "expected an object: scenario -> {PLANT|PRODUCT: 0 or 1}");
    for (std::size_t s = 0; alpha != nullptr && s < scenarios.size(); ++s) {
        if (!alpha->contains(scenarios[s]) || !(*alpha)[scenarios[s]].is_object()) {
            r.fail("alpha." + scenarios[s], "missing: the scenario's link availability");
            continue;
        }
        for (const auto& [key, v] : (*alpha)[scenarios[s]].items()) {
            (void)v;
            add_link(key, fmt::format("alpha.{}.{}", scenarios[s], key));
        }
    }
    if (!d.empty() || alpha == nullptr) throw InvalidInput(std::move(d));

    for (std::size_t s = 0; s < scenarios.size(); ++s) {
        TtrInstance::Scenario sc;
        sc.name = scenarios[s];
        sc.ttr = ttr[s];
        sc.active.assign(in.link_plant.size(), 0);
        for (const auto& [key, v] : (*alpha)[scenarios[s]].items()) {
            const std::string where = fmt::format("alpha.{}.{}", scenarios[s], key);
            if (!v.is_number() || (v.get<double>() != 0 && v.get<double>() != 1)) {
                r.fail(where, "expected 0 or 1");
                continue;
            }
            sc.active[link_id.at(key)] = v.get<double>() == 1 ? 1 : 0;
        }
        in.scenarios.push_back(std::move(sc));
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
    return in;
}

}  // namespace critmin::plan
