// graph/Migrate.cpp: store-to-store copies are complete, exact, and checked by namespace.
#include "graph/Migrate.h"

#include "graph/Workspace.h"
#include "tests/graph/StoreBackends.h"

#include <doctest/doctest.h>

using namespace sextant;
using namespace sextant::graph;
namespace fs = std::filesystem;

TEST_CASE("copyStore copies an index between LMDB and SQLite exactly, replacing old contents") {
  test::TempDir tmp;
  fs::path ws = tmp.path() / "ws";
  fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "workspace", ws, fs::copy_options::recursive);
  test::LmdbIndex lmdb;
  test::SqliteIndex sqlite;
  Workspace w(ws, lmdb.open());
  w.index();

  auto target = sqlite.open();
  kv::WriteBatch junk;
  junk.put("zzz:left-over", "x");
  junk.put(keys::file("stale.c"), "x");
  target->commit(junk);

  CopyResult copy = copyStore(*w.snapshot(), *target, /*batchKeys=*/7); // many small batches
  CHECK(copy.complete());
  CHECK(copy.source.at("file:").keys == 8);
  CHECK(copy.source.at("sym:d:").keys > 20);
  CHECK(copy.source.contains("meta:"));
  CHECK_FALSE(copy.destination.contains("zzz:"));
  CHECK(test::dumpStore(*target) == test::dumpStore(w.store()));

  // And back, into a fresh LMDB folder.
  auto back = lmdb.open("back");
  CHECK(copyStore(*target->snapshot(), *back).complete());
  CHECK(test::dumpStore(*back) == test::dumpStore(w.store()));
}

TEST_CASE("summaries differ when one value or one key differs") {
  auto a = kv::openMemoryStore();
  auto b = kv::openMemoryStore();
  kv::WriteBatch batch;
  batch.put(keys::symbol("a", 1), "v1");
  batch.put("file:a", "f");
  a->commit(batch);
  b->commit(batch);
  CHECK(summarizeIndex(*a->snapshot()) == summarizeIndex(*b->snapshot()));
  kv::WriteBatch change;
  change.put("file:a", "g");
  b->commit(change);
  IndexSummary sa = summarizeIndex(*a->snapshot()), sb = summarizeIndex(*b->snapshot());
  CHECK(sa.at("file:").keys == sb.at("file:").keys);
  CHECK_FALSE(sa.at("file:") == sb.at("file:"));
  CHECK(sa.at("sym:d:") == sb.at("sym:d:"));
}
