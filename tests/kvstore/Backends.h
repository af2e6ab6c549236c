// Test helper: one fixture type per kv::Store backend, for doctest TEST_CASE_TEMPLATE.
#pragma once

#include "kvstore/LmdbStore.h"
#include "kvstore/Store.h"
#include "sqlite/SqliteStore.h"
#include "tests/support/TempDir.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sextant::kv::test {
using sextant::test::TempDir;

/// Each fixture owns its storage location; open() may be called again to reopen the same data
/// (for the memory store that yields a new, empty store, so persistence tests skip it).
struct MemoryBackend {
  static constexpr std::string_view name = "memory";
  std::unique_ptr<Store> open() { return openMemoryStore(); }
};

struct LmdbBackend {
  static constexpr std::string_view name = "lmdb";
  TempDir dir{"lmdb"};
  LmdbOptions options;
  std::unique_ptr<Store> open() { return openLmdbStore(dir.path() / "index", options); }
};

struct SqliteBackend {
  static constexpr std::string_view name = "sqlite";
  TempDir dir{"sqlite"};
  std::unique_ptr<Store> open() { return openSqliteStore(dir.path() / "index.sqlite"); }
};

using KV = std::vector<std::pair<std::string, std::string>>;

/// Every (key, value) of scan(begin, end), in visiting order.
inline KV scanAll(const Snapshot& snap, std::string_view begin = {}, std::string_view end = {}) {
  KV out;
  snap.scan(begin, end, [&](std::string_view k, std::string_view v) {
    out.emplace_back(k, v);
    return true;
  });
  return out;
}

/// The keys scanPrefix(prefix) visits, in order.
inline std::vector<std::string> prefixKeys(const Snapshot& snap, std::string_view prefix) {
  std::vector<std::string> out;
  snap.scanPrefix(prefix, [&](std::string_view k, std::string_view) {
    out.emplace_back(k);
    return true;
  });
  return out;
}

/// Commits a single put.
inline void put(Store& store, std::string_view key, std::string_view value) {
  WriteBatch b;
  b.put(key, value);
  store.commit(b);
}

/// Builds a std::string from a literal that may contain NUL bytes.
template <size_t N> std::string bytes(const char (&s)[N]) { return std::string(s, N - 1); }

} // namespace sextant::kv::test
