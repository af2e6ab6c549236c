// Schema check, rebuild-on-corruption, and per-document updates around the indexer.
#include "graph/Workspace.h"

#include "graph/Codec.h"
#include "graph/Keys.h"
#include "graph/NameTable.h"

#include <xxhash.h>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace sextant::graph {
namespace fs = std::filesystem;

fs::path defaultIndexDir(const fs::path& root) {
  if (access(root.c_str(), W_OK) == 0) return root / ".sextant";
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  fs::path cache = xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : "/tmp") / ".cache";
  std::string abs = fs::absolute(root).lexically_normal().string();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits(abs.data(), abs.size())));
  return cache / "sextant" / (root.filename().string() + "-" + hex);
}

Workspace::Workspace(fs::path root, std::unique_ptr<kv::Store> store)
    : root_(std::move(root)), store_(std::move(store)) {
  std::string want = std::to_string(keys::kSchemaVersion);
  auto have = store_->get(keys::metaSchema());
  if (have == want) {
    // An index from before `meta:names` existed gets its first stamp (graph/NameTable.h).
    if (!store_->get(keys::metaNames())) {
      kv::WriteBatch batch;
      batch.put(keys::metaNames(), newNamesStamp());
      store_->commit(batch);
    }
    return;
  }
  if (have) {
    rebuilt_ = true;
    resetStore();
  } else {
    kv::WriteBatch batch;
    batch.put(keys::metaSchema(), want);
    batch.put(keys::metaNames(), newNamesStamp());
    store_->commit(batch);
  }
}

void Workspace::resetStore() {
  kv::WriteBatch batch;
  batch.erasePrefix("");
  batch.put(keys::metaSchema(), std::to_string(keys::kSchemaVersion));
  batch.put(keys::metaNames(), newNamesStamp());
  store_->commit(batch);
}

IndexStats Workspace::index(const IndexOptions& options) {
  std::lock_guard lock(writeMutex_);
  IndexOptions withOpen = options;
  withOpen.skip = [this, outer = options.skip](std::string_view path) {
    if (outer && outer(path)) return true;
    std::lock_guard documents(documentMutex_);
    return open_.contains(path);
  };
  try {
    return indexWorkspace(*store_, root_, withOpen);
  } catch (const CorruptValue&) {
    rebuilt_ = true;
    resetStore();
    return indexWorkspace(*store_, root_, withOpen);
  }
}

void Workspace::setOpen(std::string_view path, bool open) {
  std::lock_guard lock(documentMutex_);
  if (open) {
    open_.emplace(path);
    return;
  }
  if (auto it = open_.find(path); it != open_.end()) open_.erase(it);
  if (auto it = trees_.find(path); it != trees_.end()) trees_.erase(it);
}

size_t Workspace::updateContent(std::string_view path, std::string_view content,
                                std::optional<std::span<const parse::TextEdit>> edits) {
  auto language = parse::languageForPath(fs::path(path));
  if (!language) return 0;
  std::lock_guard lock(documentMutex_);
  if (!open_.contains(path)) return indexContent(*store_, path, *language, content);
  // Only open documents keep a tree: they are the ones edited again soon.
  auto tree = trees_.find(path);
  if (tree == trees_.end()) tree = trees_.emplace(std::string(path), parse::DocumentTree()).first;
  if (!edits) tree->second.reset();
  else
    for (const auto& edit : *edits) tree->second.edit(edit);
  return indexContent(*store_, path, *language, content, 0, &tree->second);
}

size_t Workspace::reloadFromDisk(std::string_view path) {
  auto language = parse::languageForPath(fs::path(path));
  if (!language) return 0;
  std::lock_guard lock(writeMutex_);
  return indexFile(*store_, root_, path, *language);
}

size_t Workspace::updateCompileCommands(const std::vector<CompileCommand>& commands) {
  std::lock_guard lock(writeMutex_);
  return storeIncludePaths(*store_, workspaceIncludePaths(commands, root_));
}

LinkStats Workspace::link(const LinkOptions& options) {
  {
    std::lock_guard lock(writeMutex_);
    try {
      return linkPending(*store_, options);
    } catch (const CorruptValue&) {
      rebuilt_ = true;
      resetStore();
    }
  }
  return index().link;
}

std::optional<std::string> Workspace::relativePath(const fs::path& absolute) const {
  fs::path rel = absolute.lexically_normal().lexically_relative(root_);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return rel.generic_string();
}

} // namespace sextant::graph
