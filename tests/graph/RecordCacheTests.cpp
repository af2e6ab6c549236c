// RecordCache: LRU by content hash, never stale across edits; warmRecordCache fills it.
#include "graph/Indexer.h"
#include "graph/Queries.h"
#include "graph/RecordCache.h"
#include "graph/Resolver.h"

#include <doctest/doctest.h>

using namespace sextant;
using namespace sextant::graph;

namespace {

std::shared_ptr<const FileRecords> recordsNamed(std::string name, size_t count) {
  auto r = std::make_shared<FileRecords>();
  for (size_t i = 0; i < count; ++i) r->symbols.push_back({name + std::to_string(i)});
  return r;
}

} // namespace

TEST_CASE("RecordCache: keyed by path, hash and kind; least recently used entries leave first") {
  RecordCache cache(64 * 1024);
  ContentHash h1{1, 1}, h2{2, 2};
  auto a = cache.insert("a.c", h1, RecordKind::Symbols, recordsNamed("a", 10));
  CHECK(cache.find("a.c", h1, RecordKind::Symbols) == a);
  CHECK(cache.find("a.c", h2, RecordKind::Symbols) == nullptr);    // another content
  CHECK(cache.find("a.c", h1, RecordKind::References) == nullptr); // the other half
  CHECK(cache.find("b.c", h1, RecordKind::Symbols) == nullptr);
  // Publishing the same key again hands back the first entry.
  CHECK(cache.insert("a.c", h1, RecordKind::Symbols, recordsNamed("x", 1)) == a);

  // Fill past the budget while touching a.c: the others are evicted, a.c stays.
  size_t before = cache.bytes();
  CHECK(before > 0);
  for (int i = 0; i < 200; ++i) {
    cache.insert("f" + std::to_string(i) + ".c", h1, RecordKind::Symbols, recordsNamed("name_long_enough_to_allocate_", 8));
    REQUIRE(cache.find("a.c", h1, RecordKind::Symbols) != nullptr);
  }
  CHECK(cache.bytes() <= cache.budget());
  CHECK(cache.find("f0.c", h1, RecordKind::Symbols) == nullptr);
  CHECK(cache.find("f199.c", h1, RecordKind::Symbols) != nullptr);
  cache.clear();
  CHECK(cache.bytes() == 0);
  CHECK(cache.find("a.c", h1, RecordKind::Symbols) == nullptr);
}

TEST_CASE("RecordCache: an edit changes the hash, so queries never see the records of old content") {
  RecordCache::shared().clear();
  auto store = kv::openMemoryStore();
  REQUIRE(indexContent(*store, "m.py", Language::Python, "def old_name():\n    pass\nold_name()\n") > 0);
  auto first = findDefinition(*store->snapshot(), "m.py", {2, 1});
  REQUIRE(first.size() == 1);
  CHECK(first[0].span.start == Point{0, 4});
  CHECK(RecordCache::shared().bytes() > 0); // the query decoded through the cache

  REQUIRE(indexContent(*store, "m.py", Language::Python, "\n\ndef new_name():\n    pass\nnew_name()\n") > 0);
  auto second = findDefinition(*store->snapshot(), "m.py", {4, 1});
  REQUIRE(second.size() == 1);
  CHECK(second[0].span.start == Point{2, 4});
  CHECK(findDefinition(*store->snapshot(), "m.py", {2, 1}).empty()); // `old_name()` is gone
}

TEST_CASE("warmRecordCache decodes every indexed file, and stops when cancelled") {
  RecordCache::shared().clear();
  auto store = kv::openMemoryStore();
  for (int i = 0; i < 100; ++i)
    REQUIRE(indexContent(*store, "f" + std::to_string(i) + ".c", Language::C,
                         "int f" + std::to_string(i) + "(int x) { return x; }\n") > 0);
  std::atomic<bool> cancel = true;
  CHECK(warmRecordCache(*store->snapshot(), &cancel) == 0);
  CHECK(RecordCache::shared().bytes() == 0);
  cancel = false;
  CHECK(warmRecordCache(*store->snapshot(), &cancel) == 100);
  size_t warmed = RecordCache::shared().bytes();
  CHECK(warmed > 0);
  // Already decoded: a query adds nothing.
  CHECK(findDefinition(*store->snapshot(), "f7.c", {0, 4}).size() == 1);
  CHECK(RecordCache::shared().bytes() == warmed);
}
