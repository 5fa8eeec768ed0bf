#include "sim/firm_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <string_view>

#include "io/csv_stream.h"

namespace critmin::sim {

using io::CsvStream;

namespace {

// Past this many problems in one file the rest is not read: the first ones usually explain the
// others, and a million identical messages help nobody.
constexpr std::size_t kMaxProblemsPerFile = 100;

// String -> dense index, open addressing with linear probing. One table entry is 8 bytes and a
// key is stored once, in `keys`, so a million firm ids cost one string each and no node
// allocations (std::unordered_map would allocate a node per firm and chase a pointer per lookup).
class StringIndex {
  public:
    static constexpr std::uint32_t kMissing = std::numeric_limits<std::uint32_t>::max();

    [[nodiscard]] std::uint32_t find(std::string_view key) const {
        if (slots_.empty()) return kMissing;
        const std::size_t h = hash(key);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
            const std::uint32_t index = slots_[s];
            if (index == kMissing) return kMissing;
            if (tags_[s] == tag && keys_[index] == key) return index;
        }
    }

    // The index of `key`, adding it when it is new; `added` says which.
    std::uint32_t insert(std::string_view key, bool& added) {
        if ((keys_.size() + 1) * 2 > slots_.size()) grow();
        const std::size_t h = hash(key);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        std::size_t s = h & mask_;
        for (;; s = (s + 1) & mask_) {
            const std::uint32_t index = slots_[s];
            if (index == kMissing) break;
            if (tags_[s] == tag && keys_[index] == key) {
                added = false;
                return index;
            }
        }
        const auto index = static_cast<std::uint32_t>(keys_.size());
        keys_.emplace_back(key);
        slots_[s] = index;
        tags_[s] = tag;
        added = true;
        return index;
    }

    [[nodiscard]] std::size_t size() const { return keys_.size(); }
    std::vector<std::string>& keys() { return keys_; }

  private:
    static std::size_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

    void grow() {
        const std::size_t capacity = std::max<std::size_t>(64, slots_.size() * 2);
        slots_.assign(capacity, kMissing);
        tags_.assign(capacity, 0);
        mask_ = capacity - 1;
        for (std::uint32_t index = 0; index < keys_.size(); ++index) {
            const std::size_t h = hash(keys_[index]);
            std::size_t s = h & mask_;
            while (slots_[s] != kMissing) s = (s + 1) & mask_;
            slots_[s] = index;
            tags_[s] = static_cast<std::uint32_t>(h >> 32);
        }
    }

    std::vector<std::string> keys_;
    std::vector<std::uint32_t> slots_;  // index into keys_, kMissing = empty
    std::vector<std::uint32_t> tags_;   // high half of the key's hash, to skip most compares
    std::size_t mask_ = 0;
};

// A finite number; a leading '+' is accepted, as the MRIO reader does.
bool parse_number(std::string_view text, double& out) {
    const char* first = text.data();
    const char* last = first + text.size();
    if (first != last && *first == '+') ++first;
    const auto [end, ec] = std::from_chars(first, last, out);
    return ec == std::errc{} && end == last && end != first && std::isfinite(out);
}

// Reports problems of one file and says when to stop reading it.
class Problems {
  public:
    Problems(const std::string& path, Diagnostics& diagnostics)
        : path_(path), diagnostics_(diagnostics) {}

    void add(Location where, std::string message) {
        if (count_ < kMaxProblemsPerFile) diagnostics_.add(std::move(where), std::move(message));
        ++count_;
        if (count_ == kMaxProblemsPerFile)
            diagnostics_.add({path_, 0, 0, ""},
                             fmt::format("more than {} problems; the rest of the file was not "
                                         "checked",
                                         kMaxProblemsPerFile));
    }
    [[nodiscard]] bool too_many() const { return count_ >= kMaxProblemsPerFile; }
    [[nodiscard]] bool any() const { return count_ > 0; }

