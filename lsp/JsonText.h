// LSP results written straight to JSON text, for answers with thousands of entries.
#pragma once

#include "lsp/Protocol.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace sextant::lsp {

/// Appends JSON values to a string. nlohmann::json builds a std::map per object, so a
/// call-hierarchy answer with 751 callers (`os.path.join` in the Python standard library) spent
/// most of its time allocating, serializing and freeing that tree; the hot results (references,
/// call hierarchy) are written with this instead. Produces the same JSON as nlohmann's
/// `dump(-1, ' ', false, error_handler_t::replace)`: keys in the order written, no blanks.
class JsonText {
public:
  std::string& text() { return out_; }

  /// Verbatim JSON: punctuation, keys, literals.
  JsonText& raw(std::string_view json) {
    out_ += json;
    return *this;
  }
  /// A JSON string: quoted and escaped per RFC 8259; invalid UTF-8 becomes U+FFFD.
  JsonText& string(std::string_view value);
  JsonText& number(int64_t value);
  /// An LSP Range (LSP 3.17 "Range"): {"start":{"line":L,"character":C},"end":{…}}.
  JsonText& range(const Range& range);
  /// An LSP Location: {"uri":…,"range":…}.
  JsonText& location(std::string_view uri, const Range& range);

private:
  std::string out_;
};

} // namespace sextant::lsp
