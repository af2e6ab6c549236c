// Which served folder a document belongs to: the longest root containing it, else the first.
#include "lsp/WorkspaceFolders.h"

#include <doctest/doctest.h>

using namespace sextant;
using lsp::Folder;
using lsp::WorkspaceFolders;
namespace fs = std::filesystem;

namespace {
std::shared_ptr<Folder> folderAt(const fs::path& root) {
  auto f = std::make_shared<Folder>();
  f->root = root;
  f->workspace = std::make_shared<graph::Workspace>(root, kv::openMemoryStore());
  return f;
}
} // namespace

TEST_CASE("a document belongs to the innermost folder holding it; outside every folder, to the first") {
  WorkspaceFolders folders;
  CHECK_FALSE(folders.place("/w/a/x.py"));
  REQUIRE(folders.add(folderAt("/w/a")));
  REQUIRE(folders.add(folderAt("/w/a/sub/")));  // nested, trailing '/' normalized away
  REQUIRE(folders.add(folderAt("/w/b")));
  CHECK_FALSE(folders.add(folderAt("/w/b/."))); // the same root again

  auto check = [&](const fs::path& file, const fs::path& root, const std::string& path) {
    auto placed = folders.place(file);
    REQUIRE(placed);
    CHECK(placed->folder->root == root);
    CHECK(placed->path == path);
  };
  check("/w/a/x.py", "/w/a", "x.py");
  check("/w/a/sub/deep/y.py", "/w/a/sub", "deep/y.py");
  check("/w/b/z.c", "/w/b", "z.c");
  check("/w/bc/z.c", "/w/a", "/w/bc/z.c"); // a sibling sharing a prefix is outside /w/b
  check("/w/a/../b/q.py", "/w/b", "q.py");

  REQUIRE(folders.remove("/w/a/sub"));
  check("/w/a/sub/deep/y.py", "/w/a", "sub/deep/y.py");
  CHECK_FALSE(folders.remove("/w/a/sub"));
  REQUIRE(folders.remove("/w/a"));
  check("/elsewhere/e.py", "/w/b", "/elsewhere/e.py"); // the first folder is now /w/b
}