  private:
    const std::string& path_;
    Diagnostics& diagnostics_;
    std::size_t count_ = 0;
};

// Positions of the named columns in the header row (-1 when absent). False when a required
// column is missing or the file has no header; the reason is in `problems`.
bool read_header(CsvStream& s, std::initializer_list<std::string_view> names,
                 std::initializer_list<bool> required, std::vector<int>& position,
                 Problems& problems) {
    if (!s.next()) {
        if (!s.failed())
            problems.add({s.path(), 1, 1, ""}, "the file is empty; a header is needed");
        return false;
    }
    position.assign(names.size(), -1);
    const auto& fields = s.fields();
    for (std::size_t f = 0; f < fields.size(); ++f) {
        std::size_t c = 0;
        for (auto name : names) {
            if (fields[f] == name) {
                if (position[c] >= 0)
                    problems.add(s.where(f), fmt::format("column '{}' appears twice", name));
                else
                    position[c] = static_cast<int>(f);
            }
            ++c;
        }
    }
    bool ok = true;
    std::size_t c = 0;
    auto need = required.begin();
    for (auto name : names) {
        if (*need && position[c] < 0) {
            problems.add({s.path(), static_cast<std::uint32_t>(s.line()), 0, ""},
                         fmt::format("required column '{}' is missing", name));
            ok = false;
        }
        ++c;
        ++need;
    }
    return ok;
}

// Sorts the labels of an index and renumbers `codes` to match, so sector and region numbers do
// not depend on the order of the file.
std::vector<std::string> sort_labels(StringIndex& index, std::vector<std::uint32_t>& codes) {
    std::vector<std::string>& labels = index.keys();
    std::vector<std::uint32_t> order(labels.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return labels[a] < labels[b]; });
    std::vector<std::uint32_t> rank(labels.size());
    std::vector<std::string> sorted(labels.size());
    for (std::uint32_t r = 0; r < order.size(); ++r) {
        rank[order[r]] = r;
        sorted[r] = labels[order[r]];
    }
    for (auto& c : codes) c = rank[c];
    return sorted;
}

struct FirmLocations {
    std::vector<std::uint32_t> line;           // line of each firm's row in firms.csv
    std::vector<std::uint32_t> demand_column;  // column of its final_demand cell
};

void read_firms(const std::string& path, FirmTable& t, StringIndex& firms, FirmLocations& where,
                Diagnostics& diagnostics) {
    Problems problems(path, diagnostics);
    CsvStream s(path, diagnostics);
    std::vector<int> pos;
    if (!read_header(s, {"firm", "sector", "region", "final_demand"}, {true, true, false, true},
                     pos, problems))
        return;
    const std::size_t n_fields = s.fields().size();
    const auto c_firm = static_cast<std::size_t>(pos[0]);
    const auto c_sector = static_cast<std::size_t>(pos[1]);
    const int c_region = pos[2];
    const auto c_demand = static_cast<std::size_t>(pos[3]);
    StringIndex sectors, regions;
    bool added = false;
    const std::uint32_t no_region = pos[2] < 0 ? regions.insert(kNoRegion, added) : 0;
    while (!problems.too_many() && s.next()) {
        const auto& f = s.fields();
        if (f.size() != n_fields) {
            problems.add(s.where(0),
                         fmt::format("{} fields; the header has {}", f.size(), n_fields));
            continue;
        }
        if (f[c_firm].empty()) {
            problems.add(s.where(c_firm), "the firm id is empty");
            continue;
        }
        if (f[c_sector].empty()) {
            problems.add(s.where(c_sector), "the sector is empty");
            continue;
        }
        double demand = 0.0;
        if (!f[c_demand].empty() && !parse_number(f[c_demand], demand)) {
            problems.add(s.where(c_demand), fmt::format("final_demand '{}' is not a finite number",
                                                        f[c_demand].substr(0, 40)));
            continue;
        }
        if (demand < 0) {
            problems.add(s.where(c_demand),
                         fmt::format("final_demand {} is negative", f[c_demand]));
            continue;
        }
        const std::uint32_t index = firms.insert(f[c_firm], added);
        if (!added) {
            problems.add(s.where(c_firm), fmt::format("firm '{}' is given twice (first on line {})",
                                                      f[c_firm], where.line[index]));
            continue;
        }
        t.sector.push_back(sectors.insert(f[c_sector], added));
        std::uint32_t region = no_region;
        if (c_region >= 0) {
            const std::string_view cell = f[static_cast<std::size_t>(c_region)];
            region = regions.insert(cell.empty() ? std::string_view(kNoRegion) : cell, added);
        }
        t.region.push_back(region);
        t.final_demand.push_back(demand);
        where.line.push_back(static_cast<std::uint32_t>(s.line()));
        where.demand_column.push_back(s.where(c_demand).column);
    }
    if (!problems.any() && !s.failed() && firms.size() == 0)
        problems.add({path, 0, 0, ""}, "no firms: the table has a header and no rows");
    t.sectors = sort_labels(sectors, t.sector);
    t.regions = sort_labels(regions, t.region);
}

