// Tests for Rust extraction (parsers/queries/rust/*.scm through parsers/Extractor.cpp).
#include "ExtractHelpers.h"

using namespace sextant::parse;
using namespace sextant::parse::test;

TEST_CASE("Rust definitions: impl blocks join their type, traits, enums, modules") {
  const Annotations a(R"rs($S[[pub struct $S_name[[Stack]]<T> {
    $f[[$f_name[[items]]: Vec<T>]],
}]]
$T[[trait $T_name[[Area]] {
    $ta[[fn $ta_name[[area]](&self) -> f64;]]
    $td[[fn $td_name[[name]](&self) -> String { String::new() }]]
}]]
impl<T: Clone> Stack<T> {
    $new[[pub fn $new_name[[new]]() -> Self { Stack { items: Vec::new() } }]]
    $K[[const $K_name[[CAP]]: usize = 8;]]
}
impl Area for Stack<u8> {
    $area[[fn $area_name[[area]](&self) -> f64 { 0.0 }]]
}
impl Display for Foreign {
    $fmt[[fn $fmt_name[[fmt]](&self, f: &mut Formatter) -> Result { Ok(()) }]]
}
$E[[enum $E_name[[Shape]] { $c[[$c_name[[Circle]](f64)]], $r[[$r_name[[Rect]] { $w[[$w_name[[w]]: f64]] }]] }]]
$M[[mod $M_name[[geo]] {
    $I[[pub struct $I_name[[Inner]];]]
    impl Inner { $mk[[fn $mk_name[[make]]() -> Inner { let $loc[[x]] = 1; Inner }]] }
}]]
$late[[impl Later { $lf[[fn $lf_name[[first]]() {}]] }]]
$L[[struct $L_name[[Later]];]]
$mac[[macro_rules! $mac_name[[square]] { () => { 4 }; }]]
$ty[[type $ty_name[[Grid]] = Vec<Vec<u8>>;]]
$st[[static $st_name[[ORIGIN]]: (i32, i32) = (0, 0);]]
$fn[[fn $fn_name[[main]]() {}]]
)rs");
  const ExtractionResult r = extract(Language::Rust, a.code());
  CHECK(r.errors.empty());
  const int stack = findDef(r, "Stack");
  checkDef(r, a, "Stack", SymbolKind::Struct, "S", -1);
  checkDef(r, a, "items", SymbolKind::Field, "f", stack);
  const int area = findDef(r, "Area");
  checkDef(r, a, "Area", SymbolKind::Interface, "T", -1);
  checkDef(r, a, "area", SymbolKind::Method, "ta", area, true);
  checkDef(r, a, "name", SymbolKind::Method, "td", area);
  // Members of `impl Stack<T>` and `impl Area for Stack<u8>` are children of the struct.
  checkDef(r, a, "new", SymbolKind::Method, "new", stack);
  checkDef(r, a, "CAP", SymbolKind::Constant, "K", stack);
  checkDef(r, a, "area", SymbolKind::Method, "area", stack);
  for (const auto& d : r.definitions)
    if (d.parent == stack) CHECK(d.qualifier.empty());
  const int newFn = findDef(r, "new");
  CHECK(r.definitions[newFn].signature == "()");
  // A type not defined in the file stays a qualifier.
  const int fmt = findDef(r, "fmt");
  checkDef(r, a, "fmt", SymbolKind::Method, "fmt", -1);
  CHECK(r.definitions[fmt].qualifier == "Foreign");
  CHECK(r.definitions[fmt].signature == "(&self, f: &mut Formatter)");
  const int shape = findDef(r, "Shape");
  checkDef(r, a, "Shape", SymbolKind::Enum, "E", -1);
  checkDef(r, a, "Circle", SymbolKind::EnumMember, "c", shape);
  checkDef(r, a, "Rect", SymbolKind::EnumMember, "r", shape);
  checkDef(r, a, "w", SymbolKind::Field, "w", shape);
  const int geo = findDef(r, "geo");
  checkDef(r, a, "geo", SymbolKind::Module, "M", -1);
  const int inner = findDef(r, "Inner");
  checkDef(r, a, "Inner", SymbolKind::Struct, "I", geo);
  checkDef(r, a, "make", SymbolKind::Method, "mk", inner); // same scope (geo): joined
  CHECK_FALSE(hasDef(r, "x"));                              // locals are not listed
  // The impl comes before the struct: parents must precede children, so it stays qualified.
  const int first = findDef(r, "first");
  checkDef(r, a, "first", SymbolKind::Method, "lf", -1);
  CHECK(r.definitions[first].qualifier == "Later");
  checkDef(r, a, "Later", SymbolKind::Struct, "L", -1);
  checkDef(r, a, "square", SymbolKind::Function, "mac", -1);
  checkDef(r, a, "Grid", SymbolKind::Class, "ty", -1);
  checkDef(r, a, "ORIGIN", SymbolKind::Constant, "st", -1);
  checkDef(r, a, "main", SymbolKind::Function, "fn", -1);
}

