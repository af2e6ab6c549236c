// Tests for Java extraction (parsers/queries/java/*.scm through parsers/Extractor.cpp).
#include "ExtractHelpers.h"

using namespace sextant::parse;
using namespace sextant::parse::test;

TEST_CASE("Java definitions: inner classes, overloads, constructors, enums, records") {
  const Annotations a(R"java($pkg[[package org.$pkg_name[[demo]];]]

import java.util.List;

$C[[public class $C_name[[Outer]] {
    $K[[static final int $K_name[[MAX]] = 3;]]
    $f[[private int $f_name[[size]], $g_name[[cap]];]]
    $ctor[[$ctor_name[[Outer]](int size) { this.size = size; }]]
    $m1[[void $m1_name[[add]](int x) { int local = x; }]]
    $m2[[void $m2_name[[add]](int x, int y) { add(x + y); }]]
    $In[[class $In_name[[Inner]] {
        $im[[void $im_name[[run]]() {}]]
    }]]
    $I[[interface $I_name[[Shape]] {
        $ic[[int $ic_name[[SIDES]] = 0;]]
        $ia[[double $ia_name[[area]]();]]
    }]]
    $E[[enum $E_name[[Color]] { $red[[$red_name[[RED]]]], $grn[[$grn_name[[GREEN]]]] }]]
    $R[[record $R_name[[Point]](int $rx_name[[x]], int y) {}]]
}]]
)java");
  const ExtractionResult r = extract(Language::Java, a.code());
  CHECK(r.errors.empty());
  const int pkg = findDef(r, "demo");
  checkDef(r, a, "demo", SymbolKind::Package, "pkg", -1);
  CHECK(r.definitions[pkg].qualifier == "org");
  const int outer = findDef(r, "Outer", SymbolKind::Class);
  checkDef(r, a, "Outer", SymbolKind::Class, "C", -1);
  checkDef(r, a, "MAX", SymbolKind::Constant, "K", outer);
  checkDef(r, a, "size", SymbolKind::Field, "f", outer);
  CHECK(r.definitions[findDef(r, "cap")].parent == outer);
  checkDef(r, a, "Outer", SymbolKind::Constructor, "ctor", outer);
  // Overloads: two methods, told apart by their signatures.
  checkDef(r, a, "add", SymbolKind::Method, "m1", outer);
  checkDef(r, a, "add", SymbolKind::Method, "m2", outer);
  std::vector<std::string> signatures;
  for (const auto& d : r.definitions)
    if (d.name == "add") signatures.push_back(d.signature);
  CHECK(signatures == std::vector<std::string>{"(int x)", "(int x, int y)"});
  CHECK_FALSE(hasDef(r, "local"));
  const int inner = findDef(r, "Inner");
  checkDef(r, a, "Inner", SymbolKind::Class, "In", outer);
  checkDef(r, a, "run", SymbolKind::Method, "im", inner);
  const int shape = findDef(r, "Shape");
  checkDef(r, a, "Shape", SymbolKind::Interface, "I", outer);
  checkDef(r, a, "SIDES", SymbolKind::Constant, "ic", shape);
  checkDef(r, a, "area", SymbolKind::Method, "ia", shape, true);
  const int color = findDef(r, "Color");
  checkDef(r, a, "Color", SymbolKind::Enum, "E", outer);
  checkDef(r, a, "RED", SymbolKind::EnumMember, "red", color);
  checkDef(r, a, "GREEN", SymbolKind::EnumMember, "grn", color);
  const int point = findDef(r, "Point");
  checkDef(r, a, "Point", SymbolKind::Class, "R", outer);
  CHECK(r.definitions[findDef(r, "x", SymbolKind::Field)].parent == point);
  CHECK(r.definitions[findDef(r, "x", SymbolKind::Field)].type == "int");
  // Parameters of methods with a body are locals of the method, out of the outline (jdtls).
  size_t parameters = 0;
  for (const auto& d : r.definitions)
    if (d.kind == SymbolKind::Variable && (d.name == "x" || d.name == "y")) {
      ++parameters;
      CHECK_FALSE(d.inOutline);
      CHECK(d.type == "int");
      CHECK(r.definitions[d.parent].name == "add");
    }
  CHECK(parameters == 3);
  CHECK_FALSE(hasDef(r, "local")); // locals stay out (no localVariables for Java yet)
}

