// Per-language facts the extractor needs beyond the query files (internal to parsers/).
#pragma once

#include "parsers/Extraction.h"
#include "parsers/TreeSitter.h"

#include <array>
#include <string_view>

namespace sextant::parse {

/// How constructors are recognised among methods (a syntactic rule; queries cannot compare names).
enum class ConstructorRule : uint8_t {
  None,
  SameNameAsClass, ///< C++: `Foo::Foo`, `~Foo`, or a member named like its class
  InitMethod,      ///< Python: `__init__`
  NamedConstructor,///< JavaScript/TypeScript: a method named `constructor`
};

/// Static description of one supported language.
struct LanguageSpec {
  Language language;
  const TSLanguage* (*grammar)();
  /// Python: only the first binding of a name in a scope is a Definition; later ones are Write references.
  bool firstBindingDefines = false;
  /// Python (pyright): a non-parameter variable named in ALL_CAPS is a Constant.
  bool upperCaseConstants = false;
  ConstructorRule constructors = ConstructorRule::None;
  /// C++: a function written with a qualifier (`void Foo::bar() {}`) is a Method.
  bool qualifiedFunctionsAreMethods = false;
  /// Folders of parsers/queries/ concatenated into this language's query, most specific first
  /// (the first pattern naming a node wins, so shared catch-alls must come last). Empty entries
  /// are unused.
  std::array<std::string_view, 3> queryFolders{};
  /// Rust: a definition qualified with its impl's type becomes a child of that type when the type
  /// is defined earlier in the same scope of the file (and loses the qualifier).
  bool qualifiedMembersJoinType = false;
  /// C/C++, JavaScript/TypeScript: a variable (or, in JS/TS, `const`) binding inside a
  /// @local.scope (function body) is kept as a local (Definition::inOutline=false, parent = the
  /// enclosing callable) instead of being dropped.
  bool localVariables = false;
  /// JavaScript/TypeScript: with localVariables, `const` bindings (Constants) and bindings marked
  /// containers (object-literal methods nest under them) inside a body are locals too.
  bool localBindings = false;
  /// JavaScript: an `@import.callee` capture must read this for the match to be an import
  /// (`require("x")`); queries cannot compare names.
  std::string_view importCallee;
};

/// The spec of `language`; static storage, thread-safe.
const LanguageSpec& languageSpec(Language language);

/// The grammar of `language` after checking its ABI version against this runtime
/// (TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION..TREE_SITTER_LANGUAGE_VERSION).
/// Throws std::runtime_error naming the language and both versions on a mismatch.
const TSLanguage* checkedGrammar(const LanguageSpec& spec);

} // namespace sextant::parse
