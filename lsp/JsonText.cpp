#include "lsp/JsonText.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace sextant::lsp {

JsonText& JsonText::string(std::string_view value) {
  // Identifiers, paths and URIs are nearly always plain ASCII; anything else is escaped (and its
  // invalid UTF-8 replaced) by nlohmann's serializer, so both paths give the same text.
  for (char c : value)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
      out_ += nlohmann::json(std::string(value)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return *this;
    }
  out_ += '"';
  out_ += value;
  out_ += '"';
  return *this;
}

JsonText& JsonText::number(int64_t value) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out_.append(digits, end);
  return *this;
}

JsonText& JsonText::range(const Range& r) {
  // By hand, not with fmt: a references answer writes tens of thousands of these.
  raw(R"({"end":{"character":)").number(r.end.character).raw(R"(,"line":)").number(r.end.line);
  raw(R"(},"start":{"character":)").number(r.start.character).raw(R"(,"line":)").number(r.start.line).raw("}}");
  return *this;
}

JsonText& JsonText::location(std::string_view uri, const Range& r) {
  raw(R"({"range":)").range(r).raw(R"(,"uri":)").string(uri).raw("}");
  return *this;
}

} // namespace sextant::lsp
