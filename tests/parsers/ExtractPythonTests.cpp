// Tests for Python extraction (parsers/queries/python/*.scm through parsers/Extractor.cpp).
#include "ExtractHelpers.h"

using namespace sextant::parse;
using namespace sextant::parse::test;

TEST_CASE("Python definitions: classes, methods, parameters, locals, first binding") {
  const Annotations a(R"py($imp[[import os.path, sys as system]]
$from[[from ..pkg.mod import helper, other as alias]]
$MAX[[$MAX_name[[MAX_SIZE]]: int = 10]]
$mv[[$mv_name[[counter]] = 0]]
counter = 1
$C[[class $C_name[[Stack]]($base[[Base]]):
    $cv[[$cv_name[[kind]] = "stack"]]

    $init[[def $init_name[[__init__]]($self[[$self_name[[self]]]], $cap[[$cap_name[[capacity]]=8]]):
        self.items = list()]]

    $push[[@decorated
    def $push_name[[push]]($self2[[$self2_name[[self]]]], $args[[*$args_name[[args]]]]):
        $tmp[[$tmp_name[[n]] = len(args)]]
        n = n + 1
        for $i[[$i_name[[i]]]], $j[[$j_name[[j]]]] in args: pass
        with open() as $fp[[$fp_name[[fp]]]]: pass]]]]
$fn[[def $fn_name[[helper2]]($x[[$x_name[[x]]: int]]) -> str:
    try: pass
    except ValueError as $e[[$e_name[[err]]]]: pass
    return str(x)]]
)py");
  const ExtractionResult r = extract(Language::Python, a.code());
  CHECK(r.errors.empty());
  checkDef(r, a, "MAX_SIZE", SymbolKind::Constant, "MAX", -1);
  checkDef(r, a, "counter", SymbolKind::Variable, "mv", -1); // only the first binding
  const int stack = findDef(r, "Stack");
  checkDef(r, a, "Stack", SymbolKind::Class, "C", -1);
  checkDef(r, a, "kind", SymbolKind::Variable, "cv", stack);
  const int init = findDef(r, "__init__");
  checkDef(r, a, "__init__", SymbolKind::Constructor, "init", stack);
  CHECK(r.definitions[init].signature == "(self, capacity=8)");
  checkDef(r, a, "capacity", SymbolKind::Variable, "cap", init);
  const int push = findDef(r, "push");
  checkDef(r, a, "push", SymbolKind::Method, "push", stack); // range includes the decorator
  checkDef(r, a, "args", SymbolKind::Variable, "args", push);
  checkDef(r, a, "n", SymbolKind::Variable, "tmp", push);
  checkDef(r, a, "i", SymbolKind::Variable, "i", push);
  checkDef(r, a, "j", SymbolKind::Variable, "j", push);
  checkDef(r, a, "fp", SymbolKind::Variable, "fp", push);
  const int fn = findDef(r, "helper2");
  checkDef(r, a, "helper2", SymbolKind::Function, "fn", -1);
  CHECK(r.definitions[fn].signature == "(x: int)");
  checkDef(r, a, "x", SymbolKind::Variable, "x", fn);
  checkDef(r, a, "err", SymbolKind::Variable, "e", fn);
  int selfs = 0;
  for (const auto& d : r.definitions) {
    if (d.name == "self") {
      ++selfs;
      CHECK((d.parent == init || d.parent == push));
    }
  }
  CHECK(selfs == 2);
  // Imported names bind but are not definitions; `self.items = …` is a Field of the class, out
  // of the outline.
  CHECK_FALSE(hasDef(r, "os"));
  CHECK_FALSE(hasDef(r, "helper"));
  CHECK_FALSE(hasDef(r, "alias"));
  const Definition& items = r.definitions[findDef(r, "items")];
  CHECK(items.kind == SymbolKind::Field);
  CHECK(items.parent == stack);
  CHECK_FALSE(items.inOutline);
  for (const auto& d : r.definitions)
    if (d.name != "items") CHECK(d.inOutline); // pyright lists parameters and locals
  CHECK(r.definitions[findDef(r, "MAX_SIZE")].type == "int");
  CHECK(r.definitions[findDef(r, "x")].type == "int");
  CHECK(r.definitions[findDef(r, "capacity")].type.empty());
  CHECK(countRefs(r, "counter", RefRole::Write) == 1);
  CHECK(countRefs(r, "n", RefRole::Write) == 1);

  REQUIRE(r.imports.size() == 3);
  CHECK(r.imports[0].target == "os.path");
  checkSpan(r.imports[0].span, a.range("imp"));
  CHECK(r.imports[1].target == "sys");
  CHECK(r.imports[2].target == "..pkg.mod");
  checkSpan(r.imports[2].span, a.range("from"));
  for (const auto& i : r.imports) CHECK_FALSE(i.system);
}

