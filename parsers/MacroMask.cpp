#include "parsers/MacroMask.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace sextant::parse {

namespace {

bool identStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool identChar(char c) { return identStart(c) || (c >= '0' && c <= '9'); }
bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

struct Line {
  size_t start, end; // bytes, end before '\n'
  bool continuation; // the previous line ends with a backslash
};

} // namespace

MaskedSource maskStatementMacros(std::string_view source) {
  MaskedSource out;
  if (source.find("define") == std::string_view::npos) return out;
  std::vector<Line> lines;
  bool continued = false;
  for (size_t start = 0; start <= source.size();) {
    size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    lines.push_back({start, end, continued});
    const std::string_view text = trim(source.substr(start, end - start));
    continued = !text.empty() && text.back() == '\\';
    start = end + 1;
  }

  // Object-like macros whose (joined) body ends with ';'.
  std::unordered_set<std::string_view> names;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].continuation) continue;
    std::string_view text = trim(source.substr(lines[i].start, lines[i].end - lines[i].start));
    if (text.empty() || text.front() != '#') continue;
    text = trim(text.substr(1));
    if (!text.starts_with("define") || text.size() < 7 || !blank(text[6])) continue;
    text = trim(text.substr(6));
    size_t n = 0;
    while (n < text.size() && identChar(text[n])) ++n;
    if (n == 0 || !identStart(text[0]) || (n < text.size() && text[n] == '(')) continue;
    const std::string_view name = text.substr(0, n);
    size_t last = i; // the definition's last line
    while (last + 1 < lines.size() && lines[last + 1].continuation) ++last;
    std::string_view tail = trim(source.substr(lines[last].start, lines[last].end - lines[last].start));
    if (last == i) tail = trim(text.substr(n));
    if (!tail.empty() && tail.back() == '\\') tail = trim(tail.substr(0, tail.size() - 1));
    if (!tail.empty() && tail.back() == ';') names.insert(name);
  }
  if (names.empty()) return out;

  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (line.continuation) continue;
    const std::string_view text = trim(source.substr(line.start, line.end - line.start));
    if (text.empty() || !names.contains(text)) continue;
    if (out.text.empty()) out.text.assign(source);
    const auto start = static_cast<uint32_t>(text.data() - source.data());
    const auto end = static_cast<uint32_t>(start + text.size());
    const auto row = static_cast<uint32_t>(i);
    out.names.push_back({{row, static_cast<uint32_t>(start - line.start)},
                         {row, static_cast<uint32_t>(end - line.start)},
                         start,
                         end});
    for (size_t b = line.start; b < line.end; ++b)
      if (!blank(out.text[b])) out.text[b] = ' ';
  }
  return out;
}

namespace {

/// `ABSL_FLAG`, `DEFINE_int32`: capitals (and digits) up to the first `_`, which must follow.
bool macroLikeName(std::string_view name) {
  size_t underscore = name.find('_');
  if (underscore == std::string_view::npos || underscore == 0 || name.front() < 'A' || name.front() > 'Z') return false;
  for (size_t i = 0; i < underscore; ++i)
    if (!((name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9'))) return false;
  return true;
}

/// The byte after the `)` matching the `(` at `open`, skipping string and character literals
/// and comments; npos when unbalanced.
size_t closingParen(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"' || c == '\'') {
      for (++i; i < s.size() && s[i] != c; ++i)
        if (s[i] == '\\') ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      i = s.find('\n', i);
      if (i == std::string_view::npos) return i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      i = s.find("*/", i + 2);
      if (i == std::string_view::npos) return i;
      ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i + 1;
    } else if (c == ';' || c == '{' || c == '}') {
      return std::string_view::npos; // a statement or a body: not one invocation
    }
  }
  return std::string_view::npos;
}

/// Whether the parse went wrong on [start, end): the smallest node spanning it is an ERROR, or
/// one of its children overlapping the range is or holds one.
bool erroneous(TSNode root, uint32_t start, uint32_t end) {
  const TSNode spanning = ts_node_descendant_for_byte_range(root, start, end);
  if (ts_node_is_error(spanning)) return true;
  for (uint32_t i = 0, n = ts_node_child_count(spanning); i < n; ++i) {
    const TSNode child = ts_node_child(spanning, i);
    if (ts_node_end_byte(child) <= start || ts_node_start_byte(child) >= end) continue;
    if (ts_node_is_error(child) || ts_node_has_error(child)) return true;
  }
  return false;
}

} // namespace

bool maskFailedMacroCalls(std::string_view source, const TSNode& root, MaskedSource& masked) {
  if (!ts_node_has_error(root)) return false;
  std::vector<std::pair<size_t, size_t>> found; // [name start, after `;`)
  std::vector<Span> names, invocations;
  uint32_t row = 0;
  for (size_t lineStart = 0; lineStart < source.size(); ++row) {
    size_t lineEnd = source.find('\n', lineStart);
    if (lineEnd == std::string_view::npos) lineEnd = source.size();
    size_t i = lineStart;
    while (i < lineEnd && blank(source[i])) ++i;
    size_t n = i;
    while (n < lineEnd && identChar(source[n])) ++n;
    const std::string_view name = source.substr(i, n - i);
    size_t open = n;
    while (open < lineEnd && blank(source[open])) ++open;
    if (macroLikeName(name) && open < lineEnd && source[open] == '(') {
      size_t close = closingParen(source, open);
      size_t semicolon = close;
      while (semicolon != std::string_view::npos && semicolon < source.size() &&
             (blank(source[semicolon]) || source[semicolon] == '\n'))
        ++semicolon;
      if (close != std::string_view::npos && semicolon < source.size() && source[semicolon] == ';' &&
          erroneous(root, static_cast<uint32_t>(i), static_cast<uint32_t>(semicolon + 1))) {
        found.emplace_back(i, semicolon + 1);
        names.push_back({{row, static_cast<uint32_t>(i - lineStart)},
                         {row, static_cast<uint32_t>(n - lineStart)},
                         static_cast<uint32_t>(i),
                         static_cast<uint32_t>(n)});
        // Go on after the invocation (its lines are not looked at again).
        const Point begin{row, static_cast<uint32_t>(i - lineStart)};
        size_t lastLineStart = lineStart;
        for (size_t b = lineStart; b < semicolon; ++b)
          if (source[b] == '\n') ++row, lastLineStart = b + 1;
        invocations.push_back({begin, {row, static_cast<uint32_t>(semicolon + 1 - lastLineStart)},
                               static_cast<uint32_t>(i), static_cast<uint32_t>(semicolon + 1)});
        lineEnd = source.find('\n', semicolon);
        if (lineEnd == std::string_view::npos) lineEnd = source.size();
      }
    }
    lineStart = lineEnd + 1;
  }
  if (found.empty()) return false;
  if (masked.text.empty()) masked.text.assign(source);
  for (const auto& [start, end] : found)
    for (size_t b = start; b < end; ++b)
      if (masked.text[b] != '\n') masked.text[b] = ' ';
  masked.names.insert(masked.names.end(), names.begin(), names.end());
  masked.invocations = std::move(invocations);
  std::sort(masked.names.begin(), masked.names.end(),
            [](const Span& a, const Span& b) { return a.startByte < b.startByte; });
  return true;
}

} // namespace sextant::parse
