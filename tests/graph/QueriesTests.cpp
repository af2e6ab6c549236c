// documentSymbols, occurrenceAt and findDefinition on small indexed sources.
#include "graph/Indexer.h"
#include "graph/Queries.h"

#include <doctest/doctest.h>

using namespace sextant;
using namespace sextant::graph;

namespace {

struct Index {
  std::unique_ptr<kv::Store> store = kv::openMemoryStore();
  void add(std::string_view path, Language language, std::string_view text) {
    REQUIRE(indexContent(*store, path, language, text) > 0);
  }
  std::vector<Location> definition(std::string_view path, uint32_t line, uint32_t column) {
    return findDefinition(*store->snapshot(), path, {line, column});
  }
};

Point at(const std::vector<Location>& locations, size_t i = 0) { return locations.at(i).span.start; }

} // namespace

TEST_CASE("Python: parameters shadow globals, other functions' locals are invisible") {
  Index index;
  index.add("m.py", Language::Python,
            "x = 1\n"             // 0
            "def f(x):\n"         // 1
            "    return x\n"      // 2
            "def g():\n"          // 3
            "    return x\n"      // 4
            "def h():\n"          // 5
            "    y = 2\n"         // 6
            "    return y\n");    // 7
  auto fx = index.definition("m.py", 2, 11);
  REQUIRE(fx.size() == 1);
  CHECK(at(fx) == Point{1, 6});
  auto gx = index.definition("m.py", 4, 11);
  REQUIRE(gx.size() == 1);
  CHECK(at(gx) == Point{0, 0});
  auto hy = index.definition("m.py", 7, 11);
  REQUIRE(hy.size() == 1);
  CHECK(at(hy) == Point{6, 4});
}

TEST_CASE("C: calls resolve to function bodies, not to same-named variables or prototypes") {
  Index index;
  index.add("api.h", Language::C, "int count(void);\nextern int total;\n");
  index.add("impl.c", Language::C, "#include \"api.h\"\nint total;\nint count(void) { return total; }\n");
  index.add("use.c", Language::C, "#include \"api.h\"\nint main(void) { int count_ = count(); return count_ + total; }\n");
  auto call = index.definition("use.c", 1, 30);
  REQUIRE(call.size() == 1);
  CHECK(call[0].path == "impl.c");
  CHECK(at(call) == Point{2, 4});
  auto var = index.definition("use.c", 1, 55);
  REQUIRE(var.size() == 1);
  CHECK(var[0].path == "impl.c");
  CHECK(at(var) == Point{1, 4});
}

TEST_CASE("a cursor just past an identifier still finds it; whitespace finds nothing") {
  Index index;
  index.add("a.py", Language::Python, "def foo():\n    pass\nfoo()\n");
  CHECK(occurrenceAt(*index.store->snapshot(), "a.py", {2, 3})->name == "foo");
  CHECK(index.definition("a.py", 2, 0).size() == 1);
  CHECK_FALSE(occurrenceAt(*index.store->snapshot(), "a.py", {1, 0}).has_value());
}

TEST_CASE("documentSymbols keeps document order and parent links") {
  Index index;
  index.add("k.py", Language::Python, "class K:\n    def m(self):\n        pass\n");
  auto symbols = documentSymbols(*index.store->snapshot(), "k.py");
  REQUIRE(symbols.size() >= 2);
  CHECK(symbols[0].name == "K");
  CHECK(symbols[0].kind == SymbolKind::Class);
  CHECK(symbols[1].name == "m");
  CHECK(symbols[1].kind == SymbolKind::Method);
  CHECK(symbols[1].parent == 0);
  CHECK(documentSymbols(*index.store->snapshot(), "missing.py").empty());
}

