// The key scheme: composition, ordering and parsing.
#include "graph/Keys.h"

#include <doctest/doctest.h>

using namespace sextant::graph;

TEST_CASE("sym:d keys sort by index numerically and round-trip") {
  CHECK(keys::symbol("a.c", 2) < keys::symbol("a.c", 10));
  CHECK(keys::symbol("a.c", 255) < keys::symbol("a.c", 256));
  CHECK(keys::symbolIndexFromKey(keys::symbol("dir/a.c", 70000)) == 70000);
  CHECK(keys::symbol("a.c", 0).starts_with(keys::symbolsOf("a.c")));
  // One file's prefix never covers another file's keys.
  CHECK_FALSE(keys::symbol("a.cc", 0).starts_with(keys::symbolsOf("a.c")));
}

TEST_CASE("sym:n keys parse back to path and index") {
  std::string path;
  uint32_t index = 0;
  std::string key = keys::symbolByName("push", "src/list.c", 258);
  CHECK(key.starts_with(keys::symbolsNamed("push")));
  CHECK_FALSE(key.starts_with(keys::symbolsNamed("pus")));
  REQUIRE(keys::parseSymbolByName(key, path, index));
  CHECK(path == "src/list.c");
  CHECK(index == 258);
  CHECK_FALSE(keys::parseSymbolByName("sym:n:broken", path, index));
}

TEST_CASE("chunk keys follow chunk:{path}:{start}:{end} and isChunkOf rejects look-alikes") {
  CHECK(keys::chunk("a.c", 10, 42) == "chunk:a.c:10:42");
  CHECK(keys::isChunkOf(keys::chunk("a.c", 10, 42), "a.c"));
  // "a.c:1:2" is another file whose chunks share the "chunk:a.c:" prefix.
  CHECK_FALSE(keys::isChunkOf(keys::chunk("a.c:1:2", 3, 4), "a.c"));
  CHECK(keys::file("x/y.py") == "file:x/y.py");
}

TEST_CASE("target ids parse back, alone or at the start of a reverse key") {
  const std::string id = keys::targetId("src/list.c", "list_push", 12, 0x01020304);
  auto parts = keys::parseTargetId(id);
  REQUIRE(parts);
  CHECK(parts->path == "src/list.c");
  CHECK(parts->name == "list_push");
  CHECK(parts->kind == 12);
  CHECK(parts->ordinal == 0x01020304u);
  CHECK(parts->size == id.size());
  const std::string key = keys::callsTo(id, "src/main.c");
  auto inKey = keys::parseTargetId(std::string_view(key).substr(keys::kCallsToPrefix.size()));
  REQUIRE(inKey);
  CHECK(std::string_view(key).substr(keys::kCallsToPrefix.size() + inKey->size) == "src/main.c");
  CHECK_FALSE(keys::parseTargetId("no separators"));
  CHECK_FALSE(keys::parseTargetId(std::string("p\0n\0\x01\0\0", 7))); // ordinal cut short
}
