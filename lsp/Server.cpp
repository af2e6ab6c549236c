// Method table and handlers: protocol translation only; every answer comes from graph/ queries.
#include "lsp/Server.h"

#include "graph/Hover.h"
#include "graph/NameTable.h"
#include "graph/Queries.h"
#include "lsp/CompileDatabase.h"
#include "lsp/Config.h"
#include "lsp/DocumentSync.h"
#include "lsp/LogSink.h"
#include "lsp/Uri.h"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <unistd.h>

namespace sextant::lsp {
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kIndexToken = "sextant/index";

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The roots of the `file://` WorkspaceFolder URIs in `folders` (an array, or anything else:
/// none), in order; other entries are skipped.
std::vector<fs::path> foldersIn(const json& folders) {
  std::vector<fs::path> roots;
  if (!folders.is_array()) return roots;
  for (const auto& f : folders)
    if (f.is_object() && f.contains("uri") && f["uri"].is_string())
      if (auto p = pathFromUri(f["uri"].get<std::string>())) roots.push_back(*p);
  return roots;
}

/// Workspace roots from InitializeParams: every workspace folder, else rootUri, else rootPath,
/// else the current folder.
std::vector<fs::path> rootsFrom(const json& params) {
  if (auto it = params.find("workspaceFolders"); it != params.end())
    if (auto roots = foldersIn(*it); !roots.empty()) return roots;
  if (auto it = params.find("rootUri"); it != params.end() && it->is_string())
    if (auto p = pathFromUri(it->get<std::string>())) return {*p};
  if (auto it = params.find("rootPath"); it != params.end() && it->is_string()) return {it->get<std::string>()};
  return {fs::current_path()};
}

} // namespace

Server::Server(boost::asio::io_context& io, Transport& transport, ServerOptions options)
    : io_(io), transport_(transport), options_(std::move(options)), logSink_(std::make_shared<ClientLogSink>(transport)) {
  bindMethods();
  logSink_->set_level(spdlog::level::warn);
  spdlog::default_logger()->sinks().push_back(logSink_);
}

Server::~Server() {
  stop();
  logSink_->disable();
  auto& sinks = spdlog::default_logger()->sinks();
  sinks.erase(std::remove(sinks.begin(), sinks.end(), logSink_), sinks.end());
}

void Server::stop() {
  cancelIndexing_ = true;
  for (const auto& folder : folders_.all()) *folder->cancel = true;
  writer_.join();
}

void Server::bindMethods() {
  auto bind = [this](const char* method, json (Server::*handler)(const json&)) {
    requests_[method] = [this, handler](const json& params) { return (this->*handler)(params); };
  };
  auto bindText = [this](const char* method, std::string (Server::*handler)(const json&)) {
    textRequests_[method] = [this, handler](const json& params) { return (this->*handler)(params); };
  };
  auto bindNotification = [this](const char* method, void (Server::*handler)(const json&)) {
    notifications_[method] = [this, handler](const json& params) { (this->*handler)(params); };
  };
  bind("initialize", &Server::onInitialize);
  bind("shutdown", &Server::onShutdown);
  bind("textDocument/documentSymbol", &Server::onDocumentSymbol);
  bind("textDocument/definition", &Server::onDefinition);
  bind("textDocument/declaration", &Server::onDeclaration);
  bindText("textDocument/references", &Server::onReferences);
  bindText("textDocument/prepareCallHierarchy", &Server::onPrepareCallHierarchy);
  bindText("callHierarchy/incomingCalls", &Server::onIncomingCalls);
  bindText("callHierarchy/outgoingCalls", &Server::onOutgoingCalls);
  bind("workspace/symbol", &Server::onWorkspaceSymbol);
  bind("textDocument/hover", &Server::onHover);
  bind("textDocument/documentHighlight", &Server::onDocumentHighlight);
  bindNotification("initialized", &Server::onInitialized);
  bindNotification("exit", &Server::onExit);
  bindNotification("textDocument/didOpen", &Server::onDidOpen);
  bindNotification("textDocument/didChange", &Server::onDidChange);
  bindNotification("textDocument/didClose", &Server::onDidClose);
  bindNotification("textDocument/didSave", &Server::onDidSave);
  bindNotification("workspace/didChangeWatchedFiles", &Server::onDidChangeWatchedFiles);
  bindNotification("workspace/didChangeWorkspaceFolders", &Server::onDidChangeWorkspaceFolders);
}

void Server::reply(const json& id, json result) {
  transport_.send(json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Server::replyText(const json& id, const std::string& result) {
  std::string head = R"({"id":)" + id.dump() + R"(,"jsonrpc":"2.0","result":)";
  transport_.sendParts({head, result, "}"});
}

void Server::replyError(const json& id, ErrorCode code, const std::string& message) {
  transport_.send(json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", static_cast<int>(code)}, {"message", message}}}});
}

void Server::onMessage(const std::string& body) {
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  // A cancellation takes effect at once; everything else is handled in arrival order once the
  // messages read so far have been seen, so a cancel pipelined behind its request wins.
  if (message.is_object() && message.contains("method") && message["method"] == "$/cancelRequest" &&
      !message.contains("id")) {
    if (auto p = message.find("params");
        p != message.end() && p->is_object() && p->contains("id") && ((*p)["id"].is_string() || (*p)["id"].is_number_integer())) {
      if (cancelled_.size() > 10000) cancelled_.clear(); // ids of long-answered requests
      cancelled_.insert((*p)["id"].dump());
    }
    return;
  }
  boost::asio::post(io_, [this, message = std::move(message)]() mutable { dispatch(std::move(message)); });
}

void Server::dispatch(json message) {
  if (message.is_discarded()) {
    replyError(nullptr, ErrorCode::ParseError, "invalid JSON");
    return;
  }
  // json::value() throws on a member of another type ({"jsonrpc": 2}): compare instead.
  if (!message.is_object() || !message.contains("jsonrpc") || message["jsonrpc"] != "2.0") {
    // Echo only a valid id, and never copy another: copying or dumping an arbitrary one (a
    // 100,000-deep array) recurses once per level and overflows the stack.
    bool validId = message.is_object() && message.contains("id") &&
                   (message["id"].is_string() || message["id"].is_number_integer());
    replyError(validId ? message["id"] : json(nullptr), ErrorCode::InvalidRequest, "not a JSON-RPC 2.0 message");
    return;
  }
  bool hasId = message.contains("id");
  if (hasId && !message["id"].is_string() && !message["id"].is_number_integer() && !message["id"].is_null()) {
    replyError(nullptr, ErrorCode::InvalidRequest, "id must be a string or an integer");
    return;
  }
  json id = hasId ? message["id"] : json(nullptr);
  if (!message.contains("method")) {
    // A response to one of our requests (window/workDoneProgress/create).
    if (id.is_string()) {
      if (auto it = pendingClientRequests_.find(id.get<std::string>()); it != pendingClientRequests_.end()) {
        it->second.set_value(!message.contains("error"));
        pendingClientRequests_.erase(it);
      }
    }
    return;
  }
  if (!message["method"].is_string()) {
    if (hasId) replyError(id, ErrorCode::InvalidRequest, "method must be a string");
    return;
  }
  std::string method = message["method"];
  static const json kNoParams = json::object();
  // A reference, never a copy: copying a hostile, deeply nested value recurses once per level.
  const json& params = message.contains("params") ? message["params"] : kNoParams;

  if (!hasId) {
    if (!initialized_ && method != "exit") return; // notifications before initialize are dropped
    if (auto it = notifications_.find(method); it != notifications_.end()) {
      try {
        it->second(params);
      } catch (const std::exception& e) {
        spdlog::warn("{}: {}", method, e.what());
      }
    }
    return; // unknown notifications ($/… included) are ignored, as the spec allows
  }

  if (!initialized_ && method != "initialize") {
    replyError(id, ErrorCode::ServerNotInitialized, "initialize first");
    return;
  }
  if (shutdownRequested_) {
    replyError(id, ErrorCode::InvalidRequest, "the server is shutting down");
    return;
  }
  if (auto it = cancelled_.find(id.dump()); it != cancelled_.end()) {
    cancelled_.erase(it);
    replyError(id, ErrorCode::RequestCancelled, "cancelled");
    return;
  }
  auto it = requests_.find(method);
  auto text = textRequests_.find(method);
  if (it == requests_.end() && text == textRequests_.end()) {
    replyError(id, ErrorCode::MethodNotFound, "method not supported: " + method);
    return;
  }
  try {
    flushEdits();
    if (text != textRequests_.end()) replyText(id, text->second(params));
    else reply(id, it->second(params));
  } catch (const LspError& e) {
    replyError(id, e.code, e.what());
  } catch (const json::exception& e) {
    replyError(id, ErrorCode::InvalidParams, std::string("invalid params: ") + e.what());
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", method, e.what());
    replyError(id, ErrorCode::InternalError, e.what());
  }
}

void Server::onClose(const std::string& reason) {
  if (reason != "eof") spdlog::error("input closed: {}", reason);
  stop();
  io_.stop();
}

json Server::onInitialize(const json& params) {
  if (initialized_) throw LspError(ErrorCode::InvalidRequest, "initialize was already called");
  client_ = parseClientCapabilities(params.value("capabilities", json::object()));
  // utf-8 saves every conversion; utf-16 is the protocol's mandatory default.
  encoding_ = PositionEncoding::Utf16;
  for (const auto& name : client_.positionEncodings)
    if (name == "utf-8") encoding_ = PositionEncoding::Utf8;
  if (encoding_ != PositionEncoding::Utf8)
    for (const auto& name : client_.positionEncodings)
      if (name == "utf-32") encoding_ = PositionEncoding::Utf32;

  if (auto io = params.find("initializationOptions"); io != params.end() && io->is_object()) {
    // Store choice for a new index: initializationOptions.store, then .sextant.json, then --store.
    if (auto st = io->find("store"); st != io->end() && st->is_string()) requestedStore_ = st->get<std::string>();
    if (auto ex = io->find("excludes"); ex != io->end() && ex->is_array())
      for (const auto& g : *ex)
        if (g.is_string()) clientExcludes_.push_back(g.get<std::string>());
    if (auto level = io->find("logLevel"); level != io->end() && level->is_string()) {
      auto parsed = spdlog::level::from_str(level->get<std::string>());
      spdlog::set_level(parsed);
      logSink_->set_level(parsed);
    }
  }
  // Opened now, so that requests right after initialize read an existing index; indexed once
  // the client says `initialized`.
  bool first = true;
  for (const auto& root : rootsFrom(params)) {
    if (folders_.find(root)) continue; // given twice: one store per index folder
    folders_.add(openFolder(root, first ? options_.indexDir : std::nullopt));
    first = false;
  }
  initialized_ = true;

  return json{
      {"capabilities",
       {
           {"positionEncoding", encodingName(encoding_)},
           {"textDocumentSync", {{"openClose", true}, {"change", 2 /* Incremental */}, {"save", {{"includeText", false}}}}},
           {"documentSymbolProvider", true},
           {"definitionProvider", true},
           {"declarationProvider", true},
           {"referencesProvider", true},
           {"callHierarchyProvider", true},
           {"workspaceSymbolProvider", true},
           {"hoverProvider", true},
           {"documentHighlightProvider", true},
           {"workspace", {{"workspaceFolders", {{"supported", true}, {"changeNotifications", true}}}}},
       }},
      {"serverInfo", {{"name", "sextant"}, {"version", "0.1.0"}}},
  };
}

void Server::onInitialized(const json&) {
  logSink_->enable();
  if (client_.watchedFilesRegistration) {
    // Files changed behind the editor's back (a `git checkout`) are reindexed.
    json watcher = {{"globPattern", "**/*.{c,h,cc,cpp,cxx,c++,hh,hpp,hxx,h++,ipp,tcc,inl,C,H,py,pyi,rs,go,java,js,mjs,cjs,"
                                    "jsx,ts,mts,cts,tsx}"}};
    // A rebuilt compilation database changes which header an #include names.
    json database = {{"globPattern", "**/compile_commands.json"}};
    transport_.send(json{{"jsonrpc", "2.0"},
                         {"id", "sextant-" + std::to_string(nextRequestId_++)},
                         {"method", "client/registerCapability"},
                         {"params", {{"registrations", {{{"id", "sextant-watched-files"},
                                                         {"method", "workspace/didChangeWatchedFiles"},
                                                         {"registerOptions", {{"watchers", {watcher, database}}}}}}}}}});
  }
  for (const auto& folder : folders_.all()) startIndexing(folder);
}

void Server::sendProgress(const std::string& token, const json& value) {
  transport_.send(json{{"jsonrpc", "2.0"}, {"method", "$/progress"}, {"params", {{"token", token}, {"value", value}}}});
}

std::shared_ptr<Folder> Server::openFolder(const fs::path& root, const std::optional<fs::path>& indexDir) const {
  auto folder = std::make_shared<Folder>();
  folder->root = WorkspaceFolders::normalize(root);
  folder->indexDir = indexDir ? *indexDir : graph::defaultIndexDir(folder->root);
  std::unique_ptr<kv::Store> store;
  try {
    std::string configWarnings;
    folder->backend = chooseBackend(folder->root, requestedStore_, options_.backend, &configWarnings);
    if (!configWarnings.empty()) spdlog::warn("{}", configWarnings);
    OpenedStore opened = openIndexStore(folder->indexDir, folder->backend);
    if (!opened.fallbackReason.empty()) spdlog::warn("{}", opened.fallbackReason);
    store = std::move(opened.store);
    folder->persistent = true;
    spdlog::info("workspace {} (index {}, {})", folder->root.string(), folder->indexDir.string(), store->backendName());
  } catch (const std::exception& e) {
    // Serve from memory rather than not at all; nothing persists this session.
    spdlog::error("cannot open the index in {}: {}; using an in-memory index", folder->indexDir.string(), e.what());
    store = kv::openMemoryStore();
  }
  folder->workspace = std::make_shared<graph::Workspace>(folder->root, std::move(store));
  folder->excludes = readWorkspaceConfig(folder->root).exclude;
  folder->excludes.insert(folder->excludes.end(), clientExcludes_.begin(), clientExcludes_.end());
  return folder;
}

void Server::startIndexing(const std::shared_ptr<Folder>& folder) {
  // The first folder keeps the token editors know; the others get their own.
  folder->progressToken = nextProgress_++ == 0 ? kIndexToken : std::string(kIndexToken) + "/" + std::to_string(nextProgress_);
  std::shared_ptr<std::future<bool>> created;
  if (client_.workDoneProgress) {
    std::string id = "sextant-" + std::to_string(nextRequestId_++);
    created = std::make_shared<std::future<bool>>(pendingClientRequests_[id].get_future());
    transport_.send(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "window/workDoneProgress/create"},
                         {"params", {{"token", folder->progressToken}}}});
  }
  graph::IndexOptions opts = indexOptions(*folder);
  boost::asio::post(writer_, [this, created, opts, workspace = folder->workspace, token = folder->progressToken,
                              name = folder->root.filename().string()]() mutable {
    // The token may be used only once the client has accepted it.
    bool progress = created && created->wait_for(std::chrono::seconds(5)) == std::future_status::ready && created->get();
    std::string title = token == kIndexToken ? "Indexing" : "Indexing " + name;
    if (progress) sendProgress(token, {{"kind", "begin"}, {"title", title}, {"percentage", 0}, {"cancellable", false}});
    if (progress)
      opts.progress = [this, token](const graph::IndexProgress& p) {
        unsigned pct = p.total ? static_cast<unsigned>(100 * p.done / p.total) : 100;
        sendProgress(token, {{"kind", "report"},
                             {"message", std::to_string(p.done) + "/" + std::to_string(p.total) + " files"},
                             {"percentage", pct}});
      };
    try {
      graph::IndexStats stats = workspace->index(opts);
      spdlog::info("indexed {} files of {} ({} reindexed, {} unchanged) in {:.2f}s", stats.found,
                   workspace->root().string(), stats.reindexed, stats.unchanged, stats.seconds);
    } catch (const std::exception& e) {
      spdlog::error("indexing {} failed: {}", workspace->root().string(), e.what());
    }
    try {
      // The first references or call-hierarchy request would otherwise decode hundreds of files;
      // the progress ends once they are in memory, so "done" means answers at full speed.
      if (progress) sendProgress(token, {{"kind", "report"}, {"message", "loading the index into memory"}});
      auto start = std::chrono::steady_clock::now();
      size_t files = graph::warmRecordCache(*workspace->snapshot(), &cancelIndexing_);
      spdlog::info("{} files' records decoded into memory in {:.2f}s", files,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      // And the names workspace/symbol matches against (one scan of `sym:n:`).
      start = std::chrono::steady_clock::now();
      auto names = graph::NameTable::of(*workspace->snapshot());
      spdlog::info("{} symbol names ({} MB) read in {:.2f}s", names->size(), names->memoryBytes() >> 20,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    } catch (const std::exception& e) {
      spdlog::warn("preloading the records of {} failed: {}", workspace->root().string(), e.what());
    }
    if (progress) sendProgress(token, {{"kind", "end"}, {"message", "done"}});
  });
}

graph::IndexOptions Server::indexOptions(const Folder& folder) const {
  graph::IndexOptions opts;
  opts.threads = options_.threads;
  if (!folder.excludes.empty())
    opts.exclude = [excludes = folder.excludes](std::string_view path) { return matchesAnyGlob(excludes, path); };
  // The flag lives as long as the options: a removed folder's job keeps it.
  opts.cancel = folder.cancel.get();
  std::string warning;
  opts.compileCommands = workspaceCompileCommands(folder.root, &warning);
  if (!warning.empty()) spdlog::warn("{}", warning);
  return opts;
}

void Server::ensureIndexPresent(const std::shared_ptr<Folder>& folder) {
  std::error_code ec;
  if (!folder->persistent || folder->rebuilding || fs::exists(folder->indexDir, ec)) return;
  folder->rebuilding = true;
  spdlog::warn("the index folder {} disappeared; rebuilding it", folder->indexDir.string());
  graph::IndexOptions options = indexOptions(*folder);
  options.cancel = nullptr; // finish even when exiting: the folder must not be left half-built
  boost::asio::post(writer_, [this, folder, options, root = folder->root, dir = folder->indexDir, backend = folder->backend] {
    try {
      OpenedStore opened = openIndexStore(dir, backend);
      auto fresh = std::make_shared<graph::Workspace>(root, std::move(opened.store));
      fresh->index(options); // the disk as it is; open buffers are re-applied after the swap
      boost::asio::post(io_, [this, folder, fresh] {
        folder->rebuilding = false;
        if (folders_.find(folder->root) != folder) return; // removed meanwhile
        folder->workspace = fresh;
        for (auto& [absolute, document] : documents_) {
          if (document.root != folder->root) continue;
          fresh->setOpen(document.path, true);
          document.edits.reset(); // a new workspace keeps no tree
          edited_.insert(absolute);
        }
        flushEdits();
        spdlog::info("the index in {} was rebuilt", folder->indexDir.string());
      });
    } catch (const std::exception& e) {
      spdlog::error("cannot rebuild the index in {}: {}", dir.string(), e.what());
      boost::asio::post(io_, [folder] { folder->rebuilding = false; });
    }
  });
}

void Server::addFolder(std::shared_ptr<Folder> folder) {
  if (cancelIndexing_) *folder->cancel = true;
  if (!folders_.add(folder)) return; // already served
  rehomeDocuments();
  startIndexing(folder);
}

void Server::removeFolder(const fs::path& root) {
  std::shared_ptr<Folder> folder = folders_.remove(root);
  if (!folder) return;
  *folder->cancel = true;
  rehomeDocuments();
  // Writer jobs posted for it hold their own reference; this one is released after them, on
  // the writer thread, so that the store is closed before the folder could be opened again.
  boost::asio::post(writer_, [workspace = std::move(folder->workspace)]() mutable { workspace.reset(); });
  spdlog::info("workspace folder {} removed", folder->root.string());
}

void Server::onDidChangeWorkspaceFolders(const json& params) {
  const json& event = params.at("event");
  for (const auto& root : foldersIn(event.at("removed"))) removeFolder(root);
  for (const auto& root : foldersIn(event.at("added"))) {
    if (folders_.find(root)) continue;
    // Opening may wait for the writer to close this folder's previous store (removed and added
    // again): open it there, then serve it from the io thread.
    boost::asio::post(writer_, [this, root] {
      std::shared_ptr<Folder> folder = openFolder(root, std::nullopt);
      boost::asio::post(io_, [this, folder] { addFolder(folder); });
    });
  }
}

void Server::rehomeDocuments() {
  for (auto& [absolute, document] : documents_) {
    std::optional<DocumentPlace> now = folders_.place(absolute);
    fs::path root = now ? now->folder->root : fs::path();
    if (root == document.root && (!now || now->path == document.path)) continue;
    if (auto old = folders_.find(document.root); old && !document.root.empty()) {
      old->workspace->setOpen(document.path, false);
      // In its old folder the disk is the truth again.
      if (!document.path.starts_with('/'))
        boost::asio::post(writer_, [workspace = old->workspace, path = document.path] { workspace->reloadFromDisk(path); });
    }
    document.root = root;
    document.path = now ? now->path : std::string();
    document.edits.reset();
    if (!now) continue;
    now->folder->workspace->setOpen(document.path, true);
    edited_.insert(absolute);
  }
  if (!edited_.empty()) scheduleFlush();
}

json Server::onShutdown(const json&) {
  shutdownRequested_ = true;
  cancelIndexing_ = true;
  return nullptr;
}

void Server::onExit(const json&) {
  logSink_->disable();
  stop();
  io_.stop();
}

namespace {
/// The key of documents_: the absolute, lexically normal path of a file URI.
std::string absoluteKey(const std::string& uri) {
  auto path = pathFromUri(uri);
  if (!path) throw LspError(ErrorCode::InvalidParams, "not a file URI: " + uri);
  return path->lexically_normal().generic_string();
}
} // namespace

DocumentPlace Server::place(const std::string& uri) const {
  auto placed = folders_.place(absoluteKey(uri));
  if (!placed) throw LspError(ErrorCode::InvalidRequest, "no workspace folder is open");
  return *placed;
}

fs::path Server::absoluteOf(const Folder& folder, const std::string& documentPath) {
  return documentPath.starts_with('/') ? fs::path(documentPath) : folder.root / documentPath;
}

std::string Server::uriOf(const Folder& folder, const std::string& documentPath) const {
  // Thousands of locations in one answer share a few hundred files: encode each path once.
  std::string key = folder.root.generic_string();
  key.push_back('\0');
  key += documentPath;
  if (auto it = uris_.find(key); it != uris_.end()) return it->second;
  if (uris_.size() >= 100000) uris_.clear();
  return uris_.emplace(std::move(key), uriFromPath(absoluteOf(folder, documentPath))).first->second;
}

std::string Server::textOf(const Folder& folder, const std::string& documentPath) const {
  fs::path absolute = absoluteOf(folder, documentPath);
  if (auto it = documents_.find(absolute.generic_string()); it != documents_.end()) return it->second.text;
  return readFile(absolute);
}

Position Server::toPosition(const LineTable& lines, graph::Point point) const {
  return {point.line, columnFromBytes(lines.line(point.line), point.column, encoding_)};
}

Range Server::toRange(const LineTable& lines, const graph::Span& span) const {
  return {toPosition(lines, span.start), toPosition(lines, span.end)};
}

void Server::onDidOpen(const json& params) {
  TextDocumentItem doc = params.at("textDocument").get<TextDocumentItem>();
  std::string absolute = absoluteKey(doc.uri);
  OpenDocument& document = documents_[absolute];
  document = {std::move(doc.text), doc.version, std::nullopt, {}, {}};
  // Without a folder it waits for one (didChangeWorkspaceFolders).
  if (auto placed = folders_.place(absolute)) {
    document.root = placed->folder->root;
    document.path = placed->path;
    placed->folder->workspace->setOpen(document.path, true);
    edited_.insert(absolute);
    scheduleFlush();
  }
}

void Server::onDidChange(const json& params) {
  std::string absolute = absoluteKey(params.at("textDocument").at("uri").get<std::string>());
  auto it = documents_.find(absolute);
  if (it == documents_.end()) throw LspError(ErrorCode::InvalidParams, "didChange for a document that is not open");
  OpenDocument& document = it->second;
  // Each change applies to the result of the previous one (LSP 3.17). The byte edits follow the
  // same order, so the kept parse tree can be edited the same way before it is reparsed.
  for (const auto& change : params.at("contentChanges")) {
    auto edit = applyContentChange(document.text, change, encoding_);
    if (!edit || !options_.incrementalParse) document.edits.reset();
    else if (document.edits) document.edits->push_back(*edit);
  }
  document.version = params["textDocument"].value("version", document.version + 1);
  if (document.root.empty()) return; // no folder yet
  edited_.insert(absolute);
  scheduleFlush();
}

void Server::onDidClose(const json& params) {
  std::string uri = params.at("textDocument").at("uri").get<std::string>();
  std::string absolute = absoluteKey(uri);
  auto it = documents_.find(absolute);
  if (it == documents_.end()) return;
  OpenDocument document = std::move(it->second);
  documents_.erase(it);
  edited_.erase(absolute);
  // Diagnostics belong to open documents: clear them (LSP 3.17 "publishDiagnostics").
  transport_.send(json{{"jsonrpc", "2.0"},
                       {"method", "textDocument/publishDiagnostics"},
                       {"params", {{"uri", uri}, {"diagnostics", json::array()}}}});
  auto folder = folders_.find(document.root);
  if (!folder || document.root.empty()) return;
  folder->workspace->setOpen(document.path, false);
  // The buffer may have differed from the disk: the disk is the truth again.
  if (!document.path.starts_with('/')) {
    boost::asio::post(writer_, [workspace = folder->workspace, path = document.path] { workspace->reloadFromDisk(path); });
    scheduleLink(folder->workspace);
  }
}

void Server::onDidSave(const json&) {
  // The buffer is already indexed (or will be before the next answer); saving changes nothing.
}

void Server::onDidChangeWatchedFiles(const json& params) {
  for (const auto& folder : folders_.all()) ensureIndexPresent(folder);
  for (const auto& event : params.at("changes")) {
    std::string absolute = absoluteKey(event.at("uri").get<std::string>());
    if (documents_.contains(absolute)) continue; // an open buffer wins over the disk
    // Every folder that holds the file indexes it (nested folders both do); files outside every
    // folder are not watched.
    for (const auto& folder : folders_.all())
      if (auto path = folder->workspace->relativePath(absolute)) {
        if (fs::path(*path).filename() == "compile_commands.json") // any of findCompileDatabases()
          boost::asio::post(writer_, [workspace = folder->workspace] {
            std::string warning;
            auto commands = workspaceCompileCommands(workspace->root(), &warning);
            if (!warning.empty()) spdlog::warn("{}", warning);
            if (commands) workspace->updateCompileCommands(*commands);
          });
        else
          boost::asio::post(writer_, [workspace = folder->workspace, path = *path] { workspace->reloadFromDisk(path); });
      }
  }
  for (const auto& folder : folders_.all()) scheduleLink(folder->workspace);
}

void Server::scheduleLink(const std::shared_ptr<graph::Workspace>& workspace) {
  if (workspace->linkScheduled.exchange(true)) return;
  // On the writer, after what is queued there: one run links every edit made until it starts.
  boost::asio::post(writer_, [workspace] {
    workspace->linkScheduled = false;
    try {
      graph::LinkStats stats = workspace->link();
      if (stats.pending)
        spdlog::debug("linked {} pending files: {} relinked, {} patched, {} references in {:.1f} ms", stats.pending,
                      stats.filesLinked, stats.filesPatched, stats.references, stats.seconds * 1000);
    } catch (const std::exception& e) {
      spdlog::error("linking {} failed: {}", workspace->root().string(), e.what());
    }
  });
}

void Server::flushEdits() {
  flushTimer_.cancel();
  for (const auto& folder : folders_.all()) ensureIndexPresent(folder);
  std::set<std::string> flushed;
  flushed.swap(edited_);
  for (const auto& absolute : flushed) {
    try {
      OpenDocument& document = documents_.at(absolute);
      auto folder = folders_.find(document.root);
      if (!folder || document.root.empty()) continue;
      // Whatever happens, later edits are relative to this text; after a failure the kept tree
      // may hold the edits or not, so it is not trusted (edits stays nullopt).
      std::optional<std::vector<parse::TextEdit>> pending = std::exchange(document.edits, std::nullopt);
      std::optional<std::span<const parse::TextEdit>> edits;
      if (pending) edits = *pending;
      folder->workspace->updateContent(document.path, document.text, edits);
      document.edits.emplace();
      publishDiagnostics({folder, document.path});
      scheduleLink(folder->workspace);
    } catch (const std::exception& e) {
      spdlog::error("indexing {} failed: {}", absolute, e.what());
    }
  }
}

void Server::scheduleFlush() {
  // Debounce: typing bursts are indexed once, 150 ms after the last keystroke, unless a request
  // needs them sooner. The last edit is never dropped: it stays in edited_ until indexed.
  flushTimer_.expires_after(std::chrono::milliseconds(150));
  flushTimer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) flushEdits();
  });
}

json Server::onDocumentSymbol(const json& params) {
  auto [folder, path] = place(params.at("textDocument").at("uri").get<std::string>());
  std::vector<graph::SymbolRecord> symbols = graph::outlineSymbols(*folder->workspace->snapshot(), path);
  std::string text = textOf(*folder, path);
  LineTable lines(text);

  if (!client_.hierarchicalDocumentSymbol) {
    json out = json::array();
    for (const auto& s : symbols) {
      json info = {{"name", s.name}, {"kind", static_cast<int>(s.kind)},
                   {"location", Location{uriOf(*folder, path), toRange(lines, s.range)}}};
      if (s.parent >= 0) info["containerName"] = symbols[s.parent].name;
      out.push_back(std::move(info));
    }
    return out;
  }

  std::vector<DocumentSymbol> converted(symbols.size());
  for (size_t i = 0; i < symbols.size(); ++i) {
    const auto& s = symbols[i];
    converted[i] = {s.qualifier.empty() ? s.name : s.qualifier + "::" + s.name, s.signature, static_cast<int>(s.kind),
                    toRange(lines, s.range), toRange(lines, s.selectionRange), {}};
  }
  std::vector<std::vector<size_t>> children(symbols.size());
  std::vector<size_t> top;
  for (size_t i = 0; i < symbols.size(); ++i) {
    int32_t parent = symbols[i].parent;
    (parent >= 0 && static_cast<size_t>(parent) < i ? children[parent] : top).push_back(i);
  }
  std::function<DocumentSymbol(size_t)> build = [&](size_t i) {
    DocumentSymbol node = std::move(converted[i]);
    for (size_t child : children[i]) node.children.push_back(build(child));
    return node;
  };
  std::vector<DocumentSymbol> roots;
  for (size_t i : top) roots.push_back(build(i));
  return roots;
}

std::pair<DocumentPlace, graph::Point> Server::positionOf(const json& params) const {
  auto p = params.get<TextDocumentPositionParams>();
  DocumentPlace document = place(p.uri);
  std::string text = textOf(*document.folder, document.path);
  LineTable lines(text);
  return {document, {p.position.line, bytesFromColumn(lines.line(p.position.line), p.position.character, encoding_)}};
}

SpanConverter Server::spanConverter(const Folder& folder) const {
  std::shared_ptr<kv::Snapshot> snapshot = folder.workspace->snapshot();
  return SpanConverter(
      encoding_, [this, &folder](const std::string& path) { return textOf(folder, path); },
      [this, &folder, snapshot](const std::string& path) {
        // An open buffer may be ahead of the index: it is read (from memory) instead.
        if (documents_.contains(absoluteOf(folder, path).generic_string())) return false;
        return graph::indexedAsAscii(*snapshot, path);
      });
}

json Server::toLocations(const Folder& folder, const std::vector<graph::Location>& locations) const {
  SpanConverter ranges = spanConverter(folder);
  json out = json::array();
  for (const auto& loc : locations) out.push_back(Location{uriOf(folder, loc.path), ranges.range(loc.path, loc.span)});
  return out;
}

json Server::onDefinition(const json& params) {
  auto [document, point] = positionOf(params);
  return toLocations(*document.folder, graph::findDefinition(*document.folder->workspace->snapshot(), document.path, point));
}

json Server::onDeclaration(const json& params) {
  auto [document, point] = positionOf(params);
  return toLocations(*document.folder, graph::findDeclaration(*document.folder->workspace->snapshot(), document.path, point));
}

std::string Server::onReferences(const json& params) {
  auto [document, point] = positionOf(params);
  bool includeDeclaration = params.contains("context") && params["context"].value("includeDeclaration", false);
  const Folder& folder = *document.folder;
  auto files = graph::findReferencesByFile(*folder.workspace->snapshot(), document.path, point, includeDeclaration,
                                           options_.referencesLimit);
  SpanConverter ranges = spanConverter(folder);
  JsonText out;
  out.raw("[");
  bool first = true;
  size_t listed = 0;
  for (const auto& file : files) {
    // Every location of a file ends the same way: write that once.
    JsonText tail;
    tail.raw(R"(,"uri":)").string(uriOf(folder, file.path)).raw("}");
    for (const auto& span : file.spans) {
      out.raw(first ? R"({"range":)" : R"(,{"range":)").range(ranges.range(file.path, span)).raw(tail.text());
      first = false;
    }
    listed += file.spans.size();
  }
  out.raw("]");
  if (options_.referencesLimit != 0 && listed == options_.referencesLimit)
    spdlog::debug("references: listed the first {} (--limit-references)", listed);
  return std::move(out.text());
}

void Server::writeCallHierarchyItem(JsonText& out, const Folder& folder, const graph::CallHierarchyNode& node,
                                    SpanConverter& ranges) const {
  // Keys in nlohmann's (sorted) order, as every other answer; `data` is opaque to the client.
  out.raw(R"({"data":{"index":)").number(node.id.index).raw(R"(,"path":)").string(node.id.path).raw("}");
  if (!node.symbol.signature.empty()) out.raw(R"(,"detail":)").string(node.symbol.signature);
  out.raw(R"(,"kind":)").number(static_cast<int>(node.symbol.kind));
  out.raw(R"(,"name":)").string(node.symbol.name);
  out.raw(R"(,"range":)").range(ranges.range(node.id.path, node.symbol.range));
  out.raw(R"(,"selectionRange":)").range(ranges.range(node.id.path, node.symbol.selectionRange));
  out.raw(R"(,"uri":)").string(uriOf(folder, node.id.path)).raw("}");
}

std::pair<std::shared_ptr<Folder>, graph::SymbolId> Server::fromCallHierarchyItem(const json& item) const {
  if (item.contains("data") && item["data"].is_object() && item["data"].contains("path")) {
    const json& data = item["data"];
    // The folder that holds the item's file (an item of a removed folder is placed again).
    std::shared_ptr<Folder> folder = place(item.at("uri").get<std::string>()).folder;
    return {folder, {data.at("path").get<std::string>(), data.at("index").get<uint32_t>()}};
  }
  // A client that drops `data`: find the item again from its position.
  auto [folder, path] = place(item.at("uri").get<std::string>());
  std::string text = textOf(*folder, path);
  LineTable lines(text);
  Position start = item.at("selectionRange").at("start").get<Position>();
  graph::Point point{start.line, bytesFromColumn(lines.line(start.line), start.character, encoding_)};
  auto nodes = graph::prepareCallHierarchy(*folder->workspace->snapshot(), path, point);
  if (nodes.empty()) throw LspError(ErrorCode::ContentModified, "the call hierarchy item no longer exists");
  return {folder, nodes.front().id};
}

std::string Server::onPrepareCallHierarchy(const json& params) {
  auto [document, point] = positionOf(params);
  auto nodes = graph::prepareCallHierarchy(*document.folder->workspace->snapshot(), document.path, point);
  if (nodes.empty()) return "null";
  SpanConverter ranges = spanConverter(*document.folder);
  JsonText out;
  out.raw("[");
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (i) out.raw(",");
    writeCallHierarchyItem(out, *document.folder, nodes[i], ranges);
  }
  out.raw("]");
  return std::move(out.text());
}

