// The LMDB backend of kv::Store: one shared environment per folder and process, growing its map.
#include "kvstore/LmdbStore.h"

#include <sys/stat.h>
#include <cerrno>
#include <cstring>

#include "kvstore/BackendSupport.h"
#include "kvstore/Lmdb.h"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <system_error>

namespace sextant::kv {
namespace {

namespace fs = std::filesystem;

// mdb_env_set_mapsize munmaps and mmaps again, possibly at another address, so nothing may be
// reading the map meanwhile. Readers hold this guard only for the duration of one call (begin,
// get, scan, abort), never for a snapshot's lifetime: an idle read transaction keeps no pointer
// into the map (pages are located from env->me_map on every access), so long-lived snapshots do
// not block growth. A thread that already holds the guard re-enters without waiting, so a scan
// visitor may call get() or take another snapshot while a resize is pending.
class MapGuard {
public:
  void lockShared() {
    std::unique_lock lock(mutex_);
    if (!heldByThisThread())
      cv_.wait(lock, [&] { return !pending_ && !remapping_; });
    ++readers_;
    held().push_back(this);
  }

  void unlockShared() {
    std::lock_guard lock(mutex_);
    held().erase(std::find(held().begin(), held().end(), this));
    if (--readers_ == 0)
      cv_.notify_all();
  }

  // Callers hold the commit mutex, so at most one thread is ever pending or remapping.
  void lockExclusive() {
    std::unique_lock lock(mutex_);
    pending_ = true;
    cv_.wait(lock, [&] { return readers_ == 0; });
    pending_ = false;
    remapping_ = true;
  }

  void unlockExclusive() {
    std::lock_guard lock(mutex_);
    remapping_ = false;
    cv_.notify_all();
  }

  bool heldByThisThread() const { return std::find(held().begin(), held().end(), this) != held().end(); }

private:
  static std::vector<const MapGuard*>& held() {
    thread_local std::vector<const MapGuard*> guards;
    return guards;
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  int readers_ = 0;
  bool pending_ = false;
  bool remapping_ = false;
};

struct SharedMap {
  explicit SharedMap(MapGuard& g) : guard(g) { guard.lockShared(); }
  ~SharedMap() { guard.unlockShared(); }
  SharedMap(const SharedMap&) = delete;
  SharedMap& operator=(const SharedMap&) = delete;
  MapGuard& guard;
};

struct ExclusiveMap {
  explicit ExclusiveMap(MapGuard& g) : guard(g) { guard.lockExclusive(); }
  ~ExclusiveMap() { guard.unlockExclusive(); }
  ExclusiveMap(const ExclusiveMap&) = delete;
  ExclusiveMap& operator=(const ExclusiveMap&) = delete;
  MapGuard& guard;
};

// One per folder and process, shared by every Store and Snapshot on it: LMDB forbids opening
// the same environment twice in one process (closing one would drop the other's file locks).
struct EnvState {
  EnvState(const std::string& path, const LmdbOptions& options) : env(path) {
    check(mdb_env_set_mapsize(env.get(), options.initialMapSize), "mdb_env_set_mapsize");
    check(mdb_env_set_maxreaders(env.get(), options.maxReaders), "mdb_env_set_maxreaders");
    // MDB_NOTLS: reader slots belong to transactions, not threads, so snapshots may be handed to
    // worker threads. Default sync flags: commits are durable when commit() returns.
    env.open(MDB_NOTLS, 0644);
    int dead = 0;
    check(mdb_reader_check(env.get(), &dead), "mdb_reader_check");
    int maxKey = mdb_env_get_maxkeysize(env.get());
    if (maxKey < 0 || static_cast<size_t>(maxKey) < kMaxKeySize)
      throw StoreError("lmdb: '" + path + "' supports keys of only " + std::to_string(maxKey) +
                       " bytes; Sextant needs " + std::to_string(kMaxKeySize));
    lmdb::ReadTxn txn(env);
    check(mdb_dbi_open(txn.get(), nullptr, 0, &dbi), "mdb_dbi_open");
    txn.commit();
  }

  void check(int rc, const char* op) const { lmdb::check(rc, env.path(), op); }

