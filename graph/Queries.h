// Navigation queries over a snapshot of the graph, shared by the LSP server and the CLI.
#pragma once

#include "graph/Model.h"
#include "kvstore/Store.h"

#include <optional>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// Every symbol of `path` in document order; SymbolRecord::parent indexes into the result.
/// Empty when the file is not indexed. Throws CorruptValue on an undecodable record.
std::vector<SymbolRecord> documentSymbols(const kv::Snapshot& snapshot, std::string_view path);

/// The identifier under a cursor.
struct Occurrence {
  std::string name;
  Span span;                         ///< the identifier
  std::optional<uint32_t> symbol;    ///< set when the identifier is a definition's name (its index)
  std::optional<ReferenceRecord> reference; ///< set when it is a reference
};

/// The definition name or reference whose span contains `position` (0-based line, byte column);
/// a cursor just past the end of an identifier also hits it, as editors expect.
std::optional<Occurrence> occurrenceAt(const kv::Snapshot& snapshot, std::string_view path, Point position);

/// Go to definition, by name with scope-aware same-file preference (a first approximation of
/// resolution; see issue 5 for the precise resolver):
///  - on a definition's name: that definition, or for a C/C++ declaration the matching bodies;
///  - on a reference: the same-named symbols, filtered by what the use needs (a call wants a
///    callable, a type use a type), locals of other functions excluded, ranked same file >
///    elsewhere and body > declaration; every candidate of the best rank is returned.
/// Locations point at the symbols' selection ranges. Empty when nothing is at `position`.
std::vector<Location> findDefinition(const kv::Snapshot& snapshot, std::string_view path, Point position);

} // namespace sextant::graph
