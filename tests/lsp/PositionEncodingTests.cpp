// Byte columns <-> UTF-8/16/32 columns on lines with non-ASCII text.
#include "lsp/PositionEncoding.h"
#include "lsp/SpanConverter.h"

#include <doctest/doctest.h>

using namespace sextant::lsp;

TEST_CASE("CJK, emoji (surrogate pairs) and combining marks") {
  // "a円🟢é̂b": a(1 byte) 円(3) 🟢(4) e+U+0301(1+2) U+0302(2) b(1)
  std::string line = "a\xE5\x86\x86\xF0\x9F\x9F\xA2" "e\xCC\x81\xCC\x82" "b";
  uint32_t bOffset = static_cast<uint32_t>(line.size() - 1);
  CHECK(columnFromBytes(line, bOffset, PositionEncoding::Utf16) == 1 + 1 + 2 + 1 + 1 + 1);
  CHECK(columnFromBytes(line, bOffset, PositionEncoding::Utf32) == 1 + 1 + 1 + 1 + 1 + 1);
  CHECK(columnFromBytes(line, bOffset, PositionEncoding::Utf8) == bOffset);
  CHECK(bytesFromColumn(line, 7, PositionEncoding::Utf16) == bOffset);
  CHECK(bytesFromColumn(line, 6, PositionEncoding::Utf32) == bOffset);
  // The emoji starts at UTF-16 column 2 (byte 4); column 3 is inside its surrogate pair.
  CHECK(bytesFromColumn(line, 2, PositionEncoding::Utf16) == 4);
  CHECK(bytesFromColumn(line, 3, PositionEncoding::Utf16) == 4);
  // Past the end clamps to the line length (LSP: "defaults back to the line length").
  CHECK(bytesFromColumn(line, 99, PositionEncoding::Utf16) == line.size());
}

TEST_CASE("invalid UTF-8 counts one unit per byte, never reads past the line") {
  std::string line = "\xFF\xE5\x86x"; // stray byte, truncated 3-byte sequence, x
  CHECK(columnFromBytes(line, 4, PositionEncoding::Utf16) == 4);
  CHECK(bytesFromColumn(line, 3, PositionEncoding::Utf16) == 3);
}

TEST_CASE("LineTable splits at \\n and keeps \\r out of the way") {
  LineTable lines("one\r\ntwo\n\nlast");
  CHECK(lines.lineCount() == 4);
  CHECK(lines.line(0) == "one\r");
  CHECK(lines.line(1) == "two");
  CHECK(lines.line(2).empty());
  CHECK(lines.line(3) == "last");
  CHECK(lines.line(9).empty());
}

TEST_CASE("encoding names") {
  CHECK(encodingFromName("utf-16") == PositionEncoding::Utf16);
  CHECK(encodingName(PositionEncoding::Utf8) == "utf-8");
  CHECK_FALSE(encodingFromName("latin1").has_value());
}

TEST_CASE("SpanConverter reads a file only when it is not pure ASCII") {
  int reads = 0;
  auto text = [&](const std::string& path) {
    ++reads;
    return path == "cjk.c" ? std::string("int \xe5\xad\x97 = f();\n") : std::string("int x = f();\n");
  };
  auto ascii = [](const std::string& path) { return path == "plain.c"; };
  SpanConverter converter(PositionEncoding::Utf16, text, ascii);
  sextant::graph::Span call{{0, 10}, {0, 11}, 10, 11}; // `f` after three bytes of CJK
  Range plain = converter.range("plain.c", {{0, 8}, {0, 9}, 8, 9});
  CHECK(plain.start.character == 8);
  CHECK(reads == 0);
  Range cjk = converter.range("cjk.c", call);
  CHECK(cjk.start.character == 8); // 3 UTF-8 bytes are 1 UTF-16 unit
  CHECK(cjk.end.character == 9);
  converter.range("cjk.c", call);
  CHECK(reads == 1);
  SpanConverter utf8(PositionEncoding::Utf8, text, ascii);
  CHECK(utf8.range("cjk.c", call).start.character == 10);
  CHECK(reads == 1);
}