TEST_CASE("Rust references: method calls, paths, macros, struct literals, use, trait impls") {
  const Annotations a(R"rs(use std::collections::{$hm[[HashMap]], hash_map::$en[[Entry]] as $al[[E]]};
use crate::util::*;
$mod[[mod util;]]
impl $tr[[Display]] for Point {}
trait Shape: $sup[[Area]] {}
fn run(p: &mut $pt[[Point]]) {
    let $v[[v]] = $vec[[Vec]]::$new[[new]]();
    $p1[[p]].$x[[x]] = 1;
    p.$push[[push]](v.$len[[len]]());
    $sq[[square]]!(2);
    let q = $lit[[Point]] { $fx[[x]]: 1, y };
    $fmt[[fmt]]::$ws[[write_str]](p);
    $cnt[[count]] += 1;
    p.$gen[[collect]]::<Vec<u8>>();
}
)rs");
  const ExtractionResult r = extract(Language::Rust, a.code());
  CHECK(r.errors.empty());
  const int run = findDef(r, "run");
  checkRef(r, a, "hm", "HashMap", RefRole::Import, "std::collections", -1);
  checkRef(r, a, "en", "Entry", RefRole::Import, "hash_map");
  checkRef(r, a, "al", "E", RefRole::Import);
  checkRef(r, a, "tr", "Display", RefRole::Inherit);
  checkRef(r, a, "sup", "Area", RefRole::Inherit);
  checkRef(r, a, "pt", "Point", RefRole::Type, "", run);
  checkRef(r, a, "v", "v", RefRole::Write, "", run);
  checkRef(r, a, "vec", "Vec", RefRole::Read);
  checkRef(r, a, "new", "new", RefRole::Call, "Vec");
  checkRef(r, a, "p1", "p", RefRole::Read);
  checkRef(r, a, "x", "x", RefRole::Write, "p");
  checkRef(r, a, "push", "push", RefRole::Call, "p");
  checkRef(r, a, "len", "len", RefRole::Call, "v");
  checkRef(r, a, "sq", "square", RefRole::Call);
  checkRef(r, a, "lit", "Point", RefRole::Call);
  checkRef(r, a, "fx", "x", RefRole::Write);
  checkRef(r, a, "fmt", "fmt", RefRole::Read);
  checkRef(r, a, "ws", "write_str", RefRole::Call, "fmt");
  checkRef(r, a, "cnt", "count", RefRole::Write);
  checkRef(r, a, "gen", "collect", RefRole::Call, "p");
  CHECK(countRefs(r, "util", RefRole::Import) == 1); // in `use crate::util::*`; `mod util;` defines it

  REQUIRE(r.imports.size() == 3);
  CHECK(r.imports[0].target == "std::collections");
  CHECK(r.imports[1].target == "crate::util");
  CHECK(r.imports[2].target == "util");
  checkSpan(r.imports[2].span, a.range("mod"));
}

TEST_CASE("Rust docs and visibility: pub, pub(crate), private, trait impls, inner module docs") {
  const std::string code = R"rs(/// A stack.
///
/// Holds items.
#[derive(Debug)]
pub struct Stack {
    pub(crate) items: Vec<i32>,
    len: usize,
}

// Not a doc.
fn private_helper() {}

pub(super) fn parent_only() {}

mod inner {
    //! Inner docs.
    //! More.
    pub fn f() {}
}

impl Clone for Stack {
    fn clone(&self) -> Self { todo!() }
}

impl Stack {
    /** Makes one. */
    pub fn new() -> Self { todo!() }
    fn grow(&mut self) {}
}
)rs";
  const ExtractionResult r = extract(Language::Rust, code);
  CHECK(r.errors.empty());
  CHECK(defNamed(r, "Stack").doc == "A stack.\n\nHolds items.");
  CHECK(defNamed(r, "Stack").visibility == Visibility::Public);
  CHECK(defNamed(r, "items").visibility == Visibility::Package);
  CHECK(defNamed(r, "len").visibility == Visibility::Private);
  CHECK(defNamed(r, "private_helper").visibility == Visibility::Private);
  CHECK(defNamed(r, "private_helper").doc.empty());
  CHECK(defNamed(r, "parent_only").visibility == Visibility::Package);
  CHECK(defNamed(r, "inner").doc == "Inner docs.\nMore.");
  CHECK(defNamed(r, "inner").visibility == Visibility::Private);
  CHECK(defNamed(r, "f").visibility == Visibility::Public);
  CHECK(defNamed(r, "clone").visibility == Visibility::Public);
  CHECK(defNamed(r, "new").doc == "Makes one.");
  CHECK(defNamed(r, "new").visibility == Visibility::Public);
  CHECK(defNamed(r, "grow").visibility == Visibility::Private);
}
