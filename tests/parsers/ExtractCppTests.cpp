// Tests for C++ extraction (parsers/queries/cpp/*.scm through parsers/Extractor.cpp).
#include "ExtractHelpers.h"

#include <algorithm>

using namespace sextant::parse;
using namespace sextant::parse::test;

TEST_CASE("C++ definitions: namespaces, classes, members, out-of-line definitions") {
  const Annotations a(R"cpp($ns[[namespace $ns_name[[geo]] {
$C[[class $C_name[[Shape]] : public Base {
public:
  $ctor[[$ctor_name[[Shape]](int id) : id_(id) {}]]
  $dtor[[virtual $dtor_name[[~Shape]]();]]
  $area[[virtual double $area_name[[area]]() const = 0;]]
  $get[[int $get_name[[id]]() const { return id_; }]]
  $eq[[bool $eq_name[[operator==]](const Shape& o) const;]]
  $cnt[[static int $cnt_name[[count]];]]
  $fld[[int $fld_name[[id_]] = 0;]]
}]];
$out[[double Shape::$out_name[[scale]](double f) { return f; }]]
$alias[[using $alias_name[[Id]] = int;]]
$en[[enum class $en_name[[Kind]] { $k1[[$k1_name[[Circle]]]], $k2[[$k2_name[[Square]]]] }]];
$tpl[[template <typename T> $V[[struct $V_name[[Vec]] { $vt[[T $vt_name[[x]];]] }]]]];
$gv[[int $gv_name[[instances]] = 0;]]
}]]
$dtorout[[Shape::$dtorout_name[[~Shape]]() {}]]
$ctorout[[geo::Shape::$ctorout_name[[Shape]]() {}]]
$free[[void $free_name[[helper]]($n[[int $n_name[[n]]]]) { $loc[[int $loc_name[[local]] = n;]] }]]
)cpp");
  const ExtractionResult r = extract(Language::Cpp, a.code());
  CHECK(r.errors.empty());
  const int ns = findDef(r, "geo");
  checkDef(r, a, "geo", SymbolKind::Namespace, "ns", -1);
  const int shape = findDef(r, "Shape", SymbolKind::Class);
  checkDef(r, a, "Shape", SymbolKind::Class, "C", ns);
  checkDef(r, a, "~Shape", SymbolKind::Constructor, "dtor", shape, true);
  checkDef(r, a, "area", SymbolKind::Method, "area", shape, true);
  checkDef(r, a, "id", SymbolKind::Method, "get", shape, false);
  checkDef(r, a, "operator==", SymbolKind::Method, "eq", shape, true);
  checkDef(r, a, "count", SymbolKind::Property, "cnt", shape);
  checkDef(r, a, "id_", SymbolKind::Field, "fld", shape);
  checkDef(r, a, "scale", SymbolKind::Method, "out", ns, false);
  checkDef(r, a, "Id", SymbolKind::Class, "alias", ns);
  const int kind = findDef(r, "Kind");
  checkDef(r, a, "Kind", SymbolKind::Enum, "en", ns);
  checkDef(r, a, "Circle", SymbolKind::EnumMember, "k1", kind);
  checkDef(r, a, "Square", SymbolKind::EnumMember, "k2", kind);
  const int vec = findDef(r, "Vec");
  checkDef(r, a, "Vec", SymbolKind::Struct, "V", ns); // the definition inside template_declaration
  checkDef(r, a, "x", SymbolKind::Field, "vt", vec);
  checkDef(r, a, "instances", SymbolKind::Variable, "gv", ns);
  checkDef(r, a, "helper", SymbolKind::Function, "free", -1);
  const int helper = findDef(r, "helper");
  checkDef(r, a, "n", SymbolKind::Variable, "n", helper);
  checkDef(r, a, "local", SymbolKind::Variable, "loc", helper);
  CHECK_FALSE(r.definitions[findDef(r, "local")].inOutline);
  CHECK(r.definitions[findDef(r, "id_")].inOutline);
  CHECK(r.definitions[findDef(r, "id_")].type == "int");
  CHECK(r.definitions[findDef(r, "count")].type == "int");
  CHECK(r.definitions[findDef(r, "x")].type == "T");
  CHECK(r.definitions[findDef(r, "f")].parent == findDef(r, "scale"));
  CHECK_FALSE(hasDef(r, "o")); // a declaration's parameters are no definitions

  // Constructors: in-class, and out-of-line (qualifier names the class).
  int inClass = -1, outOfLine = -1, outDtor = -1;
  for (size_t i = 0; i < r.definitions.size(); ++i) {
    const auto& d = r.definitions[i];
    if (d.name == "Shape" && d.kind == SymbolKind::Constructor) (d.qualifier.empty() ? inClass : outOfLine) = int(i);
    if (d.name == "~Shape" && !d.qualifier.empty()) outDtor = int(i);
  }
  REQUIRE(inClass >= 0);
  REQUIRE(outOfLine >= 0);
  REQUIRE(outDtor >= 0);
  checkSpan(r.definitions[inClass].range, a.range("ctor"));
  checkSpan(r.definitions[inClass].selectionRange, a.range("ctor_name"));
  CHECK(r.definitions[inClass].parent == shape);
  CHECK(r.definitions[inClass].signature == "(int id)");
  CHECK_FALSE(r.definitions[inClass].isDeclaration);
  checkSpan(r.definitions[outOfLine].selectionRange, a.range("ctorout_name"));
  CHECK(r.definitions[outOfLine].qualifier == "geo::Shape");
  CHECK(r.definitions[outOfLine].parent == -1);
  CHECK(r.definitions[outDtor].kind == SymbolKind::Constructor);
  CHECK(r.definitions[outDtor].qualifier == "Shape");
  checkSpan(r.definitions[outDtor].range, a.range("dtorout"));

  const Definition& scale = r.definitions[findDef(r, "scale")];
  CHECK(scale.qualifier == "Shape");
  CHECK(scale.signature == "(double f)");
  CHECK(r.definitions[findDef(r, "operator==")].signature == "(const Shape& o)");
}

