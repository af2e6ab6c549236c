// graph/Verify.cpp: drift and orphan detection, key-to-path parsing, and the no-orphans property
// of the indexer (edit, rename, delete, re-index == fresh index) on LMDB and SQLite.
#include "graph/Verify.h"

#include "graph/Indexer.h"
#include "graph/Workspace.h"
#include "tests/graph/StoreBackends.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

using namespace sextant;
using namespace sextant::graph;
namespace fs = std::filesystem;
using test::dumpStore;
using test::readFile;
using test::writeFile;

namespace {

fs::path copyFixture(const test::TempDir& tmp) {
  fs::path ws = tmp.path() / "ws";
  fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "workspace", ws, fs::copy_options::recursive);
  return ws;
}

std::vector<VerifyProblem::Kind> kindsFor(const VerifyReport& r, std::string_view path) {
  std::vector<VerifyProblem::Kind> out;
  for (const auto& p : r.problems)
    if (p.path == path) out.push_back(p.kind);
  return out;
}

std::string describe(const VerifyReport& r) {
  std::string s;
  for (const auto& p : r.problems) s += p.path + ": " + std::string(problemKindName(p.kind)) + ": " + p.message + "\n";
  return s;
}

/// Indexes `root` from scratch into a new store of the same backend and returns its dump.
template <class B> test::Dump freshIndex(B& backend, const fs::path& root, const std::string& sub) {
  Workspace fresh(root, backend.open(sub));
  fresh.index();
  return dumpStore(fresh.store());
}

} // namespace

TEST_CASE("pathOfKey and keyNamespace split every per-file key, whatever the path holds") {
  for (std::string path : std::vector<std::string>{"a.c", "dir/x:y.py", "a.py:3:4/b.py", "sp ace/ü.py", "new\nline.py"}) {
    CAPTURE(path);
    CHECK(pathOfKey(keys::file(path)) == path);
    CHECK(pathOfKey(keys::symbol(path, 7)) == path);
    CHECK(pathOfKey(keys::symbolByName("name", path, 258)) == path);
    CHECK(pathOfKey(keys::references(path)) == path);
    CHECK(pathOfKey(keys::chunk(path, 12, 3456)) == path);
    CHECK(pathOfKey(keys::ast(path)) == path);
    CHECK(pathOfKey(keys::cfg(path, 3)) == path);
    CHECK(pathOfKey(keys::cfg(path, keys::kFileLevelCfg)) == path);
  }
  CHECK(keyNamespace(keys::symbol("a.c", 1)) == "sym:d:");
  CHECK(keyNamespace(keys::chunk("a.c", 1, 2)) == "chunk:");
  CHECK(keyNamespace("meta:schema") == "meta:");
  CHECK(keyNamespace("ast:x") == "ast:");
  CHECK(keyNamespace(keys::cfg("a.c", 2)) == "cfg:");
  CHECK(keyNamespace("zzz:x") == "zzz:");
  CHECK_FALSE(pathOfKey("meta:schema"));
  CHECK_FALSE(pathOfKey("chunk:nocolons"));
  CHECK_FALSE(pathOfKey("zzz:a.c"));
  CHECK_FALSE(pathOfKey("cfg:a.c")); // no NUL + symbol index
}

TEST_CASE("verify: a fresh index is clean; drift on disk is reported by content hash") {
  test::TempDir tmp;
  fs::path ws = copyFixture(tmp);
  Workspace w(ws, kv::openMemoryStore());
  w.index();
  VerifyReport clean = verifyIndex(*w.snapshot(), ws);
  INFO(describe(clean));
  CHECK(clean.clean());
  CHECK(clean.filesIndexed == 8);
  CHECK(clean.filesOnDisk == 8);

  // Same bytes rewritten (new mtime): not drift, since verify decides by content.
  writeFile(ws / "c/list.h", readFile(ws / "c/list.h"));
  writeFile(ws / "c/main.c", readFile(ws / "c/main.c") + "int extra;\n");
  fs::remove(ws / "py/app.py");
  writeFile(ws / "py/new.py", "def new():\n    pass\n");
  writeFile(ws / "c/blob.c", std::string("\0\1\2", 3)); // binary: not indexable, not "added"
  VerifyReport r = verifyIndex(*w.snapshot(), ws);
  INFO(describe(r));
  CHECK(r.problems.size() == 3);
  CHECK(kindsFor(r, "c/main.c") == std::vector{VerifyProblem::Kind::Changed});
  CHECK(kindsFor(r, "py/app.py") == std::vector{VerifyProblem::Kind::Deleted});
  CHECK(kindsFor(r, "py/new.py") == std::vector{VerifyProblem::Kind::Added});

  VerifyOptions indexOnly;
  indexOnly.checkDisk = false;
  CHECK(verifyIndex(*w.snapshot(), ws, indexOnly).clean());

  w.index();
  CHECK(verifyIndex(*w.snapshot(), ws).clean());
}

