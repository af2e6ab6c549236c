// Copies an index from one store to another (any backends) and proves the copy complete.
#pragma once

#include "kvstore/Store.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace sextant::graph {

/// Per namespace (keyNamespace(): "file:", "sym:d:", ...): how many keys, and an order-sensitive
/// XXH3-64 digest of every key and value, so that equal summaries mean equal contents.
struct NamespaceSummary {
  size_t keys = 0;
  uint64_t digest = 0;
  friend bool operator==(const NamespaceSummary&, const NamespaceSummary&) = default;
};
using IndexSummary = std::map<std::string, NamespaceSummary>;

/// Summarises every key of `snapshot` by namespace. Reads only.
IndexSummary summarizeIndex(const kv::Snapshot& snapshot);

struct CopyResult {
  IndexSummary source;      ///< of the snapshot that was copied
  IndexSummary destination; ///< of `to` after the copy, read back through a new snapshot
  bool complete() const { return source == destination; }
};

/// Replaces the contents of `to` with every key of `from`: erases `to`, then copies in commits
/// of at most `batchKeys` keys (a batch is atomic, the whole copy is not: callers copy into a
/// scratch store and switch to it only when complete() holds). Throws kv::StoreError when either
/// store fails. `from` must not be a snapshot of `to`.
CopyResult copyStore(const kv::Snapshot& from, kv::Store& to, size_t batchKeys = 20000);

} // namespace sextant::graph
