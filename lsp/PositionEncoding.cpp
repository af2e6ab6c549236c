// UTF-8 decoding just deep enough to count UTF-16 and UTF-32 code units.
#include "lsp/PositionEncoding.h"

#include <cstring>

namespace sextant::lsp {
namespace {

/// Length in bytes of the UTF-8 sequence starting with `lead`, or 1 for an invalid lead byte.
size_t sequenceLength(std::string_view s, size_t i) {
  auto lead = static_cast<unsigned char>(s[i]);
  size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) return 1;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  return n;
}

uint32_t unitsOf(size_t sequenceBytes, PositionEncoding encoding) {
  switch (encoding) {
  case PositionEncoding::Utf8: return static_cast<uint32_t>(sequenceBytes);
  case PositionEncoding::Utf16: return sequenceBytes == 4 ? 2 : 1; // astral planes take a surrogate pair
  case PositionEncoding::Utf32: return 1;
  }
  return 1;
}

} // namespace

std::string_view encodingName(PositionEncoding encoding) {
  switch (encoding) {
  case PositionEncoding::Utf8: return "utf-8";
  case PositionEncoding::Utf16: return "utf-16";
  case PositionEncoding::Utf32: return "utf-32";
  }
  return "utf-16";
}

std::optional<PositionEncoding> encodingFromName(std::string_view name) {
  if (name == "utf-8") return PositionEncoding::Utf8;
  if (name == "utf-16") return PositionEncoding::Utf16;
  if (name == "utf-32") return PositionEncoding::Utf32;
  return std::nullopt;
}

uint32_t columnFromBytes(std::string_view line, uint32_t byteColumn, PositionEncoding encoding) {
  if (encoding == PositionEncoding::Utf8) return std::min<uint32_t>(byteColumn, line.size());
  uint32_t units = 0;
  for (size_t i = 0; i < line.size() && i < byteColumn;) {
    size_t n = sequenceLength(line, i);
    units += unitsOf(n, encoding);
    i += n;
  }
  return units;
}

uint32_t bytesFromColumn(std::string_view line, uint32_t column, PositionEncoding encoding) {
  uint32_t units = 0;
  size_t i = 0;
  while (i < line.size()) {
    size_t n = sequenceLength(line, i);
    uint32_t u = unitsOf(n, encoding);
    if (units + u > column) break;
    units += u;
    i += n;
  }
  return static_cast<uint32_t>(i);
}

LineTable::LineTable(std::string_view text) : text_(text) {
  starts_.push_back(0);
  // memchr: answering references converts positions in hundreds of files per request.
  const char* begin = text.data();
  const char* end = begin + text.size();
  for (const char* p = begin; p < end;) {
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!nl) break;
    starts_.push_back(static_cast<uint32_t>(nl - begin + 1));
    p = nl + 1;
  }
}

std::string_view LineTable::line(uint32_t line) const {
  if (line >= starts_.size()) return {};
  size_t begin = starts_[line];
  size_t end = line + 1 < starts_.size() ? starts_[line + 1] - 1 : text_.size();
  return text_.substr(begin, end - begin);
}

} // namespace sextant::lsp
