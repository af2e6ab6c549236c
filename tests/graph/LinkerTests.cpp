// The linker: stored resolutions answer like on-the-spot resolution, and edits invalidate the
// references elsewhere that they can change.
#include "graph/Codec.h"
#include "graph/Indexer.h"
#include "graph/Keys.h"
#include "graph/Linker.h"
#include "graph/Queries.h"
#include "tests/graph/WatchedStore.h"
#include "tests/support/TempDir.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace sextant;
using namespace sextant::graph;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> indexedPaths(const kv::Store& store) {
  std::vector<std::string> paths;
  store.snapshot()->scanPrefix(keys::kFilePrefix, [&](std::string_view k, std::string_view) {
    paths.emplace_back(k.substr(keys::kFilePrefix.size()));
    return true;
  });
  return paths;
}

/// Marks every file pending, as right after an edit: queries then resolve on the spot.
void markAllPending(kv::Store& store) {
  kv::WriteBatch batch;
  for (const auto& p : indexedPaths(store)) batch.put(keys::linkPending(p), encode(LinkMarker{1, {}}));
  store.commit(batch);
}

std::string render(const std::vector<Location>& locations) {
  std::string out;
  for (const auto& l : locations)
    out += l.path + ":" + std::to_string(l.span.start.line) + ":" + std::to_string(l.span.start.column) + " ";
  return out;
}

std::string render(const std::vector<CallEdge>& edges) {
  std::string out;
  for (const auto& e : edges) {
    out += e.node.id.path + "#" + std::to_string(e.node.id.index) + "[";
    for (const auto& r : e.fromRanges) out += std::to_string(r.start.line) + ":" + std::to_string(r.start.column) + " ";
    out += "] ";
  }
  return out;
}

/// For every symbol of the index (at most `limit` per file): references and incoming calls.
std::map<std::string, std::string> answers(const kv::Store& store, size_t limit) {
  std::map<std::string, std::string> out;
  auto snap = store.snapshot();
  for (const auto& path : indexedPaths(store)) {
    auto symbols = documentSymbols(*snap, path);
    for (uint32_t i = 0; i < symbols.size() && i < limit; ++i) {
      std::string key = path + "#" + std::to_string(i) + " " + symbols[i].name;
      out[key + " refs"] = render(findReferences(*snap, path, symbols[i].selectionRange.start, false));
      if (isFunctionLike(symbols[i].kind)) out[key + " callers"] = render(incomingCalls(*snap, {path, i}));
    }
  }
  return out;
}

void checkSameAnswers(kv::Store& store, size_t limit) {
  REQUIRE(pendingLinks(*store.snapshot()).empty());
  auto linked = answers(store, limit);
  markAllPending(store);
  auto onTheSpot = answers(store, limit);
  REQUIRE(linked.size() == onTheSpot.size());
  size_t nonEmpty = 0;
  for (const auto& [key, value] : linked) {
    INFO(key);
    CHECK(value == onTheSpot.at(key));
    nonEmpty += !value.empty();
  }
  CHECK(nonEmpty > linked.size() / 10); // the comparison is not between empty answers
  // Linking everything again (what a large change does) gives the same edges.
  LinkOptions everything;
  everything.relinkAllShare = 0;
  everything.relinkAllMinimum = 0;
  LinkStats stats = linkPending(store, everything);
  CHECK(stats.all);
  CHECK(answers(store, limit) == linked);
}

/// A workspace in `tmp` holding copies of these packages of /usr/lib/python3.11; empty (and a
/// message) when they are not installed.
fs::path stdlibWorkspace(const test::TempDir& tmp, std::initializer_list<const char*> packages) {
  const fs::path lib = "/usr/lib/python3.11";
  for (const char* p : packages)
    if (!fs::exists(lib / p)) {
      MESSAGE("skipped: /usr/lib/python3.11 not installed");
      return {};
    }
  fs::path ws = tmp.path() / "ws";
  fs::create_directories(ws);
  for (const char* p : packages) fs::copy(lib / p, ws / p, fs::copy_options::recursive);
  return ws;
}

