// A fast pre-order walk over a tree's visible nodes (internal to parsers/).
#pragma once

#include <tree_sitter/api.h>

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Walks the nodes that TSTreeCursor visits below and including `root`, in the same order, with
/// the same TSNode values (ts_node_eq holds between them), but reading the tree's subtrees
/// directly: tree-sitter's cursor re-derives its child iterator from its stack at every sibling
/// step, which made the walk cost as much as a query run (about 800 instructions per node on
/// JavaScript against about 250 here, callgrind on rxjs). Visible = named or anonymous nodes, aliases included;
/// hidden rule nodes are entered but not returned. Heap only (no recursion), so any depth is fine.
///
/// Reads tree-sitter's internal structures (lib/src/subtree.h), so it is tied to the runtime
/// pinned in parsers/grammars/package-lock.json; tests/parsers/PreorderWalkTests.cpp compares it
/// with TSTreeCursor on real code of every language.
typedef struct SextantPreorderWalk SextantPreorderWalk;

/// A walk starting at `root`, which must be a non-null node of a live tree. Never null (aborts
/// on out-of-memory, like tree-sitter).
SextantPreorderWalk* sextant_preorder_walk_new(TSNode root);
void sextant_preorder_walk_delete(SextantPreorderWalk* walk);

/// The next node in pre-order into `*node` and its depth (root 0, its children 1, …) into
/// `*depth`; false once every node was returned.
bool sextant_preorder_walk_next(SextantPreorderWalk* walk, TSNode* node, uint32_t* depth);

/// One visible child of a node: the node and the field it has in its parent (0: none), as
/// ts_tree_cursor_current_status reports it to query.c (fields of hidden intermediate nodes
/// inherited, extras included).
typedef struct {
  TSNode node;
  TSFieldId field;
} SextantChild;

/// The visible children of `parent` in order (those TSTreeCursor visits one level down) into
/// `out`, at most `capacity` of them; returns how many there are (call again with more room when
/// that exceeds `capacity`). Recursion depth is the nesting of hidden nodes, O(log n) for repeats.
uint32_t sextant_visible_children(TSNode parent, SextantChild* out, uint32_t capacity);

/// Whether the production of `node` can have a child with field `field` (directly or through a
/// hidden child): false means no child of `node` has that field. A cheap filter before listing
/// children.
bool sextant_node_may_have_field(TSNode node, TSFieldId field);

#ifdef __cplusplus
}
#endif
