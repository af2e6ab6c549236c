// Turns source files into graph records in the store, rewriting only what changed.
#pragma once

#include "graph/CompileCommands.h"
#include "graph/Linker.h"
#include "graph/Model.h"
#include "graph/SourceWalker.h"
#include "kvstore/Store.h"
#include "parsers/DocumentTree.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// Longest workspace-relative path indexed, in bytes: every key holding a path must stay within
/// kv::kMaxKeySize. Longer paths are skipped and reported.
inline constexpr size_t kMaxPathBytes = 400;

struct IndexProgress {
  size_t done = 0;   ///< files processed so far (reindexed + unchanged + skipped)
  size_t total = 0;  ///< files found by the walk
};

struct IndexOptions {
  unsigned threads = 0;                       ///< parser threads; 0 = std::thread::hardware_concurrency()
  uint64_t maxFileBytes = uint64_t{8} << 20;  ///< larger files are skipped ("too large")
  size_t batchFiles = 256;                    ///< files per store commit (each commit is atomic)
  /// A commit is made sooner once its files hold this many bytes of keys plus values: the
  /// pending batch and the store's write transaction (LMDB keeps its dirty pages on the heap)
  /// stay bounded when a run of files is huge (the kernel's generated AMD register headers).
  size_t batchBytes = size_t{64} << 20;
  /// Bytes of keys plus values committed between two pauses where every worker drops its
  /// snapshot and the store checkpoints (graph/CheckpointGate.h): bounds an SQLite WAL and lets
  /// LMDB reuse the pages the run frees.
  size_t checkpointBytes = size_t{1} << 30;
  using ProgressFn = std::function<void(const IndexProgress&)>;
  /// Called from worker threads (serialized), at most every ~100 ms and once at the end.
  ProgressFn progress;
  const std::atomic<bool>* cancel = nullptr;  ///< when set to true, stops after the current files
  /// Paths excluded by configuration: treated as absent (never indexed; removed when indexed).
  std::function<bool(std::string_view path)> exclude;
  /// Run linkPending() at the end (resolutions for queries); off, the `link:` markers stay for
  /// a later run (sextant --check, whose findings never read resolutions).
  bool link = true;
  /// Paths the run must neither index nor remove (documents open in an editor, whose buffer is
  /// indexed separately); called from worker threads, must be thread-safe.
  std::function<bool(std::string_view path)> skip;
  /// The workspace's compilation database (compile_commands.json, read by the caller): its
  /// include folders are stored for the resolver (storeIncludePaths). nullopt leaves the stored
  /// ones as they are; an empty list removes them.
  std::optional<std::vector<CompileCommand>> compileCommands;
};

/// Totals over every file in the index (not only the ones this run touched).
struct IndexTotals {
  std::map<Language, size_t> filesByLanguage;
  size_t files = 0, definitions = 0, references = 0, calls = 0;
  size_t filesWithSyntaxErrors = 0, syntaxErrors = 0;
};

struct IndexStats {
  size_t found = 0;       ///< supported files the walk found
  size_t reindexed = 0;   ///< files whose records were (re)written
  size_t unchanged = 0;   ///< files skipped because size+mtime or the XXH3-128 hash matched
  size_t removed = 0;     ///< files dropped from the index (deleted, now ignored, now binary…)
  size_t mutations = 0;   ///< key puts/erases committed; 0 on an unchanged tree
  std::vector<SkippedFile> skipped; ///< unreadable, binary or too large
  bool usedGit = false;
  bool cancelled = false;
  double seconds = 0;     ///< wall time of the whole run (linking included)
  LinkStats link;         ///< the linker's run over what changed (not run when cancelled)
  IndexTotals totals;
};

/// Walks `root` (walkSources), parses new and changed files on `threads` threads, and commits
/// their records to `store` in atomic batches of whole files: a killed process leaves every file
/// either fully old or fully new. Unchanged files (same size and mtime, or same content hash)
/// cost no writes; a changed file rewrites only the keys whose values differ. Files in the index
/// that the walk no longer finds are removed. Then, with options.link, linkPending() resolves the
/// references the changes affect (unless cancelled). Throws std::filesystem::filesystem_error when root
/// cannot be listed, kv::StoreError when the store fails.
IndexStats indexWorkspace(kv::Store& store, const std::filesystem::path& root, const IndexOptions& options = {});

/// Indexes one file's `content` (an editor buffer or a freshly read file) under `path`
/// (workspace-relative). Returns the number of mutations committed: 0 when the content hash
/// equals the indexed one (nothing is parsed then). With `tree` (the kept parse of an open
/// document, edited to match `content`) the parse is incremental and `tree` receives the new
/// one. Callers serialize writers of one path (read-modify-write).
size_t indexContent(kv::Store& store, std::string_view path, Language language, std::string_view content,
                    int64_t mtimeNs = 0, parse::DocumentTree* tree = nullptr);

/// Indexes `path` (workspace-relative) as it is on disk under `root`: like one file of
/// indexWorkspace, with the same size and binary checks; a missing, unreadable, binary or too
/// large file is removed from the index. Returns the number of mutations committed.
size_t indexFile(kv::Store& store, const std::filesystem::path& root, std::string_view path, Language language,
                 const IndexOptions& options = {});

/// Reads `file` into `content` exactly as the indexer does before parsing. False, with a
/// one-line reason in `why` ("unreadable: …", "too large: N bytes", "binary"), when the indexer
/// would skip it.
bool readIndexable(const std::filesystem::path& file, uint64_t maxBytes, std::string& content, std::string& why);

/// Removes every record of `path`. Returns the number of mutations committed.
size_t removeFile(kv::Store& store, std::string_view path);

/// Sums the `file:` records of a snapshot.
IndexTotals computeTotals(const kv::Snapshot& snapshot);

} // namespace sextant::graph