TEST_CASE("Java references: invocations with receivers, new, inheritance, imports") {
  const Annotations a(R"java(import java.$util[[util]].$list[[List]];
import static java.lang.Math.$max[[max]];

class A extends $base[[Base]] implements $i1[[Runnable]], java.io.$i2[[Closeable]] {
    $ty[[List]]<String> items;
    void run() {
        $obj[[items]].$add[[add]]("x");
        $sys[[System]].$out[[out]].$println[[println]](max(1, 2));
        this.items = new java.util.$al[[ArrayList]]<>();
        $cnt[[count]]++;
        $call[[helper]]();
        Runnable r = () -> $nested[[helper]]();
    }
}
)java");
  const ExtractionResult r = extract(Language::Java, a.code());
  CHECK(r.errors.empty());
  const int run = findDef(r, "run");
  checkRef(r, a, "util", "util", RefRole::Import, "java", -1);
  checkRef(r, a, "list", "List", RefRole::Import, "java.util");
  checkRef(r, a, "max", "max", RefRole::Import, "java.lang.Math");
  checkRef(r, a, "base", "Base", RefRole::Inherit);
  checkRef(r, a, "i1", "Runnable", RefRole::Inherit);
  checkRef(r, a, "i2", "Closeable", RefRole::Inherit, "java.io");
  checkRef(r, a, "ty", "List", RefRole::Type);
  checkRef(r, a, "obj", "items", RefRole::Read, "", run);
  checkRef(r, a, "add", "add", RefRole::Call, "items", run);
  checkRef(r, a, "sys", "System", RefRole::Read);
  checkRef(r, a, "out", "out", RefRole::Read, "System");
  checkRef(r, a, "println", "println", RefRole::Call, "System.out");
  checkRef(r, a, "al", "ArrayList", RefRole::Call, "java.util");
  checkRef(r, a, "cnt", "count", RefRole::Write);
  checkRef(r, a, "call", "helper", RefRole::Call, "", run);
  checkRef(r, a, "nested", "helper", RefRole::Call, "", run);
  REQUIRE(r.imports.size() == 2);
  CHECK(r.imports[0].target == "java.util.List");
  CHECK(r.imports[1].target == "java.lang.Math.max");
}

TEST_CASE("Java Javadoc above annotations; modifiers, package-private default, interface members") {
  const std::string code = R"java(package com.ex;

/**
 * A widget.
 * @since 1
 */
@Deprecated
public class Widget {
  /** The count. */
  private int count;
  int packaged;
  // not a doc
  protected void draw() {}

  /** Runs. */
  @Override
  public String toString() { return ""; }
}

interface Shape {
  double area();
}

enum Colour { RED }
)java";
  const ExtractionResult r = extract(Language::Java, code);
  CHECK(r.errors.empty());
  CHECK(defNamed(r, "ex").visibility == Visibility::Unknown);
  CHECK(defNamed(r, "Widget").doc == "A widget.\n@since 1");
  CHECK(defNamed(r, "Widget").visibility == Visibility::Public);
  CHECK(defNamed(r, "count").doc == "The count.");
  CHECK(defNamed(r, "count").visibility == Visibility::Private);
  CHECK(defNamed(r, "packaged").visibility == Visibility::Package);
  CHECK(defNamed(r, "packaged").doc.empty());
  CHECK(defNamed(r, "draw").visibility == Visibility::Protected);
  CHECK(defNamed(r, "draw").doc.empty());
  CHECK(defNamed(r, "toString").doc == "Runs.");
  CHECK(defNamed(r, "Shape").visibility == Visibility::Package);
  CHECK(defNamed(r, "area").visibility == Visibility::Public);
  CHECK(defNamed(r, "RED").visibility == Visibility::Public);
}
