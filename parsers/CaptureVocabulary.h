// The capture vocabulary of our query files: capture name -> what the extractor does with it.
#pragma once

#include "parsers/Extraction.h"

#include <optional>
#include <span>
#include <string_view>

namespace sextant::parse {

/// What a capture contributes to a match.
enum class CaptureClass : uint8_t {
  Definition,   ///< `@definition.<kind>` / `@declaration.<kind>`: the whole construct
  Reference,    ///< `@reference.<role>`: the name node (or an expression whose name node is found)
  Name,         ///< `@name`: the name node of the definition/reference in the same match
  Import,       ///< `@import`: the whole import/include statement
  ImportPath,   ///< `@import.path`: the imported module/file as written (quotes stripped)
  ImportSystem, ///< `@import.system`: a `<...>` include path
  ImportCallee, ///< `@import.callee`: the callee of a call-shaped import; must read LanguageSpec::importCallee
  LocalScope,   ///< `@local.scope`: definitions inside it are locals: dropped, or kept with inOutline=false (LanguageSpec::localVariables)
  LocalRegion,  ///< `@local.region`: the node whose bytes bound where the definition of the same match is visible (Definition::region)
  Ignored,      ///< `@doc` and helper captures whose names start with `_`
};

/// The meaning of one capture name; resolved once per query at compile time.
struct CaptureInfo {
  CaptureClass cls = CaptureClass::Ignored;
  SymbolKind kind = SymbolKind::Variable; ///< Definition only
  RefRole role = RefRole::Read;           ///< Reference only
  bool declaration = false;               ///< `@declaration.*`: sets Definition::isDeclaration
  bool container = false;                 ///< can be the parent/enclosing definition of others
  bool parameter = false;                 ///< `@definition.parameter` (a Variable never promoted to Constant)
  /// `@local.definition`: a parameter/local for resolution only (Definition::inOutline=false),
  /// kept inside a @local.scope, dropped unless its parent is a callable.
  bool local = false;
  /// `@definition.field.self`: Python `self.x = …` in a method; the extractor keeps the first per
  /// class and name (object = the method's first parameter), reparented to the class.
  bool selfMember = false;
  /// `@reference.none`: the node is no reference (a prototype's parameter name); as the first
  /// pattern naming it, it keeps the catch-all patterns after it from making it one.
  bool suppress = false;
  bool isDefinition() const { return cls == CaptureClass::Definition; }
};

/// Looks a capture name up in the single vocabulary table; nullopt for an unknown name.
std::optional<CaptureInfo> lookupCapture(std::string_view captureName);

/// One row of the vocabulary, for documentation and tests.
struct VocabularyEntry {
  std::string_view name;
  CaptureInfo info;
};
/// Every known capture name (names starting with `_` are also accepted and ignored).
std::span<const VocabularyEntry> captureVocabulary();

} // namespace sextant::parse
