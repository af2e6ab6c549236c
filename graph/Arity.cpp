#include "graph/Arity.h"

#include <string>

namespace sextant::graph {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

} // namespace

std::optional<Arity> arityOf(std::string_view parameters, bool cpp) {
  size_t open = parameters.find('(');
  if (open == std::string_view::npos) return std::nullopt;
  // The list's own closing parenthesis: the first one at depth zero.
  int depth = 0;
  size_t close = std::string_view::npos;
  for (size_t i = open; i < parameters.size(); ++i) {
    if (parameters[i] == '(') ++depth;
    else if (parameters[i] == ')' && --depth == 0) {
      close = i;
      break;
    }
  }
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view inside = trim(parameters.substr(open + 1, close - open - 1));
  if (inside.empty()) return cpp ? std::optional(Arity{0, 0}) : std::nullopt;
  if (inside == "void") return Arity{0, 0};

  Arity arity;
  auto parameter = [&](std::string_view text) {
    text = trim(text);
    bool optional = false, variadic = false;
    int d = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '(' || c == '[' || c == '{' || c == '<') ++d;
      else if (c == ')' || c == ']' || c == '}' || c == '>') --d;
      else if (d == 0 && c == '=' && (i + 1 >= text.size() || text[i + 1] != '=')) {
        optional = true;
        break;
      } else if (d == 0 && text.compare(i, 3, "...") == 0) {
        variadic = true;
      }
    }
    if (variadic) arity.max = Arity::kVariadic;
    else {
      if (!optional) ++arity.min;
      if (arity.max != Arity::kVariadic) ++arity.max;
    }
  };
  depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < inside.size(); ++i) {
    char c = inside[i];
    if (c == '(' || c == '[' || c == '{' || c == '<') ++depth;
    else if (c == ')' || c == ']' || c == '}' || c == '>') --depth;
    else if (c == ',' && depth == 0) {
      parameter(inside.substr(start, i - start));
      start = i + 1;
    }
    if (depth < 0) return std::nullopt;
  }
  if (depth != 0) return std::nullopt;
  parameter(inside.substr(start));
  return arity;
}

} // namespace sextant::graph
