// What hover shows for a symbol: its declaration as written and its doc comment.
#pragma once

#include "graph/Model.h"

#include <string>
#include <string_view>

namespace sextant::graph {

struct SymbolDescription {
  std::string declaration; ///< the definition's head as written: up to its body (`{`, `:`), at most 5 lines
  std::string doc;         ///< the stored doc comment (SymbolRecord::doc: markers stripped, Python docstring)
};

/// Describes `symbol` from `text`, the content of its file. Never throws; spans past the end of
/// `text` give empty fields.
SymbolDescription describeSymbol(std::string_view text, const SymbolRecord& symbol, Language language);

} // namespace sextant::graph
