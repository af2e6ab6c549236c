// The workspace folders a server serves (LSP 3.17 "workspaceFolders"): one graph::Workspace
// each, and which folder a document belongs to.
#pragma once

#include "graph/Workspace.h"
#include "lsp/StoreFactory.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sextant::lsp {

/// One served folder. Only the io thread reads or writes its members; writer-thread jobs take
/// copies (the workspace pointer, the cancel flag) when they are posted.
struct Folder {
  std::filesystem::path root;                  ///< absolute, lexically normal, no trailing '/'
  /// Replaced when the index folder is rebuilt; shared so that writer jobs keep the one they
  /// were posted for alive.
  std::shared_ptr<graph::Workspace> workspace; ///< never null while the folder is served
  std::filesystem::path indexDir;
  Backend backend = Backend::Lmdb;
  bool persistent = false;                     ///< the index lives on disk (not the in-memory fallback)
  bool rebuilding = false;                     ///< ensureIndexPresent's rebuild is under way
  std::vector<std::string> excludes;           ///< initializationOptions.excludes + .sextant.json "exclude"
  std::string progressToken;                   ///< $/progress token of its indexing
  /// Set when the folder is removed or the server shuts down: its indexing stops after the
  /// current files.
  std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
};

/// A document located in a folder: the folder and the graph's key path there (relative to the
/// root, or absolute for a file outside every folder, which the first folder takes).
struct DocumentPlace {
  std::shared_ptr<Folder> folder;
  std::string path;
};

/// The folders in the order they were added. Not thread-safe (the io thread owns it).
class WorkspaceFolders {
public:
  /// `path` made absolute and lexically normal, without a trailing '/', as roots are stored.
  static std::filesystem::path normalize(const std::filesystem::path& path);

  /// Adds `folder` (its root normalized); false when a folder with that root is already served.
  bool add(std::shared_ptr<Folder> folder);
  /// Removes and returns the folder with `root`; nullptr when none has it.
  std::shared_ptr<Folder> remove(const std::filesystem::path& root);
  /// The folder whose root is `root`; nullptr when none.
  std::shared_ptr<Folder> find(const std::filesystem::path& root) const;

  /// Where `absolute` belongs: the folder with the longest root containing it (the innermost of
  /// nested folders) with the relative path, else the first folder with the absolute path;
  /// nullopt when no folder is served.
  std::optional<DocumentPlace> place(const std::filesystem::path& absolute) const;

  const std::vector<std::shared_ptr<Folder>>& all() const { return folders_; }
  bool empty() const { return folders_.empty(); }
  const std::shared_ptr<Folder>& first() const { return folders_.front(); }

private:
  std::vector<std::shared_ptr<Folder>> folders_;
};

} // namespace sextant::lsp
