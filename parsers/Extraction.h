// What the parsers extract from one source file: plain data, no storage, no protocol.
//
// These structs live in parsers/ (not graph/) so that the dependency points one way:
// graph -> parsers. The graph core copies them into its own records.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::parse {

/// A language and the grammar its files are parsed with. The numbers are persisted: append only.
/// TSX is its own value because it needs its own grammar (TypeScript + JSX); it shares the
/// TypeScript queries.
enum class Language : uint8_t {
  C = 1, Cpp = 2, Python = 3, Rust = 4, Go = 5, Java = 6, JavaScript = 7, TypeScript = 8, Tsx = 9,
};

/// Every supported language, in enum order.
inline constexpr Language kAllLanguages[] = {Language::C,    Language::Cpp,        Language::Python,
                                             Language::Rust, Language::Go,         Language::Java,
                                             Language::JavaScript, Language::TypeScript, Language::Tsx};

/// Lower-case name used in summaries, query folder names and keys: "c", "cpp", "python",
/// "rust", "go", "java", "javascript", "typescript", "tsx".
std::string_view languageName(Language language);
std::optional<Language> languageFromName(std::string_view name);

/// Language of a file from its extension: .c -> C; .h -> C; .cc .cpp .cxx .c++ .hh .hpp .hxx
/// .h++ .ipp .tcc .inl -> Cpp; .py .pyi -> Python; .rs -> Rust; .go -> Go; .java -> Java;
/// .js .mjs .cjs .jsx -> JavaScript (its grammar parses JSX); .ts .mts .cts (and so .d.ts) ->
/// TypeScript; .tsx -> Tsx. nullopt for anything else.
std::optional<Language> languageForPath(const std::filesystem::path& path);

/// The language to parse a file with, given the one its extension says and its content: a `.h`
/// file (C by extension) is C++ when a line starts with C++-only syntax outside comments
/// (`class X`, `namespace`, `template`, `public:`/`protected:`/`private:`, `using namespace`,
/// `extern "C++"`) or `std::`. Every other file keeps `byExtension`. clangd assumes C++ for all
/// headers; this keeps pure-C projects C while C++ headers get the C++ grammar.
Language languageForContent(const std::filesystem::path& path, std::string_view content, Language byExtension);

/// A position in a file. 0-based line; 0-based column in BYTES from the start of the line
/// (tree-sitter's TSPoint). Converting to UTF-16/UTF-32 columns is the protocol layer's job.
struct Point {
  uint32_t line = 0;
  uint32_t column = 0;
  friend bool operator==(const Point&, const Point&) = default;
  friend auto operator<=>(const Point&, const Point&) = default;
};

/// Half-open span [start, end) with both points and byte offsets into the file.
struct Span {
  Point start, end;
  uint32_t startByte = 0, endByte = 0;
  friend bool operator==(const Span&, const Span&) = default;
  bool contains(Point p) const { return start <= p && p < end; }
};

/// LSP SymbolKind values (LSP 3.17, "SymbolKind"); the numbers are the protocol's.
enum class SymbolKind : uint8_t {
  File = 1, Module = 2, Namespace = 3, Package = 4, Class = 5, Method = 6, Property = 7,
  Field = 8, Constructor = 9, Enum = 10, Interface = 11, Function = 12, Variable = 13,
  Constant = 14, String = 15, Number = 16, Boolean = 17, Array = 18, Object = 19, Key = 20,
  Null = 21, EnumMember = 22, Struct = 23, Event = 24, Operator = 25, TypeParameter = 26,
};

/// Who may use a definition, in each language's own terms. The numbers are persisted: append only.
///
/// | value | C / C++ | Java | Rust | Go | Python | JS / TS |
/// |---|---|---|---|---|---|---|
/// | Public | non-`static` function/variable at file or namespace scope (external linkage); member under `public:` or of a `struct`/`union` before any specifier | `public`; interface members, enum constants | `pub`; enum variants, trait items, members of a trait impl | - | a name without leading `_`, or a `__dunder__` | class member without modifier or with `public`; interface members, enum members |
/// | Protected | member under `protected:` | `protected` | - | - | - | `protected` member |
/// | Private | file-scope `static` or in an anonymous namespace (internal linkage); member under `private:` or of a `class` before any specifier | `private` | no `pub` (private to its module), `pub(self)` | - | `_name` / `__name` (by convention) | `private` member, `#name`; a top-level or namespace definition not exported, in a module |
/// | Package | - | no modifier (package-private) | `pub(crate)`, `pub(super)`, `pub(in path)` | lower-case name (unexported) | - | - |
/// | Exported | - | - | - | upper-case name | - | `export` (also `export default`) |
///
/// Unknown: parameters and locals, C/C++ types, macros, enumerators and out-of-line members,
/// Rust `macro_rules!`, Go packages and type parameters, Java packages, JS object-literal members,
/// top-level JS in a script (no `import`/`export`: its names are global).
enum class Visibility : uint8_t { Unknown = 0, Public = 1, Protected = 2, Private = 3, Package = 4, Exported = 5 };