TEST_CASE("verify: orphaned, dangling, incomplete and corrupt records and a wrong schema are reported") {
  test::TempDir tmp;
  fs::path ws = copyFixture(tmp);
  Workspace w(ws, kv::openMemoryStore());
  w.index();
  auto snap = w.snapshot();
  std::string someSymbol;
  snap->scanPrefix("sym:d:c/list.c", [&](std::string_view k, std::string_view) {
    someSymbol = std::string(k);
    return false;
  });
  REQUIRE(!someSymbol.empty());

  kv::WriteBatch b;
  b.put(keys::symbol("gone/x.c", 0), encode(SymbolRecord{"x", SymbolKind::Function, {}, {}, -1, "", "", false, true, ""}));
  b.put(keys::chunk("gone:1:2/y.py", 0, 10), encode(ChunkRecord{1, 0}));
  b.put(keys::symbolByName("ghost", "c/main.c", 999), encode(NameEntry{}));
  b.erase(someSymbol); // c/list.c now misses one sym:d: record: incomplete, and its sym:n: dangles
  b.put(keys::references("py/app.py"), "\xff\xff\xff");
  b.put("zzz:unknown-namespace", "not judged");
  b.put(keys::cfg("c/main.c", 999), encode(std::vector<CfgRecord>{}, {}, 0)); // dangling: no symbol #999
  b.put(keys::cfg("gone/z.go", 0), encode(std::vector<CfgRecord>{}, {}, 0));  // orphan
  b.put(keys::ast("c/main.c"), "\x05");                                        // corrupt
  w.store().commit(b);

  VerifyReport r = verifyIndex(*w.snapshot(), ws);
  INFO(describe(r));
  using K = VerifyProblem::Kind;
  CHECK(kindsFor(r, "gone/x.c") == std::vector{K::Orphan});
  CHECK(kindsFor(r, "gone:1:2/y.py") == std::vector{K::Orphan});
  auto main = kindsFor(r, "c/main.c");
  CHECK(std::count(main.begin(), main.end(), K::Dangling) == 2);
  CHECK(std::count(main.begin(), main.end(), K::Corrupt) == 1);
  auto list = kindsFor(r, "c/list.c");
  CHECK(std::count(list.begin(), list.end(), K::Incomplete) == 1);
  CHECK(std::count(list.begin(), list.end(), K::Dangling) >= 1);
  auto app = kindsFor(r, "py/app.py");
  CHECK(std::count(app.begin(), app.end(), K::Corrupt) == 1);
  CHECK(kindsFor(r, "zzz:unknown-namespace").empty());
  CHECK(kindsFor(r, "gone/z.go") == std::vector{K::Orphan});

  kv::WriteBatch schema;
  schema.put(keys::metaSchema(), "1");
  w.store().commit(schema);
  CHECK(kindsFor(verifyIndex(*w.snapshot(), ws), keys::metaSchema()) == std::vector{K::Schema});
}

