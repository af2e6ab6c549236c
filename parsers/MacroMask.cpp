#include "parsers/MacroMask.h"

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

} // namespace sextant::parse
