// Tests for JavaScript, TypeScript and TSX extraction (parsers/queries/{ecmascript,javascript,typescript}).
#include "ExtractHelpers.h"

using namespace sextant::parse;
using namespace sextant::parse::test;

TEST_CASE("JavaScript definitions: arrow functions, classes, object-literal methods, default exports") {
  const Annotations a(R"js(import x from "./x.js";
export const $add[[$add_name[[add]] = (a, b) => a + b]];
const $dbl[[$dbl_name[[double]] = n => n * 2]];
let $cnt[[$cnt_name[[count]] = 0]];
var $fe[[$fe_name[[legacy]] = function named(a) { const inner = 1; return a; }]];
export const $V[[$V_name[[VERSION]] = "1"]];
$fn[[function $fn_name[[helper]](p) { function nested() {} }]]
$gen[[function* $gen_name[[ids]]() {}]]
export $C[[class $C_name[[Widget]] extends Base {
  $st[[static $st_name[[total]] = 0]];
  $h[[$h_name[[onClick]] = (e) => this.open(e)]];
  $ctor[[$ctor_name[[constructor]](props) { super(props); }]]
  $get[[get $get_name[[label]]() { return ""; }]]
  $m[[$m_name[[render]]() { return helper(1); }]]
}]]
const $api[[$api_name[[api]] = {
  base: "/",
  $g[[$g_name[[get]](url) { return url; }]],
  $p[[$p_name[[post]]: async (url, body) => body]],
}]];
$def[[export $def_name[[default]] function () { return 1; }]]
)js");
  const ExtractionResult r = extract(Language::JavaScript, a.code());
  CHECK(r.errors.empty());
  const int add = findDef(r, "add");
  checkDef(r, a, "add", SymbolKind::Function, "add", -1);
  CHECK(r.definitions[add].signature == "(a, b)");
  checkDef(r, a, "double", SymbolKind::Function, "dbl", -1);
  CHECK(r.definitions[findDef(r, "double")].signature == "n");
  checkDef(r, a, "count", SymbolKind::Variable, "cnt", -1);
  checkDef(r, a, "legacy", SymbolKind::Function, "fe", -1);
  checkDef(r, a, "VERSION", SymbolKind::Constant, "V", -1);
  checkDef(r, a, "helper", SymbolKind::Function, "fn", -1);
  checkDef(r, a, "ids", SymbolKind::Function, "gen", -1);
  // Bindings inside function bodies are locals of the function: kept for resolution, not listed.
  const int inner = findDef(r, "inner");
  CHECK_FALSE(r.definitions[inner].inOutline);
  CHECK(r.definitions[inner].parent == findDef(r, "legacy"));
  CHECK_FALSE(r.definitions[findDef(r, "p")].inOutline); // a parameter
  CHECK_FALSE(hasDef(r, "nested"));
  CHECK_FALSE(hasDef(r, "named"));
  const int widget = findDef(r, "Widget");
  checkDef(r, a, "Widget", SymbolKind::Class, "C", -1);
  checkDef(r, a, "total", SymbolKind::Property, "st", widget);
  checkDef(r, a, "onClick", SymbolKind::Method, "h", widget);
  checkDef(r, a, "constructor", SymbolKind::Constructor, "ctor", widget);
  checkDef(r, a, "label", SymbolKind::Method, "get", widget);
  checkDef(r, a, "render", SymbolKind::Method, "m", widget);
  const int api = findDef(r, "api");
  checkDef(r, a, "api", SymbolKind::Constant, "api", -1);
  checkDef(r, a, "get", SymbolKind::Method, "g", api);
  checkDef(r, a, "post", SymbolKind::Method, "p", api);
  CHECK(r.definitions[findDef(r, "post")].signature == "(url, body)");
  CHECK_FALSE(hasDef(r, "base"));
  checkDef(r, a, "default", SymbolKind::Function, "def", -1);
}

