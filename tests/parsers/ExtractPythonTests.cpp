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
  // Imported names bind but are not definitions; `self.items` is no definition either.
  CHECK_FALSE(hasDef(r, "os"));
  CHECK_FALSE(hasDef(r, "helper"));
  CHECK_FALSE(hasDef(r, "alias"));
  CHECK_FALSE(hasDef(r, "items"));
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
  checkRef(r, a, "x", "x", RefRole::Write, "self", m);
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
