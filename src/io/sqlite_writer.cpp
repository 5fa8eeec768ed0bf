#include "io/sqlite_writer.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>

#include "core/error.h"

namespace critmin::io {

namespace fs = std::filesystem;

SqliteWriter::SqliteWriter(std::string path) : path_(std::move(path)) {
    // The run goes into the database itself, in one transaction: SQLite's lock serialises
    // writers (two runs into one file both land, issue 17 item 5), a reader sees the database
    // before or after the run, and a kill leaves a journal that the next opener rolls back; no
    // copy is left behind (item 8).
    std::error_code ec;
    created_ = !fs::exists(path_, ec);
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        const std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(ErrorKind::runtime, fmt::format("cannot open {}: {}", path_, msg));
    }
    try {
        // Waits for another writer's run (up to 10 minutes) instead of failing at once.
        sqlite3_busy_timeout(db_, 600000);
        exec("PRAGMA journal_mode=DELETE; BEGIN IMMEDIATE");
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        remove_if_created();
        throw;
    }
}

SqliteWriter::~SqliteWriter() {
    if (insert_ != nullptr) sqlite3_finalize(insert_);
    // Closing without COMMIT rolls the transaction back.
    if (db_ != nullptr) sqlite3_close(db_);
    if (!committed_) remove_if_created();
}

// A database this writer created and never committed to is empty: removed, so that a failed
// first run leaves nothing. One another process has written to since is kept.
void SqliteWriter::remove_if_created() {
    if (!created_) return;
    std::error_code ec;
    if (fs::exists(path_, ec) && fs::file_size(path_, ec) == 0 && !ec) fs::remove(path_, ec);
}

void SqliteWriter::check(int rc, const char* what) {
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
    throw Error(ErrorKind::runtime, fmt::format("results database {}: {} failed: {}", path_, what,
                                                sqlite3_errmsg(db_)));
}

void SqliteWriter::exec(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const std::string msg = err != nullptr ? err : "unknown error";
        sqlite3_free(err);
        throw Error(ErrorKind::runtime, fmt::format("results database {}: {}", path_, msg));
    }
}

void SqliteWriter::add_column_if_missing(const std::string& table, const std::string& column,
                                         const std::string& type) {
    sqlite3_stmt* query = nullptr;
    check(sqlite3_prepare_v2(db_, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", -1, &query,
                             nullptr),
          "prepare");
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(query, sqlite3_finalize);
    check(sqlite3_bind_text(query, 1, table.c_str(), -1, SQLITE_TRANSIENT), "bind");
    check(sqlite3_bind_text(query, 2, column.c_str(), -1, SQLITE_TRANSIENT), "bind");
    const int rc = sqlite3_step(query);
    check(rc, "step");
    if (rc == SQLITE_ROW) return;
    exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table, column, type));
}

void SqliteWriter::begin_insert(const std::string& table, const std::vector<std::string>& columns) {
    std::string names, marks;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        names += (i ? "," : "") + columns[i];
        marks += i ? ",?" : "?";
    }
    const std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", table, names, marks);
    check(sqlite3_prepare_v2(db_, sql.c_str(), -1, &insert_, nullptr), "prepare");
}

void SqliteWriter::add(const std::vector<SqlValue>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
        const int at = static_cast<int>(i) + 1;
        const SqlValue& v = row[i];
        if (std::holds_alternative<std::monostate>(v))
            check(sqlite3_bind_null(insert_, at), "bind");
        else if (const auto* n = std::get_if<std::int64_t>(&v))
            check(sqlite3_bind_int64(insert_, at, *n), "bind");
        else if (const auto* x = std::get_if<double>(&v))
            check(sqlite3_bind_double(insert_, at, *x), "bind");
        else {
            const std::string& s = std::get<std::string>(v);
            check(sqlite3_bind_text(insert_, at, s.c_str(), static_cast<int>(s.size()),
                                    SQLITE_TRANSIENT),
                  "bind");
        }
    }
    check(sqlite3_step(insert_), "insert");
    check(sqlite3_reset(insert_), "reset");
}

