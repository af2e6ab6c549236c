// RAII ownership of tree-sitter handles and the grammar entry points (internal to parsers/).
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <string_view>

extern "C" {
const TSLanguage* tree_sitter_c(void);
const TSLanguage* tree_sitter_cpp(void);
const TSLanguage* tree_sitter_python(void);
const TSLanguage* tree_sitter_rust(void);
const TSLanguage* tree_sitter_go(void);
const TSLanguage* tree_sitter_java(void);
const TSLanguage* tree_sitter_javascript(void);
const TSLanguage* tree_sitter_typescript(void);
const TSLanguage* tree_sitter_tsx(void);
}

namespace sextant::parse::ts {

struct ParserDeleter { void operator()(TSParser* p) const { ts_parser_delete(p); } };
struct TreeDeleter { void operator()(TSTree* t) const { ts_tree_delete(t); } };
struct QueryDeleter { void operator()(TSQuery* q) const { ts_query_delete(q); } };
struct QueryCursorDeleter { void operator()(TSQueryCursor* c) const { ts_query_cursor_delete(c); } };
struct TreeCursorDeleter {
  void operator()(TSTreeCursor* c) const {
    ts_tree_cursor_delete(c);
    delete c;
  }
};

using ParserPtr = std::unique_ptr<TSParser, ParserDeleter>;
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;
using QueryPtr = std::unique_ptr<TSQuery, QueryDeleter>;
using QueryCursorPtr = std::unique_ptr<TSQueryCursor, QueryCursorDeleter>;
/// TSTreeCursor is a value type in the C API; it is heap-held here so that one deleter owns it.
using TreeCursorPtr = std::unique_ptr<TSTreeCursor, TreeCursorDeleter>;

inline TreeCursorPtr makeTreeCursor(TSNode node) { return TreeCursorPtr(new TSTreeCursor(ts_tree_cursor_new(node))); }

/// The bytes of `node` inside `source` (the text the tree was parsed from).
inline std::string_view nodeText(std::string_view source, TSNode node) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  if (start > source.size()) return {};
  return source.substr(start, end - start);
}

} // namespace sextant::parse::ts
