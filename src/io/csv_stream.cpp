#include "io/csv_stream.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "io/csv.h"

namespace critmin::io {

namespace {
constexpr std::size_t kBlockBytes = std::size_t{4} << 20;
}  // namespace

CsvStream::CsvStream(const std::string& path, Diagnostics& diagnostics, std::size_t max_row_bytes)
    : path_(path), max_row_bytes_(max_row_bytes), diagnostics_(diagnostics) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        diagnostics_.add({path, 0, 0, ""}, "the file does not exist");
        failed_ = true;
        return;
    }
    if (!std::filesystem::is_regular_file(path, ec)) {
        diagnostics_.add({path, 0, 0, ""}, "this is not a regular file");
        failed_ = true;
        return;
    }
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) {
        diagnostics_.add({path, 0, 0, ""},
                         std::string("the file cannot be opened: ") + std::strerror(errno));
        failed_ = true;
    }
}

CsvStream::~CsvStream() {
    if (file_ != nullptr) std::fclose(file_);
}

void CsvStream::fail(std::uint64_t line, std::uint32_t column, std::string message) {
    diagnostics_.add(
        {path_, static_cast<std::uint32_t>(std::min<std::uint64_t>(line, UINT32_MAX)), column, ""},
        std::move(message));
    failed_ = true;
}

Location CsvStream::where(std::size_t field) const {
    const auto line = static_cast<std::uint32_t>(std::min<std::uint64_t>(row_line_, UINT32_MAX));
    return {path_, line, field < columns_.size() ? columns_[field] : 0, ""};
}

bool CsvStream::fill() {
    if (eof_ || file_ == nullptr) return false;
    buffer_.erase(0, pos_);
    pos_ = 0;
    const std::size_t old = buffer_.size();
    buffer_.resize(old + kBlockBytes);
    const std::size_t got = std::fread(buffer_.data() + old, 1, kBlockBytes, file_);
    buffer_.resize(old + got);
    if (got < kBlockBytes) eof_ = true;
    if (got == 0) return false;
    const std::string_view fresh(buffer_.data() + old, got);
    if (first_block_) {
        first_block_ = false;
        if (fresh.substr(0, 2) == "\xFF\xFE" || fresh.substr(0, 2) == "\xFE\xFF") {
            fail(1, 1, "the file is UTF-16 text; save it as UTF-8");
            return false;
        }
        if (fresh.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    }
    return true;
}

bool CsvStream::next() {
    while (!failed_) {
        fields_.clear();
        columns_.clear();
        quoted_.clear();
        unquoted_.clear();
        // Make sure a whole row is in the buffer: find its end outside quotes.
        std::size_t end = pos_;
        bool quoted = false;
        while (true) {
            if (end >= buffer_.size()) {
                const std::size_t scanned = end - pos_;
                if (!fill()) break;
                end = pos_ + scanned;
                continue;
            }
            const char c = buffer_[end];
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r'))
                break;
            ++end;
            if (end - pos_ > max_row_bytes_) {
                fail(line_, 1, fmt::format("a row is longer than {} bytes", max_row_bytes_));
                return false;
            }
        }
        if (failed_) return false;
        if (pos_ >= buffer_.size()) return false;  // end of file
        if (quoted) {
            fail(line_, 1, "a quoted field is not closed: the closing '\"' is missing");
            return false;
        }
        const std::string_view row(buffer_.data() + pos_, end - pos_);
        // Encoding is checked row by row, so a bad byte is reported on its own line.
        if (const std::size_t bad = find_invalid_utf8(row); bad != std::string_view::npos) {
            fail(line_, static_cast<std::uint32_t>(bad + 1),
                 row[bad] == '\0' ? "the file contains a NUL byte; is it a binary file?"
                                  : "the file is not valid UTF-8 text (save it as UTF-8)");
            return false;
        }
        row_line_ = line_;
        // Consume the line end.
        std::size_t after = end;
        if (after < buffer_.size() && buffer_[after] == '\r') ++after;
        if (after < buffer_.size() && buffer_[after] == '\n') ++after;
        std::uint64_t lines_in_row = 1;
        for (char c : row) lines_in_row += c == '\n' ? 1 : 0;
        line_ += lines_in_row;
        pos_ = after;
        if (row.empty()) continue;  // blank line
        // Split into fields.
        std::size_t i = 0;
        unquoted_.reserve(8);
        std::size_t line_start = 0;  // columns count from the last line break, as io/csv.h does
        while (true) {
            const auto column = static_cast<std::uint32_t>(i - line_start + 1);
            if (i < row.size() && row[i] == '"') {
                std::string text;
                std::size_t k = i + 1;
                while (k < row.size()) {
                    if (row[k] == '"') {
                        if (k + 1 < row.size() && row[k + 1] == '"') {
                            text += '"';
                            k += 2;
                            continue;
                        }
                        break;
                    }
                    text += row[k++];
                }
                ++k;  // closing quote
                if (const auto nl = row.substr(i, k - i).rfind('\n'); nl != std::string_view::npos)
                    line_start = i + nl + 1;
                if (k < row.size() && row[k] != ',') {
                    fail(row_line_, static_cast<std::uint32_t>(k + 1),
                         "unexpected character after a closing quote; expected ',' or the end "
                         "of the line");
                    return false;
                }
                unquoted_.push_back(std::move(text));
                fields_.emplace_back();  // filled below, once unquoted_ stops moving
                columns_.push_back(column);
                quoted_.push_back(true);
                i = k;
            } else {
                std::size_t k = row.find(',', i);
                if (k == std::string_view::npos) k = row.size();
                const std::string_view field = row.substr(i, k - i);
                if (field.find('"') != std::string_view::npos) {
                    fail(row_line_, static_cast<std::uint32_t>(i + field.find('"') + 1),
                         "a quote inside an unquoted field; quote the whole field and double the "
                         "inner quote (\"\")");
                    return false;
                }
                fields_.push_back(field);
                columns_.push_back(column);
                quoted_.push_back(false);
                i = k;
            }
            if (i >= row.size()) break;
            ++i;                    // the comma
            if (i == row.size()) {  // a trailing comma: one more empty field
                fields_.emplace_back();
                columns_.push_back(static_cast<std::uint32_t>(i - line_start + 1));
                quoted_.push_back(false);
                break;
            }
        }
        // Point the quoted fields at their unescaped text.
        std::size_t q = 0;
        for (std::size_t f = 0; f < fields_.size(); ++f)
            if (quoted_[f]) fields_[f] = unquoted_[q++];
        return true;
    }
    return false;
}

}  // namespace critmin::io
