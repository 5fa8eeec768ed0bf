#include "sim/mrio_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <utility>

#include "io/csv.h"
#include "io/csv_stream.h"

namespace critmin::sim {

using io::CsvField;
using io::CsvFile;
using io::CsvRow;
using io::read_csv;

namespace {

bool parse_number(std::string_view text, double& out) {
    const char* first = text.data();
    const char* last = first + text.size();
    if (first != last && *first == '+') ++first;
    const auto [end, ec] = std::from_chars(first, last, out);
    return ec == std::errc{} && end == last && std::isfinite(out);
}

bool parse_value(const CsvField& f, double& out) {
    return parse_number(f.text, out);
}

// A row of an EXIOBASE-size Z.csv (7,989 fields) takes about 20 KB; allow wide tables with long
// numbers.
constexpr std::size_t kMaxMatrixRowBytes = std::size_t{64} << 20;

Location whole_row(const io::CsvStream& in) {
    Location at = in.where(0);
    at.column = 0;
    return at;
}

// A matrix with two header lines; two label columns (region, sector) before the values. Read as
// a stream, parsing each value as it comes: holding the fields as strings took 3 GB for an
// EXIOBASE-size Z.csv of 162 MB (docs/benchmarks.md).
// `expected_rows` sizes the value array once (growing it by doubling copied and faulted in
// gigabytes at EXIOBASE size); a file with more rows still reads.
LabelledMatrix read_matrix(const std::string& path, Diagnostics& d, std::size_t expected_rows) {
    LabelledMatrix m;
    io::CsvStream in(path, d, kMaxMatrixRowBytes);
    std::vector<std::string> header;
    std::uint64_t header_line = 1;
    if (in.next()) {
        header.assign(in.fields().begin(), in.fields().end());
        header_line = in.line();
    }
    if (in.failed()) return m;
    const bool has_second = in.next();
    if (in.failed()) return m;
    if (header.size() < 3 || !has_second) {
        d.add({path, static_cast<std::uint32_t>(header_line), 0, ""},
              "expected a header `region,sector,<region of each column>` and a second header "
              "line with each column's sector or category");
        return m;
    }
    if (in.fields().size() != header.size()) {
        d.add(whole_row(in), fmt::format("the second header line has {} fields; the first has {}",
                                         in.fields().size(), header.size()));
        return m;
    }
    for (std::size_t c = 2; c < header.size(); ++c)
        m.cols.emplace_back(header[c], std::string(in.fields()[c]));
    if (expected_rows == 0) expected_rows = m.cols.size();  // Z is square
    // A header can claim any number of columns; every value takes two bytes of the file at least.
    std::error_code ec;
    const auto file_bytes = static_cast<std::size_t>(std::filesystem::file_size(path, ec));
    if (!ec && expected_rows <= file_bytes / 2 / std::max<std::size_t>(m.cols.size(), 1))
        m.values.reserve(expected_rows * m.cols.size());
    while (in.next()) {
        const auto& fields = in.fields();
        if (fields.size() != header.size()) {
            d.add(whole_row(in),
                  fmt::format("{} fields; the header has {}", fields.size(), header.size()));
            continue;
        }
        m.rows.emplace_back(std::string(fields[0]), std::string(fields[1]));
        for (std::size_t c = 2; c < fields.size(); ++c) {
            double v = 0;
            if (!parse_number(fields[c], v)) {
                d.add(in.where(c), fmt::format("`{}` is not a finite number", fields[c]));
            } else if (v < 0) {
                d.add(in.where(c),
                      fmt::format("{} is negative; flows must be zero or more", fields[c]));
            }
            m.values.push_back(v);
        }
    }
    return m;
}

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

}  // namespace

MrioTable assemble_mrio(const LabelledMatrix& z, const LabelledMatrix& y,
                        const std::string& z_source, const std::string& y_source, Diagnostics& d) {
    MrioTable t;
    std::vector<std::string> regions, sectors, categories;
    for (const auto& [r, s] : z.rows) {
        regions.push_back(r);
        sectors.push_back(s);
    }
    for (const auto& [r, k] : y.cols) categories.push_back(k);
    t.regions = sorted_unique(regions);
    t.sectors = sorted_unique(sectors);
    t.categories = sorted_unique(categories);
    const std::size_t n = t.n_industries();
    const std::size_t n_fd = t.n_final_columns();
    if (z.rows.size() != n || t.regions.empty()) {
        d.add({z_source, 0, 0, ""},
              fmt::format("{} rows for {} regions x {} sectors; every (region, sector) must have "
                          "exactly one row",
                          z.rows.size(), t.regions.size(), t.sectors.size()));
        return t;
    }
    std::map<std::pair<std::string, std::string>, std::size_t> industry;
    for (std::size_t i = 0; i < n; ++i)
        industry[{t.regions[i / t.sectors.size()], t.sectors[i % t.sectors.size()]}] = i;
    std::map<std::pair<std::string, std::string>, std::size_t> fd_column;
    for (std::size_t c = 0; c < n_fd; ++c)
        fd_column[{t.regions[c / t.categories.size()], t.categories[c % t.categories.size()]}] = c;

    // Position of each file row and column in the sorted order; a duplicate or unknown label
    // leaves a hole that is reported.
    auto place = [&](const std::vector<std::pair<std::string, std::string>>& labels,
                     const std::map<std::pair<std::string, std::string>, std::size_t>& index,
                     const std::string& path, const char* what) {
        std::vector<std::size_t> pos(labels.size());
        std::vector<bool> seen(index.size(), false);
        for (std::size_t k = 0; k < labels.size(); ++k) {
            const auto it = index.find(labels[k]);
            if (it == index.end() || seen[it->second]) {
                d.add({path, 0, 0, ""},
                      fmt::format("{} `{}|{}` is {}", what, labels[k].first, labels[k].second,
                                  it == index.end() ? "unknown" : "given twice"));
                pos[k] = 0;
                continue;
            }
            seen[it->second] = true;
            pos[k] = it->second;
        }
        return pos;
    };
    const auto z_rows = place(z.rows, industry, z_source, "row");
    const auto z_cols = place(z.cols, industry, z_source, "column");
    const auto y_rows = place(y.rows, industry, y_source, "row");
    const auto y_cols = place(y.cols, fd_column, y_source, "column");
    if (z.cols.size() != n)
        d.add({z_source, 1, 0, ""}, fmt::format("{} columns; expected {}", z.cols.size(), n));
    if (y.rows.size() != n)
        d.add({y_source, 0, 0, ""}, fmt::format("{} rows; expected {}", y.rows.size(), n));
    if (y.cols.size() != n_fd)
        d.add({y_source, 1, 0, ""},
              fmt::format("{} columns; expected {} (regions x categories)", y.cols.size(), n_fd));
    if (!d.empty()) return t;

    t.z.assign(n * n, 0.0);
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < n; ++c) t.z[z_rows[r] * n + z_cols[c]] = z.values[r * n + c];
    t.y.assign(n * n_fd, 0.0);
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < n_fd; ++c)
            t.y[y_rows[r] * n_fd + y_cols[c]] = y.values[r * n_fd + c];

    return t;
}

