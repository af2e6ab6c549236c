// Store-to-store copy in bounded batches, checked by per-namespace counts and digests.
#include "graph/Migrate.h"

#include "graph/Verify.h"

#include <xxhash.h>

namespace sextant::graph {
namespace {

/// Folds one (key, value) into a running digest. Lengths go in too, so that moving bytes from a
/// key to its value changes the digest.
uint64_t fold(uint64_t digest, std::string_view key, std::string_view value) {
  uint64_t lengths[2] = {key.size(), value.size()};
  digest = XXH3_64bits_withSeed(lengths, sizeof lengths, digest);
  digest = XXH3_64bits_withSeed(key.data(), key.size(), digest);
  return XXH3_64bits_withSeed(value.data(), value.size(), digest);
}

} // namespace

IndexSummary summarizeIndex(const kv::Snapshot& snapshot) {
  IndexSummary summary;
  snapshot.scan("", "", [&](std::string_view k, std::string_view v) {
    NamespaceSummary& ns = summary[std::string(keyNamespace(k))];
    ++ns.keys;
    ns.digest = fold(ns.digest, k, v);
    return true;
  });
  return summary;
}

CopyResult copyStore(const kv::Snapshot& from, kv::Store& to, size_t batchKeys) {
  CopyResult result;
  kv::WriteBatch batch;
  batch.erasePrefix("");
  size_t inBatch = 0;
  // Commits happen inside the visitor of `from`, a different store, which the Store contract
  // allows (only committing to the store being scanned is forbidden).
  from.scan("", "", [&](std::string_view k, std::string_view v) {
    NamespaceSummary& ns = result.source[std::string(keyNamespace(k))];
    ++ns.keys;
    ns.digest = fold(ns.digest, k, v);
    batch.put(k, v);
    if (++inBatch >= batchKeys) {
      to.commit(batch);
      batch = kv::WriteBatch();
      inBatch = 0;
    }
    return true;
  });
  if (!batch.empty()) to.commit(batch);
  result.destination = summarizeIndex(*to.snapshot());
  return result;
}

} // namespace sextant::graph
