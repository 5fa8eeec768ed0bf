#include "core/error.h"

#include <algorithm>
#include <tuple>

namespace critmin {

std::string Diagnostic::to_string() const {
    std::string out = where.file.empty() ? std::string("<input>") : where.file;
    if (where.line > 0) {
        out += ':' + std::to_string(where.line);
        if (where.column > 0) out += ':' + std::to_string(where.column);
    }
    out += ": error: ";
    if (!where.path.empty()) out += where.path + ": ";
    out += message;
    return out;
}

void Diagnostics::add(Location where, std::string message) {
    items_.push_back(Diagnostic{std::move(where), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> out = items_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column) <
               std::tie(b.where.file, b.where.line, b.where.column);
    });
    return out;
}

std::string Diagnostics::to_string() const {
    std::string out;
    for (const auto& d : sorted()) out += d.to_string() + '\n';
    return out;
}

InvalidInput::InvalidInput(Diagnostics diagnostics)
    : Error(ErrorKind::invalid_input, diagnostics.empty()
                                          ? std::string("invalid input")
                                          : diagnostics.items().front().to_string()),
      diagnostics_(std::move(diagnostics)) {}

std::pair<std::uint32_t, std::uint32_t> SourcePositions::find(std::string where) const {
    while (!where.empty()) {
        const auto it = at.find(where);
        if (it != at.end()) return it->second;
        const auto cut = where.find_last_of(".[");
        if (cut == std::string::npos) break;
        where.resize(cut);
    }
    return {0, 0};
}

}  // namespace critmin
