// LSP 3.17 types used by the server, with nlohmann/json conversions (field names as in the spec).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sextant::lsp {

/// JSON-RPC 2.0 and LSP error codes (LSP 3.17 "ErrorCodes", "LSPErrorCodes").
enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestCancelled = -32800,
  ContentModified = -32801,
};

/// Thrown by a handler to answer with a JSON-RPC error.
struct LspError : std::runtime_error {
  LspError(ErrorCode code, const std::string& message) : std::runtime_error(message), code(code) {}
  ErrorCode code;
};

/// LSP Position. WARNING: `character` counts code units of the negotiated positionEncoding
/// (UTF-16 unless the client offered utf-8/utf-32), not bytes. Both fields 0-based.
struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
  friend bool operator==(const Position&, const Position&) = default;
};
void to_json(nlohmann::json& j, const Position& p);
void from_json(const nlohmann::json& j, Position& p);

struct Range {
  Position start, end;
  friend bool operator==(const Range&, const Range&) = default;
};
void to_json(nlohmann::json& j, const Range& r);
void from_json(const nlohmann::json& j, Range& r);

struct Location {
  std::string uri;
  Range range;
};
void to_json(nlohmann::json& j, const Location& l);

/// TextDocumentPositionParams: `{textDocument: {uri}, position}`.
struct TextDocumentPositionParams {
  std::string uri;
  Position position;
};
void from_json(const nlohmann::json& j, TextDocumentPositionParams& p);

/// TextDocumentItem of didOpen.
struct TextDocumentItem {
  std::string uri;
  std::string languageId;
  int64_t version = 0;
  std::string text;
};
void from_json(const nlohmann::json& j, TextDocumentItem& d);

/// DocumentSymbol (hierarchical form, LSP 3.17 "textDocument/documentSymbol").
struct DocumentSymbol {
  std::string name;
  std::string detail;   ///< emitted only when non-empty
  int kind = 0;         ///< SymbolKind number
  Range range;
  Range selectionRange;
  std::vector<DocumentSymbol> children;
};
void to_json(nlohmann::json& j, const DocumentSymbol& s);

/// The client capabilities the server acts on, flattened from InitializeParams.capabilities.
struct ClientCapabilities {
  std::vector<std::string> positionEncodings;  ///< general.positionEncodings, in preference order
  bool workDoneProgress = false;               ///< window.workDoneProgress
  bool hierarchicalDocumentSymbol = false;     ///< textDocument.documentSymbol.hierarchicalDocumentSymbolSupport
  bool watchedFilesRegistration = false;       ///< workspace.didChangeWatchedFiles.dynamicRegistration
};
ClientCapabilities parseClientCapabilities(const nlohmann::json& capabilities);

} // namespace sextant::lsp
