// Grammar node tables and the tree walks that need a node's ancestors.
#include "parsers/Syntax.h"

#include <cstring>
#include <initializer_list>
#include <utility>

namespace sextant::parse {
namespace {

std::string_view trimRight(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

std::string_view slice(std::string_view source, uint32_t start, uint32_t end) {
  if (start > end || end > source.size()) return {};
  return source.substr(start, end - start);
}

} // namespace

TSSymbol Syntax::symbol(const char* name) const {
  return ts_language_symbol_for_name(grammar_, name, static_cast<uint32_t>(std::strlen(name)), true);
}

TSFieldId Syntax::field(const char* name) const {
  return ts_language_field_id_for_name(grammar_, name, static_cast<uint32_t>(std::strlen(name)));
}

Syntax::Syntax(Language language, const TSLanguage* grammar) : language_(language), grammar_(grammar) {
  const size_t symbols = ts_language_symbol_count(grammar);
  leaf_.assign(symbols, 0);
  descend_.assign(symbols, {});
  template_.assign(symbols, 0);
  auto markLeaf = [&](const char* name) {
    if (TSSymbol s = symbol(name)) leaf_[s] = 1;
  };
  auto viaField = [&](const char* name, const char* fieldName) {
    if (TSSymbol s = symbol(name); s && field(fieldName)) descend_[s] = {Step::Field, field(fieldName)};
  };
  auto viaFirstNamed = [&](const char* name) {
    if (TSSymbol s = symbol(name)) descend_[s] = {Step::FirstNamedChild, 0};
  };

  fName_ = field("name");
  fScope_ = field("scope");
  fField_ = field("field");
  fArgument_ = field("argument");
  fAttribute_ = field("attribute");
  fObject_ = field("object");
  fParameters_ = field("parameters");
  fModuleName_ = field("module_name");

  if (language == Language::Python) {
    markLeaf("identifier");
    viaField("attribute", "attribute");
    viaFirstNamed("generic_type");
    viaFirstNamed("type");
    attribute_ = symbol("attribute");
    dottedName_ = symbol("dotted_name");
    aliasedImport_ = symbol("aliased_import");
    importFrom_ = symbol("import_from_statement");
    return;
  }
  for (const char* leaf : {"identifier", "field_identifier", "type_identifier", "namespace_identifier",
                           "operator_name", "destructor_name", "operator_cast"})
    markLeaf(leaf);
  for (const char* declarator : {"pointer_declarator", "array_declarator", "init_declarator",
                                 "function_declarator", "attributed_declarator"})
    viaField(declarator, "declarator");
  viaFirstNamed("parenthesized_declarator");
  viaFirstNamed("reference_declarator");
  viaField("field_expression", "field");
  viaField("qualified_identifier", "name");
  for (const char* t : {"template_function", "template_type", "template_method"}) {
    viaField(t, "name");
    if (TSSymbol s = symbol(t)) template_[s] = 1;
  }
  qualifiedIdentifier_ = symbol("qualified_identifier");
  fieldExpression_ = symbol("field_expression");
}

bool Syntax::isNameLeaf(TSNode node) const {
  const TSSymbol s = ts_node_symbol(node);
  return s < leaf_.size() && leaf_[s];
}

bool Syntax::isField(TSNode parent, TSFieldId field, TSNode child) const {
  if (field == 0) return false;
  return ts_node_eq(ts_node_child_by_field_id(parent, field), child);
}

TSNode Syntax::nameLeaf(TSNode node) const {
  // Bounded: declarator chains are short; a cycle is impossible but a deep chain is not worth it.
  for (int depth = 0; depth < 32 && !ts_node_is_null(node); ++depth) {
    const TSSymbol s = ts_node_symbol(node);
    if (s < leaf_.size() && leaf_[s]) return node;
    const Descend d = s < descend_.size() ? descend_[s] : Descend{};
    switch (d.step) {
    case Step::Stop: return TSNode{};
    case Step::Field: node = ts_node_child_by_field_id(node, d.field); break;
    case Step::FirstNamedChild: node = ts_node_named_child(node, 0); break;
    }
  }
  return TSNode{};
}

std::string_view Syntax::qualifiedScope(std::string_view source, TSNode leaf, TSNode cur, size_t parentIndex,
                                        std::span<const TSNode> ancestors) const {
  // cur is the leaf or its template wrapper; ancestors[parentIndex] is cur's parent.
  if (qualifiedIdentifier_ == 0 || parentIndex >= ancestors.size()) return {};
  TSNode parent = ancestors[parentIndex];
  if (!is(parent, qualifiedIdentifier_)) return {};
  if (!isField(parent, fName_, cur) && !isField(parent, fScope_, cur)) return {};
  TSNode top = parent;
  // `a::b::c` nests to the right: climb while we are the `name` of an enclosing qualified name.
  for (size_t i = parentIndex; i-- > 0;) {
    if (!is(ancestors[i], qualifiedIdentifier_) || !isField(ancestors[i], fName_, top)) break;
    top = ancestors[i];
  }
  std::string_view scope = slice(source, ts_node_start_byte(top), ts_node_start_byte(leaf));
  return trimRight(trimRight(trimRight(scope, " \t\r\n"), ":"), " \t\r\n");
}

std::string_view Syntax::qualifier(std::string_view source, TSNode leaf, std::span<const TSNode> ancestors) const {
  if (ancestors.empty() || language_ == Language::Python) return {};
  TSNode cur = leaf;
  size_t parentIndex = ancestors.size() - 1;
  if (isTemplate(ancestors[parentIndex]) && isField(ancestors[parentIndex], fName_, cur)) {
    if (parentIndex == 0) return {};
    cur = ancestors[parentIndex--];
  }
  return qualifiedScope(source, leaf, cur, parentIndex, ancestors);
}

std::string_view Syntax::receiver(std::string_view source, TSNode leaf, std::span<const TSNode> ancestors) const {
  if (ancestors.empty()) return {};
  size_t parentIndex = ancestors.size() - 1;
  TSNode parent = ancestors[parentIndex];
  if (language_ == Language::Python) {
    if (is(parent, attribute_) && isField(parent, fAttribute_, leaf))
      return ts::nodeText(source, ts_node_child_by_field_id(parent, fObject_));
    if (!is(parent, dottedName_)) return {};
    std::string_view prefix = slice(source, ts_node_start_byte(parent), ts_node_start_byte(leaf));
    prefix = trimRight(trimRight(trimRight(prefix, " \t\r\n\\"), "."), " \t\r\n\\");
    if (!prefix.empty() || parentIndex == 0) return prefix;
    // `from m import x` / `from m import x as y`: the receiver of x is the module.
    size_t i = parentIndex - 1;
    if (is(ancestors[i], aliasedImport_)) {
      if (i == 0) return {};
      --i;
    }
    if (is(ancestors[i], importFrom_) && !isField(ancestors[i], fModuleName_, parent))
      return ts::nodeText(source, ts_node_child_by_field_id(ancestors[i], fModuleName_));
    return {};
  }
  TSNode cur = leaf;
  if (isTemplate(parent) && isField(parent, fName_, cur)) {
    if (parentIndex == 0) return {};
    cur = parent;
    parent = ancestors[--parentIndex];
  }
  if (is(parent, fieldExpression_) && isField(parent, fField_, cur))
    return ts::nodeText(source, ts_node_child_by_field_id(parent, fArgument_));
  return qualifiedScope(source, leaf, cur, parentIndex, ancestors);
}

std::string_view Syntax::parameters(std::string_view source, TSNode leaf, TSNode construct,
                                    std::span<const TSNode> ancestors) const {
  if (fParameters_ == 0) return {};
  TSNode node = leaf;
  for (size_t i = ancestors.size();;) {
    TSNode params = ts_node_child_by_field_id(node, fParameters_);
    if (!ts_node_is_null(params)) return ts::nodeText(source, params);
    if (ts_node_eq(node, construct) || i == 0) return {};
    node = ancestors[--i];
  }
}

void forEachWithAncestors(TSNode root, std::span<const TSNode> targets,
                          const std::function<void(size_t, std::span<const TSNode>)>& visit) {
  if (targets.empty() || ts_node_is_null(root)) return;
  ts::TreeCursorPtr cursor = ts::makeTreeCursor(root);
  std::vector<TSNode> stack; // ancestors of the cursor's node, root first
  size_t next = 0;
  TSNode node = root;
  while (true) {
    while (next < targets.size() && ts_node_eq(targets[next], node)) visit(next++, stack);
    // Targets starting before this node were inside subtrees already left (only possible for
    // zero-width nodes); they cannot be found any more.
    while (next < targets.size() && ts_node_start_byte(targets[next]) < ts_node_start_byte(node)) ++next;
    if (next == targets.size()) return;
    const uint32_t target = ts_node_start_byte(targets[next]);
    const bool mayContain = ts_node_start_byte(node) <= target &&
                            (target < ts_node_end_byte(node) || ts_node_end_byte(targets[next]) == target);
    if (mayContain && ts_tree_cursor_goto_first_child(cursor.get())) {
      stack.push_back(node);
      node = ts_tree_cursor_current_node(cursor.get());
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(cursor.get())) {
      if (!ts_tree_cursor_goto_parent(cursor.get())) return;
      stack.pop_back();
    }
    node = ts_tree_cursor_current_node(cursor.get());
  }
}

} // namespace sextant::parse
