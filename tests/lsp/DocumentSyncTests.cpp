// Incremental content changes, applied in order, with ranges in each position encoding.
#include "lsp/DocumentSync.h"

#include <doctest/doctest.h>

using namespace sextant::lsp;
using nlohmann::json;

namespace {
json change(int l1, int c1, int l2, int c2, const std::string& text) {
  return {{"range", {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}}},
          {"text", text}};
}
} // namespace

TEST_CASE("changes apply in order, each against the previous result") {
  std::string text = "int a;\nint b;\n";
  applyContentChange(text, change(0, 4, 0, 5, "alpha"), PositionEncoding::Utf16); // a -> alpha
  applyContentChange(text, change(1, 0, 1, 0, "static "), PositionEncoding::Utf16);
  applyContentChange(text, change(2, 0, 2, 0, "int c;\n"), PositionEncoding::Utf16); // append at the end
  CHECK(text == "int alpha;\nstatic int b;\nint c;\n");
  applyContentChange(text, change(0, 0, 1, 0, ""), PositionEncoding::Utf16); // delete a whole line
  CHECK(text == "static int b;\nint c;\n");
  applyContentChange(text, json{{"text", "replaced"}}, PositionEncoding::Utf16); // no range: whole text
  CHECK(text == "replaced");
}

TEST_CASE("ranges count UTF-16 units (surrogate pairs), UTF-8 bytes or UTF-32 code points") {
  const std::string line = "s = \"\xF0\x9F\x9F\xA2\"; x = 1\n"; // s = "🟢"; x = 1
  std::string utf16 = line, utf8 = line, utf32 = line;
  applyContentChange(utf16, change(0, 10, 0, 11, "y"), PositionEncoding::Utf16); // 🟢 is 2 units
  applyContentChange(utf8, change(0, 12, 0, 13, "y"), PositionEncoding::Utf8);   // and 4 bytes
  applyContentChange(utf32, change(0, 9, 0, 10, "y"), PositionEncoding::Utf32);  // and 1 code point
  const std::string want = "s = \"\xF0\x9F\x9F\xA2\"; y = 1\n";
  CHECK(utf16 == want);
  CHECK(utf8 == want);
  CHECK(utf32 == want);
}

TEST_CASE("CRLF lines, out-of-range positions and reversed ranges") {
  std::string text = "ab\r\ncd\r\n";
  applyContentChange(text, change(0, 99, 0, 99, "!"), PositionEncoding::Utf16); // clamps before \r\n
  CHECK(text == "ab!\r\ncd\r\n");
  applyContentChange(text, change(99, 0, 99, 0, "end"), PositionEncoding::Utf16); // past the last line
  CHECK(text == "ab!\r\ncd\r\nend");
  CHECK_THROWS_AS(applyContentChange(text, change(1, 1, 0, 0, "x"), PositionEncoding::Utf16), std::invalid_argument);
  CHECK_THROWS(applyContentChange(text, json{{"range", nullptr}}, PositionEncoding::Utf16)); // no text
}

TEST_CASE("a range change reports its byte edit (tree-sitter's TSInputEdit); a whole-text change none") {
  std::string text = "a = \"\xF0\x9F\x9F\xA2\"; x = 1\nb = 2\n"; // 🟢 is 2 UTF-16 units, 4 bytes
  auto edit = applyContentChange(text, change(0, 10, 1, 1, "yy\nc"), PositionEncoding::Utf16);
  REQUIRE(edit);
  CHECK(edit->startByte == 12);
  CHECK(edit->oldEndByte == 19);
  CHECK(edit->newEndByte == 16);
  CHECK(edit->start == sextant::parse::Point{0, 12}); // byte columns
  CHECK(edit->oldEnd == sextant::parse::Point{1, 1});
  CHECK(edit->newEnd == sextant::parse::Point{1, 1});
  CHECK(text == "a = \"\xF0\x9F\x9F\xA2\"; yy\nc = 2\n");
  CHECK_FALSE(applyContentChange(text, json{{"text", "whole"}}, PositionEncoding::Utf16));
}
