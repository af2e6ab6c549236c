// Value encodings round-trip and reject corrupt bytes.
#include "graph/Codec.h"

#include <doctest/doctest.h>

using namespace sextant::graph;

TEST_CASE("records round-trip") {
  SymbolRecord s{"area", SymbolKind::Method, {{3, 4}, {9, 1}, 40, 120}, {{3, 8}, {3, 12}, 44, 48}, 2, "Rect", "()", true, false, "const Rect *",
                 "Area of the rectangle.\n\nIn square units.", Visibility::Protected};
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
  CHECK(back.doc == s.doc);
  CHECK(back.visibility == Visibility::Protected);
  CHECK_FALSE(back.hasRegion());
  // A comprehension variable's region round-trips.
  SymbolRecord scoped = s;
  scoped.regionStartByte = 686, scoped.regionEndByte = 725;
  SymbolRecord scopedBack = decodeSymbol(encode(scoped));
  CHECK(scopedBack.regionStartByte == 686);
  CHECK(scopedBack.regionEndByte == 725);
  // Every visibility round-trips; a value past the enum does not decode.
  for (Visibility v : {Visibility::Unknown, Visibility::Public, Visibility::Protected, Visibility::Private,
                       Visibility::Package, Visibility::Exported}) {
    s.visibility = v;
    CHECK(decodeSymbol(encode(s)).visibility == v);
  }
  std::string bad = encode(s);
  bad.back() = 6;
  CHECK_THROWS_AS(decodeSymbol(bad), CorruptValue);

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

TEST_CASE("AST outlines and CFGs round-trip; CFG spans are stored relative to their anchor") {
  AstRecord ast{{"function_definition", "if_statement"},
                {{0, {{2, 0}, {9, 1}, 30, 200}, -1}, {1, {{3, 4}, {5, 5}, 60, 120}, 0}, {1, {{6, 4}, {6, 20}, 130, 146}, 0}}};
  CHECK(decodeAst(encode(ast)) == ast);

  CfgRecord g{"parse", "function_item", {{10, 0}, {20, 1}, 500, 900}, true, false, {}, {}};
  g.blocks = {{BlockKind::Entry, {{10, 0}, {10, 30}, 500, 530}, "", ""},
              {BlockKind::Exit, {{20, 1}, {20, 1}, 900, 900}, "", ""},
              {BlockKind::Condition, {{11, 7}, {11, 12}, 545, 550}, "if_expression", "x > 0"}};
  g.edges = {{0, 2, EdgeKind::Fallthrough}, {2, 1, EdgeKind::True}, {2, 1, EdgeKind::False}};
  const std::vector<CfgRecord> cfgs{g};
  const std::string at10 = encode(cfgs, {10, 0}, 500);
  CHECK(decodeCfgs(at10, {10, 0}, 500) == cfgs);
  // The same function 3 lines and 40 bytes further down encodes to the same bytes.
  CfgRecord moved = g;
  for (Span* s : {&moved.range, &moved.blocks[0].span, &moved.blocks[1].span, &moved.blocks[2].span}) {
    s->start.line += 3, s->end.line += 3, s->startByte += 40, s->endByte += 40;
  }
  CHECK(encode(std::vector{moved}, {13, 0}, 540) == at10);
  CHECK(decodeCfgs(at10, {13, 0}, 540) == std::vector{moved});

  CHECK_THROWS_AS(decodeCfgs(at10.substr(0, at10.size() - 1), {10, 0}, 500), CorruptValue);
  CHECK_THROWS_AS(decodeCfgs(at10, {0xFFFFFFFF, 0}, 0), CorruptValue); // lines past 2^32-1
  std::string astBytes = encode(ast);
  CHECK_THROWS_AS(decodeAst(astBytes + "x"), CorruptValue);
  CHECK_THROWS_AS(decodeAst("\x01\x01x\x01\x07"), CorruptValue); // kind 7 of a 1-entry table
}

TEST_CASE("truncated or padded values throw CorruptValue") {
  std::string bytes = encode(SymbolRecord{"name", SymbolKind::Function, {}, {}, -1, "", "(int)", false, true, ""});
  CHECK_THROWS_AS(decodeSymbol(bytes.substr(0, bytes.size() - 1)), CorruptValue);
  CHECK_THROWS_AS(decodeSymbol(bytes + "x"), CorruptValue);
  CHECK_THROWS_AS(decodeReferences("\xff\xff\xff\xff\x0f"), CorruptValue);
  CHECK_THROWS_AS(decodeNameEntry(std::string("\x63\x00", 2)), CorruptValue); // kind 99 is no SymbolKind
}
