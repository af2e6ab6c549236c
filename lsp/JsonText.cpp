#include "lsp/JsonText.h"

#include <fmt/format.h>
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
  fmt::format_to(std::back_inserter(out_), "{}", value);
  return *this;
}

JsonText& JsonText::range(const Range& r) {
  fmt::format_to(std::back_inserter(out_), R"({{"end":{{"character":{},"line":{}}},"start":{{"character":{},"line":{}}}}})",
                 r.end.character, r.end.line, r.start.character, r.start.line);
  return *this;
}

JsonText& JsonText::location(std::string_view uri, const Range& r) {
  raw(R"({"range":)").range(r).raw(R"(,"uri":)").string(uri).raw("}");
  return *this;
}

} // namespace sextant::lsp
