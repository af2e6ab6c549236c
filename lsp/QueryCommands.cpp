// CLI front end over the same graph queries the LSP server answers with.
#include "lsp/QueryCommands.h"

#include "graph/Codec.h"
#include "graph/ControlFlow.h"
#include "graph/Keys.h"
#include "graph/Queries.h"
#include "lsp/CfgFormat.h"
#include "graph/Workspace.h"
#include "lsp/Config.h"
#include "lsp/CompileDatabase.h"
#include "lsp/StoreFactory.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <functional>

namespace sextant::lsp {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// `path:line:col` with 1-based numbers; the path may itself contain ':'.
bool parsePosition(const std::string& text, fs::path& file, uint32_t& line, uint32_t& column) {
  size_t c2 = text.rfind(':');
  if (c2 == std::string::npos || c2 == 0) return false;
  size_t c1 = text.rfind(':', c2 - 1);
  if (c1 == std::string::npos) return false;
  try {
    line = static_cast<uint32_t>(std::stoul(text.substr(c1 + 1, c2 - c1 - 1)));
    column = static_cast<uint32_t>(std::stoul(text.substr(c2 + 1)));
  } catch (const std::exception&) {
    return false;
  }
  file = text.substr(0, c1);
  return line > 0 && column > 0;
}

/// `path:line` (1-based), for `sextant cfg`; a `path:line:col` is accepted too (the column is
/// ignored). The path may contain ':'.
bool parseFileLine(const std::string& text, fs::path& file, uint32_t& line) {
  uint32_t column = 0;
  if (parsePosition(text, file, line, column)) return true;
  size_t c = text.rfind(':');
  if (c == std::string::npos || c == 0 || c + 1 == text.size()) return false;
  const std::string digits = text.substr(c + 1);
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) return false;
  line = static_cast<uint32_t>(std::stoul(digits));
  file = text.substr(0, c);
  return line > 0;
}

fs::path findRoot(const fs::path& file) {
  for (fs::path dir = fs::absolute(file).parent_path(); !dir.empty(); dir = dir.parent_path()) {
    std::error_code ec;
    for (const char* marker : {".sextant", ".sextant.json", ".git"})
      if (fs::exists(dir / marker, ec)) return dir;
    if (dir == dir.root_path()) break;
  }
  return fs::current_path();
}

struct Row {
  std::string path;
  graph::Span span;
  std::string name;
  int kind = 0;
};

int print(const std::vector<Row>& rows, bool asJson) {
  if (asJson) {
    json out = json::array();
    for (const auto& r : rows) {
      json j = {{"file", r.path},
                {"line", r.span.start.line + 1},
                {"column", r.span.start.column + 1},
                {"endLine", r.span.end.line + 1},
                {"endColumn", r.span.end.column + 1}};
      if (!r.name.empty()) j["name"] = r.name;
      if (r.kind) j["kind"] = r.kind;
      out.push_back(std::move(j));
    }
    fmt::print("{}\n", out.dump(2));
  } else {
    for (const auto& r : rows)
      fmt::print("{}:{}:{}{}{}\n", r.path, r.span.start.line + 1, r.span.start.column + 1, r.name.empty() ? "" : ": ",
                 r.name);
  }
  return 0;
}

} // namespace

QueryCommands::QueryCommands(CLI::App& app) {
  auto common = [&](CLI::App* sub) {
    sub->add_option("--root", root_, "Workspace root (default: nearest folder with .sextant, .sextant.json or .git)");
    sub->add_option("--index", indexDir_, "Index folder");
    sub->add_flag("--json", json_, "JSON output");
  };
  auto positional = [&](const char* name, const char* help) {
    CLI::App* sub = app.add_subcommand(name, help);
    sub->add_option("position", position_, "FILE:LINE:COL (1-based, column in bytes)")->required();
    common(sub);
    return sub;
  };
  def_ = positional("def", "Go to definition");
  decl_ = positional("decl", "Go to declaration");
  refs_ = positional("refs", "Find references (with the declaration unless --no-declaration)");
  refs_->add_flag("--no-declaration", noDeclaration_, "Leave out the symbol's own declarations");
  callers_ = positional("callers", "Incoming calls of the function at the position");
  callees_ = positional("callees", "Outgoing calls of the function at the position");
  cfg_ = app.add_subcommand("cfg", "Control-flow graph of the innermost function containing FILE:LINE");
  cfg_->add_option("position", position_, "FILE:LINE (1-based)")->required();
  cfg_->add_option("--format", format_, "text (default) or dot (Graphviz)")->check(CLI::IsMember({"text", "dot"}));
  cfg_->add_option("--root", root_, "Workspace root (default: nearest folder with .sextant, .sextant.json or .git)");
  cfg_->add_option("--index", indexDir_, "Index folder");
  symbols_ = app.add_subcommand("symbols", "Document symbols of FILE, or workspace symbols matching --query");
  symbols_->add_option("file", file_, "A file: its outline");
  symbols_->add_option("--query", query_, "Fuzzy workspace-symbol query");
  common(symbols_);
}

