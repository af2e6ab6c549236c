// Tests for Go extraction (parsers/queries/go/*.scm through parsers/Extractor.cpp).
#include "ExtractHelpers.h"

using namespace sextant::parse;
using namespace sextant::parse::test;

TEST_CASE("Go definitions: methods with receivers, types, fields, type parameters") {
  const Annotations a(R"go($pkg[[package $pkg_name[[stack]]]]

import "fmt"

type $S[[$S_name[[Stack]][$T[[$T_name[[T]] any]]] struct {
	$items[[$items_name[[items]] []T]]
	$a[[$a_name[[lo]], $b_name[[hi]] int]]
}]]

type $I[[$I_name[[Pusher]] interface {
	$ip[[$ip_name[[Push]](x int) error]]
}]]

$push[[func (s *Stack[T]) $push_name[[Push]](x T) {
	s.items = append(s.items, x)
	n := len(s.items)
	_ = n
}]]

$len[[func (s Stack[T]) $len_name[[Len]]() int { return len(s.items) }]]

$fn[[func $fn_name[[New]]() *Stack[int] { return &Stack[int]{} }]]

const $c[[$c_name[[Max]] = 10]]
var $v[[$v_name[[count]] int]]
type $al[[$al_name[[Alias]] = map[string]int]]
)go");
  const ExtractionResult r = extract(Language::Go, a.code());
  CHECK(r.errors.empty());
  // Type ranges are the spec without `type`, as for a spec of a grouped `type (...)`.
  checkDef(r, a, "stack", SymbolKind::Package, "pkg", -1);
  const int stack = findDef(r, "Stack");
  checkDef(r, a, "Stack", SymbolKind::Struct, "S", -1);
  checkDef(r, a, "T", SymbolKind::TypeParameter, "T", stack);
  checkDef(r, a, "items", SymbolKind::Field, "items", stack);
  checkDef(r, a, "lo", SymbolKind::Field, "a", stack);
  const int pusher = findDef(r, "Pusher");
  checkDef(r, a, "Pusher", SymbolKind::Interface, "I", -1);
  checkDef(r, a, "Push", SymbolKind::Method, "ip", pusher, true);
  // Methods are top level with the receiver's type (pointer and type arguments stripped) as qualifier.
  checkDef(r, a, "Push", SymbolKind::Method, "push", -1);
  checkDef(r, a, "Len", SymbolKind::Method, "len", -1);
  for (const auto& d : r.definitions)
    if (d.kind == SymbolKind::Method && d.parent < 0) CHECK(d.qualifier == "Stack");
  CHECK_FALSE(hasDef(r, "n")); // locals are not listed
  const int fn = findDef(r, "New");
  checkDef(r, a, "New", SymbolKind::Function, "fn", -1);
  CHECK(r.definitions[fn].signature == "()");
  checkDef(r, a, "Max", SymbolKind::Constant, "c", -1);
  checkDef(r, a, "count", SymbolKind::Variable, "v", -1);
  checkDef(r, a, "Alias", SymbolKind::Class, "al", -1);
  REQUIRE(r.imports.size() == 1);
  CHECK(r.imports[0].target == "fmt");
}

TEST_CASE("Go references: selectors, package calls, composite literals, embedding, imports") {
  const Annotations a(R"go(package main

import (
	$alias[[str]] "strings"
	$imp[[_ "embed"]]
)

type Server struct {
	$emb[[Logger]]
	*$ptr[[sync]].$mu[[Mutex]]
}

func (s *Server) Run(args []string) {
	$s[[s]].$lock[[Lock]]()
	$st[[str]].$join[[Join]](args, ",")
	s.$f[[count]]++
	$p[[p]] := &$lit[[Point]]{X: 1}
	$out[[out]], $err[[err]] = $call[[run]](p)
	var v $ty[[http]].$req[[Request]]
	_ = v
}
)go");
  const ExtractionResult r = extract(Language::Go, a.code());
  CHECK(r.errors.empty());
  const int run = findDef(r, "Run");
  checkRef(r, a, "alias", "str", RefRole::Import, "", -1);
  checkRef(r, a, "emb", "Logger", RefRole::Inherit);
  checkRef(r, a, "ptr", "sync", RefRole::Read);
  checkRef(r, a, "mu", "Mutex", RefRole::Inherit, "sync");
  checkRef(r, a, "s", "s", RefRole::Read, "", run);
  checkRef(r, a, "lock", "Lock", RefRole::Call, "s", run);
  checkRef(r, a, "st", "str", RefRole::Read);
  checkRef(r, a, "join", "Join", RefRole::Call, "str");
  checkRef(r, a, "f", "count", RefRole::Write, "s");
  checkRef(r, a, "p", "p", RefRole::Write);
  checkRef(r, a, "lit", "Point", RefRole::Call);
  checkRef(r, a, "out", "out", RefRole::Write);
  checkRef(r, a, "err", "err", RefRole::Write);
  checkRef(r, a, "call", "run", RefRole::Call, "", run);
  checkRef(r, a, "ty", "http", RefRole::Read);
  checkRef(r, a, "req", "Request", RefRole::Type, "http");
  REQUIRE(r.imports.size() == 2);
  CHECK(r.imports[0].target == "strings");
  CHECK(r.imports[1].target == "embed");
  checkSpan(r.imports[1].span, a.range("imp"));
}

TEST_CASE("Go docs and exported names") {
  const std::string code = R"go(// Package shapes draws.
package shapes

// Circle is round.
// Really.
type Circle struct {
	// Radius in metres.
	Radius float64
	name   string
}

// detached

func area() float64 { return 0 }

/* Draw draws. */
func (c *Circle) Draw(ctx int) {}

// Fast is quick.
//
//go:noinline
func Fast() {}

const (
	// Pi is about 3.
	Pi = 3
	e  = 2
)

var Ärger = 1
)go";
  const ExtractionResult r = extract(Language::Go, code);
  CHECK(r.errors.empty());
  CHECK(defNamed(r, "shapes").visibility == Visibility::Unknown);
  CHECK(defNamed(r, "shapes").doc == "Package shapes draws.");
  CHECK(defNamed(r, "Circle").doc == "Circle is round.\nReally.");
  CHECK(defNamed(r, "Circle").visibility == Visibility::Exported);
  CHECK(defNamed(r, "Radius").doc == "Radius in metres.");
  CHECK(defNamed(r, "Radius").visibility == Visibility::Exported);
  CHECK(defNamed(r, "name").visibility == Visibility::Package);
  CHECK(defNamed(r, "area").doc.empty());
  CHECK(defNamed(r, "area").visibility == Visibility::Package);
  CHECK(defNamed(r, "Draw").doc == "Draw draws.");
  CHECK(defNamed(r, "Draw").visibility == Visibility::Exported);
  CHECK(defNamed(r, "ctx").visibility == Visibility::Unknown);
  CHECK(defNamed(r, "Fast").doc == "Fast is quick.");
  CHECK(defNamed(r, "Pi").doc == "Pi is about 3.");
  CHECK(defNamed(r, "e").visibility == Visibility::Package);
  CHECK(defNamed(r, "Ärger").visibility == Visibility::Exported);
}
