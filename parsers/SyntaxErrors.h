// Collects tree-sitter's ERROR and MISSING nodes as SyntaxError records.
#pragma once

#include "parsers/Extraction.h"
#include "parsers/TreeSitter.h"

#include <string_view>
#include <vector>

namespace sextant::parse {

/// Upper bound on the errors reported for one file: binary or minified input can produce
/// thousands, and the first ones are the useful ones.
inline constexpr size_t kMaxSyntaxErrors = 1000;

/// The span of a node: tree-sitter points (0-based line, byte column) and byte offsets.
Span spanOf(TSNode node);

/// spanOf(node) without trailing line breaks: preprocessor nodes (`#define`, `#include`) own
/// their final newline, which would make a one-line directive end on the next line.
Span constructSpanOf(TSNode node, std::string_view source);

/// Appends every ERROR node (not descending into it) and MISSING node under `root`, in document
/// order, to `out`, up to kMaxSyntaxErrors. Only subtrees with ts_node_has_error are walked.
void collectSyntaxErrors(TSNode root, std::string_view source, std::vector<SyntaxError>& out);

} // namespace sextant::parse
