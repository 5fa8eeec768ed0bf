#include "plan/tables.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"
#include "io/csv.h"
#include "io/table.h"

namespace critmin::plan {

namespace {

// Both tables carry the provenance columns of every table of data/, and a free note.
constexpr io::ColumnSpec kShortfallColumns[] = {
    {"end_use", true}, {"value_per_t", true}, {"currency", false},   {"vintage", false},
    {"source", false}, {"confidence", false}, {"derivation", false}, {"note", false}};
constexpr io::ColumnSpec kTtrColumns[] = {
    {"producer", false}, {"country", false},    {"stage", false},      {"ttr_days", true},
    {"source", false},   {"confidence", false}, {"derivation", false}, {"note", false}};

}  // namespace

double ShortfallValues::value(const std::string& end_use) const {
    const auto it = by_end_use.find(end_use);
    return it == by_end_use.end() ? 0.0 : it->second;
}

ShortfallValues read_shortfall_values(const std::string& path) {
    Diagnostics d;
    const io::CsvFile f = io::read_csv(path, d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    const io::TableReader t(f, kShortfallColumns, d);
    ShortfallValues out;
    if (!t.usable()) throw InvalidInput(std::move(d));
    for (std::size_t row : t.rows()) {
        const auto use = t.required_text(row, "end_use");
        const auto value = t.quantity(row, "value_per_t", true);
        const auto vintage = t.year(row, "vintage", false);
        if (!use || !value || !vintage) continue;
        out.by_end_use[*use] = *value;
        if (const std::string_view c = t.text(row, "currency"); !c.empty())
            out.currency = std::string(c);
        if (*vintage != 0) out.price_years.insert(*vintage);
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
    return out;
}

std::optional<double> TtrTable::find(const std::string& producer, const std::string& country,
                                     const std::string& stage) const {
    if (const auto it = by_producer.find(producer); it != by_producer.end()) return it->second;
    if (const auto it = by_country_stage.find({country, stage}); it != by_country_stage.end())
        return it->second;
    if (const auto it = by_stage.find(stage); it != by_stage.end()) return it->second;
    return std::nullopt;
}

void read_ttr_table(const std::string& path, TtrTable& table) {
    Diagnostics d;
    const io::CsvFile f = io::read_csv(path, d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    const io::TableReader t(f, kTtrColumns, d);
    if (!t.usable()) throw InvalidInput(std::move(d));
    if (!t.has_column("producer") && !t.has_column("stage")) {
        d.add({path, f.header_line, 0, ""},
              "expected a key column: producer, or country and stage, or stage");
        throw InvalidInput(std::move(d));
    }
    for (std::size_t row : t.rows()) {
        const auto ttr = t.quantity(row, "ttr_days", true);
        if (!ttr) continue;
        const std::string p(t.text(row, "producer"));
        const std::string co(t.text(row, "country"));
        const std::string st(t.text(row, "stage"));
        if (!p.empty())
            table.by_producer[p] = *ttr;
        else if (!co.empty() && !st.empty())
            table.by_country_stage[{co, st}] = *ttr;
        else if (!st.empty())
            table.by_stage[st] = *ttr;
        else
            t.error(row, t.has_column("producer") ? "producer" : "stage",
                    "a row needs a producer, a country and stage, or a stage");
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
}

}  // namespace critmin::plan
