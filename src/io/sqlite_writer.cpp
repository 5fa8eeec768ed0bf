#include "io/sqlite_writer.h"

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "core/error.h"

namespace critmin::io {

namespace fs = std::filesystem;

SqliteWriter::SqliteWriter(std::string path) : path_(std::move(path)) {
    temp_ = fmt::format("{}.tmp-{}", path_, ::getpid());
    std::error_code ec;
    fs::remove(temp_, ec);
    if (fs::exists(path_)) {
        fs::copy_file(path_, temp_, fs::copy_options::overwrite_existing, ec);
        if (ec)
            throw Error(ErrorKind::runtime,
                        fmt::format("cannot copy {} to add a run: {}", path_, ec.message()));
    }
    if (sqlite3_open(temp_.c_str(), &db_) != SQLITE_OK) {
        const std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        fs::remove(temp_, ec);
        throw Error(ErrorKind::runtime, fmt::format("cannot create {}: {}", temp_, msg));
    }
    exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN");
}

SqliteWriter::~SqliteWriter() {
    if (insert_ != nullptr) sqlite3_finalize(insert_);
    if (db_ != nullptr) sqlite3_close(db_);
    if (!committed_) {
        std::error_code ec;
        fs::remove(temp_, ec);
    }
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
    exec("COMMIT");
    if (insert_ != nullptr) end_insert();
    check(sqlite3_close(db_), "close");
    db_ = nullptr;
    std::error_code ec;
    fs::rename(temp_, path_, ec);
    if (ec) {
        fs::remove(temp_, ec);
        throw Error(ErrorKind::runtime, fmt::format("cannot write {}: {}", path_, ec.message()));
    }
    committed_ = true;
}

}  // namespace critmin::io
