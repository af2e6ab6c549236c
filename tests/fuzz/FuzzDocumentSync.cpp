// Fuzz target: incremental didChange edits (lsp/DocumentSync.h) and column conversion
// (lsp/PositionEncoding.h) under each position encoding.
//
// Input: byte 0 picks the encoding (utf-8, utf-16, utf-32); then a document of up to 255 bytes
// (length in byte 1); then edits of 9 bytes each plus their text: start line, start character
// (2 bytes), end line, end character (2 bytes), text length (1 byte), a flag byte (odd: whole
// document replacement), text bytes.
#include "lsp/DocumentSync.h"
#include "lsp/PositionEncoding.h"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

using namespace sextant::lsp;
using nlohmann::json;

namespace {

/// Invariants of the column conversions on every line of `text`.
void checkColumns(const std::string& text, PositionEncoding encoding) {
  LineTable lines(text);
  for (uint32_t l = 0; l < lines.lineCount() && l < 64; ++l) {
    std::string_view line = lines.line(l);
    uint32_t width = columnFromBytes(line, static_cast<uint32_t>(line.size()), encoding);
    uint32_t previous = 0;
    for (uint32_t b = 0; b <= line.size(); ++b) {
      uint32_t column = columnFromBytes(line, b, encoding);
      if (column < previous || column > width) std::abort(); // monotonic, bounded by the line
      previous = column;
    }
    for (uint32_t c = 0; c <= width; ++c) {
      // bytesFromColumn lands on a character boundary at or before column c, and converting
      // that boundary back and forth is the identity.
      uint32_t b = bytesFromColumn(line, c, encoding);
      if (b > line.size()) std::abort();
      uint32_t column = columnFromBytes(line, b, encoding);
      if (column > c) std::abort();
      if (bytesFromColumn(line, column, encoding) != b) std::abort();
    }
    if (bytesFromColumn(line, width + 5, encoding) != line.size()) std::abort(); // past the end
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  PositionEncoding encoding = data[0] % 3 == 0 ? PositionEncoding::Utf8
                              : data[0] % 3 == 1 ? PositionEncoding::Utf16 : PositionEncoding::Utf32;
  size_t docLength = std::min<size_t>(data[1], size - 2);
  std::string text(reinterpret_cast<const char*>(data) + 2, docLength);
  size_t at = 2 + docLength;
  checkColumns(text, encoding);
  int edits = 0;
  while (at + 9 <= size && edits++ < 64) {
    const uint8_t* e = data + at;
    uint32_t sl = e[0], sc = e[1] | e[2] << 8, el = e[3], ec = e[4] | e[5] << 8;
    size_t textLength = std::min<size_t>(e[6], size - at - 9);
    bool whole = e[7] & 1;
    std::string replacement(reinterpret_cast<const char*>(e) + 9, textLength);
    at += 9 + textLength;
    json change = {{"text", replacement}};
    if (!whole) change["range"] = {{"start", {{"line", sl}, {"character", sc}}}, {"end", {{"line", el}, {"character", ec}}}};
    size_t before = text.size();
    size_t begin = offsetOf(text, sl, sc, encoding), end = offsetOf(text, el, ec, encoding);
    if (begin > text.size() || end > text.size()) std::abort();
    try {
      applyContentChange(text, change, encoding);
    } catch (const std::invalid_argument&) {
      if (whole || end >= begin) std::abort(); // only a backwards range may be refused
      continue;
    }
    if (whole) {
      if (text != replacement) std::abort();
    } else if (end < begin || text.size() != before - (end - begin) + replacement.size()) {
      std::abort();
    }
    checkColumns(text, encoding);
  }
  return 0;
}