  size_t mapSize() const {
    MDB_envinfo info;
    check(mdb_env_info(env.get(), &info), "mdb_env_info");
    return info.me_mapsize;
  }

  // Both resizes run with commitMutex held (no write transaction in this process) and the map
  // guard exclusive (no call reading the map).
  void growMap() {
    size_t next = mapSize() * 2;
    ExclusiveMap lock(guard);
    check(mdb_env_set_mapsize(env.get(), next), "mdb_env_set_mapsize (growing the map)");
  }
  void adoptMapSize() {
    ExclusiveMap lock(guard);
    check(mdb_env_set_mapsize(env.get(), 0), "mdb_env_set_mapsize (adopting another process's size)");
  }

  lmdb::Env env;
  MDB_dbi dbi = 0;
  std::mutex commitMutex;
  MapGuard guard;
};

// A resize that keeps failing means something other than "map too small" is wrong; the bound
// turns a livelock into an error. 40 doublings from 1 MiB exceed any address space.
constexpr int kMaxRetries = 40;

class LmdbSnapshot final : public Snapshot {
public:
  explicit LmdbSnapshot(std::shared_ptr<EnvState> state) : state_(std::move(state)) {
    for (int attempt = 0;; ++attempt) {
      {
        SharedMap lock(state_->guard);
        try {
          txn_.emplace(state_->env);
          return;
        } catch (const lmdb::MapResized&) {
        }
      }
      if (state_->guard.heldByThisThread())
        throw StoreError("lmdb: '" + state_->env.path() +
                         "' was grown by another process while this thread is inside a scan; "
                         "take the snapshot after the scan");
      if (attempt == kMaxRetries)
        throw StoreError("lmdb: '" + state_->env.path() + "': map keeps being resized; giving up");
      std::lock_guard commit(state_->commitMutex);
      state_->adoptMapSize();
    }
  }

  ~LmdbSnapshot() override {
    SharedMap lock(state_->guard);
    txn_.reset();
  }

  std::optional<std::string> get(std::string_view key) const override {
    if (key.empty() || key.size() > kMaxKeySize)
      return std::nullopt; // commit() never stores such keys, and LMDB would reject the lookup
    SharedMap lock(state_->guard);
    MDB_val value;
    if (!txn_->get(state_->dbi, key, value))
      return std::nullopt;
    return std::string(lmdb::toView(value)); // copy out: the view dies with the txn or a remap
  }

  void scan(std::string_view begin, std::string_view end, const ScanVisitor& visit) const override {
    SharedMap lock(state_->guard);
    detail::ScanScope scope(state_.get());
    lmdb::Cursor cursor(*txn_, state_->dbi);
    MDB_val k, v;
    // A begin longer than any storable key cannot be passed to SET_RANGE; seek its storable
    // prefix instead and skip the keys below begin.
    bool found = cursor.seek(begin.substr(0, kMaxKeySize), k, v);
    for (; found; found = cursor.get(k, v, MDB_NEXT)) {
      std::string_view key = lmdb::toView(k);
      if (!end.empty() && key >= end)
        break;
      if (key < begin)
        continue;
      if (!visit(key, lmdb::toView(v)))
        break;
    }
  }

private:
  std::shared_ptr<EnvState> state_;
  std::optional<lmdb::ReadTxn> txn_;
};

class LmdbStore final : public Store {
public:
  explicit LmdbStore(std::shared_ptr<EnvState> state) : state_(std::move(state)) {}

  std::unique_ptr<Snapshot> snapshot() const override { return std::make_unique<LmdbSnapshot>(state_); }

  void commit(const WriteBatch& batch) override {
    detail::checkBatch(batch, "lmdb");
    detail::checkNotInScan(state_.get(), "lmdb");
    if (batch.empty())
      return;
    std::lock_guard lock(state_->commitMutex);
    for (int attempt = 0;; ++attempt) {
      // The write transaction lives inside apply(), so it is aborted before any resize.
      try {
        apply(batch);
        return;
      } catch (const lmdb::MapFull&) {
        if (attempt == kMaxRetries)
          throw StoreError("lmdb: '" + state_->env.path() + "': map full after " +
                           std::to_string(kMaxRetries) + " doublings");
        state_->growMap();
      } catch (const lmdb::MapResized&) {
        if (attempt == kMaxRetries)
          throw StoreError("lmdb: '" + state_->env.path() + "': map keeps being resized; giving up");
        state_->adoptMapSize();
      }
    }
  }