TEST_CASE("C++ references: calls, constructions, qualified names, inheritance") {
  const Annotations a(R"cpp(struct Derived : public $b[[Base]], private $ns[[lib]]::$b2[[Mixin]]<int> {};
void run() {
  auto *d = new $new[[Derived]]();
  $std[[std]]::$vec[[vector]]<int> v;
  v.$pb[[push_back]]($tmp[[Derived]]());
  $a[[a]]::$b_[[b]]::$f[[f]](1);
  d->$m[[member]] = 2;
  $tf[[make]]<int>(3);
}
)cpp");
  const ExtractionResult r = extract(Language::Cpp, a.code());
  const int run = findDef(r, "run");
  checkRef(r, a, "b", "Base", RefRole::Inherit, "", findDef(r, "Derived"));
  checkRef(r, a, "ns", "lib", RefRole::Read);
  checkRef(r, a, "b2", "Mixin", RefRole::Inherit, "lib");
  checkRef(r, a, "new", "Derived", RefRole::Call, "", run);
  checkRef(r, a, "std", "std", RefRole::Read);
  checkRef(r, a, "vec", "vector", RefRole::Type, "std");
  checkRef(r, a, "pb", "push_back", RefRole::Call, "v");
  checkRef(r, a, "tmp", "Derived", RefRole::Call);
  checkRef(r, a, "a", "a", RefRole::Read);
  checkRef(r, a, "b_", "b", RefRole::Read, "a");
  checkRef(r, a, "f", "f", RefRole::Call, "a::b");
  checkRef(r, a, "m", "member", RefRole::Write, "d");
  checkRef(r, a, "tf", "make", RefRole::Call);
}

// The locals of one function (parameters, block-scoped variables) with their parent and type.
static void checkLocal(const ExtractionResult& r, const Annotations& a, const std::string& id, std::string_view name,
                       int function, std::string_view type) {
  INFO("local $" << id << " " << name);
  checkDef(r, a, name, SymbolKind::Variable, id, function);
  const AnnotatedRange selection = a.range(id + "_name");
  for (const auto& d : r.definitions)
    if (d.selectionRange.startByte == selection.begin.offset) {
      CHECK_FALSE(d.inOutline);
      CHECK(d.type == type);
    }
}

