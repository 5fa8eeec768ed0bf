// An economy: one country or a named group of countries (JPN, G7, EU).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/dataset.h"

namespace critmin::indices {

struct Economy {
    std::string name;
    std::vector<bool> member;  // per country id
    [[nodiscard]] bool contains(Id country) const {
        return country < member.size() && member[country];
    }
};

// Resolves an ISO3 code or a group name. Throws Error(usage) naming the valid choices.
[[nodiscard]] Economy resolve_economy(const Dataset& ds, std::string_view name);

}  // namespace critmin::indices