struct Index {
  std::unique_ptr<kv::Store> store = kv::openMemoryStore();
  void add(std::string_view path, Language language, std::string_view text) {
    REQUIRE(indexContent(*store, path, language, text) > 0);
  }
  std::string refs(std::string_view path, uint32_t line, uint32_t column) {
    return render(findReferences(*store->snapshot(), path, {line, column}, false));
  }
  std::string callers(std::string_view path, uint32_t index) {
    return render(incomingCalls(*store->snapshot(), {std::string(path), index}));
  }
};

} // namespace

TEST_CASE("linked references and calls equal on-the-spot resolution (fixture workspace)") {
  test::TempDir tmp;
  fs::path ws = tmp.path() / "ws";
  fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "workspace", ws, fs::copy_options::recursive);
  auto store = kv::openMemoryStore();
  IndexStats stats = indexWorkspace(*store, ws);
  CHECK(stats.link.filesLinked == 8);
  CHECK(stats.link.references == stats.totals.references);
  checkSameAnswers(*store, 1000);
}

TEST_CASE("linked references and calls equal on-the-spot resolution (Python stdlib: json, email)") {
  test::TempDir tmp;
  const fs::path ws = stdlibWorkspace(tmp, {"json", "email"});
  if (ws.empty()) return;
  auto store = kv::openMemoryStore();
  IndexStats stats = indexWorkspace(*store, ws);
  REQUIRE(stats.totals.files > 30);
  CHECK(stats.link.references == stats.totals.references);
  checkSameAnswers(*store, 60);
}

TEST_CASE("the link pipeline commits in parts and pauses for checkpoints with no snapshot held") {
  test::TempDir tmp;
  const fs::path ws = stdlibWorkspace(tmp, {"email"});
  if (ws.empty()) return;
  test::WatchedStore store;
  IndexOptions index;
  index.link = false;
  IndexStats indexed = indexWorkspace(store, ws, index);
  REQUIRE(indexed.totals.files > 20);
  const int commitsBefore = store.commits, checkpointsBefore = store.checkpoints;
  LinkOptions options;
  options.threads = 2;
  options.filesPerCommit = 2;
  options.checkpointBytes = 1000;
  LinkStats stats = linkPending(store, options);
  CHECK(stats.filesLinked == indexed.totals.files);
  CHECK(stats.references == indexed.totals.references);
  CHECK(store.commits - commitsBefore >= static_cast<int>(indexed.totals.files / 2));
  CHECK(stats.checkpoints >= 3);
  CHECK(store.checkpoints - checkpointsBefore >= 3);
  CHECK(store.withSnapshots == 0);
  checkSameAnswers(store, 40);
}

TEST_CASE("a new definition elsewhere re-binds the references it now wins, once linked") {
  Index index;
  index.add("a.c", Language::C, "int foo(void) { return 1; }\n");
  index.add("c.c", Language::C, "int use(void) { return foo(); }\n");
  LinkStats first = linkPending(*index.store);
  CHECK(first.filesLinked == 2);
  CHECK(index.refs("a.c", 0, 4) == "c.c:0:23 ");
  CHECK(index.callers("a.c", 0) == "c.c#0[0:23 ] ");

  // d.c defines foo too: c.c's call now names both (same rank), though c.c did not change.
  index.add("d.c", Language::C, "int foo(void) { return 2; }\n");
  CHECK(pendingLinks(*index.store->snapshot()) == std::set<std::string, std::less<>>{"d.c"});
  LinkStats second = linkPending(*index.store);
  CHECK_FALSE(second.all);
  CHECK(second.filesLinked == 1); // d.c
  CHECK(second.filesPatched == 1); // c.c, only its references named foo
  CHECK(second.references == 1);
  CHECK(index.refs("d.c", 0, 4) == "c.c:0:23 ");
  CHECK(index.callers("d.c", 0) == "c.c#0[0:23 ] ");

  // c.c gets its own foo: the same file wins, neither a.c's nor d.c's is called from c.c now.
  index.add("c.c", Language::C, "static int foo(void) { return 3; }\nint use(void) { return foo(); }\n");
  CHECK(index.refs("a.c", 0, 4) == ""); // pending: c.c resolved on the spot
  linkPending(*index.store);
  CHECK(index.refs("a.c", 0, 4) == "");
  CHECK(index.refs("d.c", 0, 4) == "");
  CHECK(index.refs("c.c", 0, 11) == "c.c:1:23 ");
  CHECK(index.callers("c.c", 0) == "c.c#1[1:23 ] ");
}

