// The graph core's facade: one workspace root, its store, and the operations on them (no LSP).
#pragma once

#include "graph/Indexer.h"
#include "kvstore/Store.h"

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <optional>
#include <span>
#include <string>

namespace sextant::graph {

/// Where the index of `root` lives when no folder is configured: `<root>/.sextant` when `root`
/// is writable, else `$XDG_CACHE_HOME/sextant/<name>-<XXH3-64 of the absolute root, hex>`
/// (`~/.cache` when XDG_CACHE_HOME is unset).
std::filesystem::path defaultIndexDir(const std::filesystem::path& root);

class Workspace {
public:
  /// Takes over `store`. When its `meta:schema` differs from keys::kSchemaVersion (another
  /// Sextant version wrote it), the store is emptied and the index will be rebuilt: never misread.
  /// `root` must be an absolute, existing folder.
  Workspace(std::filesystem::path root, std::unique_ptr<kv::Store> store);

  const std::filesystem::path& root() const { return root_; }
  kv::Store& store() { return *store_; }
  std::unique_ptr<kv::Snapshot> snapshot() const { return store_->snapshot(); }

  /// True when opening found an index of another schema (or an undecodable one) and emptied it.
  bool rebuilt() const { return rebuilt_; }

  /// indexWorkspace() on the root, leaving open documents (setOpen) to updateContent. An
  /// undecodable record met on the way empties the store and rebuilds once. One run at a time.
  IndexStats index(const IndexOptions& options = {});

  /// Marks `path` as open in an editor (its buffer is the truth) or closed again (which frees its
  /// kept parse tree).
  void setOpen(std::string_view path, bool open);

  /// Indexes an editor buffer for `path` (workspace-relative); 0 mutations when the content hash
  /// matches the index or the language is unsupported. Safe while index() runs on another
  /// thread: index() leaves open documents alone, and buffer updates are serialized.
  /// An open document (setOpen) keeps its last parse tree: `edits` are the byte edits, in order,
  /// that turned the content of the previous call into `content`, so that tree-sitter reparses
  /// only what changed; nullopt when unknown (just opened, replaced whole) parses from scratch.
  size_t updateContent(std::string_view path, std::string_view content,
                       std::optional<std::span<const parse::TextEdit>> edits = std::nullopt);

  /// Re-reads `path` from disk (after didClose or a change on disk); removes it from the index
  /// when it is gone or unreadable.
  size_t reloadFromDisk(std::string_view path);

  /// Stores the include folders of a (re-read) compilation database (storeIncludePaths); the
  /// C/C++ files it affects are then pending for link(). Returns the mutations committed.
  size_t updateCompileCommands(const std::vector<CompileCommand>& commands);

  /// Resolves what edits since the last run left stale (linkPending()); queries are right before
  /// it too (they resolve pending files on the spot), only slower. Runs with index() and
  /// reloadFromDisk() one at a time. An undecodable record rebuilds the index (index()).
  LinkStats link(const LinkOptions& options = {});
  /// Set by whoever queues a link() run, cleared when it starts: one queued run is enough.
  std::atomic<bool> linkScheduled{false};

  /// `absolute` relative to the root with '/' separators, or nullopt when it lies outside.
  std::optional<std::string> relativePath(const std::filesystem::path& absolute) const;

private:
  void resetStore();

  std::filesystem::path root_;
  std::unique_ptr<kv::Store> store_;
  std::mutex writeMutex_;     ///< one index() or reloadFromDisk() at a time
  std::mutex documentMutex_;  ///< one buffer update at a time; guards open_ and trees_
  std::set<std::string, std::less<>> open_;
  std::map<std::string, parse::DocumentTree, std::less<>> trees_; ///< last parse of each open document
  bool rebuilt_ = false;
};

} // namespace sextant::graph
