// Blanking C/C++ macros that stand for declarations, so tree-sitter (which does not expand macros)
// parses the code around them (internal to parsers/).
#pragma once

#include "parsers/Extraction.h"

#include <string>
#include <string_view>
#include <vector>

struct TSNode; // tree_sitter/api.h: the runtime is private to parsers/

namespace sextant::parse {

/// A copy of the source for the parser, and the macro uses blanked in it.
struct MaskedSource {
  std::string text;        ///< empty when nothing was blanked
  std::vector<Span> names; ///< the blanked macro names, in document order (byte columns)
  /// What maskFailedMacroCalls blanked (whole invocations), for an incremental reparse.
  std::vector<Span> invocations;
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

/// A macro invocation written where a declaration goes that is no declaration to tree-sitter:
///
///     ABSL_FLAG(int, max_size, 256 << 10, "maximum size");
///     DEFINE_int32(port, 0, "the port");
///
/// read as a function declaration whose parameters do not parse; error recovery can then
/// swallow the rest of the file (every definition after it lost). Given the tree of a parse of
/// `masked` (or of `source` when `masked.text` is empty), blanks each invocation that starts a
/// line, is named in capitals up to its first `_` (`ABSL_FLAG`, `DEFINE_int32`,
/// `Q_DECLARE_METATYPE`), has balanced parentheses followed by `;`, and lies in an ERROR node or
/// a node with errors; a valid one (`EXPORT_SYMBOL(foo);`) is left alone. Same length as
/// `source`; the blanked names join `masked.names` (document order) as references. Returns
/// false, changing nothing, when there is no such invocation: the caller then keeps its tree.
bool maskFailedMacroCalls(std::string_view source, const TSNode& root, MaskedSource& masked);

} // namespace sextant::parse
