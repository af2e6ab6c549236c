// The AST outline of a parse tree: declarations, blocks, clauses and statements (internal to parsers/).
#pragma once

#include "parsers/Extraction.h"
#include "parsers/FlowTable.h"
#include "parsers/TreeSitter.h"

#include <string_view>
#include <vector>

namespace sextant::parse {

/// A function node found by the walk, for the CFG builder.
struct FunctionNode {
  TSNode node;
  int32_t enclosing = -1; ///< index of the innermost function node around it, -1 when none
};

/// One pre-order pass over `root` with a TSTreeCursor (no recursion, so a 100,000-deep tree costs
/// heap, not stack): appends the outline nodes below the root (FlowTable NodeInfo::outline, ERROR nodes
/// excluded but entered) to `outline` with their parent indices, and every function node with a
/// `body` to `functions`, in document order. Preprocessor nodes own their final newline, which
/// spans leave out (constructSpanOf).
void walkStructure(const FlowTable& table, TSNode root, std::string_view source, std::vector<OutlineNode>& outline,
                   std::vector<FunctionNode>& functions);

} // namespace sextant::parse