TEST_CASE("JavaScript references and imports: calls, new, members, require, export-from") {
  const Annotations a(R"js($i1[[import $def[[React]], { $us[[useState]] as $al[[useLocal]] } from 'react';]]
$i2[[export { $j[[join]] } from "path";]]
const fs = $i3[[$req[[require]]("fs")]];
const notImport = $other[[load]]("fs");
class A extends $base[[Base]] {
  run() {
    $this[[this]].$x[[x]] = new $ns[[lib]].$W[[Widget]]();
    $obj[[api]].$get[[get]]().$then[[then]](cb);
    $cnt[[count]] += 1;
    $fs[[fs]].$read[[readFileSync]]("a");
  }
}
)js");
  const ExtractionResult r = extract(Language::JavaScript, a.code());
  CHECK(r.errors.empty());
  const int run = findDef(r, "run");
  checkRef(r, a, "def", "React", RefRole::Import, "", -1);
  checkRef(r, a, "us", "useState", RefRole::Import);
  checkRef(r, a, "al", "useLocal", RefRole::Import);
  checkRef(r, a, "j", "join", RefRole::Import);
  checkRef(r, a, "req", "require", RefRole::Call);
  checkRef(r, a, "other", "load", RefRole::Call);
  checkRef(r, a, "base", "Base", RefRole::Inherit);
  checkRef(r, a, "x", "x", RefRole::Write, "this", run);
  checkRef(r, a, "ns", "lib", RefRole::Read);
  checkRef(r, a, "W", "Widget", RefRole::Call, "lib");
  checkRef(r, a, "get", "get", RefRole::Call, "api");
  checkRef(r, a, "then", "then", RefRole::Call, "api.get()");
  checkRef(r, a, "cnt", "count", RefRole::Write);
  checkRef(r, a, "read", "readFileSync", RefRole::Call, "fs", run);
  REQUIRE(r.imports.size() == 3);
  CHECK(r.imports[0].target == "react");
  checkSpan(r.imports[0].span, a.range("i1"));
  CHECK(r.imports[1].target == "path");
  checkSpan(r.imports[1].span, a.range("i2"));
  CHECK(r.imports[2].target == "fs");
  checkSpan(r.imports[2].span, a.range("i3"));
}

TEST_CASE("TypeScript definitions: interfaces, enums, namespaces, abstract classes, overloads") {
  const Annotations a(R"ts(export $I[[interface $I_name[[Repo]]<T> extends Base {
  $ip[[$ip_name[[name]]: string]];
  $im[[$im_name[[find]](id: number): T]];
}]]
$ty[[type $ty_name[[Id]] = string | number;]]
$E[[enum $E_name[[Status]] { $a[[$a_name[[Active]]]], $b[[$b_name[[Gone]] = 2]] }]]
$N[[namespace $q[[Utils]].$N_name[[Text]] {
  export const $k[[$k_name[[EMPTY]] = ""]];
}]]
$C[[abstract class $C_name[[Service]]<T> implements $impl[[Repo]]<T> {
  $f[[protected $f_name[[cache]]: Map<Id, T> = new Map()]];
  $ab[[abstract $ab_name[[find]](id: number): T]];
  $o1[[$o1_name[[log]](m: string): void]];
  $o2[[$o2_name[[log]](m: string): void {}]]
}]]
declare $fs[[function $fs_name[[fetch]](url: string): void;]]
export const $fn[[$fn_name[[make]] = <T,>(x: T): T => x]];
)ts");
  const ExtractionResult r = extract(Language::TypeScript, a.code());
  CHECK(r.errors.empty());
  const int repo = findDef(r, "Repo");
  checkDef(r, a, "Repo", SymbolKind::Interface, "I", -1);
  checkDef(r, a, "name", SymbolKind::Property, "ip", repo);
  checkDef(r, a, "find", SymbolKind::Method, "im", repo, true);
  checkDef(r, a, "Id", SymbolKind::Class, "ty", -1);
  const int status = findDef(r, "Status");
  checkDef(r, a, "Status", SymbolKind::Enum, "E", -1);
  checkDef(r, a, "Active", SymbolKind::EnumMember, "a", status);
  checkDef(r, a, "Gone", SymbolKind::EnumMember, "b", status);
  const int text = findDef(r, "Text");
  checkDef(r, a, "Text", SymbolKind::Namespace, "N", -1);
  CHECK(r.definitions[text].qualifier == "Utils");
  checkDef(r, a, "EMPTY", SymbolKind::Constant, "k", text);
  const int service = findDef(r, "Service");
  checkDef(r, a, "Service", SymbolKind::Class, "C", -1);
  checkDef(r, a, "cache", SymbolKind::Property, "f", service);
  checkDef(r, a, "find", SymbolKind::Method, "ab", service, true);
  checkDef(r, a, "log", SymbolKind::Method, "o1", service, true);
  checkDef(r, a, "log", SymbolKind::Method, "o2", service);
  checkDef(r, a, "fetch", SymbolKind::Function, "fs", -1, true);
  const int make = findDef(r, "make");
  checkDef(r, a, "make", SymbolKind::Function, "fn", -1);
  CHECK(r.definitions[make].signature == "(x: T)");
  checkRef(r, a, "impl", "Repo", RefRole::Inherit, "", service);
  checkRef(r, a, "q", "Utils", RefRole::Read);
}