TEST_CASE("C: member access follows declared types through a chain") {
  Index index;
  index.add("p.c", Language::C,
            "struct Lexer { int size; };\n"                                   // 0
            "struct Parser { struct Lexer *lexer; int size; };\n"             // 1
            "int f(struct Parser *self) {\n"                                  // 2
            "  return self->lexer->size + self->size;\n"                      // 3
            "}\n");
  auto inner = index.definition("p.c", 3, 23); // self->lexer->size
  REQUIRE(inner.size() == 1);
  CHECK(at(inner) == Point{0, 19});
  auto outer = index.definition("p.c", 3, 38); // self->size
  REQUIRE(outer.size() == 1);
  CHECK(at(outer) == Point{1, 41});
  auto param = index.definition("p.c", 3, 10); // self: the parameter
  REQUIRE(param.size() == 1);
  CHECK(at(param) == Point{2, 21});
}

TEST_CASE("C: a bare typedef name means the typedef, not the struct tag") {
  Index index;
  index.add("t.h", Language::C, "typedef struct T {\n  int x;\n} T;\n");
  index.add("u.c", Language::C, "#include \"t.h\"\nT value;\n");
  auto r = index.definition("u.c", 1, 0);
  REQUIRE(r.size() == 1);
  CHECK(r[0].path == "t.h");
  CHECK(at(r) == Point{2, 2});
}

TEST_CASE("C: the nearest preceding local wins when blocks shadow") {
  Index index;
  index.add("s.c", Language::C, "int g(void) {\n  int i = 0;\n  { int i = 1; return i; }\n}\n");
  auto r = index.definition("s.c", 2, 22);
  REQUIRE(r.size() == 1);
  CHECK(at(r) == Point{2, 8});
}

TEST_CASE("Python: self.x resolves within the enclosing class") {
  Index index;
  index.add("c.py", Language::Python,
            "class A:\n"                        // 0
            "    def __init__(self):\n"         // 1
            "        self.value = 1\n"          // 2
            "    def get(self):\n"              // 3
            "        return self.value\n"       // 4
            "class B:\n"                        // 5
            "    def __init__(self):\n"         // 6
            "        self.value = 2\n");        // 7
  auto r = index.definition("c.py", 4, 21);
  REQUIRE(r.size() == 1);
  CHECK(at(r) == Point{2, 13});
}

TEST_CASE("C++ member access: bases, container elements, the standard library and scopes") {
  Index index;
  index.add("m.cpp", Language::Cpp,
            "struct Base { int size(); };\n"                            // 0
            "struct Derived : public Base {};\n"                        // 1
            "struct Other { int size(); int id; };\n"                   // 2
            "struct Job { int id; };\n"                                 // 3
            "template <typename T> struct Array { T& operator[](int); };\n" // 4
            "typedef Derived Alias;\n"                                  // 5
            "struct Prog { enum Kind { kFull }; };\n"                   // 6
            "int use(Derived d, Alias a, Array<Job> jobs, std::string s) {\n" // 7
            "  d.size();\n"                                             // 8
            "  a.size();\n"                                             // 9
            "  jobs[0].id;\n"                                           // 10
            "  s.size();\n"                                             // 11
            "  return Prog::kFull;\n"                                   // 12
            "}\n");
  // A member of the base class, not Other's.
  auto viaBase = index.definition("m.cpp", 8, 4);
  REQUIRE(viaBase.size() == 1);
  CHECK(at(viaBase) == Point{0, 18});
  // Through a typedef of the derived class.
  auto viaAlias = index.definition("m.cpp", 9, 4);
  REQUIRE(viaAlias.size() == 1);
  CHECK(at(viaAlias) == Point{0, 18});
  // The element type of a container template.
  auto element = index.definition("m.cpp", 10, 10);
  REQUIRE(element.size() == 1);
  CHECK(at(element) == Point{3, 17});
  // std::string::size is outside the workspace: no workspace `size` is offered instead.
  CHECK(index.definition("m.cpp", 11, 4).empty());
  // A scope, not an object: a nested enumerator is found.
  auto enumerator = index.definition("m.cpp", 12, 16);
  REQUIRE(enumerator.size() == 1);
  CHECK(at(enumerator) == Point{6, 26});
}

