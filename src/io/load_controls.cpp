// controls.csv (docs/data-format.md): export-control regimes as data, one row per measure.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "io/csv.h"
#include "io/dataset_loader.h"

namespace critmin::io::detail {

namespace {

// A control's dates; `end` and `suspended_until` are exclusive (the first day no longer in force,
// the first day in force again), so each must come after its start.
struct ControlDates {
    std::optional<int> start, end, suspended_from, suspended_until;  // days since 1970-01-01
    bool ok() const { return start && end && suspended_from && suspended_until; }
};

ControlDates read_control_dates(const TableReader& t, std::size_t r) {
    ControlDates d;
    d.start = t.date(r, "start", true);
    d.end = t.date(r, "end", false);
    if (d.start && d.end && *d.end != kNoDate && *d.end <= *d.start) {
        t.error(r, "end",
                fmt::format("end {} is not after start {} (end is the first day no longer "
                            "in force)",
                            t.text(r, "end"), t.text(r, "start")));
        d.end.reset();
    }
    d.suspended_from = t.date(r, "suspended_from", false);
    d.suspended_until = t.date(r, "suspended_until", false);
    auto& from = d.suspended_from;
    auto& until = d.suspended_until;
    if (from && until && (*from == kNoDate) != (*until == kNoDate)) {
        const char* missing = *from == kNoDate ? "suspended_from" : "suspended_until";
        t.error(r, missing,
                "give both 'suspended_from' and 'suspended_until' (a suspension window), or "
                "neither");
        until.reset();
    } else if (from && until && *from != kNoDate && *until <= *from) {
        t.error(r, "suspended_until",
                fmt::format("suspended_until {} is not after suspended_from {} "
                            "(suspended_until is the first day in force again)",
                            t.text(r, "suspended_until"), t.text(r, "suspended_from")));
        until.reset();
    }
    return d;
}

}  // namespace

// A country or a group: the exporter and destinations of a control may be either, as in a
// scenario's export_control shock.
bool DatasetLoader::is_country_or_group(std::string_view name) const {
    return ds_.find_country(name) != kNoId || ds_.find_group(name) != kNoId;
}

// A `;`-list of countries or groups; every unknown name is reported, false if any was.
bool DatasetLoader::control_places(const TableReader& t, std::size_t r, std::string_view column,
                                   std::vector<std::string>& out) const {
    out = split_list(t.text(r, column));
    bool ok = true;
    for (const auto& name : out) {
        if (is_country_or_group(name) || rejected_.count(name) != 0) continue;
        t.error(r, column,
                fmt::format("unknown country or group (not in countries.csv) '{}'",
                            name.substr(0, 60)));
        ok = false;
    }
    return ok;
}

// The `;`-list of commodities, each once; every unknown name is reported, false if any was.
bool DatasetLoader::control_commodities(const TableReader& t, std::size_t r,
                                        std::vector<Id>& out) const {
    bool ok = true;
    const std::vector<std::string> names = split_list(t.text(r, "commodities"));
    if (names.empty()) {
        t.error(r, "commodities", "'commodities' is empty; a control names its commodities");
        ok = false;
    }
    for (const auto& name : names) {
        const Id com = ds_.find_commodity(name);
        if (com == kNoId) {
            if (rejected_.count(name) == 0)
                t.error(r, "commodities",
                        fmt::format("unknown commodity (not in commodities.csv) '{}'",
                                    name.substr(0, 60)));
            ok = false;
        } else if (std::find(out.begin(), out.end(), com) == out.end()) {
            out.push_back(com);
        }
    }
    return ok;
}

void DatasetLoader::load_controls() {
    static constexpr ColumnSpec kColumns[] = {{"id", true},
                                              {"measure", true},
                                              {"exporter", true},
                                              {"commodities", true},
                                              {"destinations", false},
                                              {"destinations_except", false},
                                              {"licensed", true},
                                              {"start", true},
                                              {"end", false},
                                              {"status", true},
                                              {"suspended_from", false},
                                              {"suspended_until", false},
                                              {"announcement", false},
                                              kSource,
                                              kConfidence,
                                              kDerivation};
    const CsvFile file = read_table("controls.csv", false);
    TableReader t(file, kColumns, diagnostics_);
    if (!t.usable()) return;
    auto& c = ds_.controls;
    std::set<std::string> seen;
    for (std::size_t r : t.rows()) {
        auto id = t.identifier(r, "id");
        auto measure = t.required_text(r, "measure");
        auto exporter = t.required_text(r, "exporter");
        if (exporter && !is_country_or_group(*exporter)) {
            if (rejected_.count(*exporter) == 0)
                t.error(r, "exporter",
                        fmt::format("unknown country or group (not in countries.csv) '{}'",
                                    exporter->substr(0, 60)));
            exporter.reset();
        }
        std::vector<Id> commodities;
        bool ok = control_commodities(t, r, commodities);
        std::vector<std::string> only, except;
        ok = control_places(t, r, "destinations", only) && ok;
        ok = control_places(t, r, "destinations_except", except) && ok;
        // `destinations_except` narrows "all destinations"; with a list of destinations it would
        // be ambiguous (which wins?), so the two exclude each other, as in a scenario.
        if (!only.empty() && !except.empty()) {
            t.error(r, "destinations_except",
                    "'destinations_except' is only allowed when 'destinations' is empty (all "
                    "destinations)");
            ok = false;
        }
        auto licensed = t.quantity(r, "licensed", true);
        if (licensed && *licensed > 1) {
            t.error(r, "licensed",
                    fmt::format("{} is more than 1; 'licensed' is the share of orders that may "
                                "still ship (0 to 1)",
                                *licensed));
            licensed.reset();
        }
        const ControlDates dates = read_control_dates(t, r);
        auto status = t.enumeration<ControlStatus>(r, "status");
        auto prov = provenance(t, r);
        if (id && !unique(seen, *id, t, r, "id", "control id " + *id)) continue;
        if (!id || !measure || !exporter || !ok || !licensed || !dates.ok() || !status || !prov)
            continue;
        c.id.push_back(*id);
        c.measure.push_back(*measure);
        c.exporter.push_back(*exporter);
        c.commodities.push_back(std::move(commodities));
        c.destinations.push_back(std::move(only));
        c.destinations_except.push_back(std::move(except));
        c.licensed.push_back(*licensed);
        c.start.push_back(*dates.start);
        c.end.push_back(*dates.end);
        c.status.push_back(*status);
        c.suspended_from.push_back(*dates.suspended_from);
        c.suspended_until.push_back(*dates.suspended_until);
        c.announcement.emplace_back(t.text(r, "announcement"));
        push(c.provenance, *prov);
    }
}

}  // namespace critmin::io::detail