TEST_CASE_TEMPLATE("no orphans: edit, rename and delete, re-index == fresh index of the final tree", B,
                   test::LmdbIndex, test::SqliteIndex) {
  B backend;
  test::TempDir tmp;
  fs::path ws = copyFixture(tmp);
  Workspace w(ws, backend.open("main"));
  w.index();

  auto checkAgainstFresh = [&](const std::string& round) {
    CAPTURE(round);
    w.index();
    test::Dump have = dumpStore(w.store());
    test::Dump want = freshIndex(backend, ws, "fresh-" + round);
    std::vector<std::string> extra, missing, differ;
    for (const auto& [k, v] : have) {
      auto it = want.find(k);
      if (it == want.end()) extra.push_back(k);
      else if (it->second != v && k != keys::metaNames()) differ.push_back(k); // the stamp is random by design
    }
    for (const auto& [k, v] : want)
      if (!have.contains(k)) missing.push_back(k);
    CHECK(extra.empty());
    CHECK(missing.empty());
    CHECK(differ.empty());
    CHECK(have.size() > 10); // the comparison is not vacuous
    VerifyReport r = verifyIndex(*w.snapshot(), ws);
    INFO(describe(r));
    CHECK(r.clean());
  };

  // Rename a function everywhere in one file, rename a file, rename a folder, delete files, add one.
  std::string list = readFile(ws / "c/list.c");
  for (size_t at; (at = list.find("list_push")) != std::string::npos;) list.replace(at, 9, "list_append");
  writeFile(ws / "c/list.c", list);
  fs::rename(ws / "py/shapes/circle.py", ws / "py/shapes/round.py");
  fs::rename(ws / "py/shapes", ws / "py/forms");
  fs::remove(ws / "cpp/shape.hpp");
  std::string app = readFile(ws / "py/app.py");
  writeFile(ws / "py/app.py", app.substr(0, app.size() / 2));
  writeFile(ws / "c/extra.c", "static int helper(int x) { return x * 2; }\nint extra(void) { return helper(2); }\n");
  checkAgainstFresh("scripted");

  // Seeded random rounds: truncate, append, delete, resurrect.
  std::mt19937 rng(20240601);
  for (int round = 0; round < 4; ++round) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(ws))
      if (e.is_regular_file() && e.path().string().find(".sextant") == std::string::npos) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      switch (rng() % 7) {
      case 0: {
        std::string text = readFile(f);
        writeFile(f, text.substr(0, rng() % (text.size() + 1)));
        break;
      }
      case 1: writeFile(f, readFile(f) + "\n/* r" + std::to_string(round) + " */\n"); break;
      case 2: fs::remove(f); break;
      default: break;
      }
    }
    writeFile(ws / ("py/r" + std::to_string(round) + ".py"), "def r" + std::to_string(round) + "():\n    return 1\n");
    checkAgainstFresh("random-" + std::to_string(round));
  }
}

TEST_CASE_TEMPLATE("file names with colons, spaces, non-ASCII bytes and newlines round-trip", B, test::LmdbIndex,
                   test::SqliteIndex) {
  B backend;
  test::TempDir tmp;
  fs::path ws = tmp.path() / "ws";
  const std::vector<std::pair<std::string, std::string>> files = {
      {"colon:name.py", "f_colon"},       {"space name.py", "f_space"},
      {"ünï/çødé ß.py", "f_unicode"},     {std::string("new\nline.py"), "f_newline"},
      {"tab\tname.py", "f_tab"},          {"back\\slash.py", "f_backslash"},
      {"a.py", "f_plain"},                {"a.py:3:4/b.py", "f_chunk_lookalike"},
      {"d:1:2/m.py", "f_digits_dir"},     {"%41 percent#hash?.py", "f_uri_chars"},
  };
  for (const auto& [path, name] : files) writeFile(ws / path, "def " + name + "(x):\n    return " + name + "(x)\n");

  Workspace w(ws, backend.open());
  IndexStats stats = w.index();
  CHECK(stats.reindexed == files.size());
  auto snap = w.snapshot();
  for (const auto& [path, name] : files) {
    CAPTURE(path);
    CHECK(snap->get(keys::file(path)));
    std::vector<std::string> found;
    snap->scanPrefix(keys::symbolsNamed(name), [&](std::string_view k, std::string_view) {
      std::string p;
      uint32_t index;
      REQUIRE(keys::parseSymbolByName(k, p, index));
      found.push_back(p);
      CHECK(snap->get(keys::symbol(p, index)));
      return true;
    });
    CHECK(found == std::vector{path});
    // The chunk of the definition parses back to this exact path (a.py must not claim a.py:3:4/b.py's).
    size_t mine = 0, lookalikes = 0;
    snap->scanPrefix(keys::chunksOf(path), [&](std::string_view k, std::string_view) {
      bool ours = pathOfKey(k) == path;
      CHECK(ours == keys::isChunkOf(k, path)); // verify and the indexer agree on the owner
      (ours ? mine : lookalikes) += 1;
      return true;
    });
    CHECK(mine >= 1);
    if (path == "a.py") CHECK(lookalikes >= 1);
  }
  VerifyReport r = verifyIndex(*snap, ws);
  INFO(describe(r));
  CHECK(r.clean());
  snap.reset();

  for (const auto& [path, name] : files) fs::remove(ws / path);
  w.index();
  test::Dump left = dumpStore(w.store());
  CHECK(left.size() == 2); // meta:schema and meta:names only
  CHECK(left.contains(keys::metaSchema()));
  CHECK(left.contains(keys::metaNames()));
}
