// The indexer on real files: counts, incremental re-runs, minimal rewrites, removal, rebuilds.
#include "graph/Codec.h"
#include "graph/Indexer.h"
#include "graph/Keys.h"
#include "graph/Workspace.h"
#include "tests/graph/WatchedStore.h"
#include "tests/support/LspProcess.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace sextant;
using namespace sextant::graph;
namespace fs = std::filesystem;

namespace {

fs::path copyFixture(const test::TempDir& tmp) {
  fs::path ws = tmp.path() / "ws";
  fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "workspace", ws, fs::copy_options::recursive);
  return ws;
}

size_t countKeysMentioning(const kv::Store& store, std::string_view path) {
  size_t n = 0;
  store.snapshot()->scan("", "", [&](std::string_view k, std::string_view) {
    n += k.find(path) != std::string_view::npos;
    return true;
  });
  return n;
}

IndexOptions twoThreads() {
  IndexOptions options;
  options.threads = 2;
  return options;
}

} // namespace

TEST_CASE("first run indexes everything; an unchanged tree costs no writes") {
  test::TempDir tmp;
  fs::path ws = copyFixture(tmp);
  auto store = kv::openMemoryStore();
  IndexStats first = indexWorkspace(*store, ws, twoThreads());
  CHECK(first.found == 8);
  CHECK(first.reindexed == 8);
  CHECK(first.totals.files == 8);
  CHECK(first.totals.filesByLanguage[Language::C] == 3);
  CHECK(first.totals.filesByLanguage[Language::Cpp] == 2);
  CHECK(first.totals.filesByLanguage[Language::Python] == 3);
  CHECK(first.totals.definitions > 20);
  CHECK(first.totals.calls > 5);
  CHECK(first.totals.filesWithSyntaxErrors == 0);
  CHECK(first.mutations > 0);

  IndexStats second = indexWorkspace(*store, ws, twoThreads());
  CHECK(second.reindexed == 0);
  CHECK(second.unchanged == 8);
  CHECK(second.mutations == 0);
  CHECK(second.totals.definitions == first.totals.definitions);
}

TEST_CASE("a change rewrites only the keys whose values differ") {
  test::TempDir tmp;
  fs::path ws = copyFixture(tmp);
  auto store = kv::openMemoryStore();
  indexWorkspace(*store, ws);

  // A trailing comment moves no symbol, reference or chunk: only the file record changes.
  std::ofstream(ws / "py/shapes/circle.py", std::ios::app) << "# trailing comment\n";
  IndexStats appended = indexWorkspace(*store, ws);
  CHECK(appended.reindexed == 1);
  CHECK(appended.mutations == 2); // the file record, and the link: marker
  // The linker finds the same references (same ref:f: value): it only erases the marker.
  CHECK(appended.link.pending == 1);
  CHECK(appended.link.mutations == 1);

  // Renaming a function changes its symbol, its name-index entry, its chunk and its file record.
  size_t before = countKeysMentioning(*store, "py/shapes/circle.py");
  std::string text = "import math\n\nPI = math.pi\n\n\ndef unit():\n    return 1\n";
  std::ofstream(ws / "py/shapes/circle.py", std::ios::trunc) << text;
  IndexStats rewritten = indexWorkspace(*store, ws);
  CHECK(rewritten.reindexed == 1);
  CHECK(rewritten.mutations > 0);
  CHECK(rewritten.mutations < before + 10);
  CHECK(store->get(keys::symbolByName("unit", "py/shapes/circle.py", 1)).has_value());
  CHECK_FALSE(store->get(keys::symbolByName("Circle", "py/shapes/circle.py", 1)).has_value());
}

TEST_CASE("editing one function rewrites its cfg: key and not the others'") {
  auto store = kv::openMemoryStore();
  const std::string a = "def a(x):\n    if x:\n        return 1\n    return 2\n";
  const std::string b = "def b(y):\n    while y:\n        y -= 1\n    return y\n";
  REQUIRE(indexContent(*store, "m.py", Language::Python, a + "\n" + b) > 0);
  // The cfg: keys in key order: a()'s symbol index precedes b()'s.
  auto cfgKey = [&](size_t i) {
    std::vector<std::string> found;
    store->snapshot()->scanPrefix(keys::cfgsOf("m.py"), [&](std::string_view k, std::string_view) {
      found.emplace_back(k);
      return true;
    });
    return i < found.size() ? store->get(found[i]) : std::nullopt;
  };
  auto cfgOfA = [&] { return cfgKey(0); };
  auto cfgOfB = [&] { return cfgKey(1); };
  REQUIRE(cfgOfA().has_value());
  REQUIRE(cfgOfB().has_value());
  REQUIRE(store->get(keys::ast("m.py")).has_value());
  const auto oldA = cfgOfA(), oldB = cfgOfB();
  // Two more lines in a(): b() moves down, its sym:d: changes, its cfg: (relative spans) does not.
  const std::string a2 = "def a(x):\n    if x:\n        x += 1\n        return 1\n    print(x)\n    return 2\n";
  REQUIRE(indexContent(*store, "m.py", Language::Python, a2 + "\n" + b) > 0);
  CHECK(cfgOfA() != oldA);
  CHECK(cfgOfB() == oldB);
  // Removing every function removes every cfg: key.
  REQUIRE(indexContent(*store, "m.py", Language::Python, "x = 1\n") > 0);
  CHECK_FALSE(cfgOfA().has_value());
  CHECK_FALSE(cfgOfB().has_value());
  CHECK(countKeysMentioning(*store, "m.py") > 0);
  removeFile(*store, "m.py");
  CHECK(countKeysMentioning(*store, "m.py") == 1); // link:m.py, until the linker runs
  linkPending(*store);
  CHECK(countKeysMentioning(*store, "m.py") == 0);
}