TEST_CASE("Python references: calls, attributes, writes, imports, inheritance, annotations") {
  const Annotations a(R"py(import $os[[os]].$path[[path]]
from .$mod[[mod]] import $h[[helper]] as $al[[alias]]
class K($b[[base]].$B[[Base]]):
    def m(self, v: $T[[Optional]][$int[[int]]]) -> $R[[str]]:
        $s[[self]].$x[[x]] = $h2[[helper]]($v[[v]])
        $o[[obj]].$a[[attr]].$c[[call]]()
        $aug[[total]] += 1
        return $f[[fmt]](self.$y[[y]])
print("helper()")  # helper()
)py");
  const ExtractionResult r = extract(Language::Python, a.code());
  const int m = findDef(r, "m");
  checkRef(r, a, "os", "os", RefRole::Import, "", -1);
  checkRef(r, a, "path", "path", RefRole::Import, "os");
  checkRef(r, a, "mod", "mod", RefRole::Import);
  checkRef(r, a, "h", "helper", RefRole::Import, ".mod");
  checkRef(r, a, "al", "alias", RefRole::Import);
  checkRef(r, a, "b", "base", RefRole::Read);
  checkRef(r, a, "B", "Base", RefRole::Inherit, "base");
  checkRef(r, a, "T", "Optional", RefRole::Type, "", m);
  checkRef(r, a, "int", "int", RefRole::Type);
  checkRef(r, a, "R", "str", RefRole::Type);
  checkRef(r, a, "s", "self", RefRole::Read, "", m);
  CHECK(r.definitions[findDef(r, "x", SymbolKind::Field)].parent == findDef(r, "K")); // `self.x = …`
  CHECK(countRefs(r, "x") == 0);
  checkRef(r, a, "h2", "helper", RefRole::Call);
  checkRef(r, a, "v", "v", RefRole::Read);
  checkRef(r, a, "o", "obj", RefRole::Read);
  checkRef(r, a, "a", "attr", RefRole::Read, "obj");
  checkRef(r, a, "c", "call", RefRole::Call, "obj.attr");
  checkRef(r, a, "aug", "total", RefRole::Write);
  checkRef(r, a, "f", "fmt", RefRole::Call);
  checkRef(r, a, "y", "y", RefRole::Read, "self");
  CHECK(countRefs(r, "helper") == 2); // not the ones in the string and the comment
  CHECK(countRefs(r, "m") == 0);
  CHECK(countRefs(r, "print", RefRole::Call) == 1);
}

