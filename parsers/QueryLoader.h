// Compiling query files into per-language queries; errors name the file and row:col.
#pragma once

#include "parsers/Extraction.h"

#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace sextant::parse {

/// One query file: its path (for messages) and text.
struct QuerySource {
  std::string_view path;
  std::string_view text;
};

/// A query that does not compile, uses an unknown capture name, or uses a predicate (which the
/// extractor does not evaluate). what() reads "<path>:<row>:<col>: <problem>", row and col 1-based.
class QueryError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// The embedded query files of `language`: those of each folder of LanguageSpec::queryFolders
/// (parsers/queries/<folder>/*.scm) in that order, each folder's sorted by file name.
std::vector<QuerySource> embeddedQueries(Language language);

/// Compiles `sources` for `language` as the extractor would and throws QueryError on any problem.
/// For tests and tools; the extractor itself compiles the embedded queries once per process.
void checkQuery(Language language, std::span<const QuerySource> sources);

} // namespace sextant::parse
