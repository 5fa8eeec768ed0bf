// A plain time-to-recover / time-to-survive instance (docs/planning.md, section 1): plants with
// capacities, products with demand, inventory and loss per unit, and disruption scenarios with
// a time-to-recover and 0/1 link availability. The format of the Simchi-Levi teaching
// instances (`critmin ttr --instance FILE.json`).
#pragma once

#include <string>
#include <vector>

namespace critmin::plan {

struct TtrInstance {
    std::string path;
    std::vector<std::string> plants, products;
    std::vector<double> capacity;   // per plant, units per period
    std::vector<double> demand;     // per product, units per period
    std::vector<double> inventory;  // per product, units at the start
    std::vector<double> loss;       // per product, money per unit not delivered
    // Links (plant, product) in the instance's order.
    std::vector<std::size_t> link_plant, link_product;
    struct Scenario {
        std::string name;
        double ttr = 0;                     // periods
        std::vector<unsigned char> active;  // per link: 1 = available
    };
    std::vector<Scenario> scenarios;
};

}  // namespace critmin::plan