MrioTable read_mrio(const std::string& folder) {
    Diagnostics d;
    const std::string z_path = folder + "/Z.csv";
    const std::string y_path = folder + "/Y.csv";
    const std::string x_path = folder + "/x.csv";
    const LabelledMatrix z = read_matrix(z_path, d, 0);
    const LabelledMatrix y = read_matrix(y_path, d, z.rows.size());
    const CsvFile x_file = read_csv(x_path, d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    MrioTable t = assemble_mrio(z, y, z_path, y_path, d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    const std::size_t n = t.n_industries();
    std::map<std::pair<std::string, std::string>, std::size_t> industry;
    for (std::size_t i = 0; i < n; ++i)
        industry[{t.regions[i / t.sectors.size()], t.sectors[i % t.sectors.size()]}] = i;

    // x.csv: region,sector,<one value column>.
    t.x.assign(n, 0.0);
    std::vector<bool> seen(n, false);
    if (x_file.header.size() != 3) {
        d.add({x_path, x_file.header_line, 0, ""}, "expected the header `region,sector,indout`");
        throw InvalidInput(std::move(d));
    }
    for (const CsvRow& row : x_file.rows) {
        if (row.fields.size() != 3) {
            d.add({x_path, row.line, 0, ""}, "expected 3 fields: region, sector, output");
            continue;
        }
        const auto it = industry.find({row.fields[0].text, row.fields[1].text});
        if (it == industry.end() || seen[it->second]) {
            d.add({x_path, row.line, 1, ""},
                  fmt::format("industry `{}|{}` is {}", row.fields[0].text, row.fields[1].text,
                              it == industry.end() ? "not in Z.csv" : "given twice"));
            continue;
        }
        double v = 0;
        if (!parse_value(row.fields[2], v) || v < 0) {
            d.add({x_path, row.line, row.fields[2].column, ""},
                  fmt::format("`{}` is not a finite number of zero or more", row.fields[2].text));
            continue;
        }
        seen[it->second] = true;
        t.x[it->second] = v;
    }
    for (std::size_t i = 0; i < n; ++i)
        if (!seen[i])
            d.add({x_path, 0, 0, ""},
                  fmt::format("no output for industry `{}`", t.industry_label(i)));
    if (!d.empty()) throw InvalidInput(std::move(d));
    return t;
}

}  // namespace critmin::sim
