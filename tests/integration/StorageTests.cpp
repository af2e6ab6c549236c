// Storage through the binary: `sextant verify`, `sextant migrate`, forced LMDB fallback, format
// detection, `.sextant.json` and `initializationOptions.store`.
#include "tests/graph/StoreBackends.h"
#include "tests/support/LspProcess.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using sextant::test::LspProcess;
using sextant::test::readFile;
using sextant::test::runProcess;
using sextant::test::TempDir;
using sextant::test::writeFile;

namespace {

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

struct Tree {
  TempDir tmp{"storage"};
  fs::path ws = tmp.path() / "ws";
  Tree() { fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "workspace", ws, fs::copy_options::recursive); }

  sextant::test::RunResult run(std::vector<std::string> args) { return runProcess(SEXTANT_BINARY, args, tmp.path()); }
  sextant::test::RunResult check(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--check", "--fail-on", "never", ws.string(), "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }
};

} // namespace

TEST_CASE("sextant verify: exit 0 when clean, 1 with path: kind: message lines, 2 without an index") {
  Tree t;
  auto none = t.run({"verify", t.ws.string()});
  CHECK(none.status == 2);
  CHECK(has(none.err, "no index in"));
  CHECK(t.run({"verify", (t.ws / "missing").string()}).status == 2);

  writeFile(t.ws / "py/odd\nname.py", "def odd():\n    pass\n");
  REQUIRE(t.check().status == 0);
  auto clean = t.run({"verify", t.ws.string()});
  INFO(clean.out, clean.err);
  CHECK(clean.status == 0);
  CHECK(clean.out.empty());
  CHECK(has(clean.err, "0 problems (9 files indexed, 9 on disk"));

  writeFile(t.ws / "c/main.c", readFile(t.ws / "c/main.c") + "int drift;\n");
  writeFile(t.ws / "py/odd\nname.py", "def odd():\n    return 2\n");
  fs::remove(t.ws / "cpp/shape.hpp");
  writeFile(t.ws / "c/new.c", "int fresh(void) { return 0; }\n");
  auto drift = t.run({"verify", t.ws.string()});
  INFO(drift.out, drift.err);
  CHECK(drift.status == 1);
  CHECK(has(drift.out, "c/main.c: changed: "));
  CHECK(has(drift.out, "c/new.c: added: "));
  CHECK(has(drift.out, "cpp/shape.hpp: deleted: "));
  CHECK(has(drift.out, "py/odd\\x0Aname.py: changed: ")); // one problem, one line
  CHECK(std::count(drift.out.begin(), drift.out.end(), '\n') == 4);
  // --no-disk: the index itself is consistent.
  CHECK(t.run({"verify", t.ws.string(), "--no-disk"}).status == 0);

  REQUIRE(t.check().status == 0);
  CHECK(t.run({"verify", t.ws.string()}).status == 0);
}

TEST_CASE("sextant migrate: lmdb -> sqlite -> lmdb keeps every key and the next run reindexes nothing") {
  Tree t;
  fs::path index = t.tmp.path() / "index";
  REQUIRE(t.check({"--index", index.string()}).status == 0);
  REQUIRE(fs::exists(index / "data.mdb"));

  auto toSqlite = t.run({"migrate", "--to", "sqlite", t.ws.string(), "--index", index.string()});
  INFO(toSqlite.out, toSqlite.err);
  CHECK(toSqlite.status == 0);
  CHECK(has(toSqlite.out, "file:") );
  CHECK(has(toSqlite.out, "        8 ->         8"));
  CHECK_FALSE(has(toSqlite.out, "MISMATCH"));
  CHECK(fs::exists(index / "index.sqlite"));
  CHECK_FALSE(fs::exists(index / "data.mdb"));
  CHECK_FALSE(fs::exists(index / "migrate.tmp"));

  auto after = t.check({"--index", index.string()});
  CHECK(has(after.out, "(sqlite)"));
  CHECK(has(after.out, "0 reindexed, 8 unchanged, 0 removed, 0 skipped, 0 writes"));
  CHECK(t.run({"verify", t.ws.string(), "--index", index.string()}).status == 0);

  auto same = t.run({"migrate", "--to", "sqlite", t.ws.string(), "--index", index.string()});
  CHECK(same.status == 0);
  CHECK(has(same.out, "already"));

  auto back = t.run({"migrate", "--to", "lmdb", t.ws.string(), "--index", index.string()});
  INFO(back.out, back.err);
  CHECK(back.status == 0);
  CHECK(fs::exists(index / "data.mdb"));
  CHECK_FALSE(fs::exists(index / "index.sqlite"));
  auto again = t.check({"--index", index.string()});
  CHECK(has(again.out, "(lmdb)"));
  CHECK(has(again.out, "0 reindexed, 8 unchanged"));

  CHECK(t.run({"migrate", "--to", "sqlite", t.ws.string(), "--index", (t.tmp.path() / "none").string()}).status == 2);
  CHECK(t.run({"migrate", t.ws.string()}).status == 2);              // --to is required
  CHECK(t.run({"migrate", "--to", "rocksdb", t.ws.string()}).status == 2);
}

