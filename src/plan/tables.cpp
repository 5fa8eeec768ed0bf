#include "plan/tables.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "core/error.h"
#include "io/csv.h"

namespace critmin::plan {

namespace {

struct Columns {
    const io::CsvFile& f;
    [[nodiscard]] int find(const char* name) const {
        for (std::size_t i = 0; i < f.header.size(); ++i)
            if (f.header[i].text == name) return static_cast<int>(i);
        return -1;
    }
};

const std::string* field(const io::CsvRow& row, int column) {
    if (column < 0 || static_cast<std::size_t>(column) >= row.fields.size()) return nullptr;
    return &row.fields[static_cast<std::size_t>(column)].text;
}

bool number(const io::CsvFile& f, const io::CsvRow& row, int column, double& out, Diagnostics& d) {
    const std::string* t = field(row, column);
    const std::uint32_t col =
        t == nullptr ? 0 : row.fields[static_cast<std::size_t>(column)].column;
    char* end = nullptr;
    const double v = t == nullptr ? NAN : std::strtod(t->c_str(), &end);
    if (t == nullptr || t->empty() || end != t->c_str() + t->size() || !std::isfinite(v) || v < 0) {
        d.add({f.path, row.line, col, ""},
              fmt::format("expected a number >= 0 in column {}",
                          f.header[static_cast<std::size_t>(column)].text));
        return false;
    }
    out = v;
    return true;
}

}  // namespace

double ShortfallValues::value(const std::string& end_use) const {
    const auto it = by_end_use.find(end_use);
    return it == by_end_use.end() ? 0.0 : it->second;
}

ShortfallValues read_shortfall_values(const std::string& path) {
    Diagnostics d;
    const io::CsvFile f = io::read_csv(path, d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    const Columns c{f};
    const int use = c.find("end_use"), value = c.find("value_per_t"), cur = c.find("currency"),
              vintage = c.find("vintage");
    if (use < 0 || value < 0) {
        d.add({path, f.header_line, 0, ""}, "expected columns end_use and value_per_t");
        throw InvalidInput(std::move(d));
    }
    ShortfallValues out;
    for (const auto& row : f.rows) {
        double v = 0;
        if (!number(f, row, value, v, d)) continue;
        // A row shorter than the header has no end_use: say so instead of reading past the row.
        const std::string* name = field(row, use);
        if (name == nullptr || name->empty()) {
            d.add({f.path, row.line, 0, ""}, "expected an end use in column end_use");
            continue;
        }
        out.by_end_use[*name] = v;
        if (const std::string* t = field(row, cur); t != nullptr && !t->empty()) out.currency = *t;
        if (const std::string* t = field(row, vintage); t != nullptr && !t->empty()) {
            int year = 0;
            const auto [end, ec] = std::from_chars(t->data(), t->data() + t->size(), year);
            if (ec != std::errc() || end != t->data() + t->size() || year < 1900 || year > 2200)
                d.add({f.path, row.line, row.fields[static_cast<std::size_t>(vintage)].column, ""},
                      "expected a price year between 1900 and 2200 in column vintage");
            else
                out.price_years.insert(year);
        }
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
    const Columns c{f};
    const int producer = c.find("producer"), country = c.find("country"), stage = c.find("stage"),
              ttr = c.find("ttr_days");
    if (ttr < 0 || (producer < 0 && stage < 0)) {
        d.add({path, f.header_line, 0, ""},
              "expected column ttr_days and a key: producer, or country and stage, or stage");
        throw InvalidInput(std::move(d));
    }
    for (const auto& row : f.rows) {
        double v = 0;
        if (!number(f, row, ttr, v, d)) continue;
        const std::string* p = field(row, producer);
        const std::string* co = field(row, country);
        const std::string* st = field(row, stage);
        if (p != nullptr && !p->empty())
            table.by_producer[*p] = v;
        else if (co != nullptr && !co->empty() && st != nullptr && !st->empty())
            table.by_country_stage[{*co, *st}] = v;
        else if (st != nullptr && !st->empty())
            table.by_stage[*st] = v;
        else
            d.add({path, row.line, 1, ""},
                  "a row needs a producer, a country and stage, or a stage");
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
}

}  // namespace critmin::plan
