// Reading a whole JSON file: a missing or oversized file, or a syntax error, throws InvalidInput
// naming the file, line and column.
#pragma once

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"
#include "io/file.h"

namespace critmin::io {

template <typename JsonType = nlohmann::json>
[[nodiscard]] JsonType read_json_file(const std::string& path,
                                      std::size_t max_bytes = std::size_t{256} << 20) {
    Diagnostics d;
    std::string text;
    if (!read_text_file(path, text, max_bytes, d)) throw InvalidInput(std::move(d));
    try {
        return JsonType::parse(text);
    } catch (const typename JsonType::parse_error& e) {
        d.add(text_location(path, text, e.byte == 0 ? 0 : e.byte - 1),
              fmt::format("not valid JSON: {}", e.what()));
        throw InvalidInput(std::move(d));
    } catch (const typename JsonType::exception& e) {
        // A number too large for a double (2e308) and other values the parser cannot hold.
        d.add({path, 0, 0, ""}, fmt::format("not valid JSON: {}", e.what()));
        throw InvalidInput(std::move(d));
    }
}

}  // namespace critmin::io
