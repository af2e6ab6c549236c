// Column conversion between the graph's byte columns and the negotiated LSP position encoding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::lsp {

/// LSP 3.17 PositionEncodingKind: what `Position.character` counts.
enum class PositionEncoding { Utf8, Utf16, Utf32 };

/// "utf-8" / "utf-16" / "utf-32".
std::string_view encodingName(PositionEncoding encoding);
std::optional<PositionEncoding> encodingFromName(std::string_view name);

/// Code units of `encoding` in the first `byteColumn` bytes of `line` (UTF-8). Bytes that are not
/// valid UTF-8 count as one unit each. `byteColumn` past the end counts the whole line.
uint32_t columnFromBytes(std::string_view line, uint32_t byteColumn, PositionEncoding encoding);

/// Byte offset into `line` of code-unit column `column`; a column inside a character rounds to
/// that character's start; past the end gives line.size() (LSP: "defaults back to the line length").
uint32_t bytesFromColumn(std::string_view line, uint32_t column, PositionEncoding encoding);

/// A text split into lines at '\n' (as tree-sitter counts rows); a line excludes its '\n' but
/// keeps a preceding '\r', which never affects columns before it.
class LineTable {
public:
  explicit LineTable(std::string_view text);
  /// Line `line` (0-based), or "" past the end.
  std::string_view line(uint32_t line) const;
  size_t lineCount() const { return starts_.size(); }

private:
  std::string_view text_;
  std::vector<uint32_t> starts_;
};

} // namespace sextant::lsp
