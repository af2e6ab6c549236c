// Decoded per-file records shared across requests, keyed by content hash.
#pragma once

#include "graph/Model.h"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sextant::graph {

/// One file's decoded symbols or references (RecordCache keeps the two apart, so that a
/// request needing one does not decode the other). Immutable once published.
struct FileRecords {
  std::vector<SymbolRecord> symbols;
  std::vector<ReferenceRecord> references;
  /// Symbols half: the function-local symbols (parameters, locals) by name, as indexes into
  /// `symbols` (filled by indexLocals()).
  std::map<std::string, std::vector<uint32_t>, std::less<>> localsByName;
  /// References half: indexes into `references` by name, and of those with role Import
  /// (filled by indexReferences()).
  std::map<std::string, std::vector<uint32_t>, std::less<>> referencesByName;
  std::vector<uint32_t> importReferences;
};

/// Fills `records.referencesByName` and `records.importReferences` from `records.references`.
void indexReferences(FileRecords& records);

/// Fills `records.localsByName` from `records.symbols`: a symbol is local when its parent is a
/// function, method or constructor.
void indexLocals(FileRecords& records);

/// Which half of a file's records an entry holds.
enum class RecordKind : uint8_t { Symbols, References };

/// A process-wide least-recently-used cache of decoded FileRecords, keyed by workspace path and
/// the file's XXH3-128 content hash (FileRecord::hash). The records of one (path, hash) never
/// change, so an entry can never be stale: an edit changes the hash and so the key. Shared by
/// every Resolver, so a request reuses what earlier requests decoded instead of decoding
/// hundreds of files again. Thread-safe. The budget is in approximate bytes of decoded records.
class RecordCache {
public:
  explicit RecordCache(size_t budgetBytes);
  ~RecordCache();

  /// The cached records of (path, hash, kind), or null.
  std::shared_ptr<const FileRecords> find(const std::string& path, const ContentHash& hash, RecordKind kind);
  /// Publishes `records` for (path, hash, kind), evicting the least recently used entries beyond
  /// the budget; returns the entry now cached (an equal one may have been published meanwhile).
  std::shared_ptr<const FileRecords> insert(const std::string& path, const ContentHash& hash, RecordKind kind,
                                            std::shared_ptr<const FileRecords> records);
  /// Drops every entry (tests, and a rebuilt index).
  void clear();
  /// Approximate bytes cached now, and the budget.
  size_t bytes() const;
  size_t budget() const { return budget_; }

  /// The cache every Resolver uses: 256 MiB.
  static RecordCache& shared();

private:
  struct Impl;
  size_t budget_;
  std::unique_ptr<Impl> impl_;
};

/// Approximate heap bytes of `records` (for the budget).
size_t approximateBytes(const FileRecords& records);

} // namespace sextant::graph
