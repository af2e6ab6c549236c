// Binary value encoding of the graph's records (layout in docs/storage.md).
#pragma once

#include "graph/Model.h"

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// A stored value that does not decode (truncated, or written by another schema version).
/// The workspace answers it by rebuilding the index, never by misreading it.
class CorruptValue : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// The value of a `sym:n:` key: enough to rank candidates without reading the symbol itself.
struct NameEntry {
  SymbolKind kind = SymbolKind::Variable;
  bool isDeclaration = false;
  /// The symbol is local to a function (its parent is a function, method or constructor):
  /// visible only inside it, so name lookups from other files skip it without reading it.
  bool local = false;
};

/// The value of a `chunk:` key.
struct ChunkRecord {
  uint64_t hash = 0;      ///< XXH3-64 of the chunk's bytes
  uint32_t symbol = 0;    ///< index of the symbol whose range this is
};

// Each encode* returns the value bytes; each decode* throws CorruptValue on malformed input.
std::string encode(const FileRecord& r);
std::string encode(const SymbolRecord& r);
std::string encode(const NameEntry& r);
std::string encode(const ChunkRecord& r);
std::string encode(const std::vector<ReferenceRecord>& refs);
std::string encode(const std::vector<ImportRecord>& imports);
std::string encode(const std::vector<SyntaxErrorRecord>& errors);

std::string encode(const AstRecord& ast);
/// The CFGs of one `cfg:` key, spans stored relative to `anchor` (the key's symbol range start:
/// line and byte deltas, columns as they are), so that a function moved by an edit above it
/// keeps its bytes. Decode with the same anchor.
std::string encode(const std::vector<CfgRecord>& cfgs, Point anchor, uint32_t anchorByte);

FileRecord decodeFile(std::string_view bytes);
AstRecord decodeAst(std::string_view bytes);
std::vector<CfgRecord> decodeCfgs(std::string_view bytes, Point anchor, uint32_t anchorByte);
SymbolRecord decodeSymbol(std::string_view bytes);
NameEntry decodeNameEntry(std::string_view bytes);
ChunkRecord decodeChunk(std::string_view bytes);
std::vector<ReferenceRecord> decodeReferences(std::string_view bytes);
/// The references of a `ref:f:` value for which `keep(name, role)` is true, in stored order;
/// the whole value is still validated.
std::vector<ReferenceRecord> decodeReferencesIf(std::string_view bytes,
                                                const std::function<bool(std::string_view, RefRole)>& keep);
std::vector<ImportRecord> decodeImports(std::string_view bytes);
std::vector<SyntaxErrorRecord> decodeSyntaxErrors(std::string_view bytes);

} // namespace sextant::graph