TEST_CASE("Python self attributes: first assignment per class, parent the class, later ones writes") {
  const Annotations a(R"py(class Parser:
    $cv[[$cv_name[[mode]]: str = "fast"]]

    def __init__(self, $lx[[$lx_name[[lexer]]: "Lexer"]]):
        $f1[[self.$f1_name[[lexer]]: Lexer = lexer]]
        $f2[[self.$f2_name[[pos]] = 0]]
        self.$mode[[mode]] = "slow"

    def advance(self):
        self.$w1[[pos]] += 1
        self.$w2[[pos]] = self.$r[[pos]] + 1
        $t1[[self.$t1_name[[a]], self.$t2_name[[b]] = 1, 2]]
        $o[[other]].$ow[[pos]] = 3

    @classmethod
    def make(cls):
        $c1[[cls.$c1_name[[instances]] = list()]]

    def helper(this):
        $th[[this.$th_name[[count]] = 0]]
        def inner():
            self.$nested[[late]] = 1

class Other:
    def __init__(self):
        $p2[[self.$p2_name[[pos]] = None]]

def free(self):
    self.$free[[loose]] = 1
)py");
  const ExtractionResult r = extract(Language::Python, a.code());
  CHECK(r.errors.empty());
  const int parser = findDef(r, "Parser");
  const int other = findDef(r, "Other");
  checkDef(r, a, "lexer", SymbolKind::Field, "f1", parser);
  checkDef(r, a, "pos", SymbolKind::Field, "f2", parser);
  checkDef(r, a, "instances", SymbolKind::Field, "c1", parser); // `cls.x` in a classmethod
  checkDef(r, a, "count", SymbolKind::Field, "th", parser);     // whatever the first parameter is named
  checkDef(r, a, "pos", SymbolKind::Field, "p2", other);        // per class
  checkDef(r, a, "mode", SymbolKind::Variable, "cv", parser);   // the class-body binding stays the definition
  CHECK(r.definitions[findDef(r, "mode")].type == "str");
  const AnnotatedRange t2 = a.range("t2_name");
  bool tupleTarget = false;
  for (const auto& d : r.definitions) {
    if (d.kind == SymbolKind::Field) {
      INFO(d.name);
      CHECK_FALSE(d.inOutline);
    }
    tupleTarget |= d.name == "b" && d.kind == SymbolKind::Field && d.selectionRange.startByte == t2.begin.offset;
  }
  CHECK(tupleTarget);
  CHECK(r.definitions[findDef(r, "a", SymbolKind::Field)].parent == parser);
  // Types: from the annotation of the attribute's first assignment and of a parameter.
  const AnnotatedRange lexerField = a.range("f1_name");
  for (const auto& d : r.definitions) {
    if (d.name != "lexer") continue;
    if (d.selectionRange.startByte == lexerField.begin.offset) CHECK(d.type == "Lexer");
    else CHECK(d.type == "\"Lexer\"");
  }
  // Later assignments are Write references, reads are Read references.
  checkRef(r, a, "mode", "mode", RefRole::Write, "self");
  checkRef(r, a, "w1", "pos", RefRole::Write, "self");
  checkRef(r, a, "w2", "pos", RefRole::Write, "self");
  checkRef(r, a, "r", "pos", RefRole::Read, "self");
  checkRef(r, a, "ow", "pos", RefRole::Write, "other");   // not through the first parameter
  checkRef(r, a, "nested", "late", RefRole::Write, "self"); // a nested function is no method
  checkRef(r, a, "free", "loose", RefRole::Write, "self");  // a free function's `self`
  CHECK_FALSE(hasDef(r, "late"));
  CHECK_FALSE(hasDef(r, "loose"));
}

TEST_CASE("Python docstrings are dedented; leading underscore is private, dunder public") {
  const std::string code = R"py(# A comment above is not a doc.
def area(r):
    """Area of a circle.

        Indented example.
    Back to the margin.
    """
    x = 1
    return x


class _Shape:
    '''One line.'''

    def __init__(self):
        self._hidden = 1
        self.shown = 2

    @property
    def __private(self):
        r"""Raw \d docstring."""

    def method(self):
        pass
)py";
  const ExtractionResult r = extract(Language::Python, code);
  CHECK(r.errors.empty());
  CHECK(defNamed(r, "area").doc == "Area of a circle.\n\n    Indented example.\nBack to the margin.");
  CHECK(defNamed(r, "area").visibility == Visibility::Public);
  CHECK(defNamed(r, "r").visibility == Visibility::Unknown);
  CHECK(defNamed(r, "x").visibility == Visibility::Unknown);
  CHECK(defNamed(r, "_Shape").doc == "One line.");
  CHECK(defNamed(r, "_Shape").visibility == Visibility::Private);
  CHECK(defNamed(r, "__init__").visibility == Visibility::Public);
  CHECK(defNamed(r, "__init__").doc.empty());
  CHECK(defNamed(r, "_hidden").visibility == Visibility::Private);
  CHECK(defNamed(r, "shown").visibility == Visibility::Public);
  CHECK(defNamed(r, "__private").visibility == Visibility::Private);
  CHECK(defNamed(r, "__private").doc == "Raw \\d docstring.");
  CHECK(defNamed(r, "method").doc.empty());
}