/// "unknown", "public", "protected", "private", "package", "exported".
std::string_view visibilityName(Visibility visibility);

/// Longest Definition::doc kept, in bytes (cut at a UTF-8 boundary).
inline constexpr size_t kMaxDocBytes = 4096;

/// A named definition or declaration.
struct Definition {
  std::string name;          ///< the declared identifier, unqualified ("push", not "Stack::push")
  SymbolKind kind = SymbolKind::Variable;
  Span range;                ///< the whole construct (LSP DocumentSymbol.range)
  Span selectionRange;       ///< the name node only (LSP DocumentSymbol.selectionRange)
  int32_t parent = -1;       ///< index of the enclosing Definition in ExtractionResult::definitions, -1 at top level
  /// Written qualifier of an out-of-line definition: "Stack" in C++ `void Stack::push()`; the
  /// impl's type of a Rust impl member whose type is not defined earlier in the same scope of the
  /// file (when it is, that definition is the parent instead); the receiver type of a Go method
  /// ("Stack" for `func (s *Stack) Push()`); the leading part of a dotted Java package or TS
  /// namespace name ("com.ex" for `package com.ex.foo`). Else empty.
  std::string qualifier;
  std::string signature;     ///< declarator/parameter text for callables ("(int x, char *y)"), else empty
  /// A declaration without a body: C/C++ prototype, `extern`, in-class method declaration; Rust
  /// trait `fn f();`; Go interface method; Java abstract/interface method; TS overload signature,
  /// `declare function`, interface method, abstract method.
  bool isDeclaration = false;
  /// Listed by documentSymbol; false for symbols that only serve resolution: C/C++ parameters and
  /// function-local variables (clangd's outline omits them), Python `self.x` attributes. Such a
  /// local's `parent` is its function (the contract has no block scope).
  bool inOutline = true;
  /// The declared type as written, for variables, parameters and fields ("TSLexer *",
  /// "const std::string &", "int"): C/C++ fold the declarator's `*`, `&`, `[N]` and `(*)(...)`
  /// into it (the name removed, blanks collapsed to one space; a struct body is written `{...}`);
  /// Python the annotation when present; Go, Rust, Java and TypeScript the type node (TypeScript
  /// without its leading `:`). Else empty. Receiver-type resolution (`self->lexer->data`) reads it.
  std::string type;
  /// The doc comment as plain text, comment markers stripped and dedented, at most kMaxDocBytes:
  /// C/C++ the `///`, `//!`, `//`, `/** */`, `/*! */` or `/* */` comment right above (no blank
  /// line between; a `template<…>` line belongs to the definition), else a trailing `///<` /
  /// `//!<` / `/**<` on the same line; Go the `//` (or `/* */`) block right above; Rust `///`
  /// lines (or `/** */`) above the attributes, and a module's inner `//!` lines; Java/JS/TS the
  /// `/** */` right above (above annotations, decorators and `export`); Python the docstring (the
  /// first statement of a def/class body when it is a string literal, dedented as
  /// `inspect.cleandoc` does; `#` comments are not docs). Empty when none.
  std::string doc;
  Visibility visibility = Visibility::Unknown; ///< see Visibility for each language's rules
  /// Bytes [regionStartByte, regionEndByte) of the source: when not empty, the only place the
  /// definition is visible (`@local.region`): a Python comprehension's variables are visible in
  /// the comprehension, a lambda's parameters in the lambda (Python reference, "Displays for
  /// lists, sets and dictionaries": the comprehension runs in its own scope). Such a definition is
  /// a local (inOutline=false) even at module or class level. Both 0 otherwise.
  uint32_t regionStartByte = 0, regionEndByte = 0;
};

/// How an identifier occurrence uses its symbol.
enum class RefRole : uint8_t { Read = 1, Write = 2, Call = 3, Type = 4, Import = 5, Inherit = 6 };

/// An identifier occurrence that is not the name of a definition.
struct Reference {
  std::string name;          ///< the identifier text
  RefRole role = RefRole::Read;
  Span span;                 ///< the identifier node only
  int32_t enclosing = -1;    ///< index of the innermost enclosing Definition, -1 at file scope
  std::string receiver;      ///< for member access/calls: the object or scope text ("self", "obj->next", "ns::Class"), else empty
  int32_t arguments = -1;    ///< C/C++ and Java calls: how many arguments are written (Syntax::argumentCount), else -1
};

/// An `#include` / `import` / `use` statement (one per imported module).
struct Import {
  /// As written, without quotes/brackets and blanks: "foo/bar.h", "os.path", ".sibling"; Rust
  /// `use a::b::{c, d}` -> "a::b", `mod m;` -> "m"; Go "net/http"; Java "java.util.List" (a
  /// wildcard `import a.b.*` -> "a.b"); JS/TS the module specifier "./x.js".
  std::string target;
  Span span;                 ///< the whole directive
  bool system = false;       ///< C/C++ `<...>` include
};