TEST_CASE("forced LMDB failure falls back to SQLite and says why") {
  Tree t;
  fs::path index = t.tmp.path() / "index";
  // mdb_env_open cannot open its lock file when lock.mdb is a folder (EISDIR), as root too.
  fs::create_directories(index / "lock.mdb");
  auto r = t.check({"--index", index.string()});
  INFO(r.out, r.err);
  CHECK(r.status == 0);
  CHECK(has(r.err, "LMDB unusable ("));
  CHECK(has(r.err, "Is a directory"));
  CHECK(has(r.err, "using SQLite"));
  CHECK(has(r.out, "(sqlite)"));
  CHECK(fs::exists(index / "index.sqlite"));

  // The next run finds the SQLite index by its file, without any complaint.
  auto second = t.check({"--index", index.string()});
  CHECK(has(second.out, "(sqlite)"));
  CHECK_FALSE(has(second.err, "LMDB unusable"));
}

TEST_CASE("an existing index keeps its format whatever --store says") {
  Tree t;
  fs::path sqliteIndex = t.tmp.path() / "s", lmdbIndex = t.tmp.path() / "l";
  REQUIRE(has(t.check({"--index", sqliteIndex.string(), "--store", "sqlite"}).out, "(sqlite)"));
  auto s = t.check({"--index", sqliteIndex.string(), "--store", "lmdb"});
  CHECK(has(s.out, "(sqlite)"));
  CHECK(has(s.out, "0 reindexed, 8 unchanged"));
  CHECK_FALSE(fs::exists(sqliteIndex / "data.mdb"));

  REQUIRE(has(t.check({"--index", lmdbIndex.string()}).out, "(lmdb)"));
  auto l = t.check({"--index", lmdbIndex.string(), "--store", "sqlite"});
  CHECK(has(l.out, "(lmdb)"));
  CHECK(has(l.out, "0 reindexed, 8 unchanged"));
  CHECK_FALSE(fs::exists(lmdbIndex / "index.sqlite"));
}

TEST_CASE(".sextant.json selects the backend of a new index; a bad value is a warning") {
  Tree t;
  writeFile(t.ws / ".sextant.json", R"({"store": "sqlite", "other": 1})");
  auto r = t.check();
  INFO(r.out, r.err);
  CHECK(has(r.out, "(sqlite)"));
  CHECK(fs::exists(t.ws / ".sextant/index.sqlite"));

  Tree bad;
  writeFile(bad.ws / ".sextant.json", R"({"store": "rocksdb"})");
  auto b = bad.check();
  INFO(b.out, b.err);
  CHECK(b.status == 0);
  CHECK(has(b.err, "\"store\" must be \"lmdb\" or \"sqlite\"; ignored"));
  CHECK(has(b.out, "(lmdb)"));
}

TEST_CASE("initializationOptions.store selects the backend of the server's new index") {
  for (std::string store : {"sqlite", "lmdb"}) {
    CAPTURE(store);
    Tree t;
    LspProcess server(SEXTANT_BINARY, {"--log-level", "error"}, t.tmp.path());
    int id = server.request("initialize", {{"processId", nullptr},
                                           {"rootUri", "file://" + t.ws.string()},
                                           {"capabilities", nlohmann::json::object()},
                                           {"initializationOptions", {{"store", store}}}});
    auto reply = server.waitResponse(id);
    REQUIRE(reply.contains("result"));
    CHECK(fs::exists(t.ws / ".sextant" / (store == "sqlite" ? "index.sqlite" : "data.mdb")));
    CHECK_FALSE(fs::exists(t.ws / ".sextant" / (store == "sqlite" ? "data.mdb" : "index.sqlite")));
    server.waitResponse(server.request("shutdown", nullptr));
    server.notify("exit", nullptr);
    CHECK(server.closeAndWait() == 0);
  }
}