TEST_CASE("TypeScript references: types with namespaces, import = require, type-only imports") {
  const Annotations a(R"ts(import type { $cfg[[Config]] } from "./config";
$req[[import fs = require("fs");]]
function load(c: $ty[[Config]], e: $ns[[ts]].$node[[Node]]): $ret[[Promise]]<void> {
  return fs.$read[[readFile]](c.path);
}
)ts");
  const ExtractionResult r = extract(Language::TypeScript, a.code());
  CHECK(r.errors.empty());
  const int load = findDef(r, "load");
  checkRef(r, a, "cfg", "Config", RefRole::Import);
  checkRef(r, a, "ty", "Config", RefRole::Type, "", load);
  checkRef(r, a, "ns", "ts", RefRole::Read);
  checkRef(r, a, "node", "Node", RefRole::Type, "ts");
  checkRef(r, a, "ret", "Promise", RefRole::Type);
  checkRef(r, a, "read", "readFile", RefRole::Call, "fs");
  REQUIRE(r.imports.size() == 2);
  CHECK(r.imports[0].target == "./config");
  CHECK(r.imports[1].target == "fs");
  checkSpan(r.imports[1].span, a.range("req"));
}

TEST_CASE("TSX: components, JSX, and the TypeScript queries on the TSX grammar") {
  const Annotations a(R"tsx(interface Props { title: string }
export const $H[[$H_name[[Header]] = ({ title }: Props) => <h1>{$t[[title]]}</h1>]];
$A[[export $A_name[[default]] function () { return <$use[[Header]] title="x" />; }]]
)tsx");
  const ExtractionResult r = extract(Language::Tsx, a.code());
  CHECK(r.errors.empty());
  checkDef(r, a, "Header", SymbolKind::Function, "H", -1);
  checkDef(r, a, "default", SymbolKind::Function, "A", -1);
  CHECK(r.definitions[findDef(r, "Props")].kind == SymbolKind::Interface);
  checkRef(r, a, "t", "title", RefRole::Read, "", findDef(r, "Header"));
  checkRef(r, a, "use", "Header", RefRole::Read);
  // The same source is not TypeScript: the TS grammar reports the JSX as errors.
  CHECK_FALSE(extract(Language::TypeScript, a.code()).errors.empty());
}

TEST_CASE("TS docs before export and decorators; export default class, private members, module-local") {
  const std::string code = R"ts(import { x } from "./x";

/** The service. */
@Injectable()
export default class Service {
  /** Cached. */
  private cache = 1;
  protected level = 2;
  #secret = 3;
  @Input() name = "";
  run() {}
  constructor(public readonly id: number) {}
}

/** Not exported. */
function helper() {}

export const answer = 42;

namespace NS {
  export function inside() {}
  function hidden() {}
}
)ts";
  const ExtractionResult r = extract(Language::TypeScript, code);
  CHECK(r.errors.empty());
  CHECK(defNamed(r, "Service").doc == "The service.");
  CHECK(defNamed(r, "Service").visibility == Visibility::Exported);
  CHECK(defNamed(r, "cache").doc == "Cached.");
  CHECK(defNamed(r, "cache").visibility == Visibility::Private);
  CHECK(defNamed(r, "level").visibility == Visibility::Protected);
  CHECK(defNamed(r, "#secret").visibility == Visibility::Private);
  CHECK(defNamed(r, "name").visibility == Visibility::Public);
  CHECK(defNamed(r, "run").visibility == Visibility::Public);
  CHECK(defNamed(r, "id").visibility == Visibility::Public);
  CHECK(defNamed(r, "helper").doc == "Not exported.");
  CHECK(defNamed(r, "helper").visibility == Visibility::Private);
  CHECK(defNamed(r, "answer").visibility == Visibility::Exported);
  CHECK(defNamed(r, "inside").visibility == Visibility::Exported);
  CHECK(defNamed(r, "hidden").visibility == Visibility::Private);
}

TEST_CASE("JS: JSDoc before export; a script's top level is unknown") {
  const ExtractionResult module = extract(Language::JavaScript, R"js(/**
 * Adds.
 */
export function add(a, b) { return a + b; }
// line comments are not JSDoc
function local() {}
)js");
  CHECK(defNamed(module, "add").doc == "Adds.");
  CHECK(defNamed(module, "add").visibility == Visibility::Exported);
  CHECK(defNamed(module, "local").doc.empty());
  CHECK(defNamed(module, "local").visibility == Visibility::Private);
  const ExtractionResult script = extract(Language::JavaScript, "/** Global. */\nfunction g() {}\n");
  CHECK(defNamed(script, "g").doc == "Global.");
  CHECK(defNamed(script, "g").visibility == Visibility::Unknown);
}
