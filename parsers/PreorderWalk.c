// Pre-order over visible nodes, reading subtrees directly (see PreorderWalk.h for why). Mirrors
// tree_cursor.c's child iterator: a child is visible when its subtree is, or when the parent's
// production aliases it (extras are never aliased); hidden children are entered transparently.
#include "parsers/PreorderWalk.h"

#include "language.h"
#include "subtree.h"
#include "tree.h"

typedef struct {
  Subtree parent;
  const TSSymbol* aliases;  // the parent production's alias sequence, or NULL
  Length position;          // where the next child starts
  uint32_t child;           // the next child's index
  uint32_t structural;      // the next non-extra child's index, into `aliases`
  bool visible;             // the parent is a returned node (its children are one deeper)
} Frame;

struct SextantPreorderWalk {
  const TSTree* tree;
  Frame* frames;
  uint32_t size, capacity;
  uint32_t depth;   // visible frames on the stack
  bool rootPending; // the root is returned first
  TSNode root;
};

static void push(SextantPreorderWalk* w, Subtree parent, Length position, bool visible) {
  if (w->size == w->capacity) {
    w->capacity = w->capacity ? 2 * w->capacity : 64;
    w->frames = (Frame*)ts_realloc(w->frames, w->capacity * sizeof(Frame));
  }
  Frame* f = &w->frames[w->size++];
  f->parent = parent;
  f->aliases = ts_language_alias_sequence(w->tree->language, parent.ptr->production_id);
  f->position = position;
  f->child = 0;
  f->structural = 0;
  f->visible = visible;
  w->depth += visible;
}

SextantPreorderWalk* sextant_preorder_walk_new(TSNode root) {
  SextantPreorderWalk* w = (SextantPreorderWalk*)ts_calloc(1, sizeof(SextantPreorderWalk));
  w->tree = root.tree;
  w->root = root;
  w->rootPending = true;
  const Subtree* subtree = (const Subtree*)root.id;
  if (ts_subtree_child_count(*subtree) > 0) {
    Length position = {root.context[0], {root.context[1], root.context[2]}};
    push(w, *subtree, position, true);
  }
  return w;
}

void sextant_preorder_walk_delete(SextantPreorderWalk* w) {
  if (!w) return;
  ts_free(w->frames);
  ts_free(w);
}

bool sextant_preorder_walk_next(SextantPreorderWalk* w, TSNode* node, uint32_t* depth) {
  if (w->rootPending) {
    w->rootPending = false;
    *node = w->root;
    *depth = 0;
    return true;
  }
  while (w->size > 0) {
    Frame* f = &w->frames[w->size - 1];
    const uint32_t count = f->parent.ptr->child_count;
    if (f->child == count) {
      w->depth -= f->visible;
      --w->size;
      continue;
    }
    const Subtree* children = ts_subtree_children(f->parent);
    const Subtree* child = &children[f->child];
    const Length position = f->position;
    bool visible = ts_subtree_visible(*child);
    TSSymbol alias = 0;
    if (!ts_subtree_extra(*child)) {
      if (f->aliases) {
        alias = f->aliases[f->structural];
        visible |= alias != 0;
      }
      f->structural++;
    }
    f->position = length_add(position, ts_subtree_size(*child));
    if (++f->child < count) f->position = length_add(f->position, ts_subtree_padding(children[f->child]));
    // Node depth before entering it: the stack's visible frames are its ancestors.
    const uint32_t at = w->depth;
    if (ts_subtree_child_count(*child) > 0 && (visible || ts_subtree_visible_child_count(*child) > 0))
      push(w, *child, position, visible); // may move `frames`: `f` is not used after this
    if (visible) {
      *node = ts_node_new(w->tree, child, position, alias);
      *depth = at;
      return true;
    }
  }
  return false;
}

// `outer`: the field the hidden `parent` itself has, which its children inherit when their own
// parent's production names none, extras included (ts_tree_cursor_current_status, which query.c
// uses, walks up the same way and looks nothing up at an extra's own level).
static void collectChildren(const TSTree* tree, Subtree parent, Length position, TSFieldId outer, SextantChild* out,
                            uint32_t capacity, uint32_t* count) {
  const TSLanguage* language = tree->language;
  const TSSymbol* aliases = ts_language_alias_sequence(language, parent.ptr->production_id);
  const TSFieldMapEntry *map, *mapEnd;
  ts_language_field_map(language, parent.ptr->production_id, &map, &mapEnd);
  const Subtree* children = ts_subtree_children(parent);
  const uint32_t n = parent.ptr->child_count;
  uint32_t structural = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const Subtree* child = &children[i];
    bool visible = ts_subtree_visible(*child);
    TSSymbol alias = 0;
    TSFieldId field = outer; // extras too: ts_tree_cursor_current_status looks above them
    if (!ts_subtree_extra(*child)) {
      if (aliases) {
        alias = aliases[structural];
        visible |= alias != 0;
      }
      for (const TSFieldMapEntry* m = map; m < mapEnd; ++m)
        if (!m->inherited && m->child_index == structural) {
          field = m->field_id;
          break;
        }
      structural++;
    }
    if (visible) {
      if (*count < capacity) {
        out[*count].node = ts_node_new(tree, child, position, alias);
        out[*count].field = field;
      }
      ++*count;
    } else if (ts_subtree_child_count(*child) > 0 && ts_subtree_visible_child_count(*child) > 0) {
      collectChildren(tree, *child, position, field, out, capacity, count);
    }
    position = length_add(position, ts_subtree_size(*child));
    if (i + 1 < n) position = length_add(position, ts_subtree_padding(children[i + 1]));
  }
}

uint32_t sextant_visible_children(TSNode parent, SextantChild* out, uint32_t capacity) {
  const Subtree* subtree = (const Subtree*)parent.id;
  uint32_t count = 0;
  if (ts_subtree_child_count(*subtree) == 0) return 0;
  Length position = {parent.context[0], {parent.context[1], parent.context[2]}};
  collectChildren(parent.tree, *subtree, position, 0, out, capacity, &count);
  return count;
}

bool sextant_node_may_have_field(TSNode node, TSFieldId field) {
  const Subtree* subtree = (const Subtree*)node.id;
  if (ts_subtree_child_count(*subtree) == 0) return false;
  const TSFieldMapEntry *map, *mapEnd;
  ts_language_field_map(node.tree->language, subtree->ptr->production_id, &map, &mapEnd);
  for (const TSFieldMapEntry* m = map; m < mapEnd; ++m)
    if (m->field_id == field) return true;
  return false;
}
