// Tests for graph/Hover.cpp: the declaration head from the source, the doc as extracted and stored.
#include "graph/Hover.h"
#include "graph/Codec.h"
#include "parsers/Extractor.h"

#include <doctest/doctest.h>

using namespace sextant::graph;

namespace {

// The symbol named `name` as the indexer stores it (through the sym:d: codec).
SymbolRecord stored(const sextant::parse::ExtractionResult& x, std::string_view name) {
  for (const auto& d : x.definitions)
    if (d.name == name)
      return decodeSymbol(encode(SymbolRecord{d.name, d.kind, d.range, d.selectionRange, d.parent, d.qualifier,
                                              d.signature, d.isDeclaration, d.inOutline, d.type, d.doc, d.visibility}));
  FAIL("no definition " << name);
  return {};
}

} // namespace

TEST_CASE("hover shows the stored doc: a Python docstring, not the # comment above") {
  const std::string text = "# Not a doc.\ndef area(r):\n    \"\"\"Area.\n\n    Of a circle.\n    \"\"\"\n    return r\n";
  sextant::parse::Extractor extractor;
  const auto x = extractor.extract(Language::Python, text);
  const SymbolDescription d = describeSymbol(text, stored(x, "area"), Language::Python);
  CHECK(d.declaration == "def area(r):");
  CHECK(d.doc == "Area.\n\nOf a circle.");
}

TEST_CASE("hover shows the stored doc of a C++ member and its access") {
  const std::string text = "class Stack {\n  /// Pushes one.\n  void push(int v);\n};\n";
  sextant::parse::Extractor extractor;
  const auto x = extractor.extract(Language::Cpp, text);
  const SymbolRecord push = stored(x, "push");
  CHECK(push.visibility == Visibility::Private);
  const SymbolDescription d = describeSymbol(text, push, Language::Cpp);
  CHECK(d.declaration == "void push(int v);");
  CHECK(d.doc == "Pushes one.");
  // A span past the end of the text (a file changed since indexing) still gives the doc.
  SymbolRecord moved = push;
  moved.range.startByte = moved.range.endByte = 10000;
  CHECK(describeSymbol(text, moved, Language::Cpp).doc == "Pushes one.");
  CHECK(describeSymbol(text, moved, Language::Cpp).declaration.empty());
}