TEST_CASE("C++ locals: references, const, range-for, structured bindings, lambdas, catch, shadowing") {
  const Annotations a(R"cpp(#include <map>
$f[[int $f_name[[run]]($s[[const std::string &$s_name[[s]]]], $m[[std::map<int, int>& $m_name[[m]]]], $d[[int $d_name[[depth]] = 2]], $v[[Args&&... $v_name[[rest]]]]) {
  $sum[[long $sum_name[[total]] = 0;]]
  for ($kv[[const auto& $kv_name[[kv]] : m) total += kv.second;]]
  for ($b[[auto& [$b_name[[key]], $b2_name[[val]]] : m) val = key;]]
  $sb[[auto [$sb_name[[lo]], $sb2_name[[hi]]] = bounds();]]
  auto add = [&]($la[[int $la_name[[x]]]]) { return x + $xr[[total]]; };
  try { throw 1; } catch ($ex[[const std::exception& $ex_name[[e]]]]) {}
  $o[[int $o_name[[i]] = 0;]]
  { $in[[int $in_name[[i]] = 1;]] $ir[[i]]++; }
  char $buf_name[[buf]][64];
  void (*$cb_name[[cb]])(int) = nullptr;
  return $sr[[s]].size();
}]]
int $proto_name[[decl]](int p, const char *q);
auto global = [](int g) { return g; };
)cpp");
  const ExtractionResult r = extract(Language::Cpp, a.code());
  CHECK(r.errors.empty());
  const int run = findDef(r, "run");
  CHECK(r.definitions[run].inOutline);
  checkLocal(r, a, "s", "s", run, "const std::string &");
  checkLocal(r, a, "m", "m", run, "std::map<int, int>&");
  checkLocal(r, a, "d", "depth", run, "int");
  checkLocal(r, a, "v", "rest", run, "Args&&...");
  checkLocal(r, a, "sum", "total", run, "long");
  checkLocal(r, a, "la", "x", run, "int"); // lambda parameters are locals of the enclosing function
  checkLocal(r, a, "ex", "e", run, "const std::exception&");
  checkLocal(r, a, "o", "i", run, "int");
  checkLocal(r, a, "in", "i", run, "int"); // shadowing in a nested block: two definitions
  for (const std::string id : {"kv", "b", "b2", "sb", "sb2", "buf", "cb"}) {
    const AnnotatedRange name = a.range(id + "_name");
    bool found = false;
    for (const auto& d : r.definitions)
      if (d.selectionRange.startByte == name.begin.offset) {
        found = true;
        CHECK(d.parent == run);
        CHECK_FALSE(d.inOutline);
        CHECK(d.kind == SymbolKind::Variable);
      }
    INFO(id);
    CHECK(found);
  }
  auto typeOf = [&](std::string_view name) {
    const int i = findDef(r, name);
    return i < 0 ? std::string("<none>") : r.definitions[i].type;
  };
  CHECK(typeOf("kv") == "const auto&");
  CHECK(typeOf("key") == "auto&");
  CHECK(typeOf("lo") == "auto");
  CHECK(typeOf("buf") == "char[64]");
  CHECK(typeOf("cb") == "void (*)(int)");
  // The definitions' names are no references; uses are, inside the function.
  CHECK(countRefs(r, "total") == 2);
  checkRef(r, a, "xr", "total", RefRole::Read, "", run);
  checkRef(r, a, "ir", "i", RefRole::Write, "", run);
  checkRef(r, a, "sr", "s", RefRole::Read, "", run);
  CHECK(countRefs(r, "rest") == 0);
  // A prototype's parameters are no definitions; a lambda's outside any function neither.
  CHECK(hasDef(r, "decl"));
  CHECK_FALSE(hasDef(r, "p"));
  CHECK_FALSE(hasDef(r, "q"));
  CHECK_FALSE(hasDef(r, "g"));
  CHECK(r.definitions[findDef(r, "global")].inOutline);
}

TEST_CASE("C++ doc comments and access: specifiers, struct default, template, trailing ///<") {
  const std::string code = R"cpp(namespace {
int hidden;
}

