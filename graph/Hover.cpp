// Declaration heads read straight from the chunk of source a symbol spans; doc comments as extracted.
#include "graph/Hover.h"

#include <algorithm>

namespace sextant::graph {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

} // namespace

SymbolDescription describeSymbol(std::string_view text, const SymbolRecord& symbol, Language language) {
  SymbolDescription d;
  // The extractor found the doc with the language's rules (parse::Definition::doc).
  d.doc = symbol.doc;
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
  return d;
}

} // namespace sextant::graph
