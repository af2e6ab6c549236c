// The LSP server: lifecycle, document sync and the method table mapping requests onto graph/.
#pragma once

#include "graph/Queries.h"
#include "graph/Workspace.h"
#include "lsp/PositionEncoding.h"
#include "lsp/Protocol.h"
#include "lsp/StoreFactory.h"
#include "lsp/Transport.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace sextant::lsp {

struct ServerOptions {
  std::optional<std::filesystem::path> indexDir; ///< --index; default graph::defaultIndexDir(root)
  Backend backend = Backend::Lmdb;               ///< --store
  unsigned threads = 0;                          ///< indexer threads, 0 = all cores
};

/// Serves one client over `transport` until `exit` (or end of input). Requests run on the
/// io_context's thread and read graph snapshots; indexing and document updates run in order on
/// one writer thread, so reading never waits for indexing (LSP 3.17).
class Server {
public:
  Server(boost::asio::io_context& io, Transport& transport, ServerOptions options);
  ~Server();

  /// Handles one message body (a JSON-RPC request, notification or response).
  void onMessage(const std::string& body);
  /// Input ended: stop serving.
  void onClose(const std::string& reason);

  /// 0 after shutdown + exit, 1 otherwise (LSP 3.17 "exit").
  int exitCode() const { return shutdownRequested_ ? 0 : 1; }

private:
  using Handler = std::function<nlohmann::json(const nlohmann::json& params)>;
  using NotificationHandler = std::function<void(const nlohmann::json& params)>;

  void bindMethods();
  void dispatch(nlohmann::json message);
  void reply(const nlohmann::json& id, nlohmann::json result);
  void replyError(const nlohmann::json& id, ErrorCode code, const std::string& message);
  void stop();

  nlohmann::json onInitialize(const nlohmann::json& params);
  void onInitialized(const nlohmann::json& params);
  nlohmann::json onShutdown(const nlohmann::json& params);
  void onExit(const nlohmann::json& params);
  void onDidOpen(const nlohmann::json& params);
  void onDidChange(const nlohmann::json& params);
  void onDidClose(const nlohmann::json& params);
  void onDidSave(const nlohmann::json& params);
  void onDidChangeWatchedFiles(const nlohmann::json& params);
  /// Indexes every buffer edited since it was last indexed; runs before each request so that
  /// answers always see the latest edit, and after a short quiet period otherwise.
  void flushEdits();
  void scheduleFlush();
  nlohmann::json onDocumentSymbol(const nlohmann::json& params);
  nlohmann::json onDefinition(const nlohmann::json& params);
  nlohmann::json onDeclaration(const nlohmann::json& params);
  nlohmann::json onReferences(const nlohmann::json& params);
  nlohmann::json onPrepareCallHierarchy(const nlohmann::json& params);
  nlohmann::json onIncomingCalls(const nlohmann::json& params);
  nlohmann::json onOutgoingCalls(const nlohmann::json& params);
  nlohmann::json onWorkspaceSymbol(const nlohmann::json& params);
  nlohmann::json onHover(const nlohmann::json& params);
  nlohmann::json onDocumentHighlight(const nlohmann::json& params);
  /// textDocument/publishDiagnostics with the stored syntax errors of an open document.
  void publishDiagnostics(const std::string& path);

  void startIndexing();
  graph::IndexOptions indexOptions();
  /// The index folder was deleted under a running server (LMDB keeps the unlinked map): open a
  /// new index there, index the tree into it on the writer thread, then swap it in and re-apply
  /// the open buffers.
  void ensureIndexPresent();
  void sendProgress(const nlohmann::json& value);

  /// The graph's key path of a document URI: workspace-relative, or absolute when outside.
  std::string documentPath(const std::string& uri) const;
  std::string uriOf(const std::string& documentPath) const;
  /// Current text of a document: the editor's buffer when open, else the file on disk.
  std::string textOf(const std::string& documentPath) const;
  Position toPosition(const LineTable& lines, graph::Point point) const;
  Range toRange(const LineTable& lines, const graph::Span& span) const;
  /// Converts graph locations to LSP Locations, reading each file's text once.
  nlohmann::json toLocations(const std::vector<graph::Location>& locations) const;
  /// The document path and byte position of a TextDocumentPositionParams.
  std::pair<std::string, graph::Point> positionOf(const nlohmann::json& params) const;
  nlohmann::json toCallHierarchyItem(const graph::CallHierarchyNode& node) const;
  graph::SymbolId fromCallHierarchyItem(const nlohmann::json& item) const;

  boost::asio::io_context& io_;
  Transport& transport_;
  ServerOptions options_;
  std::map<std::string, Handler> requests_;
  std::map<std::string, NotificationHandler> notifications_;

  bool initialized_ = false;
  bool shutdownRequested_ = false;
  ClientCapabilities client_;
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  /// Shared so that writer-thread jobs keep the workspace they were posted for alive while a
  /// rebuild swaps in a new one (only the io thread reads or replaces this member).
  std::shared_ptr<graph::Workspace> workspace_;
  std::filesystem::path indexDir_;
  Backend backend_ = Backend::Lmdb;
  bool persistent_ = false;                     ///< the index lives on disk (not the in-memory fallback)
  bool rebuilding_ = false;
  std::map<std::string, std::string> drafts_;   ///< open documents by key path -> text
  std::set<std::string> edited_;                ///< drafts not yet indexed
  boost::asio::steady_timer flushTimer_{io_};
  boost::asio::thread_pool writer_{1};
  std::atomic<bool> cancelIndexing_ = false;
  int nextRequestId_ = 1;
  std::map<std::string, std::promise<bool>> pendingClientRequests_;
  std::shared_ptr<class ClientLogSink> logSink_;
  std::vector<std::string> excludes_;           ///< initializationOptions.excludes + .sextant.json "exclude"
  std::map<std::string, int64_t> versions_;     ///< open documents' versions, for diagnostics
  std::set<std::string> cancelled_;             ///< ids (JSON text) of requests cancelled before being handled
};

} // namespace sextant::lsp
