// Walks the error-bearing subtrees of a parse tree with a TSTreeCursor.
#include "parsers/SyntaxErrors.h"

#include <string>

namespace sextant::parse {
namespace {

constexpr size_t kMaxQuotedToken = 24;

Point pointOf(TSPoint p) { return {p.row, p.column}; }

// "unexpected "}"" names the token the parser gave up at: an ERROR node holds the partial
// construct that was abandoned followed by that token, so it is the node's last leaf.
std::string describeError(TSNode error, std::string_view source) {
  TSNode last = error;
  while (uint32_t n = ts_node_child_count(last)) last = ts_node_child(last, n - 1);
  std::string_view token = ts::nodeText(source, last);
  if (token.empty() || token.size() > kMaxQuotedToken || token.find_first_of("\r\n") != std::string_view::npos)
    return "syntax error";
  for (unsigned char c : token)
    if (c < 0x20 || c >= 0x7f) return "syntax error"; // keep binary garbage out of messages
  return "unexpected \"" + std::string(token) + "\"";
}

std::string describeMissing(TSNode missing) {
  const char* type = ts_node_type(missing);
  if (ts_node_is_named(missing)) return std::string("missing ") + type;
  return std::string("missing \"") + type + "\"";
}

} // namespace

Span spanOf(TSNode node) {
  return {pointOf(ts_node_start_point(node)), pointOf(ts_node_end_point(node)), ts_node_start_byte(node),
          ts_node_end_byte(node)};
}

Span constructSpanOf(TSNode node, std::string_view source) {
  Span span = spanOf(node);
  uint32_t end = span.endByte;
  bool trimmed = false;
  while (end > span.startByte && end <= source.size() && (source[end - 1] == '\n' || source[end - 1] == '\r')) {
    if (source[end - 1] == '\n') {
      if (span.end.line == 0) break;
      --span.end.line;
    }
    --end;
    trimmed = true;
  }
  if (!trimmed) return span;
  if (end == 0) return Span{span.start, span.start, span.startByte, span.startByte};
  const size_t lineStart = source.rfind('\n', end - 1);
  span.endByte = end;
  span.end.column = static_cast<uint32_t>(lineStart == std::string_view::npos ? end : end - (lineStart + 1));
  return span;
}

void collectSyntaxErrors(TSNode root, std::string_view source, std::vector<SyntaxError>& out) {
  if (!ts_node_has_error(root)) return;
  ts::TreeCursorPtr cursor = ts::makeTreeCursor(root);
  while (out.size() < kMaxSyntaxErrors) {
    TSNode node = ts_tree_cursor_current_node(cursor.get());
    bool descend = false;
    if (ts_node_is_missing(node)) {
      out.push_back({spanOf(node), true, describeMissing(node)});
    } else if (ts_node_is_error(node)) {
      out.push_back({spanOf(node), false, describeError(node, source)});
    } else {
      descend = ts_node_has_error(node);
    }
    if (descend && ts_tree_cursor_goto_first_child(cursor.get())) continue;
    while (!ts_tree_cursor_goto_next_sibling(cursor.get()))
      if (!ts_tree_cursor_goto_parent(cursor.get())) return;
  }
}

} // namespace sextant::parse