std::string Server::onIncomingCalls(const json& params) {
  auto [folder, callee] = fromCallHierarchyItem(params.at("item"));
  SpanConverter converter = spanConverter(*folder);
  JsonText out;
  out.raw("[");
  bool first = true;
  for (const auto& edge : graph::incomingCalls(*folder->workspace->snapshot(), callee)) {
    out.raw(first ? R"({"from":)" : R"(,{"from":)");
    first = false;
    writeCallHierarchyItem(out, *folder, edge.node, converter);
    out.raw(R"(,"fromRanges":[)");
    for (size_t i = 0; i < edge.fromRanges.size(); ++i) {
      if (i) out.raw(",");
      out.range(converter.range(edge.node.id.path, edge.fromRanges[i]));
    }
    out.raw("]}");
  }
  out.raw("]");
  return std::move(out.text());
}

std::string Server::onOutgoingCalls(const json& params) {
  auto [folder, caller] = fromCallHierarchyItem(params.at("item"));
  SpanConverter converter = spanConverter(*folder);
  JsonText out;
  out.raw("[");
  bool first = true;
  for (const auto& edge : graph::outgoingCalls(*folder->workspace->snapshot(), caller)) {
    out.raw(first ? R"({"fromRanges":[)" : R"(,{"fromRanges":[)");
    first = false;
    for (size_t i = 0; i < edge.fromRanges.size(); ++i) {
      if (i) out.raw(",");
      out.range(converter.range(caller.path, edge.fromRanges[i]));
    }
    out.raw(R"(],"to":)");
    writeCallHierarchyItem(out, *folder, edge.node, converter);
    out.raw("}");
  }
  out.raw("]");
  return std::move(out.text());
}

