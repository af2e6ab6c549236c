// Method table and handlers: protocol translation only; every answer comes from graph/ queries.
#include "lsp/Server.h"

#include "graph/Queries.h"
#include "lsp/Config.h"
#include "graph/Hover.h"
#include "lsp/DocumentSync.h"
#include "lsp/LogSink.h"
#include "lsp/Uri.h"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>
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

/// Workspace root from InitializeParams: first workspace folder, else rootUri, else rootPath,
/// else the current folder.
fs::path rootFrom(const json& params) {
  if (auto it = params.find("workspaceFolders"); it != params.end() && it->is_array() && !it->empty())
    if (auto p = pathFromUri((*it)[0].value("uri", ""))) return *p;
  if (auto it = params.find("rootUri"); it != params.end() && it->is_string())
    if (auto p = pathFromUri(it->get<std::string>())) return *p;
  if (auto it = params.find("rootPath"); it != params.end() && it->is_string()) return it->get<std::string>();
  return fs::current_path();
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
  writer_.join();
}

void Server::bindMethods() {
  auto bind = [this](const char* method, json (Server::*handler)(const json&)) {
    requests_[method] = [this, handler](const json& params) { return (this->*handler)(params); };
  };
  auto bindNotification = [this](const char* method, void (Server::*handler)(const json&)) {
    notifications_[method] = [this, handler](const json& params) { (this->*handler)(params); };
  };
  bind("initialize", &Server::onInitialize);
  bind("shutdown", &Server::onShutdown);
  bind("textDocument/documentSymbol", &Server::onDocumentSymbol);
  bind("textDocument/definition", &Server::onDefinition);
  bind("textDocument/declaration", &Server::onDeclaration);
  bind("textDocument/references", &Server::onReferences);
  bind("textDocument/prepareCallHierarchy", &Server::onPrepareCallHierarchy);
  bind("callHierarchy/incomingCalls", &Server::onIncomingCalls);
  bind("callHierarchy/outgoingCalls", &Server::onOutgoingCalls);
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
}