TEST_CASE("an edit inside the target file keeps the references elsewhere (stable target identity)") {
  Index index;
  index.add("a.c", Language::C, "int foo(void) { return 1; }\nint bar(void) { return 2; }\n");
  index.add("b.c", Language::C, "int main(void) { return foo() + bar(); }\n");
  linkPending(*index.store);
  CHECK(index.refs("a.c", 1, 4) == "b.c:0:32 ");
  // foo's body grows a local and three lines: bar moves, b.c is neither relinked nor patched.
  index.add("a.c", Language::C, "int foo(void) {\n  int bar = 0;\n  return bar;\n}\nint bar(void) { return 2; }\n");
  LinkStats stats = linkPending(*index.store);
  CHECK(stats.filesLinked == 1);
  CHECK(stats.filesPatched == 0);
  CHECK(index.refs("a.c", 4, 4) == "b.c:0:32 ");
  CHECK(index.refs("a.c", 1, 6) == "a.c:2:9 "); // the local: its own file only
  CHECK(index.callers("a.c", 2) == "b.c#0[0:32 ] ");
}

TEST_CASE("removing the target file retracts the stored edges that pointed into it") {
  Index index;
  index.add("a.c", Language::C, "int foo(void) { return 1; }\n");
  index.add("b.c", Language::C, "int main(void) { return foo(); }\n");
  linkPending(*index.store);
  auto countPrefix = [&](std::string_view prefix) {
    size_t n = 0;
    index.store->snapshot()->scanPrefix(prefix, [&](std::string_view, std::string_view) {
      ++n;
      return true;
    });
    return n;
  };
  CHECK(countPrefix(std::string(keys::kCallsToPrefix) + "a.c") == 1);
  removeFile(*index.store, "a.c");
  LinkStats stats = linkPending(*index.store);
  CHECK(stats.filesPatched == 1);
  CHECK(countPrefix(std::string(keys::kCallsToPrefix) + "a.c") == 0);
  CHECK(countPrefix(std::string(keys::kLinkPrefix)) == 0);
  CHECK(countPrefix(keys::resolutions("a.c")) == 0);
}

TEST_CASE("Python: a module added later binds the imports that name it") {
  Index index;
  index.add("app.py", Language::Python, "from util import f\n\ndef main():\n    f()\n");
  linkPending(*index.store);
  index.add("util.py", Language::Python, "def f():\n    pass\n");
  LinkStats stats = linkPending(*index.store);
  CHECK(stats.filesPatched == 1);
  CHECK(index.refs("util.py", 0, 4) == "app.py:0:17 app.py:3:4 ");
  CHECK(index.callers("util.py", 0) == "app.py#0[3:4 ] ");
}

TEST_CASE("markers merge the names of edits not linked yet, and changedNames ignores bodies") {
  Index index;
  index.add("a.c", Language::C, "int foo(void) { return 1; }\n");
  index.add("a.c", Language::C, "int bar(void) { int x = 1; return x; }\n");
  auto marker = index.store->get(keys::linkPending("a.c"));
  REQUIRE(marker);
  CHECK(decodeLinkMarker(*marker).names == std::vector<std::string>{"bar", "foo"});

  auto symbol = [](std::string name, SymbolKind kind, int32_t parent) {
    SymbolRecord s;
    s.name = std::move(name);
    s.kind = kind;
    s.parent = parent;
    return s;
  };
  std::vector<SymbolRecord> before{symbol("f", SymbolKind::Function, -1), symbol("x", SymbolKind::Variable, 0)};
  std::vector<SymbolRecord> after = before;
  after[0].range.start.line = 7;
  after.push_back(symbol("y", SymbolKind::Variable, 0));
  CHECK(changedNames(before, after).empty()); // moved, and a new local: nothing for other files
  after[0].type = "int";
  CHECK(changedNames(before, after) == std::set<std::string>{"f"});
}

