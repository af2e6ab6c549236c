// Tests for C extraction (parsers/queries/c/*.scm through parsers/Extractor.cpp).
#include "ExtractHelpers.h"
#include "parsers/MacroMask.h"

#include <algorithm>

using namespace sextant::parse;
using namespace sextant::parse::test;

TEST_CASE("C definitions: kinds, spans, parents, declarations") {
  const Annotations a(R"c($inc[[#include "util/list.h"]]
$sys[[#include <stdio.h>]]
$X[[#define $X_name[[MAX]] 16]]
$F[[#define $F_name[[SQUARE]](x) ((x) * (x))]]

$S[[struct $S_name[[Node]] {
  $val[[int $val_name[[value]];]]
  $next[[struct Node *$next_name[[next]];]]
}]];
$P[[typedef struct {
  $px[[int $px_name[[x]];]]
} $P_name[[Point]];]]
$T[[typedef struct Node $T_name[[NodeT]];]]
$E[[enum $E_name[[Color]] { $R[[$R_name[[RED]]]], $G[[$G_name[[GREEN]] = 2]] }]];
$proto[[int $proto_name[[add]](int a, int b);]]
$ext[[extern int $ext_name[[counter]];]]
$glob[[static int $glob_name[[total]] = 0;]]
$def[[char *$def_name[[dup]]($s[[const char *$s_name[[s]]]]) {
  $loc[[int $loc_name[[local]] = 1;]]
  $inner[[struct Inner { int z; } $inner_name[[inner]];]]
  return 0;
}]]
)c");
  const ExtractionResult r = extract(Language::C, a.code());
  CHECK(r.errors.empty());
  CHECK_FALSE(r.timedOut);
  CHECK(r.language == Language::C);

  checkDef(r, a, "MAX", SymbolKind::Constant, "X", -1);
  checkDef(r, a, "SQUARE", SymbolKind::Function, "F", -1);
  CHECK(r.definitions[findDef(r, "SQUARE")].signature == "(x)");
  const int node = findDef(r, "Node", SymbolKind::Struct);
  checkDef(r, a, "Node", SymbolKind::Struct, "S", -1);
  checkDef(r, a, "value", SymbolKind::Field, "val", node);
  checkDef(r, a, "next", SymbolKind::Field, "next", node);
  const int point = findDef(r, "Point");
  checkDef(r, a, "Point", SymbolKind::Struct, "P", -1); // typedef of an anonymous struct
  checkDef(r, a, "x", SymbolKind::Field, "px", point);
  checkDef(r, a, "NodeT", SymbolKind::Class, "T", -1); // clangd: typedefs are Class
  const int color = findDef(r, "Color");
  checkDef(r, a, "Color", SymbolKind::Enum, "E", -1);
  checkDef(r, a, "RED", SymbolKind::EnumMember, "R", color);
  checkDef(r, a, "GREEN", SymbolKind::EnumMember, "G", color);
  checkDef(r, a, "add", SymbolKind::Function, "proto", -1, true);
  checkDef(r, a, "counter", SymbolKind::Variable, "ext", -1, true);
  checkDef(r, a, "total", SymbolKind::Variable, "glob", -1, false);
  checkDef(r, a, "dup", SymbolKind::Function, "def", -1, false);
  CHECK(r.definitions[findDef(r, "add")].signature == "(int a, int b)");
  CHECK(r.definitions[findDef(r, "dup")].signature == "(const char *s)");
  CHECK(r.definitions[findDef(r, "total")].signature.empty());

  // Parameters and local variables of a function definition are locals of it, out of the outline
  // (clangd's documentSymbol lists nothing declared inside a function); local types are dropped.
  const int dup = findDef(r, "dup");
  checkDef(r, a, "s", SymbolKind::Variable, "s", dup);
  checkDef(r, a, "local", SymbolKind::Variable, "loc", dup);
  checkDef(r, a, "inner", SymbolKind::Variable, "inner", dup);
  CHECK(r.definitions[findDef(r, "s")].type == "const char *");
  CHECK(r.definitions[findDef(r, "inner")].type == "struct Inner");
  CHECK_FALSE(hasDef(r, "Inner"));
  CHECK_FALSE(hasDef(r, "z"));
  CHECK_FALSE(hasDef(r, "a")); // a prototype's parameters are no definitions
  CHECK(r.definitions.size() == 18);
  for (const auto& d : r.definitions) {
    INFO(d.name);
    CHECK(d.inOutline == (d.parent < 0 || r.definitions[d.parent].kind != SymbolKind::Function));
  }
  CHECK(r.definitions[findDef(r, "next")].type == "struct Node *");
  CHECK(r.definitions[findDef(r, "total")].type == "int");
  CHECK(r.definitions[findDef(r, "counter")].type == "int");
  CHECK(r.definitions[findDef(r, "MAX")].type.empty());

  // Document order; parents precede children.
  for (size_t i = 1; i < r.definitions.size(); ++i)
    CHECK(r.definitions[i - 1].range.startByte <= r.definitions[i].range.startByte);
  for (size_t i = 0; i < r.definitions.size(); ++i) CHECK(r.definitions[i].parent < static_cast<int>(i));

  REQUIRE(r.imports.size() == 2);
  CHECK(r.imports[0].target == "util/list.h");
  CHECK_FALSE(r.imports[0].system);
  checkSpan(r.imports[0].span, a.range("inc"));
  CHECK(r.imports[1].target == "stdio.h");
  CHECK(r.imports[1].system);
  checkSpan(r.imports[1].span, a.range("sys"));
}

TEST_CASE("C references: roles, receivers, enclosing definition") {
  const Annotations a(R"c(struct list { struct list *next; int n; };
int count(struct list *l);
void walk(struct $t[[list]] *head) {
  struct list *p = $h[[head]];
  $w[[total]] = $c[[count]](p);
  $pn[[p]]->$nx[[next]]->$n[[n]] = 3;
  $o[[obj]].$m[[method]](1);
  $pp[[p]]->$f[[fn]](2);
  $i[[i]]++;
  int $loc[[k]] = $mx[[MAX]];
  $kr[[k]]++;
}
int $g[[g]] = 1;
)c");
  const ExtractionResult r = extract(Language::C, a.code());
  const int walk = findDef(r, "walk");
  checkRef(r, a, "t", "list", RefRole::Type, "", walk);
  checkRef(r, a, "h", "head", RefRole::Read, "", walk);
  checkRef(r, a, "w", "total", RefRole::Write);
  checkRef(r, a, "c", "count", RefRole::Call, "", walk);
  checkRef(r, a, "pn", "p", RefRole::Read);
  checkRef(r, a, "nx", "next", RefRole::Read, "p");
  checkRef(r, a, "n", "n", RefRole::Write, "p->next");
  checkRef(r, a, "o", "obj", RefRole::Read);
  checkRef(r, a, "m", "method", RefRole::Call, "obj");
  checkRef(r, a, "f", "fn", RefRole::Call, "p");
  checkRef(r, a, "i", "i", RefRole::Write);
  checkRef(r, a, "kr", "k", RefRole::Write, "", walk);
  CHECK(countRefs(r, "k") == 1); // the local's own name is its definition, not also a reference
  CHECK(r.definitions[findDef(r, "k")].parent == walk);
  checkRef(r, a, "mx", "MAX", RefRole::Read);

  // A definition's own name is never a reference.
  CHECK(countRefs(r, "walk") == 0);
  CHECK(countRefs(r, "g") == 0);
  CHECK(countRefs(r, "count") == 1);
  for (const auto& ref : r.references) CHECK(ref.enclosing < static_cast<int>(r.definitions.size()));
  // References are in document order.
  for (size_t i = 1; i < r.references.size(); ++i)
    CHECK(r.references[i - 1].span.startByte < r.references[i].span.startByte);
}

TEST_CASE("C: function pointers, pointer-returning prototypes, comments and strings") {
  const ExtractionResult r = extract(Language::C, R"c(
void (*handler)(int);
typedef int (*cmp_fn)(const void *, const void *);
char **split(const char *s);
/* call_in_comment(); */
const char *msg = "call_in_string()";
)c");
  CHECK(r.definitions[findDef(r, "handler")].kind == SymbolKind::Variable);
  CHECK(r.definitions[findDef(r, "cmp_fn")].kind == SymbolKind::Class);
  const Definition& split = r.definitions[findDef(r, "split")];
  CHECK(split.kind == SymbolKind::Function);
  CHECK(split.isDeclaration);
  CHECK(split.signature == "(const char *s)");
  CHECK(countRefs(r, "call_in_comment") == 0);
  CHECK(countRefs(r, "call_in_string") == 0);
}

TEST_CASE("C locals: parameters, block variables, for initialisers, pointer types, shadowing") {
  const Annotations a(R"c(typedef struct { int data; } Lexer;
typedef struct { Lexer *lexer; } Parser;
$fn[[static const char *$fn_name[[next_token]]($self[[const TSLanguage *$self_name[[self]]]], $pp[[Parser **$pp_name[[parsers]]]], $n[[unsigned $n_name[[count]]]], $cb[[void (*$cb_name[[callback]])(int code)]]) {
  $i[[int $i_name[[i]] = 0, *$ip_name[[ip]] = &i;]]
  for ($loop[[int $loop_name[[j]] = 0;]] j < count; j++) {
    $sh[[int $sh_name[[i]] = j;]]
    $use[[i]]++;
  }
  for ($loop2[[int $loop2_name[[j]] = 1;]] j < 3; j++) {}
  $arr[[char $arr_name[[buf]][16];]]
  $st[[static Array(int) $st_name[[stack]];]]
  return $selfr[[self]]->$data[[data]];
}]]
int $proto_name[[proto]](int a, char *b);
void $knr_name[[noargs]](void) { }
)c");
  const ExtractionResult r = extract(Language::C, a.code());
  const int fn = findDef(r, "next_token");
  auto local = [&](const std::string& id, std::string_view name, std::string_view type) {
    INFO("local $" << id);
    const AnnotatedRange selection = a.range(id + "_name");
    const Definition* found = nullptr;
    for (const auto& d : r.definitions)
      if (d.selectionRange.startByte == selection.begin.offset) found = &d;
    REQUIRE(found != nullptr);
    CHECK(found->name == name);
    CHECK(found->kind == SymbolKind::Variable);
    CHECK(found->parent == fn);
    CHECK_FALSE(found->inOutline);
    CHECK_FALSE(found->isDeclaration);
    CHECK(found->type == type);
    checkSpan(found->selectionRange, selection);
    if (!a.ranges(id).empty()) checkSpan(found->range, a.range(id));
  };
  local("self", "self", "const TSLanguage *");
  local("pp", "parsers", "Parser **");
  local("n", "count", "unsigned");
  local("cb", "callback", "void (*)(int code)");
  local("i", "i", "int");
  local("ip", "ip", "int *");
  local("loop", "j", "int");  // `for (int j = 0; …)`
  local("loop2", "j", "int"); // a second loop's j: another definition
  local("sh", "i", "int");    // shadows the outer i: two definitions with the same parent
  local("arr", "buf", "char[16]");
  local("st", "stack", "Array(int)");
  CHECK_FALSE(hasDef(r, "code")); // a function pointer parameter's own parameters
  CHECK_FALSE(hasDef(r, "a"));    // a prototype's parameters
  CHECK_FALSE(hasDef(r, "b"));
  CHECK(r.definitions[findDef(r, "lexer")].type == "Lexer *");
  CHECK(r.definitions[findDef(r, "lexer")].inOutline);
  CHECK(r.definitions[findDef(r, "data")].type == "int");
  checkRef(r, a, "use", "i", RefRole::Write, "", fn);
  checkRef(r, a, "selfr", "self", RefRole::Read, "", fn);
  checkRef(r, a, "data", "data", RefRole::Read, "self", fn);
  CHECK(countRefs(r, "self") == 1);
  CHECK(countRefs(r, "parsers") == 0);
  size_t locals = 0;
  for (const auto& d : r.definitions) locals += !d.inOutline;
  CHECK(locals == 11);
}

TEST_CASE("C doc comments and linkage: static is private to the file, enumerators' trailing docs") {
  const std::string code = R"c(/* Counts calls.
 * Second line. */
static int counter;

// Not a doc: a blank line follows.

int exported(void);

/** Colours. */
enum colour {
  RED,   /**< warm */
  GREEN, ///< calm
};

static void tick(void) { int local = 0; (void)local; }
)c";
  const ExtractionResult r = extract(Language::C, code);
  CHECK(r.errors.empty());
  CHECK(defNamed(r, "counter").visibility == Visibility::Private);
  CHECK(defNamed(r, "counter").doc == "Counts calls.\nSecond line.");
  CHECK(defNamed(r, "exported").visibility == Visibility::Public);
  CHECK(defNamed(r, "exported").doc.empty());
  CHECK(defNamed(r, "colour").doc == "Colours.");
  CHECK(defNamed(r, "RED").doc == "warm");
  CHECK(defNamed(r, "GREEN").doc == "calm");
  CHECK(defNamed(r, "tick").visibility == Visibility::Private);
  CHECK(defNamed(r, "local").visibility == Visibility::Unknown);
}

TEST_CASE("statement macros are blanked before parsing, offsets kept, names still references") {
  const std::string source = "#define BITS \\\n  bool a : 1; \\\n  bool b : 1;\n#define ONE int one;\n#define LIMIT 4\n"
                             "#define TWO \\\n  ONE\n"
                             "struct S {\n  BITS\n  ONE\n  LIMIT\n  int last;\n};\n";
  const MaskedSource masked = maskStatementMacros(source);
  REQUIRE(masked.text.size() == source.size());
  // BITS and ONE end with ';' (LIMIT does not); a continuation line naming one is the macro's body.
  CHECK(masked.text.find("struct S {\n      \n     \n  LIMIT\n") != std::string::npos);
  CHECK(masked.text.find("#define BITS") != std::string::npos);
  CHECK(masked.text.find("#define TWO \\\n  ONE\n") != std::string::npos);
  REQUIRE(masked.names.size() == 2);
  CHECK(masked.names[0].start.line == 8);
  CHECK(masked.names[0].start.column == 2);
  CHECK(source.substr(masked.names[1].startByte, masked.names[1].endByte - masked.names[1].startByte) == "ONE");
  CHECK(maskStatementMacros("struct S { int a; };\n").text.empty());

  const std::string noLimit = "#define BITS \\\n  bool a : 1;\n#define ONE int one;\nstruct S {\n  BITS\n  ONE\n  int last;\n};\n";
  const ExtractionResult r = Extractor().extract(Language::C, noLimit);
  CHECK(r.errors.empty());
  const auto last = std::find_if(r.definitions.begin(), r.definitions.end(), [](const Definition& d) { return d.name == "last"; });
  REQUIRE(last != r.definitions.end());
  CHECK(last->kind == SymbolKind::Field);
  const auto bits = std::find_if(r.references.begin(), r.references.end(), [](const Reference& x) { return x.name == "BITS"; });
  REQUIRE(bits != r.references.end());
  CHECK(bits->span.start.line == 4);
}

TEST_CASE("C/C++: what no configuration compiles (#if 0, #if 1's #else) is not indexed") {
  const std::string code = "#include \"kept.h\"\n"
                           "#if 0\n#include \"skipped.h\"\nint old_api(void) { return legacy(); }\n#endif\n"
                           "#if 1\nint chosen(void) { return 1; }\n#else\nint not_chosen(void) { return dead(); }\n#endif\n"
                           "#if 0\nint a0;\n#elif 0\nint b0;\n#else\nint c_live;\n#endif\n"
                           "#  if  0 // comment\nint spaced;\n#endif\n"
                           "#if 10\nint ten;\n#endif\n#if 01\nint octal_one;\n#endif\n"
                           "#ifdef CONFIG_X\nint configured;\n#else\nint unconfigured;\n#endif\n"
                           "int f(int x) {\n#if 0\n  x = gone(x);\n#endif\n  return used(x);\n}\n";
  for (Language language : {Language::C, Language::Cpp}) {
    const ExtractionResult r = extract(language, code);
    INFO(static_cast<int>(language));
    for (const char* live : {"chosen", "c_live", "configured", "unconfigured", "ten", "octal_one", "f"}) CHECK(hasDef(r, live));
    for (const char* dead : {"old_api", "not_chosen", "a0", "b0", "spaced"}) CHECK_FALSE(hasDef(r, dead));
    CHECK(countRefs(r, "used") == 1);
    for (const char* dead : {"legacy", "dead", "gone"}) CHECK(countRefs(r, dead) == 0);
    REQUIRE(r.imports.size() == 1);
    CHECK(r.imports[0].target == "kept.h");
  }
}