TEST_CASE("deleted and binary files leave no keys behind") {
  test::TempDir tmp;
  fs::path ws = copyFixture(tmp);
  auto store = kv::openMemoryStore();
  indexWorkspace(*store, ws);
  REQUIRE(countKeysMentioning(*store, "c/list.c") > 3);

  fs::remove(ws / "c/list.c");
  std::ofstream(ws / "c/main.c", std::ios::trunc | std::ios::binary) << std::string("bin\0ary", 7);
  IndexStats stats = indexWorkspace(*store, ws);
  CHECK(stats.removed == 2);
  REQUIRE(stats.skipped.size() == 1);
  CHECK(stats.skipped[0].path == "c/main.c");
  CHECK(stats.skipped[0].reason == "binary");
  CHECK(countKeysMentioning(*store, "c/list.c") == 0);
  CHECK(countKeysMentioning(*store, "c/main.c") == 0);
  CHECK(stats.totals.files == 6);
}

TEST_CASE("indexContent: same content twice writes once") {
  auto store = kv::openMemoryStore();
  CHECK(indexContent(*store, "m.py", Language::Python, "def f():\n    return 1\n") > 0);
  CHECK(indexContent(*store, "m.py", Language::Python, "def f():\n    return 1\n") == 0);
  CHECK(removeFile(*store, "m.py") > 0);
  linkPending(*store);
  CHECK(countKeysMentioning(*store, "m.py") == 0);
}

TEST_CASE("Workspace empties an index of another schema, and rebuilds after a corrupt record") {
  test::TempDir tmp;
  fs::path ws = copyFixture(tmp);
  auto store = kv::openMemoryStore();
  kv::WriteBatch old;
  old.put(keys::metaSchema(), "0");
  old.put("sym:d:stale", "left by an older version");
  store->commit(old);
  kv::Store* raw = store.get();
  Workspace workspace(ws, std::move(store));
  CHECK(workspace.rebuilt());
  CHECK_FALSE(raw->get("sym:d:stale").has_value());
  CHECK(raw->get(keys::metaSchema()) == std::to_string(keys::kSchemaVersion));

  workspace.index();
  kv::WriteBatch corrupt;
  corrupt.put(keys::file("c/list.c"), "\x01");
  raw->commit(corrupt);
  IndexStats stats = workspace.index();
  CHECK(stats.reindexed == 8); // everything rebuilt from scratch
  CHECK(decodeFile(*raw->get(keys::file("c/list.c"))).language == Language::C);
}

TEST_CASE("defaultIndexDir: <root>/.sextant when writable, the XDG cache otherwise") {
  test::TempDir tmp;
  CHECK(defaultIndexDir(tmp.path()) == tmp.path() / ".sextant");
  if (geteuid() != 0) {
    // Root can write anywhere, so the read-only case is only observable as another user.
    fs::permissions(tmp.path(), fs::perms::owner_write, fs::perm_options::remove);
    setenv("XDG_CACHE_HOME", "/tmp/xdg-test", 1);
    CHECK(defaultIndexDir(tmp.path()).string().starts_with("/tmp/xdg-test/sextant/"));
    fs::permissions(tmp.path(), fs::perms::owner_write, fs::perm_options::add);
  }
}

TEST_CASE("a commit holds fewer files when they are large: batchBytes caps what one commit holds") {
  test::TempDir tmp;
  fs::path ws = tmp.path() / "big";
  fs::create_directories(ws);
  for (int i = 0; i < 12; ++i) {
    std::ofstream out(ws / ("g" + std::to_string(i) + ".c"));
    for (int j = 0; j < 40; ++j) out << "int g" << i << "_" << j << "(int x) { return x * " << j << "; }\n";
  }
  auto commitsWith = [&](size_t batchBytes) {
    test::WatchedStore store;
    IndexOptions options = twoThreads();
    options.link = false;
    options.batchFiles = 1000;
    options.batchBytes = batchBytes;
    IndexStats stats = indexWorkspace(store, ws, options);
    CHECK(stats.reindexed == 12);
    CHECK(computeTotals(*store.snapshot()).definitions >= 12 * 40);
    return store.commits.load();
  };
  const int uncapped = commitsWith(size_t{1} << 30);
  const int capped = commitsWith(1); // every file is over the cap on its own
  CHECK(uncapped <= 2);
  CHECK(capped >= uncapped + 11);
}

TEST_CASE("a long index run pauses for checkpoints with no snapshot held, and loses nothing") {
  test::TempDir tmp;
  fs::path ws = tmp.path() / "many";
  fs::create_directories(ws);
  for (int i = 0; i < 60; ++i)
    std::ofstream(ws / ("f" + std::to_string(i) + ".c")) << "int f" << i << "(int x) { return x + " << i << "; }\n";
  test::WatchedStore store;
  IndexOptions options = twoThreads();
  options.batchFiles = 1;
  options.checkpointBytes = 2000; // a few files' keys
  IndexStats stats = indexWorkspace(store, ws, options);
  CHECK(stats.reindexed == 60);
  CHECK(store.checkpoints > 5);
  CHECK(store.withSnapshots == 0);
  CHECK(computeTotals(*store.snapshot()).files == 60);
  CHECK(computeTotals(*store.snapshot()).definitions >= 60);
}
