// Blanking C/C++ macros that stand for declarations, so tree-sitter (which does not expand macros)
// parses the code around them (internal to parsers/).
#pragma once

#include "parsers/Extraction.h"

#include <string>
#include <string_view>
#include <vector>

namespace sextant::parse {

/// A copy of the source for the parser, and the macro uses blanked in it.
struct MaskedSource {
  std::string text;        ///< empty when nothing was blanked
  std::vector<Span> names; ///< the blanked macro names, in document order (byte columns)
};

/// An object-like macro whose body ends with `;` stands for declarations or statements:
///
///     #define SUBTREE_BITS bool visible : 1; bool named : 1;
///     struct S { uint8_t symbol; SUBTREE_BITS uint16_t state; };
///
/// Written alone on a line inside a struct body, tree-sitter reads it as the type of a field that
/// swallows the next line, and its error recovery can turn the whole rest of the file into one
/// ERROR node (seen in tree-sitter's own `subtree.h`). Returns a copy of `source` in which every
/// line that holds nothing but the name of such a macro defined in the same file (outside
/// `#define` continuations) is blanked with spaces: same length, so byte offsets, lines and
/// columns are unchanged. The blanked names are still references to their macros.
MaskedSource maskStatementMacros(std::string_view source);

} // namespace sextant::parse
