#include "io/csv.h"

#include <fmt/format.h>

#include "io/file.h"

namespace critmin::io {

std::size_t find_invalid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c == 0) return i;
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        const bool overlong =
            (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
        i += len;
    }
    return std::string_view::npos;
}

namespace {

class Parser {
  public:
    Parser(std::string_view text, const std::string& path, Diagnostics& diagnostics,
           const CsvLimits& limits)
        : text_(text), path_(path), diagnostics_(diagnostics), limits_(limits) {}

    CsvFile run() {
        CsvFile file;
        file.path = path_;
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
            pos_ = 3;
            column_ = 4;
        }
        bool have_header = false;
        while (pos_ < text_.size()) {
            CsvRow row;
            row.line = line_;
            if (!read_row(row)) break;
            const bool blank = row.fields.size() == 1 && row.fields[0].text.empty();
            if (blank) continue;  // blank lines carry no data
            if (!have_header) {
                file.header = std::move(row.fields);
                file.header_line = row.line;
                have_header = true;
            } else {
                file.rows.push_back(std::move(row));
            }
        }
        if (!have_header && !failed_) {
            diagnostics_.add({path_, 1, 1, ""}, "the file is empty; a header row is required");
        }
        return file;
    }

  private:
    void fail(std::uint32_t line, std::uint32_t column, std::string message) {
        diagnostics_.add({path_, line, column, ""}, std::move(message));
        failed_ = true;
    }

    void advance(char c) {
        ++pos_;
        if (c == '\n') {
            ++line_;
            column_ = 1;
        } else {
            ++column_;
        }
    }

    // Adds a character to a field; false (and a diagnostic) when the field grows past the limit.
    bool append(CsvField& field, char c, std::uint32_t field_line) {
        field.text += c;
        advance(c);
        if (field.text.size() <= limits_.max_field_bytes) return true;
        fail(field_line, field.column,
             fmt::format("a field is longer than {} bytes", limits_.max_field_bytes));
        return false;
    }

    // Reads one row; false when parsing must stop.
    bool read_row(CsvRow& row) {
        while (true) {
            CsvField field;
            field.column = column_;
            const std::uint32_t field_line = line_;
            if (pos_ < text_.size() && text_[pos_] == '"') {
                advance('"');
                bool closed = false;
                while (pos_ < text_.size()) {
                    const char c = text_[pos_];
                    if (c == '"') {
                        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
                            field.text += '"';
                            advance(c);
                            advance(c);
                            continue;
                        }
                        advance(c);
                        closed = true;
                        break;
                    }
                    if (!append(field, c, field_line)) return false;
                }
                if (!closed) {
                    fail(field_line, field.column,
                         "a quoted field is not closed: the closing '\"' is missing");
                    return false;
                }
                if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
                    text_[pos_] != '\r') {
                    fail(line_, column_,
                         "unexpected character after a closing quote; expected ',' or the end of "
                         "the line");
                    return false;
                }
            } else {
                while (pos_ < text_.size()) {
                    const char c = text_[pos_];
                    if (c == ',' || c == '\n' || c == '\r') break;
                    if (c == '"') {
                        fail(line_, column_,
                             "a quote inside an unquoted field; quote the whole field and double "
                             "the inner quote (\"\")");
                        return false;
                    }
                    if (!append(field, c, field_line)) return false;
                }
            }
            row.fields.push_back(std::move(field));
            if (row.fields.size() > limits_.max_fields_per_row) {
                fail(row.line, 1,
                     fmt::format("a row has more than {} fields", limits_.max_fields_per_row));
                return false;
            }
            if (pos_ >= text_.size()) return true;
            const char c = text_[pos_];
            if (c == ',') {
                advance(c);
                if (pos_ >= text_.size()) {  // a trailing comma at the end of the file
                    row.fields.push_back(CsvField{"", column_});
                    return true;
                }
                continue;
            }
            if (c == '\r') {
                advance(c);
                if (pos_ < text_.size() && text_[pos_] == '\n')
                    advance('\n');
                else {
                    // A bare carriage return (old Mac line end) counts as a line end.
                    ++line_;
                    column_ = 1;
                }
                return true;
            }
            advance(c);  // '\n'
            return true;
        }
    }

    std::string_view text_;
    const std::string& path_;
    Diagnostics& diagnostics_;
    const CsvLimits& limits_;
    std::size_t pos_ = 0;
    std::uint32_t line_ = 1;
    std::uint32_t column_ = 1;
    bool failed_ = false;
};

}  // namespace

CsvFile parse_csv(std::string_view text, const std::string& path, Diagnostics& diagnostics,
                  const CsvLimits& limits) {
    if (text.size() > limits.max_file_bytes) {
        diagnostics.add({path, 0, 0, ""},
                        fmt::format("the file is {} bytes, more than the limit of {} bytes",
                                    text.size(), limits.max_file_bytes));
        return CsvFile{path, {}, 1, {}};
    }
    if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF") {
        diagnostics.add({path, 1, 1, ""},
                        "the file is UTF-16 text; save it as UTF-8 (most spreadsheet programs "
                        "offer 'CSV UTF-8')");
        return CsvFile{path, {}, 1, {}};
    }
    const std::size_t bad = find_invalid_utf8(text);
    if (bad != std::string_view::npos) {
        const Location p = text_location(path, text, bad);
        diagnostics.add(p,
                        text[bad] == '\0'
                            ? std::string("the file contains a NUL byte; is it a binary file?")
                            : std::string("the file is not valid UTF-8 text (save it as UTF-8)"));
        return CsvFile{path, {}, 1, {}};
    }
    return Parser(text, path, diagnostics, limits).run();
}

CsvFile read_csv(const std::string& path, Diagnostics& diagnostics, const CsvLimits& limits) {
    std::string text;
    if (!read_text_file(path, text, limits.max_file_bytes, diagnostics)) {
        return CsvFile{path, {}, 1, {}};
    }
    return parse_csv(text, path, diagnostics, limits);
}

std::string csv_escape(std::string_view field) {
    if (field.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(field);
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

}  // namespace critmin::io
