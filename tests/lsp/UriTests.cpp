// file:// URIs both ways.
#include "lsp/Uri.h"

#include <doctest/doctest.h>

using namespace sextant::lsp;

TEST_CASE("percent-decoding and encoding round-trip") {
  CHECK(pathFromUri("file:///home/u/a%20b/c%2B%2B.cc") == std::filesystem::path("/home/u/a b/c++.cc"));
  CHECK(uriFromPath("/home/u/a b/c++.cc") == "file:///home/u/a%20b/c%2B%2B.cc");
  CHECK(pathFromUri(uriFromPath("/tmp/日本/x.py")) == std::filesystem::path("/tmp/日本/x.py"));
  CHECK(pathFromUri("file://localhost/etc/x") == std::filesystem::path("/etc/x"));
}

TEST_CASE("non-file and malformed URIs are rejected") {
  CHECK_FALSE(pathFromUri("untitled:Untitled-1").has_value());
  CHECK_FALSE(pathFromUri("file://server/share/x").has_value());
  CHECK_FALSE(pathFromUri("file:///bad%2").has_value());
  CHECK_FALSE(pathFromUri("file:///bad%zz").has_value());
}
