// SQLite-only behaviour of sqlite/SqliteStore.cpp: schema version, migration, corrupt files.
#include "tests/kvstore/Backends.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fstream>

using namespace sextant::kv;
using namespace sextant::kv::test;

namespace {

// Runs `sql` on a raw connection and returns the first column of the first row ("" if none).
std::string query(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

} // namespace

TEST_CASE("sqlite: a new file gets WAL, the kv table and user_version 1") {
  TempDir dir("sq-new");
  auto file = dir.path() / "sub" / "index.sqlite"; // the parent folder is created too
  put(*openSqliteStore(file), "k", "v");
  CHECK(query(file, "PRAGMA user_version") == "1");
  CHECK(query(file, "PRAGMA journal_mode") == "wal");
  CHECK(query(file, "SELECT sql FROM sqlite_master WHERE name = 'kv'").find("WITHOUT ROWID") != std::string::npos);
  CHECK(query(file, "SELECT typeof(key) || typeof(value) FROM kv") == "blobblob");
}

TEST_CASE("sqlite: a version-0 database is migrated") {
  TempDir dir("sq-migrate");
  auto file = dir.path() / "index.sqlite";
  query(file, "CREATE TABLE unrelated(x)"); // a valid database without our schema
  CHECK(query(file, "PRAGMA user_version") == "0");
  put(*openSqliteStore(file), "k", "v");
  CHECK(query(file, "PRAGMA user_version") == "1");
  CHECK(openSqliteStore(file)->get("k") == "v");
}

TEST_CASE("sqlite: a schema version newer than known is refused") {
  TempDir dir("sq-newer");
  auto file = dir.path() / "index.sqlite";
  put(*openSqliteStore(file), "k", "v");
  query(file, "PRAGMA user_version = 99");
  try {
    openSqliteStore(file);
    FAIL("opened a database from the future");
  } catch (const StoreError& e) {
    std::string msg = e.what();
    CHECK(msg.find("99") != std::string::npos);
    CHECK(msg.find("newer") != std::string::npos);
    CHECK(msg.find(file.string()) != std::string::npos);
  }
  CHECK(query(file, "PRAGMA user_version") == "99"); // left untouched
}

TEST_CASE("sqlite: a corrupt file is a StoreError, not a crash") {
  TempDir dir("sq-corrupt");
  auto file = dir.path() / "index.sqlite";
  {
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 2048; ++i)
      out << "not a database \xff\x00 ";
  }
  try {
    openSqliteStore(file);
    FAIL("opened garbage as a database");
  } catch (const StoreError& e) {
    std::string msg = e.what();
    CHECK(msg.find("sqlite") != std::string::npos);
    CHECK(msg.find(file.string()) != std::string::npos);
    CHECK(msg.find("not a database") != std::string::npos);
  }
}

TEST_CASE("sqlite: two Store objects on one file see each other's commits") {
  TempDir dir("sq-two");
  auto file = dir.path() / "index.sqlite";
  auto a = openSqliteStore(file);
  auto b = openSqliteStore(file);
  put(*a, "from-a", "1");
  CHECK(b->get("from-a") == "1");
  auto aSnap = a->snapshot();
  put(*b, "from-b", "2");
  CHECK(a->get("from-b") == "2");
  CHECK_FALSE(aSnap->get("from-b").has_value());
}
