// The AST outline of a parse tree: declarations, blocks, clauses and statements (internal to parsers/).
#pragma once

#include "parsers/Extraction.h"
#include "parsers/FlowTable.h"
#include "parsers/TreeSitter.h"

#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace sextant::parse {

/// A function node found by the walk, for the CFG builder.
struct FunctionNode {
  TSNode node;
  int32_t enclosing = -1; ///< index of the innermost function node around it, -1 when none
};

/// Nodes whose ancestor chains a caller needs, visited during the same walk.
struct AncestorTargets {
  std::span<const TSNode> nodes; ///< sorted by start byte, then end byte descending
  /// Called once per found target, in order: `index` into `nodes`, `ancestors` root first, parent
  /// last. Targets that are not nodes of the tree are skipped.
  std::function<void(size_t index, std::span<const TSNode> ancestors)> visit;
};

/// One pre-order pass over `root` (parsers/PreorderWalk.h: no recursion, so a 100,000-deep tree
/// costs heap, not stack): appends the outline nodes below the root (FlowTable NodeInfo::outline, ERROR nodes
/// excluded but entered) to `outline` with their parent indices, and every function node with a
/// `body` to `functions`, in document order. Preprocessor nodes own their final newline, which
/// spans leave out (constructSpanOf). The same pass hands each of `targets` its ancestor chain at
/// O(1) per step (tree-sitter's own ts_node_parent restarts from the root, which is quadratic on
/// wide files): one walk instead of two, since walking the tree costs as much as querying it.
void walkStructure(const FlowTable& table, TSNode root, std::string_view source, std::vector<OutlineNode>& outline,
                   std::vector<FunctionNode>& functions, const AncestorTargets& targets = {});

} // namespace sextant::parse