std::optional<int> QueryCommands::run() const {
  CLI::App* selected = nullptr;
  for (CLI::App* sub : {def_, decl_, refs_, callers_, callees_, symbols_, cfg_})
    if (sub->parsed()) selected = sub;
  if (!selected) return std::nullopt;

  fs::path file;
  uint32_t line = 0, column = 0;
  if (selected == cfg_ && !parseFileLine(position_, file, line)) {
    fmt::print(stderr, "sextant cfg: expected FILE:LINE (1-based), got '{}'\n", position_);
    return 2;
  }
  if (selected != symbols_ && selected != cfg_ && !parsePosition(position_, file, line, column)) {
    fmt::print(stderr, "sextant: expected FILE:LINE:COL (1-based), got '{}'\n", position_);
    return 2;
  }
  if (selected == symbols_) {
    if (file_.empty() == !query_.has_value()) {
      fmt::print(stderr, "sextant symbols: give either FILE or --query TEXT\n");
      return 2;
    }
    file = file_;
  }
  fs::path root = root_ ? *root_ : file.empty() ? fs::current_path() : findRoot(file);
  std::error_code ec;
  root = fs::canonical(root, ec);
  if (ec) {
    fmt::print(stderr, "sextant: cannot read workspace root: {}\n", ec.message());
    return 2;
  }
  std::unique_ptr<graph::Workspace> workspace;
  try {
    fs::path indexDir = indexDir_ ? fs::absolute(*indexDir_) : graph::defaultIndexDir(root);
    OpenedStore opened = openIndexStore(indexDir, chooseBackend(root, std::nullopt, Backend::Lmdb));
    workspace = std::make_unique<graph::Workspace>(root, std::move(opened.store));
    graph::IndexOptions options;
    // Queries resolve files whose link is pending on the spot (graph/Queries.h); linking a whole
    // unlinked index first (the Linux tree after `sextant --check`) would take longer than any answer.
    options.link = false;
    std::string warning;
    options.compileCommands = workspaceCompileCommands(root, &warning);
    if (!warning.empty()) fmt::print(stderr, "sextant: {}\n", warning);
    WorkspaceConfig config = readWorkspaceConfig(root);
    if (!config.exclude.empty())
      options.exclude = [&](std::string_view p) { return matchesAnyGlob(config.exclude, p); };
    workspace->index(options);
  } catch (const std::exception& e) {
    fmt::print(stderr, "sextant: cannot open or update the index: {}\n", e.what());
    return 2;
  }
  auto snapshot = workspace->snapshot();

  std::vector<Row> rows;
  if (selected == symbols_ && query_) {
    for (const auto& s : graph::workspaceSymbols(*snapshot, *query_, 100))
      rows.push_back({s.id.path, s.symbol.selectionRange, s.symbol.name, static_cast<int>(s.symbol.kind)});
    return print(rows, json_);
  }
  auto rel = workspace->relativePath(fs::absolute(file).lexically_normal());
  if (!rel) {
    fmt::print(stderr, "sextant: {} is outside the workspace {}\n", file.string(), root.string());
    return 2;
  }
  if (selected == symbols_) {
    for (const auto& s : graph::outlineSymbols(*snapshot, *rel))
      rows.push_back({*rel, s.selectionRange, s.name, static_cast<int>(s.kind)});
    return print(rows, json_);
  }
  if (selected == cfg_) {
    if (!snapshot->get(graph::keys::file(*rel))) {
      fmt::print(stderr, "sextant cfg: {} is not indexed (unsupported language, excluded or unreadable)\n", *rel);
      return 2;
    }
    std::optional<graph::CfgRecord> cfg;
    try {
      cfg = graph::cfgAt(*snapshot, *rel, graph::Point{line - 1, 0});
    } catch (const graph::CorruptValue& e) {
      fmt::print(stderr, "sextant cfg: {}\n", e.what());
      return 2;
    }
    if (!cfg) {
      fmt::print(stderr, "sextant cfg: no function contains line {} of {}\n", line, *rel);
      return 1;
    }
    fmt::print("{}", format_ == "dot" ? formatCfgDot(*cfg, *rel) : formatCfgText(*cfg, *rel));
    return 0;
  }
  graph::Point at{line - 1, column - 1};
  auto locations = [&](const std::vector<graph::Location>& found) {
    for (const auto& l : found) rows.push_back({l.path, l.span, "", 0});
  };
  if (selected == def_) locations(graph::findDefinition(*snapshot, *rel, at));
  else if (selected == decl_) locations(graph::findDeclaration(*snapshot, *rel, at));
  else if (selected == refs_) locations(graph::findReferences(*snapshot, *rel, at, !noDeclaration_));
  else {
    for (const auto& node : graph::prepareCallHierarchy(*snapshot, *rel, at)) {
      auto edges = selected == callers_ ? graph::incomingCalls(*snapshot, node.id) : graph::outgoingCalls(*snapshot, node.id);
      for (const auto& e : edges)
        rows.push_back({e.node.id.path, e.node.symbol.selectionRange, e.node.symbol.name, static_cast<int>(e.node.symbol.kind)});
    }
  }
  return print(rows, json_);
}

} // namespace sextant::lsp
