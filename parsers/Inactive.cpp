#include "parsers/Inactive.h"

#include <algorithm>
#include <cstring>

namespace sextant::parse {
namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (blank(s.front()) || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (blank(s.back()) || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

} // namespace

bool hasConstantCondition(std::string_view source) {
  for (size_t hash = source.find('#'); hash != std::string_view::npos; hash = source.find('#', hash + 1)) {
    // The first token of its line.
    size_t before = hash;
    while (before > 0 && blank(source[before - 1])) --before;
    if (before > 0 && source[before - 1] != '\n') continue;
    size_t i = hash + 1;
    while (i < source.size() && blank(source[i])) ++i;
    std::string_view rest = source.substr(i);
    size_t word = rest.starts_with("if") ? 2 : rest.starts_with("elif") ? 4 : 0;
    if (word == 0 || word >= rest.size() || !blank(rest[word])) continue;
    size_t j = word;
    while (j < rest.size() && blank(rest[j])) ++j;
    if (j < rest.size() && (rest[j] == '0' || rest[j] == '1') &&
        (j + 1 == rest.size() || blank(rest[j + 1]) || rest[j + 1] == '\n' || rest[j + 1] == '\r' || rest[j + 1] == '/'))
      return true;
  }
  return false;
}

std::vector<InactiveRange> alwaysInactiveRanges(TSNode root, std::string_view source) {
  std::vector<InactiveRange> out;
  if (ts_node_is_null(root) || !hasConstantCondition(source)) return out;
  ts::TreeCursorPtr owned = ts::makeTreeCursor(root);
  TSTreeCursor* cursor = owned.get();
  for (bool more = true; more;) {
    const TSNode node = ts_tree_cursor_current_node(cursor);
    const char* type = ts_node_type(node);
    if (!std::strcmp(type, "preproc_if") || !std::strcmp(type, "preproc_elif")) {
      const TSNode condition = ts_node_child_by_field_name(node, "condition", 9);
      const TSNode alternative = ts_node_child_by_field_name(node, "alternative", 11);
      const std::string_view value = ts_node_is_null(condition) ? std::string_view() : trimmed(ts::nodeText(source, condition));
      const uint32_t end = ts_node_end_byte(node);
      if (value == "0")
        out.emplace_back(ts_node_end_byte(condition), ts_node_is_null(alternative) ? end : ts_node_start_byte(alternative));
      else if (value == "1" && !ts_node_is_null(alternative))
        out.emplace_back(ts_node_start_byte(alternative), end);
    }
    // Depth first: the directive can sit anywhere (inside a function, a struct, another #if).
    if (ts_tree_cursor_goto_first_child(cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(cursor))
      if (!ts_tree_cursor_goto_parent(cursor)) {
        more = false;
        break;
      }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool insideAny(const std::vector<InactiveRange>& ranges, uint32_t byte) {
  return std::any_of(ranges.begin(), ranges.end(), [&](const InactiveRange& r) { return byte >= r.first && byte < r.second; });
}

} // namespace sextant::parse
