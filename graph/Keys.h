// The key scheme of the code graph (documented in docs/storage.md): one function per namespace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::graph::keys {

/// Version of the key scheme, of Codec and of what the parsers extract: bump it whenever any of
/// them changes, since a mismatch on open is what makes existing indexes rebuild.
inline constexpr uint32_t kSchemaVersion = 11;

/// `meta:schema` -> decimal schema version.
std::string metaSchema();
/// `meta:names` -> a random 64-bit stamp (8 bytes), rewritten by every commit that adds or removes
/// a `sym:n:` key: while it is unchanged, so is the set of names (graph/NameTable.h).
std::string metaNames();

/// `check:rule:<rule id>` -> the findings of one `--check` rule over the whole index, tagged with
/// the digest of the `file:` records they were computed from (graph/Findings.cpp). Not per file.
std::string checkRule(std::string_view rule);
inline constexpr std::string_view kCheckRulePrefix = "check:rule:";

/// `file:<path>` -> FileRecord. `path` is workspace-relative, '/'-separated, no NUL bytes.
std::string file(std::string_view path);
inline constexpr std::string_view kFilePrefix = "file:";

/// `sym:d:<path>\0<index: 4 bytes big-endian>` -> SymbolRecord (document order within a file).
std::string symbol(std::string_view path, uint32_t index);
/// Prefix of every `sym:d:` key of one file.
std::string symbolsOf(std::string_view path);
/// The index encoded at the end of a `sym:d:` key.
uint32_t symbolIndexFromKey(std::string_view key);

/// `sym:n:<name>\0<path>\0<index: 4 bytes big-endian>` -> NameEntry (the by-name index).
inline constexpr std::string_view kSymbolByNamePrefix = "sym:n:";
std::string symbolByName(std::string_view name, std::string_view path, uint32_t index);
/// Prefix of every `sym:n:` key for exactly `name`.
std::string symbolsNamed(std::string_view name);
/// Splits a `sym:n:` key into path and index; false when the key is malformed.
bool parseSymbolByName(std::string_view key, std::string& path, uint32_t& index);

/// `ref:f:<path>` -> every ReferenceRecord of the file, in document order.
std::string references(std::string_view path);

/// `ref:n:<name>\0<path>` -> number of references named `name` in the file (decimal): which
/// files to read when looking for the uses of a symbol.
std::string referencesNamed(std::string_view name, std::string_view path);
/// Prefix of every `ref:n:` key for exactly `name`.
std::string referencesNamedPrefix(std::string_view name);
/// The path of a `ref:n:` key, or "" when malformed.
std::string_view pathOfReferencesNamed(std::string_view key);

/// `ref:r:<path>` -> the file's resolved references (graph/Linker.h ResolutionRecord): for each
/// reference of `ref:f:<path>`, in the same order, the targets it resolved to, written by the
/// linker. Read to retract the reverse entries below when the file is linked again.
std::string resolutions(std::string_view path);

/// A target's identity in reverse keys: `<targetPath>\0<name>\0<kind: 1 byte><ordinal: 4 bytes
/// big-endian>`, ordinal = position among the non-local symbols of the file with that name and
/// kind. Stable across edits that leave the file's non-local symbols alone (bodies, comments).
std::string targetId(std::string_view targetPath, std::string_view name, uint8_t kind, uint32_t ordinal);
/// The parts of the target id at the start of `text` (anything after it, a reverse key's
/// `fromPath`, is left alone); nullopt when malformed. Views into `text`.
struct TargetIdParts {
  std::string_view path, name;
  uint8_t kind = 0;
  uint32_t ordinal = 0;
  size_t size = 0; ///< bytes of the id: `text.substr(size)` is what follows it
};
std::optional<TargetIdParts> parseTargetId(std::string_view text);

/// `ref:t:<targetId><fromPath>` -> the non-call references of `fromPath` resolved to the target
/// (LinkedRef list). `calls:to:<targetId><fromPath>` -> the calls of `fromPath` to it.
inline constexpr std::string_view kRefsToPrefix = "ref:t:";
inline constexpr std::string_view kCallsToPrefix = "calls:to:";
std::string refsTo(std::string_view targetId, std::string_view fromPath);
std::string callsTo(std::string_view targetId, std::string_view fromPath);
/// The `fromPath` of a `ref:t:`/`calls:to:` key scanned with prefix `<namespace><targetId>`.
inline std::string_view fromPathOf(std::string_view key, size_t prefixSize) { return key.substr(prefixSize); }

/// `link:<path>` -> LinkMarker: `path` changed (or went away) since the linker last ran; its
/// `ref:r:` and reverse entries are stale, and the names in the marker may bind elsewhere now.
std::string linkPending(std::string_view path);
inline constexpr std::string_view kLinkPrefix = "link:";

/// `inc:<path>` -> IncludeFoldersRecord: the include folders the compilation database
/// (`compile_commands.json`) gives the file; only files the database lists (graph/CompileCommands.h).
std::string includeFolders(std::string_view path);
inline constexpr std::string_view kIncludeFoldersPrefix = "inc:";

/// `imp:<path>` -> every ImportRecord of the file, in document order.
std::string imports(std::string_view path);

/// `err:<path>` -> the file's syntax errors (SyntaxErrorRecord list); absent when it has none.
std::string syntaxErrors(std::string_view path);

/// `chunk:<path>:<startByte>:<endByte>` -> ChunkRecord (source span of one definition).
std::string chunk(std::string_view path, uint32_t startByte, uint32_t endByte);
/// Prefix of every `chunk:` key of one file. Another file whose path starts with this file's
/// path and a ':' shares the prefix: filter scans with isChunkOf().
std::string chunksOf(std::string_view path);
/// True when `key` (which starts with chunksOf(path)) is a chunk of exactly that file, i.e. the
/// rest of the key is "<digits>:<digits>".
bool isChunkOf(std::string_view key, std::string_view path);

/// `ast:<path>` -> AstRecord (the file's AST outline).
std::string ast(std::string_view path);

/// Symbol index of the `cfg:` key holding closures outside every callable symbol.
inline constexpr uint32_t kFileLevelCfg = 0xFFFFFFFF;

/// `cfg:<path>\0<symbol: 4 bytes big-endian>` -> the CFGs anchored at that callable symbol: its
/// own body first, then the closures inside it, with spans relative to the symbol's range start
/// (Codec.h). `symbol` = kFileLevelCfg for closures outside any callable (anchored at 0:0).
std::string cfg(std::string_view path, uint32_t symbol);
/// Prefix of every `cfg:` key of one file.
std::string cfgsOf(std::string_view path);

} // namespace sextant::graph::keys
