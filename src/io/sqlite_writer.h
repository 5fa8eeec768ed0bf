// A small SQLite writer for results databases. Writes go into the database in one transaction
// that commit() ends, so a reader never sees a half-written run, a failed or killed run leaves the
// database as it was, and runs written at once by several processes all land (SQLite's lock).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace critmin::io {

using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

class SqliteWriter {
  public:
    // Opens `path` (created if it does not exist) and starts the transaction, waiting for another
    // writer's. Throws Error(runtime).
    explicit SqliteWriter(std::string path);
    ~SqliteWriter();
    SqliteWriter(const SqliteWriter&) = delete;
    SqliteWriter& operator=(const SqliteWriter&) = delete;

    void exec(const std::string& sql);
    // ALTER TABLE ADD COLUMN unless `table` has it: a database written by an older critmin
    // takes new runs without being rebuilt.
    void add_column_if_missing(const std::string& table, const std::string& column,
                               const std::string& type);
    // Prepares an INSERT for `table` with `columns`; then add() rows of the same width.
    void begin_insert(const std::string& table, const std::vector<std::string>& columns);
    void add(const std::vector<SqlValue>& row);
    void end_insert();
    [[nodiscard]] std::int64_t last_row_id() const;
    // Commits the transaction and closes the database.
    void commit();

  private:
    void check(int rc, const char* what);
    void remove_if_created();
    std::string path_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
    bool created_ = false, committed_ = false;
};

}  // namespace critmin::io

namespace critmin::io {

// A database written in place, in transactions: what a committed transaction wrote survives a
// crash or a kill (stress-test checkpoints). Throws Error(runtime) on failure.
class SqliteStore {
  public:
    explicit SqliteStore(const std::string& path, bool read_only = false);
    ~SqliteStore();
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;
    void exec(const std::string& sql);
    // Runs `sql` with `params` bound; calls `row` for each result row with its values.
    void query(const std::string& sql, const std::vector<SqlValue>& params,
               const std::function<void(const std::vector<SqlValue>&)>& row);
    void run(const std::string& sql, const std::vector<SqlValue>& params);

  private:
    [[noreturn]] void fail(const std::string& message) const;
    std::string path_;
    sqlite3* db_ = nullptr;
};

}  // namespace critmin::io
