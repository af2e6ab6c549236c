// Declaration heads and doc comments, read straight from the chunk of source a symbol spans.
#include "graph/Hover.h"

#include <algorithm>
#include <vector>

namespace sextant::graph {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

/// The lines of `text` before byte `offset`, last first.
std::vector<std::string_view> linesBefore(std::string_view text, size_t offset) {
  std::vector<std::string_view> lines;
  size_t lineStart = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  if (lineStart == std::string_view::npos) return lines;
  size_t end = lineStart;
  while (end > 0) {
    size_t start = text.rfind('\n', end - 1);
    start = start == std::string_view::npos ? 0 : start + 1;
    lines.push_back(text.substr(start, end - start));
    if (start == 0) break;
    end = start - 1;
  }
  return lines;
}

std::string commentAbove(std::string_view text, size_t offset, Language language) {
  std::vector<std::string> doc;
  bool inBlock = false;
  for (std::string_view raw : linesBefore(text, offset)) {
    std::string_view line = trim(raw);
    if (inBlock) {
      bool opens = line.starts_with("/*");
      line.remove_prefix(opens ? std::min<size_t>(line.size(), line.starts_with("/**") ? 3 : 2) : 0);
      if (line.starts_with("*")) line.remove_prefix(1);
      doc.emplace_back(trim(line));
      if (opens) break;
      continue;
    }
    if (language == Language::Python ? line.starts_with("#") : line.starts_with("//")) {
      line.remove_prefix(line.find_first_not_of("/#!"));
      doc.emplace_back(trim(line));
    } else if (language != Language::Python && line.ends_with("*/")) {
      line.remove_suffix(2);
      if (line.starts_with("/*")) { // a one-line block comment
        line.remove_prefix(line.starts_with("/**") ? 3 : 2);
        doc.emplace_back(trim(line));
        break;
      }
      inBlock = true;
      if (line.starts_with("*")) line.remove_prefix(1);
      if (!trim(line).empty()) doc.emplace_back(trim(line));
    } else if (language == Language::Python && line.starts_with("@")) {
      continue; // decorators sit between a comment and its def
    } else {
      break;
    }
  }
  std::reverse(doc.begin(), doc.end());
  while (!doc.empty() && doc.front().empty()) doc.erase(doc.begin());
  while (!doc.empty() && doc.back().empty()) doc.pop_back();
  std::string out;
  for (const auto& d : doc) out += (out.empty() ? "" : "\n") + d;
  return out;
}

std::string pythonDocstring(std::string_view body) {
  // The first statement of the body, when it is a string literal.
  size_t colon = body.find(":\n");
  if (colon == std::string_view::npos) return {};
  std::string_view rest = body.substr(colon + 2);
  rest = rest.substr(std::min(rest.size(), rest.find_first_not_of(" \t\r\n")));
  for (std::string_view quote : {"\"\"\"", "'''"}) {
    if (!rest.starts_with(quote)) continue;
    size_t end = rest.find(quote, 3);
    if (end == std::string_view::npos) return {};
    return std::string(trim(rest.substr(3, end - 3)));
  }
  return {};
}

} // namespace

SymbolDescription describeSymbol(std::string_view text, const SymbolRecord& symbol, Language language) {
  SymbolDescription d;
  if (symbol.range.startByte > text.size()) return d;
  size_t start = symbol.range.startByte;
  size_t end = std::min<size_t>(symbol.range.endByte, text.size());
  std::string_view chunk = text.substr(start, end - start);
  // The head: up to the body's opening brace, or a Python/colon-terminated header line.
  size_t stop = chunk.size();
  if (language == Language::Python) {
    size_t colon = chunk.find(":\n");
    stop = colon == std::string_view::npos ? chunk.find('\n') : colon + 1;
  } else {
    size_t brace = chunk.find('{');
    if (brace != std::string_view::npos && symbol.kind != SymbolKind::Variable && symbol.kind != SymbolKind::Field)
      stop = brace;
  }
  std::string_view head = chunk.substr(0, std::min(stop, chunk.size()));
  size_t lines = 0, cut = 0;
  for (; cut < head.size() && lines < 5; ++cut)
    if (head[cut] == '\n') ++lines;
  d.declaration = std::string(trim(head.substr(0, cut)));
  if (language == Language::Python) d.doc = pythonDocstring(chunk);
  if (d.doc.empty()) d.doc = commentAbove(text, start, language);
  return d;
}

} // namespace sextant::graph
