// Private to kvstore/: move-only RAII handles over the LMDB C API and its one error translator.
#pragma once

#include "kvstore/Store.h"

#include <lmdb.h>
#include <sys/statvfs.h>

#include <cerrno>

#include <string>
#include <string_view>
#include <utility>

namespace sextant::kv::lmdb {

/// Thrown by check() for MDB_MAP_FULL: the writer answers it by doubling the map and retrying.
struct MapFull {};
/// Thrown by check() for MDB_MAP_RESIZED: another process grew the map; adopt its size, retry.
struct MapResized {};

/// LMDB reports a short write (what a full disk gives) as EIO, which reads like failing hardware:
/// for EIO and ENOSPC, says how much space the folder's file system has left, and that it is
/// full when under 1 MiB is. "" for other codes or when statvfs fails.
inline std::string diskSpaceHint(int rc, const std::string& path) {
  if (rc != EIO && rc != ENOSPC)
    return "";
  struct statvfs fs {};
  if (statvfs(path.c_str(), &fs) != 0)
    return "";
  unsigned long long freeBytes = static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize;
  if (freeBytes < (1ull << 20))
    return " (the disk holding the index is full: " + std::to_string(freeBytes / 1024) + " KiB free)";
  return " (" + std::to_string(freeBytes >> 20) + " MiB free on the disk holding the index)";
}

/// The one place LMDB return codes become C++ errors: 0 returns; MDB_MAP_FULL and
/// MDB_MAP_RESIZED throw the typed errors above; anything else throws StoreError
/// "lmdb: <op> failed for '<path>': <mdb_strerror>" (plus diskSpaceHint()). MDB_NOTFOUND is
/// not special here: callers that expect it test for it before calling check().
inline void check(int rc, const std::string& path, const char* op) {
  if (rc == MDB_SUCCESS)
    return;
  if (rc == MDB_MAP_FULL)
    throw MapFull{};
  if (rc == MDB_MAP_RESIZED)
    throw MapResized{};
  throw StoreError("lmdb: " + std::string(op) + " failed for '" + path + "': " + mdb_strerror(rc) +
                   diskSpaceHint(rc, path));
}

inline MDB_val toVal(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
inline std::string_view toView(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

/// An MDB_env and the folder it lives in (for error messages). Closing it requires that every
/// transaction has ended.
class Env {
public:
  /// mdb_env_create only; configure with get(), then open().
  explicit Env(std::string path) : path_(std::move(path)) {
    check(mdb_env_create(&env_), path_, "mdb_env_create");
  }
  ~Env() { mdb_env_close(env_); }
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  void open(unsigned flags, mdb_mode_t mode) {
    check(mdb_env_open(env_, path_.c_str(), flags, mode), path_, "mdb_env_open");
  }
  MDB_env* get() const { return env_; }
  const std::string& path() const { return path_; }

private:
  MDB_env* env_ = nullptr;
  std::string path_;
};

/// Shared part of the two transaction types: owns the handle, aborts it on destruction.
class Txn {
public:
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  Txn(Txn&& o) noexcept : env_(o.env_), txn_(std::exchange(o.txn_, nullptr)) {}
  Txn& operator=(Txn&& o) noexcept {
    if (this != &o) {
      abort();
      env_ = o.env_;
      txn_ = std::exchange(o.txn_, nullptr);
    }
    return *this;
  }
  ~Txn() { abort(); }

  void abort() noexcept {
    if (txn_)
      mdb_txn_abort(std::exchange(txn_, nullptr));
  }
  MDB_txn* get() const { return txn_; }
  const Env& env() const { return *env_; }

  /// The value under `key` (a view into the map, valid until the transaction ends or the map is
  /// remapped), or false when absent.
  bool get(MDB_dbi dbi, std::string_view key, MDB_val& value) const {
    MDB_val k = toVal(key);
    int rc = mdb_get(txn_, dbi, &k, &value);
    if (rc == MDB_NOTFOUND)
      return false;
    check(rc, env_->path(), "mdb_get");
    return true;
  }

protected:
  Txn(const Env& env, unsigned flags) : env_(&env) {
    check(mdb_txn_begin(env.get(), nullptr, flags, &txn_), env.path(), "mdb_txn_begin");
  }
  /// Hands the handle to a commit call; the destructor then has nothing to abort.
  MDB_txn* release() { return std::exchange(txn_, nullptr); }

private:
  const Env* env_;
  MDB_txn* txn_ = nullptr;
};

/// A read-only transaction (MDB_RDONLY); with MDB_NOTLS it may move between threads.
class ReadTxn : public Txn {
public:
  explicit ReadTxn(const Env& env) : Txn(env, MDB_RDONLY) {}
  /// Ends the transaction keeping the handles it opened (needed once after mdb_dbi_open).
  void commit() { check(mdb_txn_commit(release()), env().path(), "mdb_txn_commit"); }
};

/// The single write transaction; put/del exist only here, so writing through a ReadTxn does not
/// compile.
class WriteTxn : public Txn {
public:
  explicit WriteTxn(const Env& env) : Txn(env, 0) {}
  void put(MDB_dbi dbi, std::string_view key, std::string_view value) {
    MDB_val k = toVal(key), v = toVal(value);
    check(mdb_put(get(), dbi, &k, &v, 0), env().path(), "mdb_put");
  }
  /// Erasing an absent key is not an error.
  void del(MDB_dbi dbi, std::string_view key) {
    MDB_val k = toVal(key);
    int rc = mdb_del(get(), dbi, &k, nullptr);
    if (rc != MDB_NOTFOUND)
      check(rc, env().path(), "mdb_del");
  }
  /// Clears the handle before mdb_txn_commit, which frees the transaction even when it fails.
  void commit() { check(mdb_txn_commit(release()), env().path(), "mdb_txn_commit"); }
};

/// A cursor, closed on destruction; must not outlive its transaction or a remap.
class Cursor {
public:
  Cursor(const Txn& txn, MDB_dbi dbi) : env_(&txn.env()) {
    check(mdb_cursor_open(txn.get(), dbi, &cursor_), env_->path(), "mdb_cursor_open");
  }
  ~Cursor() { mdb_cursor_close(cursor_); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  /// mdb_cursor_get; false on MDB_NOTFOUND.
  bool get(MDB_val& key, MDB_val& value, MDB_cursor_op op) {
    int rc = mdb_cursor_get(cursor_, &key, &value, op);
    if (rc == MDB_NOTFOUND)
      return false;
    check(rc, env_->path(), "mdb_cursor_get");
    return true;
  }
  /// Positions at the first key >= `key` (MDB_SET_RANGE), or the first key when `key` is empty
  /// (LMDB rejects empty keys, so SET_RANGE cannot express "from the start").
  bool seek(std::string_view key, MDB_val& foundKey, MDB_val& value) {
    if (key.empty())
      return get(foundKey, value, MDB_FIRST);
    foundKey = toVal(key);
    return get(foundKey, value, MDB_SET_RANGE);
  }

protected:
  MDB_cursor* cursor_ = nullptr;
  const Env* env_;
};

/// A cursor of a write transaction, which may also delete.
class WriteCursor : public Cursor {
public:
  WriteCursor(WriteTxn& txn, MDB_dbi dbi) : Cursor(txn, dbi) {}
  /// Deletes the current item; the next MDB_NEXT then returns the item that followed it.
  void del() { check(mdb_cursor_del(cursor_, 0), env_->path(), "mdb_cursor_del"); }
};

} // namespace sextant::kv::lmdb