TEST_CASE("Python: references to a module are the imports that name it") {
  Index index;
  index.add("pkg/__init__.py", Language::Python, "from .utils import helper\n");
  index.add("pkg/utils.py", Language::Python, "def helper():\n    pass\n");
  index.add("pkg/other.py", Language::Python, "from . import utils\nfrom .utils import helper as h\n");
  index.add("pkg/decoy.py", Language::Python, "utils = 1\nprint(utils)\n");
  auto refs = findReferences(*index.store->snapshot(), "pkg/__init__.py", {0, 7}, false);
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].path == "pkg/__init__.py");
  CHECK(refs[1].path == "pkg/other.py");
  CHECK(refs[1].span.start == Point{0, 14});
  CHECK(refs[2].path == "pkg/other.py");
  CHECK(refs[2].span.start == Point{1, 6});
}

TEST_CASE("workspaceSymbols keeps only the best matches, and scans again when filtering leaves too few") {
  Index index;
  // 100 attributes `self.aN` (not in the outline) rank before the one function `aaaaaaaaaaaa`
  // for the query "a" (shorter names first): the first, bounded pass keeps only attributes.
  std::string text = "class C:\n    def __init__(self):\n";
  for (int i = 0; i < 100; ++i) text += "        self.a" + std::to_string(i) + " = 0\n";
  text += "def aaaaaaaaaaaa():\n    pass\n";
  index.add("m.py", Language::Python, text);
  auto found = workspaceSymbols(*index.store->snapshot(), "a", 1);
  REQUIRE(found.size() == 1);
  CHECK(found[0].symbol.name == "aaaaaaaaaaaa");
  // Bounded: the best of many matches still comes first.
  auto best = workspaceSymbols(*index.store->snapshot(), "aaaaaaaaaaaa", 1);
  REQUIRE(best.size() == 1);
  CHECK(best[0].symbol.name == "aaaaaaaaaaaa");
}

TEST_CASE("C: a name with more than kMaxEqualTargets equally good definitions stays unresolved") {
  Index index;
  index.add("main.c", Language::C, "int use(void) { return shared_name; }\n");
  for (size_t i = 0; i < kMaxEqualTargets; ++i)
    index.add("lib" + std::to_string(i) + "/a.c", Language::C, "int shared_name;\n");
  CHECK(index.definition("main.c", 0, 24).size() == kMaxEqualTargets); // ambiguity is kept…
  index.add("one_more/a.c", Language::C, "int shared_name;\n");
  CHECK(index.definition("main.c", 0, 24).empty()); // …up to a bound
  // What the file includes still decides.
  index.add("main.c", Language::C, "#include \"lib3/a.c\"\nint use(void) { return shared_name; }\n");
  auto included = index.definition("main.c", 1, 24);
  REQUIRE(included.size() == 1);
  CHECK(included[0].path == "lib3/a.c");
}

TEST_CASE("workspaceSymbols leaves out symbols nested in a function at any depth; containerNameOf names the parent") {
  Index index;
  index.add("a.cpp", Language::Cpp,
            "namespace ns { struct Shape { int area_of(); }; }\n"
            "int helper() { struct Local { int area_local; }; return 0; }\n");
  auto snap = index.store->snapshot();
  auto found = workspaceSymbols(*snap, "area", 10);
  REQUIRE(found.size() == 1); // `area_local` lies in a struct inside a function
  CHECK(found[0].symbol.name == "area_of");
  CHECK(containerNameOf(*snap, found[0]) == "Shape");
  auto top = workspaceSymbols(*snap, "helper", 10);
  REQUIRE(top.size() == 1);
  CHECK(containerNameOf(*snap, top[0]).empty());
}
