// Checks an index against the tree on disk and against itself: drift, orphaned keys, schema.
#pragma once

#include "kvstore/Store.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// The namespace of `key` as the key scheme (docs/storage.md) names it: "meta:", "file:",
/// "sym:d:", "sym:n:", "ref:f:", "ref:n:", "chunk:", "ast:", "cfg:", "check:", "ref:r:", "ref:t:", "calls:to:",
/// "link:", or, for a key
/// of no known namespace, everything up to and including its first ':' (the whole key when it
/// has none).
std::string_view keyNamespace(std::string_view key);

/// The workspace-relative path a key belongs to, for every per-file namespace (`file:`,
/// `sym:d:`, `sym:n:`, `ref:f:`, `ref:n:`, `chunk:`, `ast:`, `cfg:`, `ref:r:`; for `ref:t:` and
/// `calls:to:` the file whose references the key holds, not the target's); nullopt for `meta:` keys, unknown namespaces and
/// malformed keys. Paths may hold any byte but NUL (colons, spaces, newlines, UTF-8):
/// `chunk:<path>:<start>:<end>` is split at its last two ':' groups.
std::optional<std::string> pathOfKey(std::string_view key);

struct VerifyProblem {
  enum class Kind {
    Schema,        ///< meta:schema missing or not keys::kSchemaVersion
    Changed,       ///< the file on disk has another content hash than its file: record
    Added,         ///< an indexable file on disk has no file: record
    Deleted,       ///< a file: record whose file is gone (or no longer indexable) on disk
    Orphan,        ///< a key whose path has no file: record
    Dangling,      ///< a sym:n:, chunk: or cfg: key pointing at a missing sym:d: record
    Incomplete,    ///< a file's sym:d: count differs from its file: record's definition count
    Corrupt,       ///< a value that does not decode
  };
  Kind kind;
  std::string path;    ///< workspace-relative path, or the key (escaped) when it has no path
  std::string message; ///< one line, e.g. "changed on disk since indexing (content hash differs)"
};

struct VerifyOptions {
  /// Compare the index with the tree on disk (drift). Off: only the index's own consistency.
  bool checkDisk = true;
  /// Check the index's own consistency (schema, orphans, dangling, incomplete and corrupt
  /// records: a pass over every key). Off: only the drift between the file: records and the disk.
  /// checkStore and checkDisk report disjoint problems; both on is the sum of the two.
  bool checkStore = true;
  /// Files larger than this are not indexable (same default as IndexOptions::maxFileBytes).
  uint64_t maxFileBytes = uint64_t{8} << 20;
  /// Threads reading and hashing files for checkDisk; 0 = std::thread::hardware_concurrency().
  unsigned threads = 0;
};

struct VerifyReport {
  std::vector<VerifyProblem> problems; ///< sorted by path, then kind
  size_t filesIndexed = 0;             ///< file: records
  size_t filesOnDisk = 0;              ///< indexable files found by the walk (0 when !checkDisk)
  size_t keys = 0;                     ///< every key of the snapshot
  bool clean() const { return problems.empty(); }
};

/// Verifies `snapshot` (an index of the workspace `root`, absolute): the schema version; every
/// key of a per-file namespace belongs to a path with a `file:` record; every `sym:n:` and
/// `chunk:` entry points at an existing `sym:d:` record; each file's `sym:d:` count matches its
/// record; and, with options.checkDisk, that the files on disk (walkSources, same rules as the
/// indexer) are exactly the indexed ones with the same XXH3-128 content hashes (every file is
/// read and hashed: drift is decided by content, never by mtime). Keys of namespaces the scheme
/// does not define are not judged. Throws std::filesystem::filesystem_error when root cannot be
/// listed, kv::StoreError when the store fails. Reads only; safe while a writer commits (the
/// snapshot is consistent) but drift then reflects the snapshot's moment.
VerifyReport verifyIndex(const kv::Snapshot& snapshot, const std::filesystem::path& root,
                         const VerifyOptions& options = {});

/// "changed", "added", "deleted", "orphan", "dangling", "incomplete", "corrupt", "schema".
std::string_view problemKindName(VerifyProblem::Kind kind);

} // namespace sextant::graph
