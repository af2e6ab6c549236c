// NameTable: the distinct non-local names, and when the shared table is read again.
#include "graph/Indexer.h"
#include "graph/Keys.h"
#include "graph/NameTable.h"
#include "graph/Queries.h"

#include <doctest/doctest.h>

using namespace sextant;
using namespace sextant::graph;

namespace {

std::vector<std::string> namesOf(const NameTable& table) {
  std::vector<std::string> out;
  for (size_t i = 0; i < table.size(); ++i) out.emplace_back(table[i]);
  return out;
}

std::unique_ptr<kv::Store> stampedStore() {
  auto store = kv::openMemoryStore();
  kv::WriteBatch batch;
  batch.put(keys::metaNames(), newNamesStamp());
  store->commit(batch);
  return store;
}

} // namespace

TEST_CASE("NameTable lists each name a non-local symbol bears once, in key order") {
  auto store = stampedStore();
  indexContent(*store, "b.c", Language::C, "int zeta(int count) { int local_only = count; return local_only; }\nint alpha;\n");
  indexContent(*store, "a.c", Language::C, "int alpha(void);\nstruct Point { int x; };\n");
  CHECK(namesOf(NameTable::build(*store->snapshot())) == std::vector<std::string>{"Point", "alpha", "x", "zeta"});
}

TEST_CASE("NameTable::of is shared until a commit changes the names") {
  auto store = stampedStore();
  indexContent(*store, "a.c", Language::C, "int first_name(void) { return 1; }\n");
  auto table = NameTable::of(*store->snapshot());
  CHECK(NameTable::of(*store->snapshot()) == table); // same stamp: not read again
  // A body edit keeps every name: the stamp and the table stay.
  indexContent(*store, "a.c", Language::C, "int first_name(void) { return 2; }\n");
  CHECK(NameTable::of(*store->snapshot()) == table);
  // A new name gets a new stamp, and the query sees it.
  indexContent(*store, "b.c", Language::C, "int second_name(void) { return 3; }\n");
  auto fresh = NameTable::of(*store->snapshot());
  CHECK(fresh != table);
  CHECK(namesOf(*fresh) == std::vector<std::string>{"first_name", "second_name"});
  auto found = workspaceSymbols(*store->snapshot(), "second", 10);
  REQUIRE(found.size() == 1);
  CHECK(found[0].id.path == "b.c");
  // The character prefilter folds case and keeps digits and `_` apart from letters.
  CHECK(workspaceSymbols(*store->snapshot(), "SeCoNd_N", 10).size() == 1);
  CHECK(workspaceSymbols(*store->snapshot(), "sdn", 10).size() == 1); // first_name has no d
  CHECK(workspaceSymbols(*store->snapshot(), "second2", 10).empty());
  CHECK(workspaceSymbols(*store->snapshot(), "name", 10).size() == 2);
  // Removing the file removes the name.
  removeFile(*store, "b.c");
  CHECK(namesOf(*NameTable::of(*store->snapshot())) == std::vector<std::string>{"first_name"});
  CHECK(workspaceSymbols(*store->snapshot(), "second", 10).empty());
}

TEST_CASE("an index without a stamp is read on every call") {
  auto store = kv::openMemoryStore(); // as written before `meta:names` existed
  indexContent(*store, "a.c", Language::C, "int only_name;\n");
  kv::WriteBatch unstamp;
  unstamp.erase(keys::metaNames());
  store->commit(unstamp);
  CHECK(NameTable::of(*store->snapshot()) != NameTable::of(*store->snapshot()));
}
