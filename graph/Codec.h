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

/// The value of a `ref:r:<path>` key: what each reference of the file resolved to.
struct ResolutionRecord {
  /// XXH3-64 of the `ref:f:` value the record was built from: equal means the references are
  /// the same, so only what changed needs writing.
  uint64_t referencesHash = 0;
  /// Distinct targets, each a keys::targetId() (path, name, kind, ordinal).
  std::vector<std::string> targets;
  /// Parallel to the file's `ref:f:` list: indexes into `targets` (empty: resolved to nothing
  /// stored, such as a function local or a whole module).
  std::vector<std::vector<uint32_t>> byReference;
};

/// One element of a `ref:t:` / `calls:to:` value: a reference of the key's file resolved to the
/// key's target.
struct LinkedRef {
  uint32_t reference = 0;   ///< index in the file's `ref:f:` list
  RefRole role = RefRole::Read;
  Span span;                ///< the reference's span (0-based lines, byte columns)
  int32_t caller = -1;      ///< innermost enclosing function-like symbol of the file, or -1
};

/// The value of a `link:<path>` key.
struct LinkMarker {
  /// Random per write: the linker erases a marker only when it is still the one it read.
  uint64_t nonce = 0;
  /// The names whose non-local definitions in the file changed (added, removed, or changed kind,
  /// scope or type): references elsewhere with these names may bind differently now.
  std::vector<std::string> names;
};

/// The value of an `inc:<path>` key: the file's include folders from the compilation database,
/// workspace-relative, in search order ("" is the root).
struct IncludeFoldersRecord {
  std::vector<std::string> folders;
};

// Each encode* returns the value bytes; each decode* throws CorruptValue on malformed input.
std::string encode(const FileRecord& r);
std::string encode(const SymbolRecord& r);
std::string encode(const NameEntry& r);
std::string encode(const ChunkRecord& r);
std::string encode(const std::vector<ReferenceRecord>& refs);
std::string encode(const ResolutionRecord& r);
std::string encode(const std::vector<LinkedRef>& refs);
std::string encode(const LinkMarker& m);
std::string encode(const IncludeFoldersRecord& r);
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
ResolutionRecord decodeResolutions(std::string_view bytes);
std::vector<LinkedRef> decodeLinkedRefs(std::string_view bytes);
LinkMarker decodeLinkMarker(std::string_view bytes);
IncludeFoldersRecord decodeIncludeFolders(std::string_view bytes);
std::vector<ImportRecord> decodeImports(std::string_view bytes);
std::vector<SyntaxErrorRecord> decodeSyntaxErrors(std::string_view bytes);

} // namespace sextant::graph
