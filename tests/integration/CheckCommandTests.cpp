// `sextant --check` end to end: summary counts, incremental re-runs, skipped files, exit codes.
#include "tests/support/LspProcess.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace fs = std::filesystem;
using sextant::test::runProcess;
using sextant::test::TempDir;

namespace {

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

} // namespace

TEST_CASE("--check indexes a tree, then reindexes only what changed") {
  TempDir tmp;
  fs::path ws = tmp.path() / "ws";
  fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "workspace", ws, fs::copy_options::recursive);

  auto first = runProcess(SEXTANT_BINARY, {"--check", ws.string(), "--quiet"}, tmp.path());
  INFO(first.out, first.err);
  REQUIRE(first.status == 0);
  CHECK(has(first.out, "files:      8 (c 3, cpp 2, python 3)"));
  CHECK(has(first.out, "8 reindexed, 0 unchanged, 0 removed, 0 skipped"));
  CHECK(fs::exists(ws / ".sextant" / "data.mdb"));

  auto second = runProcess(SEXTANT_BINARY, {"--check", ws.string(), "--quiet"}, tmp.path());
  INFO(second.out);
  CHECK(second.status == 0);
  CHECK(has(second.out, "0 reindexed, 8 unchanged, 0 removed, 0 skipped, 0 writes"));

  // Same content rewritten (new mtime): hashed, found unchanged, still no writes.
  {
    std::ifstream in(ws / "c/main.c");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    in.close();
    std::ofstream(ws / "c/main.c") << text;
  }
  auto touched = runProcess(SEXTANT_BINARY, {"--check", ws.string(), "--quiet"}, tmp.path());
  CHECK(has(touched.out, "0 reindexed, 8 unchanged, 0 removed, 0 skipped, 0 writes"));

  std::ofstream(ws / "c/main.c", std::ios::app) << "int extra(void) { return 1; }\n";
  fs::remove(ws / "py/shapes/__init__.py");
  std::ofstream(ws / "c/blob.c", std::ios::binary) << std::string("\x7f" "ELF\0\0\0", 7);
  auto third = runProcess(SEXTANT_BINARY, {"--check", ws.string(), "--quiet"}, tmp.path());
  INFO(third.out, third.err);
  CHECK(third.status == 0);
  CHECK(has(third.out, "1 reindexed, 6 unchanged, 1 removed, 1 skipped"));
  CHECK(has(third.err, "skipped c/blob.c: binary"));
  CHECK(has(third.out, "files:      7 (c 3, cpp 2, python 2)"));
}

TEST_CASE("--check honours .gitignore and skips tool folders") {
  TempDir tmp;
  fs::path ws = tmp.path() / "ws";
  fs::create_directories(ws / "src");
  fs::create_directories(ws / "gen");
  fs::create_directories(ws / "node_modules/pkg");
  std::ofstream(ws / "src/a.py") << "def a():\n    pass\n";
  std::ofstream(ws / "src/skip.py") << "def s():\n    pass\n";
  std::ofstream(ws / "gen/g.c") << "int g;\n";
  std::ofstream(ws / "node_modules/pkg/x.js.c") << "int x;\n";
  std::ofstream(ws / ".gitignore") << "gen/\n/src/skip.py\n";
  auto r = runProcess(SEXTANT_BINARY, {"--check", ws.string(), "--quiet"}, tmp.path());
  INFO(r.out, r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "files:      1 (python 1)"));
}

TEST_CASE("--check fails with exit 2 and one line on an unreadable root or unusable index") {
  TempDir tmp;
  auto missing = runProcess(SEXTANT_BINARY, {"--check", (tmp.path() / "nope").string()}, tmp.path());
  CHECK(missing.status == 2);
  CHECK(missing.out.empty());

  fs::create_directories(tmp.path() / "ws");
  std::ofstream(tmp.path() / "ws/a.c") << "int a;\n";
  std::ofstream(tmp.path() / "blocker") << "a file where the index folder should be";
  auto badIndex = runProcess(SEXTANT_BINARY, {"--check", (tmp.path() / "ws").string(), "--index",
                                              (tmp.path() / "blocker").string()}, tmp.path());
  INFO(badIndex.err);
  CHECK(badIndex.status == 2);
  CHECK(has(badIndex.err, "cannot open the index"));
}

TEST_CASE("navigation subcommands: def, decl, refs, callers, callees, symbols") {
  TempDir tmp;
  fs::path ws = tmp.path() / "ws";
  fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "workspace", ws, fs::copy_options::recursive);
  std::ofstream(ws / ".sextant.json") << "{}"; // marks the root for FILE-based root detection
  auto run = [&](std::vector<std::string> args) { return runProcess(SEXTANT_BINARY, args, ws); };
  // 1-based positions, byte columns: `list_push` called at c/main.c line 8, column 11.
  auto def = run({"def", "c/main.c:8:11"});
  INFO(def.err);
  CHECK(def.status == 0);
  CHECK(def.out == "c/list.c:4:14\n");
  CHECK(run({"decl", "c/main.c:8:11"}).out == "c/list.h:10:14\n");
  CHECK(run({"refs", "c/main.c:8:11"}).out == "c/list.c:4:14\nc/list.h:10:14\nc/main.c:8:10\nc/main.c:9:10\n");
  CHECK(run({"refs", "--no-declaration", "c/main.c:8:11"}).out == "c/main.c:8:10\nc/main.c:9:10\n");
  CHECK(run({"callers", "c/list.c:4:14"}).out == "c/main.c:6:5: main\n");
  // Callees as the call sites see them: prototypes from the included header, `square` in the file.
  CHECK(run({"callees", "c/main.c:6:5"}).out == "c/list.h:10:14: list_push\nc/main.c:4:12: square\nc/list.h:11:5: list_sum\n");
  CHECK(run({"callers", "c/list.h:10:14"}).out == "c/main.c:6:5: main\n");
  CHECK(run({"symbols", "--query", "unit_circ"}).out == "py/shapes/circle.py:16:5: unit_circle\n");
  auto outline = nlohmann::json::parse(run({"symbols", "py/shapes/circle.py", "--json"}).out);
  REQUIRE(outline.size() >= 3);
  CHECK(outline[1]["name"] == "Circle");
  CHECK(outline[1]["line"] == 6);
  CHECK(run({"def", "c/main.c:0:1"}).status == 2); // lines are 1-based
  CHECK(run({"symbols"}).status == 2);
}