void Server::publishDiagnostics(const DocumentPlace& document) {
  const std::string& path = document.path;
  auto errors = graph::syntaxErrorsOf(*document.folder->workspace->snapshot(), path);
  auto language = parse::languageForPath(fs::path(path));
  // Without a preprocessor, C/C++ parse errors may be ours: warnings there, as in --check.
  int severity = language == parse::Language::C || language == parse::Language::Cpp ? 2 : 1;
  std::string text = textOf(*document.folder, path);
  LineTable lines(text);
  json diagnostics = json::array();
  for (const auto& e : errors)
    diagnostics.push_back({{"range", toRange(lines, e.span)},
                           {"severity", severity},
                           {"source", "sextant"},
                           {"code", "syntax-error"},
                           {"message", e.description}});
  fs::path absolute = absoluteOf(*document.folder, path);
  json params = {{"uri", uriFromPath(absolute)}, {"diagnostics", std::move(diagnostics)}};
  if (auto d = documents_.find(absolute.generic_string()); d != documents_.end()) params["version"] = d->second.version;
  transport_.send(json{{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", std::move(params)}});
}

json Server::onHover(const json& params) {
  auto [document, point] = positionOf(params);
  const auto& [folder, path] = document;
  auto snapshot = folder->workspace->snapshot();
  auto occurrence = graph::occurrenceAt(*snapshot, path, point);
  auto target = graph::hoverTarget(*snapshot, path, point);
  if (!occurrence || !target) return nullptr;
  auto language = parse::languageForPath(fs::path(target->id.path)).value_or(parse::Language::C);
  graph::SymbolDescription d = graph::describeSymbol(textOf(*folder, target->id.path), target->symbol, language);
  std::string value = "```" + std::string(parse::languageName(language)) + "\n" + d.declaration + "\n```";
  if (!d.doc.empty()) value += "\n\n" + d.doc;
  // Visibility when it is not the default reading: `private` under `private:`, Go `exported`, …
  const parse::Visibility visibility = target->symbol.visibility;
  const bool notable = visibility != parse::Visibility::Unknown && visibility != parse::Visibility::Public;
  value += "\n\n*" + (notable ? std::string(parse::visibilityName(visibility)) + " · " : std::string()) + target->id.path + ":" + std::to_string(target->symbol.selectionRange.start.line + 1) + "*";
  std::string text = textOf(*folder, path);
  LineTable lines(text);
  return {{"contents", {{"kind", "markdown"}, {"value", value}}}, {"range", toRange(lines, occurrence->span)}};
}

json Server::onDocumentHighlight(const json& params) {
  auto [document, point] = positionOf(params);
  std::string text = textOf(*document.folder, document.path);
  LineTable lines(text);
  json out = json::array();
  for (const auto& h : graph::documentHighlights(*document.folder->workspace->snapshot(), document.path, point))
    out.push_back({{"range", toRange(lines, h.span)}, {"kind", static_cast<int>(h.kind)}});
  return out;
}

json Server::onWorkspaceSymbol(const json& params) {
  std::string query = params.value("query", "");
  constexpr size_t kLimit = 100;
  // Each folder's best, merged into one ranking by the same order, then the limit.
  struct Found {
    std::shared_ptr<Folder> folder;
    std::shared_ptr<kv::Snapshot> snapshot;
    graph::ResolvedSymbol symbol;
  };
  std::vector<Found> found;
  for (const auto& folder : folders_.all()) {
    std::shared_ptr<kv::Snapshot> snapshot = folder->workspace->snapshot();
    for (auto& s : graph::workspaceSymbols(*snapshot, query, kLimit)) found.push_back({folder, snapshot, std::move(s)});
  }
  std::stable_sort(found.begin(), found.end(), [&](const Found& a, const Found& b) {
    return graph::workspaceSymbolBefore(query, a.symbol, b.symbol);
  });
  // Nested folders index the inner one's files twice: list each place once.
  std::set<std::pair<std::string, uint32_t>> seen;
  std::erase_if(found, [&](const Found& f) {
    return !seen.emplace(absoluteOf(*f.folder, f.symbol.id.path).generic_string(), f.symbol.symbol.selectionRange.startByte)
                .second;
  });
  if (found.size() > kLimit) found.resize(kLimit);

  // One toLocations per folder, so that each file is read once.
  std::map<const Folder*, std::vector<size_t>> byFolder;
  for (size_t i = 0; i < found.size(); ++i) byFolder[found[i].folder.get()].push_back(i);
  std::vector<json> locations(found.size());
  for (const auto& [folder, indices] : byFolder) {
    std::vector<graph::Location> places;
    for (size_t i : indices) places.push_back({found[i].symbol.id.path, found[i].symbol.symbol.selectionRange});
    json converted = toLocations(*folder, places);
    for (size_t k = 0; k < indices.size(); ++k) locations[indices[k]] = std::move(converted[k]);
  }
  json out = json::array();
  for (size_t i = 0; i < found.size(); ++i) {
    const auto& [folder, snapshot, s] = found[i];
    json info = {{"name", s.symbol.name}, {"kind", static_cast<int>(s.symbol.kind)}, {"location", std::move(locations[i])}};
    if (std::string container = graph::containerNameOf(*snapshot, s); !container.empty()) info["containerName"] = container;
    out.push_back(std::move(info));
  }
  return out;
}

} // namespace sextant::lsp
