// The LSP server: lifecycle, document sync and the method table mapping requests onto graph/.
#pragma once

#include "graph/Queries.h"
#include "graph/Workspace.h"
#include "lsp/PositionEncoding.h"
#include "lsp/JsonText.h"
#include "lsp/SpanConverter.h"
#include "lsp/Protocol.h"
#include "lsp/StoreFactory.h"
#include "lsp/Transport.h"
#include "lsp/WorkspaceFolders.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <unordered_map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sextant::lsp {

struct ServerOptions {
  /// --index, for the first workspace folder only; default (and for every other folder)
  /// graph::defaultIndexDir(folder).
  std::optional<std::filesystem::path> indexDir;
  Backend backend = Backend::Lmdb;               ///< --store
  unsigned threads = 0;                          ///< indexer threads, 0 = all cores
  bool incrementalParse = true;                  ///< reparse edited buffers incrementally (tree-sitter)
  /// --limit-references: most locations one textDocument/references answer lists, the first
  /// by path and position; 0 = all. 1000 by default, as clangd's flag of the same name.
  size_t referencesLimit = 1000;
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
  /// A handler whose result is JSON text already (lsp/JsonText.h): the long lists.
  using TextHandler = std::function<std::string(const nlohmann::json& params)>;

  void bindMethods();
  void dispatch(nlohmann::json message);
  void reply(const nlohmann::json& id, nlohmann::json result);
  void replyText(const nlohmann::json& id, const std::string& result);
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
  /// Queues Workspace::link() on the writer (once: a queued run links every edit before it).
  void scheduleLink(const std::shared_ptr<graph::Workspace>& workspace);
  void scheduleFlush();
  nlohmann::json onDocumentSymbol(const nlohmann::json& params);
  nlohmann::json onDefinition(const nlohmann::json& params);
  nlohmann::json onDeclaration(const nlohmann::json& params);
  std::string onReferences(const nlohmann::json& params);
  std::string onPrepareCallHierarchy(const nlohmann::json& params);
  std::string onIncomingCalls(const nlohmann::json& params);
  std::string onOutgoingCalls(const nlohmann::json& params);
  nlohmann::json onWorkspaceSymbol(const nlohmann::json& params);
  nlohmann::json onHover(const nlohmann::json& params);
  nlohmann::json onDocumentHighlight(const nlohmann::json& params);
  /// textDocument/publishDiagnostics with the stored syntax errors of an open document.
  void publishDiagnostics(const DocumentPlace& document);

  /// Opens the index of the folder `root` (store choice and fallback as for the first folder);
  /// touches no server state but the read-only settings, so it may run on the writer thread.
  std::shared_ptr<Folder> openFolder(const std::filesystem::path& root,
                                     const std::optional<std::filesystem::path>& indexDir) const;
  /// Starts serving `folder`: moves the open documents it now owns into it and indexes it.
  void addFolder(std::shared_ptr<Folder> folder);
  /// Stops serving the folder `root`: cancels its indexing, releases its workspace once the
  /// writer is done with it (its index stays on disk) and moves its open documents elsewhere.
  void removeFolder(const std::filesystem::path& root);
  void onDidChangeWorkspaceFolders(const nlohmann::json& params);
  /// Re-registers every open document with the folder that owns it now (after folders changed).
  void rehomeDocuments();
  void startIndexing(const std::shared_ptr<Folder>& folder);
  graph::IndexOptions indexOptions(const Folder& folder) const;
  /// The index folder was deleted under a running server (LMDB keeps the unlinked map): open a
  /// new index there, index the tree into it on the writer thread, then swap it in and re-apply
  /// the open buffers.
  void ensureIndexPresent(const std::shared_ptr<Folder>& folder);
  void sendProgress(const std::string& token, const nlohmann::json& value);

  /// The folder and key path of a document URI; throws InvalidParams for a non-file URI and
  /// InvalidRequest when no folder is served.
  DocumentPlace place(const std::string& uri) const;
  static std::filesystem::path absoluteOf(const Folder& folder, const std::string& documentPath);
  std::string uriOf(const Folder& folder, const std::string& documentPath) const;
  /// uriOf() results by folder root + '\0' + path (io thread only; cleared when large).
  mutable std::unordered_map<std::string, std::string> uris_;
  /// Current text of a document: the editor's buffer when open, else the file on disk.
  std::string textOf(const Folder& folder, const std::string& documentPath) const;
  Position toPosition(const LineTable& lines, graph::Point point) const;
  Range toRange(const LineTable& lines, const graph::Span& span) const;
  /// Converts graph locations of `folder` to LSP Locations, reading each file's text once.
  nlohmann::json toLocations(const Folder& folder, const std::vector<graph::Location>& locations) const;
  /// The document and byte position of a TextDocumentPositionParams.
  std::pair<DocumentPlace, graph::Point> positionOf(const nlohmann::json& params) const;
  /// Appends the LSP CallHierarchyItem of `node`; its `data` ({"path", "index"}) comes back in
  /// incomingCalls/outgoingCalls.
  void writeCallHierarchyItem(JsonText& out, const Folder& folder, const graph::CallHierarchyNode& node,
                              SpanConverter& ranges) const;
  /// Converts spans of `folder`'s files for one request (drafts win over the disk).
  SpanConverter spanConverter(const Folder& folder) const;
  std::pair<std::shared_ptr<Folder>, graph::SymbolId> fromCallHierarchyItem(const nlohmann::json& item) const;

  boost::asio::io_context& io_;
  Transport& transport_;
  ServerOptions options_;
  std::map<std::string, Handler> requests_;
  std::map<std::string, TextHandler> textRequests_;
  std::map<std::string, NotificationHandler> notifications_;

  bool initialized_ = false;
  bool shutdownRequested_ = false;
  ClientCapabilities client_;
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  WorkspaceFolders folders_;
  std::optional<std::string> requestedStore_;   ///< initializationOptions.store
  std::vector<std::string> clientExcludes_;     ///< initializationOptions.excludes
  int nextProgress_ = 0;
  struct OpenDocument {
    std::string text;                           ///< the editor's buffer
    int64_t version = 0;                        ///< for diagnostics
    /// Byte edits since the buffer was last indexed, for the incremental reparse; nullopt when
    /// the kept parse tree cannot follow (just opened, replaced whole).
    std::optional<std::vector<parse::TextEdit>> edits;
    std::filesystem::path root;                 ///< the folder it is registered with (empty: none)
    std::string path;                           ///< its key path in that folder
  };
  std::map<std::string, OpenDocument> documents_; ///< open documents by absolute path
  std::set<std::string> edited_;                ///< documents not yet indexed
  boost::asio::steady_timer flushTimer_{io_};
  boost::asio::thread_pool writer_{1};
  std::atomic<bool> cancelIndexing_ = false;
  int nextRequestId_ = 1;
  std::map<std::string, std::promise<bool>> pendingClientRequests_;
  std::shared_ptr<class ClientLogSink> logSink_;
  std::set<std::string> cancelled_;             ///< ids (JSON text) of requests cancelled before being handled
};

} // namespace sextant::lsp
