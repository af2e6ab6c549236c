// One walk that yields the AST outline and the function nodes whose CFGs are built.
#include "parsers/Outline.h"

#include "parsers/PreorderWalk.h"
#include "parsers/SyntaxErrors.h"

#include <memory>

namespace sextant::parse {

void walkStructure(const FlowTable& table, TSNode root, std::string_view source, std::vector<OutlineNode>& outline,
                   std::vector<FunctionNode>& functions, const AncestorTargets& targets) {
  struct Frame {
    int32_t outline; // innermost outline node at or above this depth
    int32_t function;
  };
  std::vector<Frame> frames;     // frames[d]: what the children of the node at depth d see
  std::vector<TSNode> ancestors; // of the current node, root first
  size_t next = 0;               // the first target not yet found
  std::unique_ptr<SextantPreorderWalk, void (*)(SextantPreorderWalk*)> walk(sextant_preorder_walk_new(root),
                                                                           sextant_preorder_walk_delete);
  TSNode node;
  uint32_t depth;
  TSNode previous{};
  uint32_t previousDepth = 0;
  while (sextant_preorder_walk_next(walk.get(), &node, &depth)) {
    if (depth > 0) { // the chain above `node`: the previous node's, cut to `depth - 1`, plus it
      if (depth > previousDepth) ancestors.push_back(previous);
      else ancestors.resize(depth);
    }
    previous = node, previousDepth = depth;
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
  }
}

} // namespace sextant::parse
