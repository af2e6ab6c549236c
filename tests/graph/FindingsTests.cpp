// graph/Findings.cpp: the findings kept in the store (`check:rule:`) are the findings of a fresh
// index after every kind of change, and an unchanged index reuses them, on LMDB and SQLite.
#include "graph/Findings.h"

#include "graph/Keys.h"
#include "graph/Verify.h"
#include "graph/Workspace.h"
#include "tests/graph/StoreBackends.h"

#include <doctest/doctest.h>

using namespace sextant;
using namespace sextant::graph;
namespace fs = std::filesystem;
using test::writeFile;

namespace {

std::string describe(const std::vector<Finding>& findings) {
  std::string s;
  for (const auto& f : findings)
    s += f.path + ":" + std::to_string(f.position.line) + ":" + std::to_string(f.position.column) + ": " +
         std::string(severityName(f.severity)) + ": " + f.message + " [" + f.rule + "]\n";
  return s;
}

std::string sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  std::string s;
  for (const auto& x : v) s += x + " ";
  return s;
}

/// A tree with a finding of every cached rule, some of them across files.
void writeTree(const fs::path& ws) {
  writeFile(ws / "c/dup.c", "int twice(void) { return 1; }\nint twice(void) { return 2; }\n"
                            "static int unused_helper(void) { return 3; }\n");
  writeFile(ws / "c/inc.c", "#include \"../outside/nope.h\"\n#include \"util.h\"\nint main(void) { return helper(); }\n");
  writeFile(ws / "c/util.h", "int helper(void);\n");
  writeFile(ws / "c/util.c", "#include \"util.h\"\nint helper(void) { return 0; }\nstatic int lonely(void) { return 1; }\n");
  writeFile(ws / "py/broken.py", "print(\n");
  writeFile(ws / "py/pkg/__init__.py", "from .missing import x\n");
  writeFile(ws / "py/pkg/a.py", "from . import b\n");
  writeFile(ws / "py/pkg/b.py", "from . import a\n");
  writeFile(ws / "go/p/one.go", "package p\n\nfunc shared() {}\n");
  writeFile(ws / "go/p/two.go", "package p\n\nfunc other() { shared() }\n");
}

/// Indexes `ws` into a new store of the backend and returns its findings.
template <class B> std::vector<Finding> freshFindings(B& backend, const fs::path& ws, const FindingOptions& options) {
  static int n = 0;
  Workspace fresh(ws, backend.open("fresh" + std::to_string(n++)));
  fresh.index();
  return collectFindings(*fresh.snapshot(), ws, options);
}

} // namespace

