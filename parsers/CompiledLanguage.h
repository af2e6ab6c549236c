// A language ready for extraction: grammar, compiled query, capture table, node tables (internal).
#pragma once

#include "parsers/CaptureVocabulary.h"
#include "parsers/FlowTable.h"
#include "parsers/Languages.h"
#include "parsers/PatternMatcher.h"
#include "parsers/QueryLoader.h"
#include "parsers/Syntax.h"
#include "parsers/TreeSitter.h"

#include <memory>
#include <vector>

namespace sextant::parse {

/// Immutable after construction and shared by every Extractor of the process (TSQuery is
/// read-only during execution, so concurrent cursors may run it).
struct CompiledLanguage {
  const LanguageSpec* spec = nullptr;
  const TSLanguage* grammar = nullptr;
  ts::QueryPtr query;
  /// `query` run without TSQueryCursor; null if its patterns leave the matcher's subset.
  std::unique_ptr<PatternMatcher> matcher;
  std::vector<CaptureInfo> captures; ///< by capture id
  Syntax syntax;
  FlowTable flow; ///< node tables of the AST outline and the CFG builder
};

/// Compiles `sources` (concatenated in order into one query, so one cursor pass runs them all).
/// Throws QueryError (file:row:col) or std::runtime_error (grammar ABI mismatch).
std::unique_ptr<CompiledLanguage> compileLanguage(Language language, std::span<const QuerySource> sources);

/// The process-wide compiled embedded queries of `language`: built on first use under
/// std::call_once, then shared. Throws what compileLanguage throws (and retries on the next call).
const CompiledLanguage& compiledLanguage(Language language);

} // namespace sextant::parse
