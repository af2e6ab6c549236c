// Value encodings round-trip and reject corrupt bytes.
#include "graph/Codec.h"

#include <doctest/doctest.h>

using namespace sextant::graph;

TEST_CASE("records round-trip") {
  SymbolRecord s{"area", SymbolKind::Method, {{3, 4}, {9, 1}, 40, 120}, {{3, 8}, {3, 12}, 44, 48}, 2, "Rect", "()", true, false, "const Rect *"};
  SymbolRecord back = decodeSymbol(encode(s));
  CHECK(back.name == s.name);
  CHECK(back.kind == s.kind);
  CHECK(back.range == s.range);
  CHECK(back.selectionRange == s.selectionRange);
  CHECK(back.parent == 2);
  CHECK(back.qualifier == "Rect");
  CHECK(back.signature == "()");
  CHECK(back.isDeclaration);
  CHECK_FALSE(back.inOutline);
  CHECK(back.type == "const Rect *");

  FileRecord f;
  f.size = 1234;
  f.mtimeNs = -5; // pre-epoch times survive the zigzag encoding
  f.hash = {0xdeadbeefcafef00dULL, 42};
  f.language = Language::Python;
  f.definitions = 7;
  f.calls = 3;
  FileRecord fb = decodeFile(encode(f));
  CHECK(fb.size == 1234);
  CHECK(fb.mtimeNs == -5);
  CHECK(fb.hash == f.hash);
  CHECK(fb.language == Language::Python);
  CHECK(fb.definitions == 7);
  CHECK(fb.calls == 3);

  std::vector<ReferenceRecord> refs{{"next", RefRole::Read, {{1, 2}, {1, 6}, 10, 14}, 0, "it->"},
                                    {"f", RefRole::Call, {{2, 0}, {2, 1}, 20, 21}, -1, ""}};
  auto rb = decodeReferences(encode(refs));
  REQUIRE(rb.size() == 2);
  CHECK(rb[0].receiver == "it->");
  CHECK(rb[1].role == RefRole::Call);
  CHECK(rb[1].enclosing == -1);
}

TEST_CASE("truncated or padded values throw CorruptValue") {
  std::string bytes = encode(SymbolRecord{"name", SymbolKind::Function, {}, {}, -1, "", "(int)", false, true, ""});
  CHECK_THROWS_AS(decodeSymbol(bytes.substr(0, bytes.size() - 1)), CorruptValue);
  CHECK_THROWS_AS(decodeSymbol(bytes + "x"), CorruptValue);
  CHECK_THROWS_AS(decodeReferences("\xff\xff\xff\xff\x0f"), CorruptValue);
  CHECK_THROWS_AS(decodeNameEntry(std::string("\x63\x00", 2)), CorruptValue); // kind 99 is no SymbolKind
}
