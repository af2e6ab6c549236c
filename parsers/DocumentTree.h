// The kept parse tree of one open document, for tree-sitter incremental reparsing.
#pragma once

#include "parsers/Extraction.h"

#include <cstdint>
#include <memory>
#include <string_view>

namespace sextant::parse {

/// One edit of a document, in bytes (tree-sitter's TSInputEdit): the bytes [startByte,
/// oldEndByte) of the previous text were replaced by those [startByte, newEndByte) of the new
/// one. Points are 0-based lines and BYTE columns (rows count '\n' only, as tree-sitter does).
struct TextEdit {
  uint32_t startByte = 0, oldEndByte = 0, newEndByte = 0;
  Point start, oldEnd, newEnd;
  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};

/// The edit that replaces [begin, end) of `before` with `replacement` (points computed from
/// `before`). Offsets must be within `before`, begin <= end.
TextEdit textEditFor(std::string_view before, size_t begin, size_t end, std::string_view replacement);

/// The last parse tree of a document and the language it was parsed with. Empty until
/// Extractor::extract(language, source, tree) fills it. Move-only; not thread-safe (one owner at
/// a time). edit() keeps the tree in step with the text so that the next extract() reparses only
/// what changed (tree-sitter `ts_tree_edit` + `ts_parser_parse` with the old tree).
class DocumentTree {
public:
  DocumentTree();
  ~DocumentTree();
  DocumentTree(DocumentTree&&) noexcept;
  DocumentTree& operator=(DocumentTree&&) noexcept;

  /// True when a tree is kept.
  bool empty() const;
  /// Records that the text changed by `edit` since the kept tree (and previous edits) were made.
  /// No-op when empty.
  void edit(const TextEdit& edit);
  /// Drops the kept tree: the next extract() parses from scratch.
  void reset();

private:
  friend class Extractor;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace sextant::parse
