// The storage contract every backend implements: ordered byte keys -> byte values.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::kv {

/// Any failure of a backend that the caller cannot fix by retrying (cannot open, corrupt file,
/// I/O error). The message names the backend, the path and the underlying error text.
class StoreError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Longest key every backend accepts, in bytes: LMDB's default mdb_env_get_maxkeysize(). All
/// backends enforce it (and reject empty keys) so that code tested against the memory store
/// behaves the same on disk. Callers that build keys from unbounded input (file paths) must
/// shorten or hash those parts themselves.
inline constexpr size_t kMaxKeySize = 511;

/// Visitor for scans: called with each (key, value) in ascending byte order. The views are valid
/// only during the call (they may point into a memory map). Return false to stop the scan.
/// A visitor may read (get, nested scans, new snapshots) but must not commit to the same store:
/// every backend throws StoreError for that (LMDB could otherwise deadlock growing its map).
/// Collect the changes in a WriteBatch and commit after the scan. Exceptions propagate.
using ScanVisitor = std::function<bool(std::string_view key, std::string_view value)>;

/// A consistent, read-only view of the store as of the moment it was taken. Later commits are
/// invisible to it. Safe to use from any one thread at a time; take one snapshot per thread.
/// Keep snapshots short-lived: an LMDB reader pins the pages it sees.
class Snapshot {
public:
  virtual ~Snapshot() = default;

  /// The value stored under `key`, or nullopt when absent.
  virtual std::optional<std::string> get(std::string_view key) const = 0;

  /// Visits every key k with begin <= k < end in ascending byte order (memcmp order, shorter
  /// prefix first). An empty `end` means "to the last key".
  virtual void scan(std::string_view begin, std::string_view end, const ScanVisitor& visit) const = 0;

  /// Visits every key that starts with `prefix`, in ascending order.
  void scanPrefix(std::string_view prefix, const ScanVisitor& visit) const;
};

/// A list of mutations applied atomically, in order, by Store::commit. Plain data: building one
/// touches no storage and checks nothing; Store::commit validates the keys (1..kMaxKeySize bytes
/// for put/erase; any length for erasePrefix, where "" means every key).
class WriteBatch {
public:
  enum class Op { Put, Erase, ErasePrefix };
  struct Mutation {
    Op op;
    std::string key;   ///< the key, or the prefix for ErasePrefix
    std::string value; ///< only for Put
  };

  WriteBatch() = default;
  WriteBatch(const WriteBatch&) = default;
  WriteBatch& operator=(const WriteBatch&) = default;
  /// A moved-from batch is empty (bytes() included).
  WriteBatch(WriteBatch&& other) noexcept { *this = std::move(other); }
  WriteBatch& operator=(WriteBatch&& other) noexcept {
    if (this == &other) return *this;
    mutations_ = std::move(other.mutations_);
    bytes_ = other.bytes_;
    other.mutations_.clear();
    other.bytes_ = 0;
    return *this;
  }

  void put(std::string_view key, std::string_view value);
  /// Removes `key`; erasing an absent key is not an error.
  void erase(std::string_view key);
  /// Removes every key that starts with `prefix`.
  void erasePrefix(std::string_view prefix);

  /// Moves every mutation of `other` to the end of this batch.
  void append(WriteBatch&& other);
  /// Orders the mutations by key, keeping the order of those on one key (stable), so that a
  /// B-tree store applies them walking forward (measured on a 11 GB SQLite index: 3 M reverse
  /// edges in key order instead of per file). Does nothing when the batch holds an erasePrefix,
  /// whose place among the other keys' mutations matters.
  void sortByKey();

  const std::vector<Mutation>& mutations() const { return mutations_; }
  bool empty() const { return mutations_.empty(); }
  size_t size() const { return mutations_.size(); }
  /// Bytes of keys plus values (prefixes for ErasePrefix) held: what a commit writes, give or
  /// take the store's own overhead.
  size_t bytes() const { return bytes_; }

private:
  std::vector<Mutation> mutations_;
  size_t bytes_ = 0;
};

/// An ordered key/value store. Thread-safe: snapshots may be taken and read on any thread while
/// another thread commits. Commits are serialized; each one is all-or-nothing and durable when
/// commit() returns (a killed process leaves the previous or the new state, never a mix).
class Store {
public:
  virtual ~Store() = default;

  virtual std::unique_ptr<Snapshot> snapshot() const = 0;

  /// Applies `batch` atomically. Throws StoreError on failure, in which case nothing was applied;
  /// in particular a put/erase key that is empty or longer than kMaxKeySize bytes throws a
  /// StoreError naming the key (escaped, truncated) before anything is written.
  virtual void commit(const WriteBatch& batch) = 0;

  /// A pause in a long run of commits, at a moment when the caller holds no snapshot: lets the
  /// backend fold its write-ahead log back so that it cannot grow without bound while snapshots
  /// taken by several threads keep overlapping (SQLite: `wal_checkpoint(TRUNCATE)` without
  /// waiting for other readers; LMDB and memory: nothing to do). Never blocks on readers, never
  /// throws; a checkpoint that cannot complete now is simply left for later.
  virtual void checkpoint() {}

  /// Short backend name for logs and summaries: "lmdb", "sqlite", "memory".
  virtual std::string_view backendName() const = 0;

  /// Convenience: get() on a fresh snapshot.
  std::optional<std::string> get(std::string_view key) const { return snapshot()->get(key); }
};

/// The smallest key greater than every key starting with `prefix` ("" when there is none, i.e.
/// the prefix is all 0xFF bytes), for turning a prefix scan into a range scan.
std::string prefixEnd(std::string_view prefix);

/// An in-memory store (std::map under a mutex; snapshots copy-on-write) for tests.
std::unique_ptr<Store> openMemoryStore();

} // namespace sextant::kv