  std::string_view backendName() const override { return "lmdb"; }

private:
  void apply(const WriteBatch& batch) {
    lmdb::WriteTxn txn(state_->env);
    for (const auto& m : batch.mutations()) {
      switch (m.op) {
      case WriteBatch::Op::Put:
        txn.put(state_->dbi, m.key, m.value);
        break;
      case WriteBatch::Op::Erase:
        txn.del(state_->dbi, m.key);
        break;
      case WriteBatch::Op::ErasePrefix:
        erasePrefix(txn, m.key);
        break;
      }
    }
    txn.commit();
  }

  void erasePrefix(lmdb::WriteTxn& txn, std::string_view prefix) {
    if (prefix.size() > kMaxKeySize)
      return; // no stored key is that long
    lmdb::WriteCursor cursor(txn, state_->dbi);
    MDB_val k, v;
    // After a delete the cursor already stands on the following item and MDB_NEXT returns it.
    for (bool found = cursor.seek(prefix, k, v); found && lmdb::toView(k).starts_with(prefix);
         found = cursor.get(k, v, MDB_NEXT))
      cursor.del();
  }

  std::shared_ptr<EnvState> state_;
};

// Process-wide table of open environments, keyed by canonical folder and its inode. Leaked on purpose so that
// a Store destroyed during static destruction still finds it.
struct Registry {
  struct Entry {
    std::weak_ptr<EnvState> state;
    pid_t pid; // after fork() the child must open its own environment, never the parent's
  };
  std::mutex mutex;
  std::condition_variable closed;
  std::map<std::string, Entry> entries;
};

Registry& registry() {
  static Registry* r = new Registry;
  return *r;
}

std::shared_ptr<EnvState> openShared(const std::string& key, const std::string& path, const LmdbOptions& options) {
  Registry& reg = registry();
  std::unique_lock lock(reg.mutex);
  for (;;) {
    auto it = reg.entries.find(key);
    if (it == reg.entries.end() || it->second.pid != getpid())
      break;
    if (auto state = it->second.state.lock())
      return state;
    // The last owner is closing it right now; opening a second MDB_env before that close
    // finishes would lose our file locks when it does.
    reg.closed.wait(lock);
  }
  auto fresh = std::make_unique<EnvState>(path, options);
  pid_t pid = getpid();
  std::shared_ptr<EnvState> state(fresh.release(), [key, pid](EnvState* s) {
    Registry& r = registry();
    std::lock_guard l(r.mutex);
    auto it = r.entries.find(key);
    if (it != r.entries.end() && it->second.pid == pid)
      r.entries.erase(it);
    delete s; // mdb_env_close under the registry lock, see the wait above
    r.closed.notify_all();
  });
  try {
    reg.entries[key] = Registry::Entry{state, pid};
  } catch (...) {
    lock.unlock(); // `state` dies during unwinding and its deleter takes the registry lock
    throw;
  }
  return state;
}

} // namespace

std::unique_ptr<Store> openLmdbStore(const std::filesystem::path& dir, const LmdbOptions& options) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw StoreError("lmdb: cannot open '" + dir.string() + "': it exists and is not a directory");
  fs::create_directories(dir, ec);
  if (ec)
    throw StoreError("lmdb: cannot create folder '" + dir.string() + "': " + ec.message());
  fs::path canonical = fs::canonical(dir, ec);
  if (ec)
    throw StoreError("lmdb: cannot resolve folder '" + dir.string() + "': " + ec.message());
  // The folder's identity is part of the key: a folder deleted and created again under the same
  // name (while the old environment still maps the unlinked files) needs an environment of its own.
  struct stat st {};
  if (::stat(canonical.c_str(), &st) != 0)
    throw StoreError("lmdb: cannot stat folder '" + canonical.string() + "': " + std::strerror(errno));
  std::string key = canonical.string() + '\0' + std::to_string(st.st_dev) + ':' + std::to_string(st.st_ino);
  auto state = openShared(key, canonical.string(), options);
  return std::make_unique<LmdbStore>(std::move(state));
}

} // namespace sextant::kv
