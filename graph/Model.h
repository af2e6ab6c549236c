// The code graph's records as stored: files, symbols (definitions/declarations) and references.
#pragma once

#include "parsers/Extraction.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace sextant::graph {

using parse::Language;
using parse::Point;
using parse::RefRole;
using parse::Span;
using parse::SymbolKind;
using parse::Visibility;
using parse::BlockKind;
using parse::CfgEdge;
using parse::EdgeKind;

/// XXH3-128 of a file's bytes.
struct ContentHash {
  uint64_t high = 0, low = 0;
  friend bool operator==(const ContentHash&, const ContentHash&) = default;
};
ContentHash hashContent(std::string_view bytes);

/// `file:<path>` — one per indexed file. `path` is workspace-relative with '/' separators.
struct FileRecord {
  uint64_t size = 0;          ///< bytes
  int64_t mtimeNs = 0;        ///< last-modified time seen when indexed, ns since the epoch (0 for editor buffers)
  ContentHash hash;           ///< of the indexed content
  Language language = Language::C;
  uint32_t definitions = 0;   ///< counts, for summaries without reading the per-file records
  uint32_t references = 0;
  uint32_t calls = 0;
  uint32_t syntaxErrors = 0;
  /// Every byte of the content is below 0x80: byte columns equal UTF-16 and UTF-32 columns, so
  /// positions convert without reading the file.
  bool ascii = false;
};

/// `sym:d:<path>\0<index>` — a definition or declaration, in document order within its file.
struct SymbolRecord {
  std::string name;
  SymbolKind kind = SymbolKind::Variable;
  Span range;
  Span selectionRange;
  int32_t parent = -1;        ///< index of the enclosing symbol in the same file, -1 at top level
  std::string qualifier;      ///< written qualifier of an out-of-line C++ definition
  std::string signature;
  bool isDeclaration = false;
  bool inOutline = true;      ///< false for symbols that only serve resolution (C/C++ locals, Python self.x)
  std::string type;           ///< declared type as written ("TSLexer *"), for variables, parameters, fields
  std::string doc;            ///< doc comment as plain text, markers stripped (parse::Definition::doc)
  Visibility visibility = Visibility::Unknown; ///< in the language's terms (parse::Visibility)
  /// Bytes of the file outside which the symbol is not visible (parse::Definition::region: a
  /// Python comprehension's variable, a lambda's parameter); both 0 when its scope is its parent.
  uint32_t regionStartByte = 0, regionEndByte = 0;

  /// Bounded to a region: a local wherever it stands, even at module level.
  bool hasRegion() const { return regionEndByte > regionStartByte; }
};

/// One element of `ref:<path>`: an identifier occurrence that is not a definition name.
struct ReferenceRecord {
  std::string name;
  RefRole role = RefRole::Read;
  Span span;
  int32_t enclosing = -1;     ///< index of the innermost enclosing symbol in the same file
  std::string receiver;
  int32_t arguments = -1;     ///< C/C++ and Java calls: the written argument count (parse::Reference::arguments), else -1
};

/// One element of `imp:<path>`: an `#include` or `import` statement.
struct ImportRecord {
  std::string target;         ///< as written: "list.h", "os.path", "..utils", "."
  Span span;                  ///< the whole statement
  bool system = false;        ///< C/C++ `<...>`
};

/// One element of `err:<path>`: a syntax error tree-sitter reported.
struct SyntaxErrorRecord {
  Span span;
  bool missing = false;       ///< a MISSING node (an expected token was absent)
  std::string description;    ///< "missing \";\"", "unexpected `}`", …
};

/// One node of `ast:<path>` (the AST outline, pre-order).
struct AstNodeRecord {
  uint32_t kind = 0;          ///< index into AstRecord::kinds
  Span span;
  int32_t parent = -1;        ///< index of the enclosing node, -1 for the root
  friend bool operator==(const AstNodeRecord&, const AstNodeRecord&) = default;
};

/// `ast:<path>`: the file's AST outline (declarations, blocks, clauses, statements).
struct AstRecord {
  std::vector<std::string> kinds;   ///< distinct node types in first-use order ("if_statement")
  std::vector<AstNodeRecord> nodes; ///< pre-order
  friend bool operator==(const AstRecord&, const AstRecord&) = default;
};

/// One basic block of a CfgRecord.
struct CfgBlockRecord {
  BlockKind kind = BlockKind::Plain;
  Span span;
  std::string terminator;     ///< node type ending the block ("return_statement"), or empty
  std::string label;          ///< first line of the test / terminator text
  friend bool operator==(const CfgBlockRecord&, const CfgBlockRecord&) = default;
};

/// The control-flow graph of one function (an element of a `cfg:` value).
struct CfgRecord {
  std::string name;           ///< the symbol's name for its own body; empty for a lambda/closure
  std::string nodeType;       ///< "function_definition", "arrow_function", …
  Span range;
  bool own = false;           ///< the body of the key's symbol (else a closure inside it)
  bool truncated = false;     ///< nesting beyond parse::kMaxCfgDepth: one block for the body
  std::vector<CfgBlockRecord> blocks; ///< [0] entry, [1] exit
  std::vector<CfgEdge> edges;
  friend bool operator==(const CfgRecord&, const CfgRecord&) = default;
};

/// Functions, methods and constructors: what calls target, and what makes a symbol inside them
/// a local (visible only in that body).
inline bool isFunctionLike(SymbolKind k) {
  return k == SymbolKind::Function || k == SymbolKind::Method || k == SymbolKind::Constructor;
}

/// A symbol's identity: its file and its index in that file's document order.
struct SymbolId {
  std::string path;
  uint32_t index = 0;
  friend bool operator==(const SymbolId&, const SymbolId&) = default;
};

/// A place in the workspace: workspace-relative path and a byte-column span.
struct Location {
  std::string path;
  Span span;
  friend bool operator==(const Location&, const Location&) = default;
};

} // namespace sextant::graph
