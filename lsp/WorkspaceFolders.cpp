// Folder bookkeeping and the longest-prefix rule that routes a document to its folder.
#include "lsp/WorkspaceFolders.h"

#include <algorithm>

namespace sextant::lsp {
namespace fs = std::filesystem;

fs::path WorkspaceFolders::normalize(const fs::path& path) {
  fs::path out = fs::absolute(path).lexically_normal();
  if (!out.has_filename() && out.has_parent_path() && out != out.root_path()) out = out.parent_path();
  return out;
}

bool WorkspaceFolders::add(std::shared_ptr<Folder> folder) {
  folder->root = normalize(folder->root);
  if (find(folder->root)) return false;
  folders_.push_back(std::move(folder));
  return true;
}

std::shared_ptr<Folder> WorkspaceFolders::remove(const fs::path& root) {
  fs::path normal = normalize(root);
  auto it = std::find_if(folders_.begin(), folders_.end(), [&](const auto& f) { return f->root == normal; });
  if (it == folders_.end()) return nullptr;
  std::shared_ptr<Folder> removed = std::move(*it);
  folders_.erase(it);
  return removed;
}

std::shared_ptr<Folder> WorkspaceFolders::find(const fs::path& root) const {
  fs::path normal = normalize(root);
  for (const auto& f : folders_)
    if (f->root == normal) return f;
  return nullptr;
}

std::optional<DocumentPlace> WorkspaceFolders::place(const fs::path& absolute) const {
  if (folders_.empty()) return std::nullopt;
  fs::path normal = absolute.lexically_normal();
  std::optional<DocumentPlace> best;
  size_t bestDepth = 0;
  for (const auto& f : folders_) {
    auto rel = f->workspace->relativePath(normal);
    if (!rel) continue;
    size_t depth = static_cast<size_t>(std::distance(f->root.begin(), f->root.end()));
    if (!best || depth > bestDepth) best = DocumentPlace{f, *rel}, bestDepth = depth;
  }
  if (best) return best;
  return DocumentPlace{folders_.front(), normal.generic_string()};
}

} // namespace sextant::lsp
