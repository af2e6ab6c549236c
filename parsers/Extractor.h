// Source bytes -> ExtractionResult, with tree-sitter and the query files of parsers/queries/.
#pragma once

#include "parsers/DocumentTree.h"
#include "parsers/Extraction.h"

#include <memory>
#include <string_view>

namespace sextant::parse {

/// Parses and extracts one file. Holds a TSParser and TSQueryCursor, so one Extractor per thread;
/// the compiled queries behind it are shared, immutable and built once per language per process
/// (on first use; thread-safe). Cheap to construct.
class Extractor {
public:
  Extractor();
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  /// Extracts definitions, references, imports and syntax errors from `source` (UTF-8 bytes;
  /// other encodings are parsed as bytes). Never throws on bad input: a file that does not parse
  /// still yields what tree-sitter recovered, plus `errors`. A parse that exceeds
  /// `timeoutMicros` (0 = no limit) yields an empty result with timedOut=true.
  ExtractionResult extract(Language language, std::string_view source, uint64_t timeoutMicros = 5'000'000);

  /// extract() reusing `tree`, the previous parse of the same document edited (DocumentTree::edit)
  /// to match `source`: tree-sitter reparses only what changed. The result equals a fresh
  /// extract() when the edits were right. `tree` then holds the new parse; it is dropped when its
  /// language differs (the old tree is ignored), when the parse times out or when `source` is
  /// too large to parse.
  ExtractionResult extract(Language language, std::string_view source, DocumentTree& tree,
                           uint64_t timeoutMicros = 5'000'000);

private:
  ExtractionResult run(Language language, std::string_view source, DocumentTree* tree, uint64_t timeoutMicros);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace sextant::parse