/// A syntax error or missing token reported by tree-sitter.
struct SyntaxError {
  Span span;
  bool missing = false;      ///< a MISSING node (tree-sitter inserted an expected token)
  std::string description;   ///< e.g. "missing \";\"" or "unexpected \"}\""
};

/// One node of a file's AST outline: a declaration, block, clause or statement (never an
/// expression or token), in pre-order (document order, parents before children).
struct OutlineNode {
  /// The tree-sitter node type ("function_definition", "if_statement", "compound_statement").
  /// Points into the grammar's static symbol table: valid for the life of the process.
  std::string_view kind;
  Span span;
  int32_t parent = -1;      ///< index of the enclosing OutlineNode, -1 for the root
};

/// Role of a basic block in a control-flow graph. The numbers are persisted: append only.
enum class BlockKind : uint8_t {
  Entry = 1,      ///< the function's signature; exactly one, index 0
  Exit = 2,       ///< where every path leaves the function; exactly one, index 1, no successors
  Plain = 3,      ///< straight-line statements
  Condition = 4,  ///< an if/elif/else-if test, a switch/match subject
  LoopHeader = 5, ///< a loop test (while, for, do-while tail, for-in/range iterator, Rust `loop`)
  Arm = 6,        ///< a switch case / match arm / select case / Python `case`
  Return = 7,     ///< straight-line statements ending in return
  Throw = 8,      ///< straight-line statements ending in throw/raise
  Try = 9,        ///< the start of a try body
  Catch = 10,     ///< catch / except handler
  Finally = 11,   ///< finally clause
};

/// Kind of a control-flow edge. The numbers are persisted: append only.
enum class EdgeKind : uint8_t {
  Fallthrough = 1, True = 2, False = 3, Back = 4, Break = 5, Continue = 6, Return = 7, Exception = 8,
  Case = 9,  ///< from a switch/match subject to one of its arms
  Goto = 10, ///< C/C++/Go goto to its label (an unknown label goes to the exit)
};

/// "entry", "exit", "plain", "condition", "loop", "arm", "return", "throw", "try", "catch", "finally".
std::string_view blockKindName(BlockKind kind);
/// "fallthrough", "true", "false", "back", "break", "continue", "return", "exception", "case", "goto".
std::string_view edgeKindName(EdgeKind kind);

/// A basic block: a maximal run of statements entered at the top and left at the bottom.
struct CfgBlock {
  BlockKind kind = BlockKind::Plain;
  Span span;                    ///< the statements (or the test, for conditions and loop headers)
  /// Node type of what ends the block when it is not a plain fall-through ("if_statement",
  /// "return_statement", "break_statement", "try_expression"...); static storage, may be empty.
  std::string_view terminator;
  std::string label;            ///< the first line of the test / terminator text, at most 80 bytes
};

struct CfgEdge {
  uint32_t from = 0, to = 0;    ///< indices into FunctionCfg::blocks
  EdgeKind kind = EdgeKind::Fallthrough;
  friend bool operator==(const CfgEdge&, const CfgEdge&) = default;
};

/// The control-flow graph of one function, method, lambda, closure or arrow function.
struct FunctionCfg {
  std::string name;             ///< the definition's name; empty for an anonymous function
  std::string_view nodeType;    ///< "function_definition", "arrow_function", "closure_expression"...
  Span range;                   ///< the function node
  /// The innermost callable Definition (Function/Method/Constructor) whose range contains the
  /// function, -1 when none (a closure at file or class scope).
  int32_t symbol = -1;
  /// True when this function is `symbol`'s own body; false for a lambda/closure inside it.
  bool own = false;
  /// The body nests deeper than kMaxCfgDepth: the graph is entry -> one plain block -> exit.
  bool truncated = false;
  std::vector<CfgBlock> blocks; ///< blocks[0] is the entry, blocks[1] the exit
  std::vector<CfgEdge> edges;   ///< sorted by (from, to, kind), no duplicates
};

/// Everything extracted from one file. `definitions` and `references` are in document order
/// (by start byte); parents always precede their children.
struct ExtractionResult {
  Language language = Language::C;
  std::vector<Definition> definitions;
  std::vector<Reference> references;  ///< call sites are the references with role Call
  std::vector<Import> imports;
  std::vector<SyntaxError> errors;
  bool timedOut = false;              ///< parsing hit the time limit; the result is empty
  std::vector<OutlineNode> outline;   ///< AST outline in pre-order (parsers/Outline.h)
  std::vector<FunctionCfg> cfgs;      ///< one per function node, in document order (parsers/Cfg.h)
};

} // namespace sextant::parse