void read_edges(const std::string& path, FirmTable& t, const StringIndex& firms,
                Diagnostics& diagnostics) {
    Problems problems(path, diagnostics);
    CsvStream s(path, diagnostics);
    std::vector<int> pos;
    if (!read_header(s, {"supplier", "customer", "amount"}, {true, true, true}, pos, problems))
        return;
    const std::size_t n_fields = s.fields().size();
    const auto c_supplier = static_cast<std::size_t>(pos[0]);
    const auto c_customer = static_cast<std::size_t>(pos[1]);
    const auto c_amount = static_cast<std::size_t>(pos[2]);
    while (!problems.too_many() && s.next()) {
        const auto& f = s.fields();
        if (f.size() != n_fields) {
            problems.add(s.where(0),
                         fmt::format("{} fields; the header has {}", f.size(), n_fields));
            continue;
        }
        const std::uint32_t supplier = firms.find(f[c_supplier]);
        const std::uint32_t customer = firms.find(f[c_customer]);
        bool ok = true;
        if (supplier == StringIndex::kMissing) {
            problems.add(s.where(c_supplier),
                         fmt::format("unknown firm '{}' (not in the firm table)",
                                     f[c_supplier].substr(0, 80)));
            ok = false;
        }
        if (customer == StringIndex::kMissing) {
            problems.add(s.where(c_customer),
                         fmt::format("unknown firm '{}' (not in the firm table)",
                                     f[c_customer].substr(0, 80)));
            ok = false;
        }
        if (ok && supplier == customer) {
            problems.add(
                s.where(c_customer),
                fmt::format("firm '{}' supplies itself; own use is not an edge", f[c_customer]));
            ok = false;
        }
        double amount = 0.0;
        if (!parse_number(f[c_amount], amount)) {
            problems.add(s.where(c_amount), fmt::format("amount '{}' is not a finite number",
                                                        f[c_amount].substr(0, 40)));
            ok = false;
        } else if (amount < 0) {
            problems.add(s.where(c_amount),
                         fmt::format("amount {} is negative; flows are zero or more", f[c_amount]));
            ok = false;
        }
        if (!ok) continue;
        t.supplier.push_back(supplier);
        t.customer.push_back(customer);
        t.amount.push_back(amount);
    }
}

}  // namespace

FirmTable read_firm_network(const std::string& firms_path, const std::string& edges_path) {
    Diagnostics d;
    FirmTable t;
    StringIndex firms;
    FirmLocations where;
    read_firms(firms_path, t, firms, where, d);
    // Edges name firms, so they are checked only against a usable firm table.
    if (!d.empty()) throw InvalidInput(std::move(d));
    read_edges(edges_path, t, firms, d);
    if (!d.empty()) throw InvalidInput(std::move(d));
    t.ids = std::move(firms.keys());

    // A firm that buys but sells nothing would have zero output and infinite input coefficients.
    const std::size_t n = t.n_firms();
    std::vector<std::uint8_t> buys(n, 0), sells(n, 0);
    for (std::size_t e = 0; e < t.n_edges(); ++e) {
        if (t.amount[e] <= 0) continue;
        buys[t.customer[e]] = 1;
        sells[t.supplier[e]] = 1;
    }
    Problems problems(firms_path, d);
    for (std::size_t i = 0; i < n && !problems.too_many(); ++i) {
        if (buys[i] != 0 && sells[i] == 0 && t.final_demand[i] == 0)
            problems.add({firms_path, where.line[i], where.demand_column[i], ""},
                         fmt::format("firm '{}' buys inputs but sells nothing (no customer in "
                                     "the edge list and final_demand 0), so its output is zero",
                                     t.ids[i]));
    }
    if (!d.empty()) throw InvalidInput(std::move(d));
    return t;
}

}  // namespace critmin::sim