void Server::reply(const json& id, json result) {
  transport_.send(json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
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
  if (it == requests_.end()) {
    replyError(id, ErrorCode::MethodNotFound, "method not supported: " + method);
    return;
  }
  try {
    if (workspace_) flushEdits();
    reply(id, it->second(params));
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

  fs::path root = fs::absolute(rootFrom(params)).lexically_normal();
  if (root.has_filename() == false && root.has_parent_path()) root = root.parent_path();
  fs::path indexDir = options_.indexDir ? *options_.indexDir : graph::defaultIndexDir(root);
  std::unique_ptr<kv::Store> store;
  try {
    // Store choice for a new index: initializationOptions.store, then .sextant.json, then --store.
    std::optional<std::string> requested;
    if (auto io = params.find("initializationOptions"); io != params.end() && io->is_object())
      if (auto st = io->find("store"); st != io->end() && st->is_string()) requested = st->get<std::string>();
    std::string configWarnings;
    Backend backend = chooseBackend(root, requested, options_.backend, &configWarnings);
    if (!configWarnings.empty()) spdlog::warn("{}", configWarnings);
    OpenedStore opened = openIndexStore(indexDir, backend);
    if (!opened.fallbackReason.empty()) spdlog::warn("{}", opened.fallbackReason);
    store = std::move(opened.store);
    indexDir_ = indexDir;
    backend_ = backend;
    persistent_ = true;
    spdlog::info("workspace {} (index {}, {})", root.string(), indexDir.string(), store->backendName());
  } catch (const std::exception& e) {
    // Serve from memory rather than not at all; nothing persists this session.
    spdlog::error("cannot open the index in {}: {}; using an in-memory index", indexDir.string(), e.what());
    store = kv::openMemoryStore();
  }
  workspace_ = std::make_shared<graph::Workspace>(root, std::move(store));
  initialized_ = true;
  excludes_ = readWorkspaceConfig(root).exclude;
  if (auto io = params.find("initializationOptions"); io != params.end() && io->is_object()) {
    if (auto ex = io->find("excludes"); ex != io->end() && ex->is_array())
      for (const auto& g : *ex)
        if (g.is_string()) excludes_.push_back(g.get<std::string>());
    if (auto level = io->find("logLevel"); level != io->end() && level->is_string()) {
      auto parsed = spdlog::level::from_str(level->get<std::string>());
      spdlog::set_level(parsed);
      logSink_->set_level(parsed);
    }
  }

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
    transport_.send(json{{"jsonrpc", "2.0"},
                         {"id", "sextant-" + std::to_string(nextRequestId_++)},
                         {"method", "client/registerCapability"},
                         {"params", {{"registrations", {{{"id", "sextant-watched-files"},
                                                         {"method", "workspace/didChangeWatchedFiles"},
                                                         {"registerOptions", {{"watchers", {watcher}}}}}}}}}});
  }
  startIndexing();
}

void Server::sendProgress(const json& value) {
  transport_.send(json{{"jsonrpc", "2.0"}, {"method", "$/progress"}, {"params", {{"token", kIndexToken}, {"value", value}}}});
}

void Server::startIndexing() {
  std::shared_ptr<std::future<bool>> created;
  if (client_.workDoneProgress) {
    std::string id = "sextant-" + std::to_string(nextRequestId_++);
    created = std::make_shared<std::future<bool>>(pendingClientRequests_[id].get_future());
    transport_.send(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "window/workDoneProgress/create"}, {"params", {{"token", kIndexToken}}}});
  }
  boost::asio::post(writer_, [this, created, workspace = workspace_] {
    // The token may be used only once the client has accepted it.
    bool progress = created && created->wait_for(std::chrono::seconds(5)) == std::future_status::ready && created->get();
    if (progress) sendProgress({{"kind", "begin"}, {"title", "Indexing"}, {"percentage", 0}, {"cancellable", false}});
    graph::IndexOptions opts = indexOptions();
    if (progress)
      opts.progress = [this](const graph::IndexProgress& p) {
        unsigned pct = p.total ? static_cast<unsigned>(100 * p.done / p.total) : 100;
        sendProgress({{"kind", "report"}, {"message", std::to_string(p.done) + "/" + std::to_string(p.total) + " files"},
                      {"percentage", pct}});
      };
    try {
      graph::IndexStats stats = workspace->index(opts);
      spdlog::info("indexed {} files ({} reindexed, {} unchanged) in {:.2f}s", stats.found, stats.reindexed,
                   stats.unchanged, stats.seconds);
    } catch (const std::exception& e) {
      spdlog::error("indexing failed: {}", e.what());
    }
    if (progress) sendProgress({{"kind", "end"}, {"message", "done"}});
  });
}

graph::IndexOptions Server::indexOptions() {
  graph::IndexOptions opts;
  opts.threads = options_.threads;
  if (!excludes_.empty()) opts.exclude = [this](std::string_view path) { return matchesAnyGlob(excludes_, path); };
  opts.cancel = &cancelIndexing_;
  return opts;
}

