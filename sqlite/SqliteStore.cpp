// The SQLite backend of kv::Store: one writer connection plus a small pool of snapshot readers.
#include "sqlite/SqliteStore.h"

#include "kvstore/BackendSupport.h"

#include <sqlite3.h>

#include <mutex>
#include <system_error>
#include <vector>

namespace sextant::kv {
namespace {

namespace fs = std::filesystem;

struct DbClose {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StmtFinalize {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbClose>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

constexpr int kBusyTimeoutMs = 5000;
constexpr int kSchemaVersion = 1;
constexpr size_t kMaxPooledReaders = 4;

[[noreturn]] void fail(sqlite3* db, const std::string& path, const std::string& what) {
  std::string msg = "sqlite: " + what + " failed for '" + path + "': ";
  msg += db ? sqlite3_errmsg(db) : "out of memory";
  if (db)
    msg += " (code " + std::to_string(sqlite3_extended_errcode(db)) + ")";
  throw StoreError(msg);
}

Db openDb(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(raw); // sqlite3_open_v2 hands out a handle even on failure; it must still be closed
  if (rc != SQLITE_OK)
    fail(db.get(), path, "open");
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

Stmt prepare(sqlite3* db, const std::string& path, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
    fail(db, path, std::string("prepare '") + sql + "'");
  return Stmt(raw);
}

void exec(sqlite3* db, const std::string& path, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    fail(db, path, sql);
}

// SQLITE_STATIC: the caller keeps the bytes alive until the statement is reset. A null pointer
// would bind SQL NULL instead of an empty blob, hence the "" fallback.
void bindBlob(sqlite3_stmt* s, int index, std::string_view bytes) {
  sqlite3_bind_blob(s, index, bytes.data() ? bytes.data() : "", static_cast<int>(bytes.size()), SQLITE_STATIC);
}

std::string_view columnBlob(sqlite3_stmt* s, int column) {
  const void* p = sqlite3_column_blob(s, column); // null for an empty blob
  return {p ? static_cast<const char*>(p) : "", static_cast<size_t>(sqlite3_column_bytes(s, column))};
}

// Runs one statement to completion (no rows expected).
void run(sqlite3* db, const std::string& path, sqlite3_stmt* s, const char* what) {
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  sqlite3_clear_bindings(s); // the bound bytes belong to the caller and die after this
  if (rc != SQLITE_DONE)
    fail(db, path, what);
}

// Resets and unbinds a statement when a use ends, also when a visitor throws. Uses a fresh
// statement when the cached one is still stepping (a scan nested inside another scan's visitor).
class StmtUse {
public:
  StmtUse(sqlite3* db, const std::string& path, sqlite3_stmt* cached, const char* sql) : stmt_(cached) {
    if (sqlite3_stmt_busy(cached)) {
      owned_ = prepare(db, path, sql);
      stmt_ = owned_.get();
    }
  }
  ~StmtUse() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StmtUse(const StmtUse&) = delete;
  StmtUse& operator=(const StmtUse&) = delete;
  sqlite3_stmt* get() const { return stmt_; }

private:
  Stmt owned_;
  sqlite3_stmt* stmt_;
};

constexpr const char* kGetSql = "SELECT value FROM kv WHERE key = ?1";
constexpr const char* kScanFromSql = "SELECT key, value FROM kv WHERE key >= ?1 ORDER BY key";
constexpr const char* kScanRangeSql = "SELECT key, value FROM kv WHERE key >= ?1 AND key < ?2 ORDER BY key";

// A read connection and its cached statements (declared after db, so finalized before it closes).
struct ReadConn {
  explicit ReadConn(const std::string& path)
      : db(openDb(path, SQLITE_OPEN_READWRITE)),
        get(prepare(db.get(), path, kGetSql)),
        scanFrom(prepare(db.get(), path, kScanFromSql)),
        scanRange(prepare(db.get(), path, kScanRangeSql)),
        pin(prepare(db.get(), path, "SELECT 1 FROM kv LIMIT 1")) {}
  Db db;
  Stmt get, scanFrom, scanRange, pin;
};

/// Upgrades the schema from version `from` to kSchemaVersion, inside the caller's write
/// transaction. Add one `case` per new version; never edit an old one.
void migrate(sqlite3* db, const std::string& path, int from) {
  if (from > kSchemaVersion)
    throw StoreError("sqlite: '" + path + "' has schema version " + std::to_string(from) +
                     ", newer than the " + std::to_string(kSchemaVersion) +
                     " this build knows; rebuild the index or upgrade Sextant");
  for (int v = from; v < kSchemaVersion; ++v) {
    switch (v) {
    case 0:
      exec(db, path, "CREATE TABLE IF NOT EXISTS kv(key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID");
      break;
    }
  }
  if (from != kSchemaVersion)
    exec(db, path, ("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
}

// Everything the store and its snapshots share; snapshots keep it alive past the Store.
struct State {
  explicit State(std::string p) : path(std::move(p)) {
    writer = openDb(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3* db = writer.get();
    // The first statements are where a garbage file shows up (SQLITE_NOTADB).
    {
      Stmt mode = prepare(db, path, "PRAGMA journal_mode=WAL");
      if (sqlite3_step(mode.get()) != SQLITE_ROW)
        fail(db, path, "PRAGMA journal_mode=WAL");
      std::string_view got = columnBlob(mode.get(), 0);
      if (got != "wal")
        throw StoreError("sqlite: '" + path + "' cannot use WAL journaling (got '" + std::string(got) + "')");
    }
    exec(db, path, "PRAGMA synchronous=NORMAL");
    // The writer's page cache, 64 MiB instead of SQLite's 2 MB: a large commit (a link round,
    // millions of reverse edges over a multi-GB index) otherwise spills and re-reads pages.
    exec(db, path, "PRAGMA cache_size=-65536");
    // IMMEDIATE so that two processes opening a fresh file do not both run the migration.
    exec(db, path, "BEGIN IMMEDIATE");
    try {
      Stmt version = prepare(db, path, "PRAGMA user_version");
      if (sqlite3_step(version.get()) != SQLITE_ROW)
        fail(db, path, "PRAGMA user_version");
      int from = sqlite3_column_int(version.get(), 0);
      version.reset();
      migrate(db, path, from);
      exec(db, path, "COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    put = prepare(db, path, "INSERT OR REPLACE INTO kv(key, value) VALUES(?1, ?2)");
    erase = prepare(db, path, "DELETE FROM kv WHERE key = ?1");
    eraseFrom = prepare(db, path, "DELETE FROM kv WHERE key >= ?1");
    eraseRange = prepare(db, path, "DELETE FROM kv WHERE key >= ?1 AND key < ?2");
  }

  std::unique_ptr<ReadConn> takeReader() {
    {
      std::lock_guard lock(poolMutex);
      if (!pool.empty()) {
        auto conn = std::move(pool.back());
        pool.pop_back();
        return conn;
      }
    }
    return std::make_unique<ReadConn>(path);
  }

  void returnReader(std::unique_ptr<ReadConn> conn) {
    std::lock_guard lock(poolMutex);
    if (pool.size() < kMaxPooledReaders)
      pool.push_back(std::move(conn));
  }

  std::string path;
  std::mutex writeMutex; // guards writer and its statements
  Db writer;
  Stmt put, erase, eraseFrom, eraseRange;
  std::mutex poolMutex;
  std::vector<std::unique_ptr<ReadConn>> pool;
};

class SqliteSnapshot final : public Snapshot {
public:
  explicit SqliteSnapshot(std::shared_ptr<State> state) : state_(std::move(state)), conn_(state_->takeReader()) {
    // BEGIN alone is lazy: the WAL read snapshot is pinned at the first read, so do one now.
    exec(db(), state_->path, "BEGIN");
    int rc = sqlite3_step(conn_->pin.get());
    sqlite3_reset(conn_->pin.get());
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      sqlite3_exec(db(), "ROLLBACK", nullptr, nullptr, nullptr);
      fail(db(), state_->path, "starting a read transaction");
    }
  }

  ~SqliteSnapshot() override {
    // A connection whose transaction did not end cleanly is dropped rather than reused.
    if (sqlite3_exec(db(), "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK)
      state_->returnReader(std::move(conn_));
  }

  std::optional<std::string> get(std::string_view key) const override {
    StmtUse use(db(), state_->path, conn_->get.get(), kGetSql);
    bindBlob(use.get(), 1, key);
    int rc = sqlite3_step(use.get());
    if (rc == SQLITE_DONE)
      return std::nullopt;
    if (rc != SQLITE_ROW)
      fail(db(), state_->path, "get");
    return std::string(columnBlob(use.get(), 0));
  }

  void scan(std::string_view begin, std::string_view end, const ScanVisitor& visit) const override {
    detail::ScanScope scope(state_.get());
    sqlite3_stmt* cached = end.empty() ? conn_->scanFrom.get() : conn_->scanRange.get();
    StmtUse use(db(), state_->path, cached, end.empty() ? kScanFromSql : kScanRangeSql);
    bindBlob(use.get(), 1, begin);
    if (!end.empty())
      bindBlob(use.get(), 2, end);
    int rc;
    while ((rc = sqlite3_step(use.get())) == SQLITE_ROW) {
      if (!visit(columnBlob(use.get(), 0), columnBlob(use.get(), 1)))
        return;
    }
    if (rc != SQLITE_DONE)
      fail(db(), state_->path, "scan");
  }

private:
  sqlite3* db() const { return conn_->db.get(); }

  std::shared_ptr<State> state_;
  std::unique_ptr<ReadConn> conn_;
};

class SqliteStore final : public Store {
public:
  explicit SqliteStore(std::shared_ptr<State> state) : state_(std::move(state)) {}

  std::unique_ptr<Snapshot> snapshot() const override { return std::make_unique<SqliteSnapshot>(state_); }

  void commit(const WriteBatch& batch) override {
    detail::checkBatch(batch, "sqlite");
    detail::checkNotInScan(state_.get(), "sqlite");
    if (batch.empty())
      return;
    State& s = *state_;
    sqlite3* db = s.writer.get();
    std::lock_guard lock(s.writeMutex);
    exec(db, s.path, "BEGIN IMMEDIATE");
    try {
      for (const auto& m : batch.mutations())
        apply(s, m);
      exec(db, s.path, "COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  void checkpoint() override {
    State& s = *state_;
    std::lock_guard lock(s.writeMutex);
    // TRUNCATE: copy every frame back and empty the -wal file (the WAL otherwise only restarts
    // when no reader uses it, which overlapping snapshots of several threads can prevent). Never
    // waiting: with a reader active (another process verifying, a server answering) it does what
    // it can without blocking, like PASSIVE, and the next checkpoint tries again.
    sqlite3_busy_timeout(s.writer.get(), 0);
    sqlite3_wal_checkpoint_v2(s.writer.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    sqlite3_busy_timeout(s.writer.get(), kBusyTimeoutMs);
  }

  std::string_view backendName() const override { return "sqlite"; }

private:
  static void apply(State& s, const WriteBatch::Mutation& m) {
    sqlite3* db = s.writer.get();
    switch (m.op) {
    case WriteBatch::Op::Put:
      bindBlob(s.put.get(), 1, m.key);
      bindBlob(s.put.get(), 2, m.value);
      run(db, s.path, s.put.get(), "put");
      break;
    case WriteBatch::Op::Erase:
      bindBlob(s.erase.get(), 1, m.key);
      run(db, s.path, s.erase.get(), "erase");
      break;
    case WriteBatch::Op::ErasePrefix: {
      // Blobs compare in memcmp order, so a prefix is the range [prefix, prefixEnd(prefix)).
      std::string end = prefixEnd(m.key);
      sqlite3_stmt* st = end.empty() ? s.eraseFrom.get() : s.eraseRange.get();
      bindBlob(st, 1, m.key);
      if (!end.empty())
        bindBlob(st, 2, end);
      run(db, s.path, st, "erasePrefix");
      break;
    }
    }
  }

  std::shared_ptr<State> state_;
};

} // namespace

std::unique_ptr<Store> openSqliteStore(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.has_parent_path()) {
    fs::create_directories(file.parent_path(), ec);
    if (ec)
      throw StoreError("sqlite: cannot create folder '" + file.parent_path().string() + "': " + ec.message());
  }
  return std::make_unique<SqliteStore>(std::make_shared<State>(file.string()));
}

} // namespace sextant::kv
