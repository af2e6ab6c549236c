// The distinct symbol names of an index, held in memory across requests for workspace/symbol.
#pragma once

#include "kvstore/Store.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// The names of the `sym:n:` index that at least one non-local symbol bears, each once, in key
/// (byte) order. workspace/symbol matches its query against these instead of scanning every
/// `sym:n:` key: the kernel holds about 10 million keys but a tenth as many names, and the scan
/// took 1.8 s per query.
class NameTable {
public:
  size_t size() const { return offsets_.size(); }
  std::string_view operator[](size_t i) const {
    uint32_t begin = offsets_[i];
    uint32_t end = i + 1 < offsets_.size() ? offsets_[i + 1] : static_cast<uint32_t>(bytes_.size());
    return std::string_view(bytes_).substr(begin, end - begin);
  }
  /// Which characters name `i` holds, as characterMask() computes it.
  uint64_t mask(size_t i) const { return masks_[i]; }
  /// Approximate heap bytes.
  size_t memoryBytes() const {
    return bytes_.capacity() + offsets_.capacity() * sizeof(uint32_t) + masks_.capacity() * sizeof(uint64_t);
  }

  /// One bit per character class of `text` (a–z case-folded, 0–9, `_`, anything else): a name
  /// can hold `query` as a subsequence only when mask(query) & ~mask(name) is 0, which rules out
  /// most names of an index without comparing them.
  static uint64_t characterMask(std::string_view text);

  /// Reads the names of `snapshot` (one scan of `sym:n:`). Throws kv::StoreError, CorruptValue.
  static NameTable build(const kv::Snapshot& snapshot);

  /// The table of `snapshot`, shared while its `meta:names` stamp (graph/Keys.h) stays the same:
  /// the first call after a change of names rebuilds it, later ones cost one read. The last few
  /// tables built are kept (one per workspace folder); an index without a stamp is read every
  /// time. Thread-safe. Throws kv::StoreError, CorruptValue.
  static std::shared_ptr<const NameTable> of(const kv::Snapshot& snapshot);

private:
  std::string bytes_;              ///< the names, back to back
  std::vector<uint32_t> offsets_;  ///< where each starts in bytes_
  std::vector<uint64_t> masks_;    ///< characterMask() of each
};

/// A fresh random value for `meta:names` (8 bytes).
std::string newNamesStamp();

/// Adds a fresh `meta:names` stamp to `batch` when it puts or erases a `sym:n:` key.
void stampNamesIfChanged(kv::WriteBatch& batch);

} // namespace sextant::graph
