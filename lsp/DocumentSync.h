// Applying LSP content changes to an editor buffer.
#pragma once

#include "lsp/PositionEncoding.h"
#include "parsers/DocumentTree.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace sextant::lsp {

/// Byte offset in `text` of an LSP position (line 0-based, character in `encoding` units). A line
/// past the end maps to the end of the text; a character past the end of its line, to the end
/// of that line (LSP 3.17 "Position").
size_t offsetOf(std::string_view text, uint32_t line, uint32_t character, PositionEncoding encoding);

/// Applies one TextDocumentContentChangeEvent (LSP 3.17 "didChange"): with a `range`, replaces
/// that range by `text` and returns the byte edit (for tree-sitter's incremental reparse);
/// without one, replaces the whole document and returns nullopt. Throws nlohmann::json
/// exceptions on a malformed event and std::invalid_argument when the range ends before it starts.
std::optional<parse::TextEdit> applyContentChange(std::string& text, const nlohmann::json& change,
                                                  PositionEncoding encoding);

} // namespace sextant::lsp
