// Errors and diagnostics shared by every layer.
//
// Two channels, as in HiGHS: an exception (critmin::Error) says that a call could not do its job;
// a Diagnostics list collects every problem found in input data, so that a user sees all of
// them at once instead of fixing one per run.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace critmin {

// Exit codes of the command-line tool (docs/cli.md).
enum class ErrorKind : std::uint8_t {
    runtime = 1,        // the run failed for a reason that is not the user's input
    usage = 2,          // wrong flags or arguments
    invalid_input = 3,  // a file could not be read or its content is wrong
};

// Where a problem is: a file with a line and column, or a YAML path inside a file.
struct Location {
    std::string file;
    std::uint32_t line = 0;    // 1-based; 0 = whole file
    std::uint32_t column = 0;  // 1-based; 0 = whole line
    std::string path;          // YAML path such as "sources[2].year" (empty for CSV)
};

// Line and column (1-based) of each YAML path of a file ("export_controls[0].exporter"), so that
// a problem found after reading (a name the dataset does not know) still points at the file.
struct SourcePositions {
    std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> at;
    // `where` itself, or the nearest enclosing path that has a position ("a[2].b" -> "a[2]" ->
    // "a"); 0, 0 when none.
    [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> find(std::string where) const;
};

struct Diagnostic {
    Location where;
    std::string message;

    // "FILE:LINE:COLUMN: error: MESSAGE" (the form compilers use, so editors can jump to it).
    [[nodiscard]] std::string to_string() const;
};

class Diagnostics {
  public:
    void add(Location where, std::string message);
    void append(const Diagnostics& other);
    [[nodiscard]] bool empty() const { return items_.empty(); }
    [[nodiscard]] std::size_t size() const { return items_.size(); }
    [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
    // Sorted by file, line and column (stable: problems on one cell keep their order).
    [[nodiscard]] std::vector<Diagnostic> sorted() const;
    // All messages, one per line, sorted.
    [[nodiscard]] std::string to_string() const;

  private:
    std::vector<Diagnostic> items_;
};

class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    [[nodiscard]] ErrorKind kind() const { return kind_; }
    [[nodiscard]] int exit_code() const { return static_cast<int>(kind_); }

  private:
    ErrorKind kind_;
};

// Thrown when input data is wrong; carries every problem found.
class InvalidInput : public Error {
  public:
    explicit InvalidInput(Diagnostics diagnostics);
    [[nodiscard]] const Diagnostics& diagnostics() const { return diagnostics_; }

  private:
    Diagnostics diagnostics_;
};

}  // namespace critmin
