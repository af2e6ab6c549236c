// One cursor walk that yields the AST outline and the function nodes whose CFGs are built.
#include "parsers/Outline.h"

#include "parsers/SyntaxErrors.h"

namespace sextant::parse {

void walkStructure(const FlowTable& table, TSNode root, std::string_view source, std::vector<OutlineNode>& outline,
                   std::vector<FunctionNode>& functions, const AncestorTargets& targets) {
  struct Frame {
    int32_t outline; // innermost outline node at or above this depth
    int32_t function;
  };
  std::vector<Frame> frames;     // frames[d]: what the children of the node at depth d see
  std::vector<TSNode> ancestors; // of the cursor's node, root first
  size_t next = 0;               // the first target not yet found
  ts::TreeCursorPtr cursor = ts::makeTreeCursor(root);
  TSTreeCursor* c = cursor.get();
  size_t depth = 0;
  for (;;) {
    const TSNode node = ts_tree_cursor_current_node(c);
    while (next < targets.nodes.size() && ts_node_eq(targets.nodes[next], node)) targets.visit(next++, ancestors);
    // Targets starting before this node were inside subtrees already left (only possible for
    // zero-width nodes); they cannot be found any more.
    while (next < targets.nodes.size() && ts_node_start_byte(targets.nodes[next]) < ts_node_start_byte(node)) ++next;
    Frame frame = depth == 0 ? Frame{-1, -1} : frames[depth - 1];
    if (depth > 0 && ts_node_is_named(node)) { // not the root: it spans the whole file, so
                                                 // appending a comment would rewrite ast:
      const NodeInfo& info = table.info(node);
      if (info.outline && !ts_node_is_error(node)) {
        outline.push_back({ts_node_type(node), constructSpanOf(node, source), frame.outline});
        frame.outline = static_cast<int32_t>(outline.size() - 1);
      }
      if (info.construct == Construct::Function && !ts_node_is_null(ts_node_child_by_field_id(node, table.body))) {
        functions.push_back({node, frame.function});
        frame.function = static_cast<int32_t>(functions.size() - 1);
      }
    }
    if (frames.size() <= depth) frames.resize(depth + 1);
    frames[depth] = frame;
    if (ts_tree_cursor_goto_first_child(c)) {
      ++depth;
      ancestors.push_back(node);
      continue;
    }
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(c)) break;
      if (depth == 0 || !ts_tree_cursor_goto_parent(c)) return;
      --depth;
      ancestors.pop_back();
    }
  }
}

} // namespace sextant::parse
