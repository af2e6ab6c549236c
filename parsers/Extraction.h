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

/// Everything extracted from one file. `definitions` and `references` are in document order
/// (by start byte); parents always precede their children.
struct ExtractionResult {
  Language language = Language::C;
  std::vector<Definition> definitions;
  std::vector<Reference> references;  ///< call sites are the references with role Call
  std::vector<Import> imports;
  std::vector<SyntaxError> errors;
  bool timedOut = false;              ///< parsing hit the time limit; the result is empty
};

} // namespace sextant::parse