TEST_CASE("storedTargetsOf: the linker's targets while nothing is pending, else nothing to trust") {
  auto store = kv::openMemoryStore();
  indexContent(*store, "list.h", Language::C, "int list_push(int v);\n");
  indexContent(*store, "list.c", Language::C, "#include \"list.h\"\nint list_push(int v) { return v; }\n");
  indexContent(*store, "main.c", Language::C,
               "#include \"list.h\"\nint main(void) { int local = 1; return list_push(local) + missing_fn(); }\n");
  linkPending(*store);
  auto snap = store->snapshot();
  Resolver resolver(*snap);
  const auto& refs = resolver.referencesOf("main.c");
  auto named = [&](std::string_view name) {
    return *std::find_if(refs.begin(), refs.end(), [&](const ReferenceRecord& r) { return r.name == name; });
  };
  auto stored = storedTargetsOf(*snap, resolver, "main.c", named("list_push").span);
  REQUIRE(stored);
  REQUIRE(stored->size() == resolver.resolve("main.c", named("list_push")).size());
  CHECK((*stored)[0].id == resolver.resolve("main.c", named("list_push"))[0].id);
  // Locals are never stored: the caller resolves them on the spot.
  CHECK_FALSE(storedTargetsOf(*snap, resolver, "main.c", named("local").span));
  // A C name that resolved to nothing is known to resolve to nothing.
  auto missing = storedTargetsOf(*snap, resolver, "main.c", named("missing_fn").span);
  REQUIRE(missing);
  CHECK(missing->empty());
  markAllPending(*store);
  auto pendingSnap = store->snapshot();
  Resolver again(*pendingSnap);
  CHECK_FALSE(storedTargetsOf(*pendingSnap, again, "main.c", named("list_push").span));
}

TEST_CASE("findReferencesByFile with a limit keeps the first locations by path, from calls and reads alike") {
  auto store = kv::openMemoryStore();
  indexContent(*store, "lib.h", Language::C, "int f(int v);\n");
  indexContent(*store, "lib.c", Language::C, "#include \"lib.h\"\nint f(int v) { return v; }\n");
  // Each user both calls f (a `calls:to:` edge) and takes its address (a `ref:t:` edge); the
  // files' names interleave the two kinds in path order.
  for (int i = 0; i < 6; ++i)
    indexContent(*store, "u" + std::to_string(i) + ".c", Language::C,
                 "#include \"lib.h\"\nint (*p" + std::to_string(i) + ")(int) = f;\nint g" + std::to_string(i) +
                     "(void) { return f(1) + f(2); }\n");
  linkPending(*store);
  auto snap = store->snapshot();
  auto flatten = [](const std::vector<FileLocations>& files) {
    std::vector<Location> out;
    for (const auto& file : files)
      for (const auto& span : file.spans) out.push_back({file.path, span});
    return out;
  };
  for (bool withDeclaration : {false, true}) {
    auto all = findReferences(*snap, "lib.c", {1, 4}, withDeclaration);
    REQUIRE(all.size() == (withDeclaration ? 20u : 18u));
    CHECK(flatten(findReferencesByFile(*snap, "lib.c", {1, 4}, withDeclaration, 0)) == all);
    for (size_t limit : {1u, 2u, 3u, 4u, 7u, 17u, 18u, 40u}) {
      CAPTURE(limit);
      auto limited = flatten(findReferencesByFile(*snap, "lib.c", {1, 4}, withDeclaration, limit));
      std::vector<Location> expected(all.begin(), all.begin() + static_cast<long>(std::min(limit, all.size())));
      CHECK(render(limited) == render(expected));
    }
  }
}

TEST_CASE("a member access binds through the declaration its receiver names there, in the link as on the spot") {
  // Two locals named `a` of different types in one function: the receiver's type must not be
  // remembered per (function, receiver text) across them.
  auto store = kv::openMemoryStore();
  indexContent(*store, "s.c", Language::C,
               "struct A { int x; };\n"
               "struct B { int y; int x; };\n"
               "int f(void) {\n"
               "  struct A a; a.x = 1;\n"
               "  for (int i = 0; i < 2; i++) { struct B a; a.x = 2; }\n"
               "  return 0;\n"
               "}\n");
  markAllPending(*store);
  auto onTheSpot = render(findReferences(*store->snapshot(), "s.c", {1, 22}, false));
  CHECK(onTheSpot == "s.c:4:46 ");
  linkPending(*store);
  CHECK(render(findReferences(*store->snapshot(), "s.c", {1, 22}, false)) == onTheSpot);
  CHECK(render(findReferences(*store->snapshot(), "s.c", {0, 15}, false)) == "s.c:3:16 ");
}