void Server::ensureIndexPresent() {
  std::error_code ec;
  if (!persistent_ || rebuilding_ || fs::exists(indexDir_, ec)) return;
  rebuilding_ = true;
  spdlog::warn("the index folder {} disappeared; rebuilding it", indexDir_.string());
  boost::asio::post(writer_, [this, root = workspace_->root(), dir = indexDir_, backend = backend_] {
    try {
      OpenedStore opened = openIndexStore(dir, backend);
      auto fresh = std::make_shared<graph::Workspace>(root, std::move(opened.store));
      graph::IndexOptions options = indexOptions();
      options.cancel = nullptr; // finish even when exiting: the folder must not be left half-built
      fresh->index(options);    // the disk as it is; open buffers are re-applied after the swap
      boost::asio::post(io_, [this, fresh] {
        workspace_ = fresh;
        rebuilding_ = false;
        for (const auto& [path, text] : drafts_) {
          workspace_->setOpen(path, true);
          edited_.insert(path);
        }
        flushEdits();
        spdlog::info("the index in {} was rebuilt", indexDir_.string());
      });
    } catch (const std::exception& e) {
      spdlog::error("cannot rebuild the index in {}: {}", dir.string(), e.what());
      boost::asio::post(io_, [this] { rebuilding_ = false; });
    }
  });
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

std::string Server::documentPath(const std::string& uri) const {
  auto path = pathFromUri(uri);
  if (!path) throw LspError(ErrorCode::InvalidParams, "not a file URI: " + uri);
  if (auto rel = workspace_->relativePath(*path)) return *rel;
  return path->lexically_normal().generic_string();
}

std::string Server::uriOf(const std::string& documentPath) const {
  return uriFromPath(documentPath.starts_with('/') ? fs::path(documentPath) : workspace_->root() / documentPath);
}

std::string Server::textOf(const std::string& documentPath) const {
  if (auto it = drafts_.find(documentPath); it != drafts_.end()) return it->second;
  return readFile(documentPath.starts_with('/') ? fs::path(documentPath) : workspace_->root() / documentPath);
}

Position Server::toPosition(const LineTable& lines, graph::Point point) const {
  return {point.line, columnFromBytes(lines.line(point.line), point.column, encoding_)};
}

Range Server::toRange(const LineTable& lines, const graph::Span& span) const {
  return {toPosition(lines, span.start), toPosition(lines, span.end)};
}

void Server::onDidOpen(const json& params) {
  TextDocumentItem doc = params.at("textDocument").get<TextDocumentItem>();
  std::string path = documentPath(doc.uri);
  drafts_[path] = std::move(doc.text);
  versions_[path] = doc.version;
  workspace_->setOpen(path, true);
  edited_.insert(path);
  scheduleFlush();
}

void Server::onDidChange(const json& params) {
  std::string path = documentPath(params.at("textDocument").at("uri").get<std::string>());
  auto draft = drafts_.find(path);
  if (draft == drafts_.end()) throw LspError(ErrorCode::InvalidParams, "didChange for a document that is not open");
  // Each change applies to the result of the previous one (LSP 3.17).
  for (const auto& change : params.at("contentChanges")) applyContentChange(draft->second, change, encoding_);
  versions_[path] = params["textDocument"].value("version", versions_[path] + 1);
  edited_.insert(path);
  scheduleFlush();
}

void Server::onDidClose(const json& params) {
  std::string path = documentPath(params.at("textDocument").at("uri").get<std::string>());
  drafts_.erase(path);
  edited_.erase(path);
  versions_.erase(path);
  workspace_->setOpen(path, false);
  // Diagnostics belong to open documents: clear them (LSP 3.17 "publishDiagnostics").
  transport_.send(json{{"jsonrpc", "2.0"},
                       {"method", "textDocument/publishDiagnostics"},
                       {"params", {{"uri", uriOf(path)}, {"diagnostics", json::array()}}}});
  // The buffer may have differed from the disk: the disk is the truth again.
  if (!path.starts_with('/'))
    boost::asio::post(writer_, [workspace = workspace_, path] { workspace->reloadFromDisk(path); });
}

void Server::onDidSave(const json&) {
  // The buffer is already indexed (or will be before the next answer); saving changes nothing.
}

void Server::onDidChangeWatchedFiles(const json& params) {
  ensureIndexPresent();
  for (const auto& event : params.at("changes")) {
    std::string path = documentPath(event.at("uri").get<std::string>());
    if (drafts_.contains(path) || path.starts_with('/')) continue; // an open buffer wins over the disk
    boost::asio::post(writer_, [workspace = workspace_, path] { workspace->reloadFromDisk(path); });
  }
}

void Server::flushEdits() {
  flushTimer_.cancel();
  ensureIndexPresent();
  std::set<std::string> flushed;
  flushed.swap(edited_);
  for (const auto& path : flushed) {
    try {
      workspace_->updateContent(path, drafts_.at(path));
      publishDiagnostics(path);
    } catch (const std::exception& e) {
      spdlog::error("indexing {} failed: {}", path, e.what());
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
  std::string path = documentPath(params.at("textDocument").at("uri").get<std::string>());
  std::vector<graph::SymbolRecord> symbols = graph::outlineSymbols(*workspace_->snapshot(), path);
  std::string text = textOf(path);
  LineTable lines(text);

  if (!client_.hierarchicalDocumentSymbol) {
    json out = json::array();
    for (const auto& s : symbols) {
      json info = {{"name", s.name}, {"kind", static_cast<int>(s.kind)},
                   {"location", Location{uriOf(path), toRange(lines, s.range)}}};
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

std::pair<std::string, graph::Point> Server::positionOf(const json& params) const {
  auto p = params.get<TextDocumentPositionParams>();
  std::string path = documentPath(p.uri);
  std::string text = textOf(path);
  LineTable lines(text);
  return {path, {p.position.line, bytesFromColumn(lines.line(p.position.line), p.position.character, encoding_)}};
}

json Server::toLocations(const std::vector<graph::Location>& locations) const {
  std::map<std::string, std::pair<std::string, std::unique_ptr<LineTable>>> texts;
  json out = json::array();
  for (const auto& loc : locations) {
    if (encoding_ == PositionEncoding::Utf8) { // columns are already bytes: no file to read
      out.push_back(Location{uriOf(loc.path), {{loc.span.start.line, loc.span.start.column},
                                                {loc.span.end.line, loc.span.end.column}}});
      continue;
    }
    auto& entry = texts[loc.path];
    if (!entry.second) {
      entry.first = textOf(loc.path);
      entry.second = std::make_unique<LineTable>(entry.first);
    }
    out.push_back(Location{uriOf(loc.path), toRange(*entry.second, loc.span)});
  }
  return out;
}

json Server::onDefinition(const json& params) {
  auto [path, point] = positionOf(params);
  return toLocations(graph::findDefinition(*workspace_->snapshot(), path, point));
}

json Server::onDeclaration(const json& params) {
  auto [path, point] = positionOf(params);
  return toLocations(graph::findDeclaration(*workspace_->snapshot(), path, point));
}

json Server::onReferences(const json& params) {
  auto [path, point] = positionOf(params);
  bool includeDeclaration = params.contains("context") && params["context"].value("includeDeclaration", false);
  return toLocations(graph::findReferences(*workspace_->snapshot(), path, point, includeDeclaration));
}

json Server::toCallHierarchyItem(const graph::CallHierarchyNode& node) const {
  std::string text = textOf(node.id.path);
  LineTable lines(text);
  json item = {{"name", node.symbol.name},
               {"kind", static_cast<int>(node.symbol.kind)},
               {"uri", uriOf(node.id.path)},
               {"range", toRange(lines, node.symbol.range)},
               {"selectionRange", toRange(lines, node.symbol.selectionRange)},
               // Opaque to the client; comes back in incomingCalls/outgoingCalls.
               {"data", {{"path", node.id.path}, {"index", node.id.index}}}};
  if (!node.symbol.signature.empty()) item["detail"] = node.symbol.signature;
  return item;
}

graph::SymbolId Server::fromCallHierarchyItem(const json& item) const {
  if (item.contains("data") && item["data"].is_object() && item["data"].contains("path"))
    return {item["data"].at("path").get<std::string>(), item["data"].at("index").get<uint32_t>()};
  // A client that drops `data`: find the item again from its position.
  std::string path = documentPath(item.at("uri").get<std::string>());
  std::string text = textOf(path);
  LineTable lines(text);
  Position start = item.at("selectionRange").at("start").get<Position>();
  graph::Point point{start.line, bytesFromColumn(lines.line(start.line), start.character, encoding_)};
  auto nodes = graph::prepareCallHierarchy(*workspace_->snapshot(), path, point);
  if (nodes.empty()) throw LspError(ErrorCode::ContentModified, "the call hierarchy item no longer exists");
  return nodes.front().id;
}

json Server::onPrepareCallHierarchy(const json& params) {
  auto [path, point] = positionOf(params);
  auto nodes = graph::prepareCallHierarchy(*workspace_->snapshot(), path, point);
  if (nodes.empty()) return nullptr;
  json out = json::array();
  for (const auto& n : nodes) out.push_back(toCallHierarchyItem(n));
  return out;
}

json Server::onIncomingCalls(const json& params) {
  graph::SymbolId callee = fromCallHierarchyItem(params.at("item"));
  json out = json::array();
  for (const auto& edge : graph::incomingCalls(*workspace_->snapshot(), callee)) {
    std::string text = textOf(edge.node.id.path);
    LineTable lines(text);
    json ranges = json::array();
    for (const auto& span : edge.fromRanges) ranges.push_back(toRange(lines, span));
    out.push_back({{"from", toCallHierarchyItem(edge.node)}, {"fromRanges", std::move(ranges)}});
  }
  return out;
}

json Server::onOutgoingCalls(const json& params) {
  graph::SymbolId caller = fromCallHierarchyItem(params.at("item"));
  std::string text = textOf(caller.path);
  LineTable lines(text);
  json out = json::array();
  for (const auto& edge : graph::outgoingCalls(*workspace_->snapshot(), caller)) {
    json ranges = json::array();
    for (const auto& span : edge.fromRanges) ranges.push_back(toRange(lines, span));
    out.push_back({{"to", toCallHierarchyItem(edge.node)}, {"fromRanges", std::move(ranges)}});
  }
  return out;
}

void Server::publishDiagnostics(const std::string& path) {
  auto errors = graph::syntaxErrorsOf(*workspace_->snapshot(), path);
  auto language = parse::languageForPath(fs::path(path));
  // Without a preprocessor, C/C++ parse errors may be ours: warnings there, as in --check.
  int severity = language == parse::Language::C || language == parse::Language::Cpp ? 2 : 1;
  std::string text = textOf(path);
  LineTable lines(text);
  json diagnostics = json::array();
  for (const auto& e : errors)
    diagnostics.push_back({{"range", toRange(lines, e.span)},
                           {"severity", severity},
                           {"source", "sextant"},
                           {"code", "syntax-error"},
                           {"message", e.description}});
  json params = {{"uri", uriOf(path)}, {"diagnostics", std::move(diagnostics)}};
  if (auto v = versions_.find(path); v != versions_.end()) params["version"] = v->second;
  transport_.send(json{{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", std::move(params)}});
}

json Server::onHover(const json& params) {
  auto [path, point] = positionOf(params);
  auto snapshot = workspace_->snapshot();
  auto occurrence = graph::occurrenceAt(*snapshot, path, point);
  auto target = graph::hoverTarget(*snapshot, path, point);
  if (!occurrence || !target) return nullptr;
  auto language = parse::languageForPath(fs::path(target->id.path)).value_or(parse::Language::C);
  graph::SymbolDescription d = graph::describeSymbol(textOf(target->id.path), target->symbol, language);
  std::string value = "```" + std::string(parse::languageName(language)) + "\n" + d.declaration + "\n```";
  if (!d.doc.empty()) value += "\n\n" + d.doc;
  value += "\n\n*" + target->id.path + ":" + std::to_string(target->symbol.selectionRange.start.line + 1) + "*";
  std::string text = textOf(path);
  LineTable lines(text);
  return {{"contents", {{"kind", "markdown"}, {"value", value}}}, {"range", toRange(lines, occurrence->span)}};
}

json Server::onDocumentHighlight(const json& params) {
  auto [path, point] = positionOf(params);
  std::string text = textOf(path);
  LineTable lines(text);
  json out = json::array();
  for (const auto& h : graph::documentHighlights(*workspace_->snapshot(), path, point))
    out.push_back({{"range", toRange(lines, h.span)}, {"kind", static_cast<int>(h.kind)}});
  return out;
}

json Server::onWorkspaceSymbol(const json& params) {
  std::string query = params.value("query", "");
  auto snapshot = workspace_->snapshot();
  auto symbols = graph::workspaceSymbols(*snapshot, query, 100);
  std::vector<graph::Location> places;
  for (const auto& s : symbols) places.push_back({s.id.path, s.symbol.selectionRange});
  json locations = toLocations(places);
  std::map<std::string, std::vector<graph::SymbolRecord>> containers;
  json out = json::array();
  for (size_t i = 0; i < symbols.size(); ++i) {
    const auto& s = symbols[i];
    json info = {{"name", s.symbol.name}, {"kind", static_cast<int>(s.symbol.kind)}, {"location", locations[i]}};
    if (s.symbol.parent >= 0) {
      auto [it, fresh] = containers.try_emplace(s.id.path);
      if (fresh) it->second = graph::documentSymbols(*snapshot, s.id.path);
      if (static_cast<size_t>(s.symbol.parent) < it->second.size()) info["containerName"] = it->second[s.symbol.parent].name;
    }
    out.push_back(std::move(info));
  }
  return out;
}

} // namespace sextant::lsp