/// A shape.
/// Two lines.
class Shape {
  int secret; ///< the default of a class is private
public:
  /**
   * Area in square units.
   */
  template <typename T>
  T area() const;
protected:
  // plain comment right above
  int sides;

  int spaced;
};

struct Point {
  int x; //!< the default of a struct is public
private:
  int y;
#if FEATURE
  /// Inside an #if block.
  int z;
#endif
};

/*! Free function. */
static int helper();
int api();
void Shape::draw() {}
)cpp";
  const ExtractionResult r = extract(Language::Cpp, code);
  CHECK(r.errors.empty());
  CHECK(defNamed(r, "Shape").doc == "A shape.\nTwo lines.");
  CHECK(defNamed(r, "Shape").visibility == Visibility::Unknown);
  CHECK(defNamed(r, "secret").visibility == Visibility::Private);
  CHECK(defNamed(r, "secret").doc == "the default of a class is private");
  CHECK(defNamed(r, "area").visibility == Visibility::Public);
  CHECK(defNamed(r, "area").doc == "Area in square units.");
  CHECK(defNamed(r, "sides").visibility == Visibility::Protected);
  CHECK(defNamed(r, "sides").doc == "plain comment right above");
  CHECK(defNamed(r, "spaced").doc.empty());
  CHECK(defNamed(r, "x").visibility == Visibility::Public);
  CHECK(defNamed(r, "x").doc == "the default of a struct is public");
  CHECK(defNamed(r, "y").visibility == Visibility::Private);
  CHECK(defNamed(r, "z").visibility == Visibility::Private);
  CHECK(defNamed(r, "z").doc == "Inside an #if block.");
  CHECK(defNamed(r, "helper").visibility == Visibility::Private);
  CHECK(defNamed(r, "helper").doc == "Free function.");
  CHECK(defNamed(r, "api").visibility == Visibility::Public);
  CHECK(defNamed(r, "api").doc.empty());
  CHECK(defNamed(r, "hidden").visibility == Visibility::Private); // anonymous namespace
  CHECK(defNamed(r, "draw").visibility == Visibility::Unknown);   // out of line: the class decides
}

TEST_CASE("C++ file-scope macro invocations that derail the parse are blanked, valid ones kept") {
  const std::string source = "#include \"absl/flags/flag.h\"\n"                          // 0
                             "\n"                                                        // 1
                             "ABSL_FLAG(int, max_size, 256 << 10, \"maximum size\");\n"  // 2
                             "ABSL_FLAG(std::string, name, \"x;)\",\n"                   // 3
                             "          \"the name\");\n"                                 // 4
                             "EXPORT_SYMBOL(helper);\n"                                  // 5
                             "namespace re2 {\n"                                         // 6
                             "int helper(int a) { return a + 1; }\n"                     // 7
                             "class Runner {\n"                                          // 8
                             " public:\n"                                                // 9
                             "  int Run(int n) { return helper(n) * absl::GetFlag(FLAGS_max_size); }\n"
                             "};\n"
                             "}  // namespace re2\n";
  const ExtractionResult r = Extractor().extract(Language::Cpp, source);
  CHECK(r.errors.empty());
  auto defined = [&](std::string_view name) {
    return std::find_if(r.definitions.begin(), r.definitions.end(), [&](const Definition& d) { return d.name == name; });
  };
  REQUIRE(defined("helper") != r.definitions.end());
  CHECK(defined("helper")->selectionRange.start.line == 7);
  REQUIRE(defined("Run") != r.definitions.end());
  CHECK(defined("Run")->kind == SymbolKind::Method);
  CHECK(defined("Runner") != r.definitions.end());
  // The blanked names stay references, at their own lines.
  std::vector<uint32_t> flagLines;
  for (const auto& ref : r.references)
    if (ref.name == "ABSL_FLAG") flagLines.push_back(ref.span.start.line);
  CHECK(flagLines == std::vector<uint32_t>{2, 3});

  // Without errors nothing is blanked: `EXPORT_SYMBOL(helper);` alone parses.
  Extractor fresh;
  CHECK(fresh.extract(Language::Cpp, "EXPORT_SYMBOL(helper);\nint x;\n").errors.empty());
}
