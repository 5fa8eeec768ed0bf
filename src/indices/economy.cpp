#include "indices/economy.h"

#include <fmt/format.h>

#include "core/error.h"

namespace critmin::indices {

Economy resolve_economy(const Dataset& ds, std::string_view name) {
    Economy e;
    e.name = std::string(name);
    e.member.assign(ds.countries.size(), false);
    if (const auto members = ds.countries_named(name)) {
        for (const Id c : *members) e.member[c] = true;
        return e;
    }
    std::string groups;
    for (const auto& g : ds.groups.name) groups += (groups.empty() ? "" : ", ") + g;
    throw Error(ErrorKind::usage,
                fmt::format("'{}' is neither a country (ISO3 code in countries.csv) nor a group "
                            "({})",
                            name, groups.empty() ? "the dataset defines none" : groups));
}

}  // namespace critmin::indices