TEST_CASE_TEMPLATE("kept findings: a re-check equals a fresh index after no change, edit, delete, add and rule toggles",
                   B, test::LmdbIndex, test::SqliteIndex) {
  B backend;
  fs::path ws = backend.dir.path() / "ws";
  writeTree(ws);
  Workspace kept(ws, backend.open());
  FindingOptions options;

  struct Run {
    std::vector<Finding> findings;
    FindingCacheStats stats;
  };
  auto recheck = [&](const char* step, const FindingOptions& opts) {
    kept.index();
    Run run;
    auto& findings = run.findings;
    findings = collectFindings(kept.store(), ws, opts, &run.stats);
    auto expected = freshFindings(backend, ws, opts);
    INFO(step, "\nre-check:\n", describe(findings), "fresh:\n", describe(expected));
    CHECK(describe(findings) == describe(expected));
    // The plain collectFindings over the kept index agrees too (the cache changes nothing).
    CHECK(describe(collectFindings(*kept.snapshot(), ws, opts)) == describe(expected));
    return run;
  };

  auto [initial, first] = recheck("first run", options);
  CHECK(first.reused.empty());
  CHECK(first.saved);
  for (const char* rule : {"syntax-error", "unresolved-import", "duplicate-definition", "dead-code", "import-cycle"})
    CHECK(describe(initial).find(std::string("[") + rule + "]") != std::string::npos);

  FindingCacheStats same = recheck("no change", options).stats;
  CHECK(same.computed.empty());
  CHECK(sorted(same.reused) == sorted(first.computed));

  SUBCASE("one file edited: a call makes lonely() used, an error appears") {
    writeFile(ws / "c/inc.c", "#include \"../outside/nope.h\"\n#include \"util.h\"\n"
                              "int main(void) { return helper() + lonely(); }\nint broken( {\n");
    CHECK(recheck("edit", options).stats.reused.empty());
  }
  SUBCASE("one file deleted: its include becomes unresolved, the cycle goes") {
    fs::remove(ws / "c/util.h");
    fs::remove(ws / "py/pkg/b.py");
    CHECK(recheck("delete", options).stats.reused.empty());
  }
  SUBCASE("one file added: it resolves an include and adds a duplicate across a Go package") {
    writeFile(ws / "outside/nope.h", "int nope;\n");
    writeFile(ws / "go/p/three.go", "package p\n\nfunc shared() {}\n");
    CHECK(recheck("add", options).stats.reused.empty());
  }
  SUBCASE("rules toggled without a source change") {
    FindingOptions off = options;
    off.disabledRules = {"dead-code", "import-cycle"};
    auto [findings, stats] = recheck("rules off", off);
    CHECK(describe(findings).find("[dead-code]") == std::string::npos);
    CHECK(stats.computed.empty());
    // Turned on again after the graph changed while it was off: recomputed, not the stale result.
    writeFile(ws / "c/util.c", "#include \"util.h\"\nint helper(void) { return 0; }\n");
    recheck("change while off", off);
    CHECK(sorted(recheck("rules on again", options).stats.computed) == sorted({"dead-code", "import-cycle"}));
  }
  SUBCASE("excluded paths and drift are applied on every run, not cached") {
    FindingOptions scoped = options;
    scoped.excluded = [](std::string_view path) { return path.starts_with("py/"); };
    auto [findings, stats] = recheck("excluded", scoped);
    CHECK(describe(findings).find("py/") == std::string::npos);
    CHECK(stats.computed.empty());
    // Changed on disk after indexing: the disk half of index-drift sees it although nothing is
    // recomputed.
    writeFile(ws / "py/pkg/a.py", "from . import b  # edited\n");
    FindingCacheStats drift;
    auto drifted = collectFindings(kept.store(), ws, options, &drift);
    CHECK(drift.computed.empty());
    CHECK(describe(drifted).find("py/pkg/a.py:0:0: error: changed: ") != std::string::npos);
    CHECK(describe(drifted) == describe(collectFindings(*kept.snapshot(), ws, options)));
  }
}

TEST_CASE("kept findings: a corrupt or foreign cache entry is recomputed; verify does not judge check: keys") {
  test::LmdbIndex backend;
  fs::path ws = backend.dir.path() / "ws";
  writeTree(ws);
  Workspace kept(ws, backend.open());
  kept.index();
  auto expected = collectFindings(*kept.snapshot(), ws);
  kv::WriteBatch junk;
  junk.put(keys::checkRule("dead-code"), std::string("\x05\xff\xff", 3));
  junk.put(keys::checkRule("syntax-error"), "");
  kept.store().commit(junk);
  FindingCacheStats stats;
  CHECK(describe(collectFindings(kept.store(), ws, {}, &stats)) == describe(expected));
  CHECK(sorted(stats.computed) == sorted({"dead-code", "duplicate-definition", "import-cycle", "index-drift",
                                          "syntax-error", "unresolved-import"}));
  VerifyOptions verify;
  verify.checkDisk = false;
  CHECK(verifyIndex(*kept.snapshot(), ws, verify).clean());
  // Another root (the same index pointed at a copy of the tree) does not reuse them.
  fs::path copy = backend.dir.path() / "copy";
  fs::copy(ws, copy, fs::copy_options::recursive);
  FindingCacheStats other;
  collectFindings(kept.store(), copy, {}, &other);
  CHECK(other.reused.empty());
}
