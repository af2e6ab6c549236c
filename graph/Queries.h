// Navigation queries over a snapshot of the graph, shared by the LSP server and the CLI.
#pragma once

#include "graph/Model.h"
#include "graph/Resolver.h"
#include "kvstore/Store.h"

#include <optional>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// Every symbol of `path` in document order; SymbolRecord::parent indexes into the result.
/// Empty when the file is not indexed. Throws CorruptValue on an undecodable record.
std::vector<SymbolRecord> documentSymbols(const kv::Snapshot& snapshot, std::string_view path);

/// The outline of `path` (LSP documentSymbol): documentSymbols() without the symbols that only
/// serve resolution (inOutline false: C/C++ locals and parameters, Python `self.x`), parents
/// re-pointed at the nearest listed ancestor and indexing the result.
std::vector<SymbolRecord> outlineSymbols(const kv::Snapshot& snapshot, std::string_view path);

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

/// Go to definition (LSP textDocument/definition), resolved by Resolver:
///  - on a reference: the symbols it resolves to, with C/C++ declarations replaced by their
///    bodies when the workspace has them;
///  - on a C/C++ body's name: its declarations (as clangd does), else itself;
///  - on a declaration's name: its bodies, else itself.
/// Locations point at selection ranges. Empty when nothing is at `position`.
std::vector<Location> findDefinition(const kv::Snapshot& snapshot, std::string_view path, Point position);

/// Go to declaration (LSP textDocument/declaration): the C/C++ declarations (prototypes, extern,
/// in-class declarations) of what is at `position`; the definition itself when it has none.
std::vector<Location> findDeclaration(const kv::Snapshot& snapshot, std::string_view path, Point position);

/// Find references (LSP textDocument/references): every reference in the workspace that resolves
/// to the entity at `position` (C/C++ declarations and bodies count as one entity), plus the
/// entity's own names when `includeDeclaration`. Sorted by path, then position.
std::vector<Location> findReferences(const kv::Snapshot& snapshot, std::string_view path, Point position,
                                     bool includeDeclaration);

/// The locations of one file.
struct FileLocations {
  std::string path;
  std::vector<Span> spans; ///< sorted by start, no duplicates
};

/// findReferences grouped by file, files sorted by path. With a non-zero `limit`, only the first
/// `limit` locations in that order are kept, and only those are read: a name with 58,000 uses
/// (`dev_err` in the kernel) costs what 1,000 do. Mirrors clangd's `--limit-references`, whose
/// default is 1000. Throws kv::StoreError, CorruptValue.
std::vector<FileLocations> findReferencesByFile(const kv::Snapshot& snapshot, std::string_view path, Point position,
                                                bool includeDeclaration, size_t limit = 0);

/// A function-like symbol as a call-hierarchy node (LSP CallHierarchyItem).
using CallHierarchyNode = ResolvedSymbol;

/// A caller with the call sites in it, or a callee with the call sites that reach it.
struct CallEdge {
  CallHierarchyNode node;
  std::vector<Span> fromRanges; ///< call-site spans, in the caller's file
};

/// LSP textDocument/prepareCallHierarchy: the function, method or constructor named at
/// `position`: the definition or declaration whose name is there; at a call, what it resolves to,
/// as a body, except in C and C++, where it is the declaration the compiler sees at the call (the
/// last one written before it in the file, else the included prototype), as clangd reports it.
std::vector<CallHierarchyNode> prepareCallHierarchy(const kv::Snapshot& snapshot, std::string_view path,
                                                    Point position);

/// LSP callHierarchy/incomingCalls: every function whose body calls `callee` (or another
/// declaration of the same entity), grouped by caller with every call site.
std::vector<CallEdge> incomingCalls(const kv::Snapshot& snapshot, const SymbolId& callee);

/// LSP callHierarchy/outgoingCalls: every callable that `caller`'s body calls, grouped by callee
/// (each callee node chosen as prepareCallHierarchy chooses it at the call; in Python a class
/// that is called is its own callee, as pyright lists it); fromRanges are in the caller's file.
std::vector<CallEdge> outgoingCalls(const kv::Snapshot& snapshot, const SymbolId& caller);

/// LSP workspace/symbol: symbols whose name matches `query` as a case-insensitive subsequence,
/// best first (exact > prefix > matches at word starts, camelCase humps and `_` boundaries >
/// scattered; shorter names first on ties). Locals are left out. An empty query lists symbols by
/// name. At most `limit` results.
std::vector<ResolvedSymbol> workspaceSymbols(const kv::Snapshot& snapshot, std::string_view query, size_t limit = 100);

/// The name of the symbol that contains `s` (its parent: a class, namespace or function), empty
/// at top level. Reads one record. Throws kv::StoreError, CorruptValue.
std::string containerNameOf(const kv::Snapshot& snapshot, const ResolvedSymbol& s);

/// The order of workspaceSymbols(): true when `a` ranks before `b` for `query` (better fuzzy
/// score, then shorter name, then name, path, index). Merges the results of several workspaces.
bool workspaceSymbolBefore(std::string_view query, const ResolvedSymbol& a, const ResolvedSymbol& b);

/// The symbol hover describes: the definition (or best target) of what is at `position`.
std::optional<ResolvedSymbol> hoverTarget(const kv::Snapshot& snapshot, std::string_view path, Point position);

/// LSP DocumentHighlightKind numbers.
enum class HighlightKind { Text = 1, Read = 2, Write = 3 };
struct Highlight {
  Span span;
  HighlightKind kind;
};

/// LSP textDocument/documentHighlight: the occurrences in `path` of the entity at `position` —
/// its definition names (Write) and the references that resolve to it (Read, or Write for
/// assignments), in document order.
std::vector<Highlight> documentHighlights(const kv::Snapshot& snapshot, std::string_view path, Point position);

/// The syntax errors stored for `path` (empty when it parsed cleanly or is not indexed).
std::vector<SyntaxErrorRecord> syntaxErrorsOf(const kv::Snapshot& snapshot, std::string_view path);

/// True when `path` is indexed and its indexed content is pure ASCII (FileRecord::ascii).
bool indexedAsAscii(const kv::Snapshot& snapshot, std::string_view path);

/// The fuzzy score of `name` for `query` (higher is better), nullopt when it does not match.
std::optional<int> fuzzyScore(std::string_view query, std::string_view name);

} // namespace sextant::graph