void SqliteWriter::end_insert() {
    sqlite3_finalize(insert_);
    insert_ = nullptr;
}

std::int64_t SqliteWriter::last_row_id() const {
    return sqlite3_last_insert_rowid(db_);
}

void SqliteWriter::commit() {
    if (insert_ != nullptr) end_insert();
    exec("COMMIT");
    check(sqlite3_close(db_), "close");
    db_ = nullptr;
    committed_ = true;
}

}  // namespace critmin::io

namespace critmin::io {

namespace {

// A database only read, with no write-ahead log beside it (its writer closed cleanly), is opened
// as immutable: SQLite then creates no -shm or -wal file next to it (issue 17, item 21). With a
// log present the log holds committed data, so it is opened normally.
std::string read_only_name(const std::string& path, int& flags) {
    std::error_code ec;
    if (std::filesystem::exists(path + "-wal", ec)) return path;
    flags |= SQLITE_OPEN_URI;
    std::string uri = "file:";
    for (const char c : path) {
        if (c == '%' || c == '?' || c == '#')
            uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
        else
            uri += c;
    }
    return uri + "?immutable=1";
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path, bool read_only) : path_(path) {
    int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const std::string name = read_only ? read_only_name(path, flags) : path;
    if (sqlite3_open_v2(name.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        const std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(ErrorKind::runtime, fmt::format("cannot open {}: {}", path, msg));
    }
    if (!read_only) exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
}

SqliteStore::~SqliteStore() {
    if (db_ != nullptr) sqlite3_close_v2(db_);
}

// A file that is not a database (or a damaged one) is the user's input, like any other unreadable
// input file: exit code 3. Other failures (disk full, locks) stay runtime errors.
[[noreturn]] void SqliteStore::fail(const std::string& message) const {
    const int code = sqlite3_errcode(db_);
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
        Diagnostics d;
        d.add({path_, 0, 0, ""}, fmt::format("not a readable database: {}", message));
        throw InvalidInput(std::move(d));
    }
    throw Error(ErrorKind::runtime, fmt::format("results database {}: {}", path_, message));
}

void SqliteStore::exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err != nullptr ? err : "unknown error";
        sqlite3_free(err);
        fail(msg);
    }
}

void SqliteStore::query(const std::string& sql, const std::vector<SqlValue>& params,
                        const std::function<void(const std::vector<SqlValue>&)>& row) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
        fail(sqlite3_errmsg(db_));
    // Finalised however the loop ends, also when `row` throws.
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(st, sqlite3_finalize);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int at = static_cast<int>(i) + 1;
        const SqlValue& v = params[i];
        if (const auto* n = std::get_if<std::int64_t>(&v))
            sqlite3_bind_int64(st, at, *n);
        else if (const auto* x = std::get_if<double>(&v))
            sqlite3_bind_double(st, at, *x);
        else if (const auto* s = std::get_if<std::string>(&v))
            sqlite3_bind_blob(st, at, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st, at);
    }
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        std::vector<SqlValue> values;
        for (int c = 0; c < sqlite3_column_count(st); ++c) {
            switch (sqlite3_column_type(st, c)) {
                case SQLITE_INTEGER:
                    values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(st, c)));
                    break;
                case SQLITE_FLOAT:
                    values.emplace_back(sqlite3_column_double(st, c));
                    break;
                case SQLITE_NULL:
                    values.emplace_back(std::monostate{});
                    break;
                default: {
                    const auto* p = static_cast<const char*>(sqlite3_column_blob(st, c));
                    values.emplace_back(
                        std::string(p != nullptr ? p : "",
                                    static_cast<std::size_t>(sqlite3_column_bytes(st, c))));
                }
            }
        }
        if (row) row(values);
    }
    if (rc != SQLITE_DONE) fail(sqlite3_errmsg(db_));
}

void SqliteStore::run(const std::string& sql, const std::vector<SqlValue>& params) {
    query(sql, params, nullptr);
}

}  // namespace critmin::io
