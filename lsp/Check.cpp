// The headless check: the same Workspace and queries the server uses, reported for CI.
#include "lsp/Check.h"

#include "graph/Queries.h"
#include "graph/RecordCache.h"
#include "graph/Workspace.h"
#include "lsp/CheckReport.h"
#include "lsp/CompileDatabase.h"
#include "lsp/Config.h"
#include "lsp/PositionEncoding.h"

#include <fmt/core.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace sextant::lsp {
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Progress on stderr: a live line on a terminal, a plain line every 2 s otherwise.
graph::IndexOptions::ProgressFn progressPrinter(bool tty) {
  auto started = std::chrono::steady_clock::now();
  auto lastLine = std::make_shared<std::chrono::steady_clock::time_point>(started);
  return [tty, started, lastLine](const graph::IndexProgress& p) {
    auto now = std::chrono::steady_clock::now();
    double elapsed = std::chrono::duration<double>(now - started).count();
    double rate = elapsed > 0 ? static_cast<double>(p.done) / elapsed : 0;
    double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : 0;
    if (tty) {
      constexpr int kWidth = 30;
      int filled = p.total ? static_cast<int>(kWidth * p.done / p.total) : kWidth;
      fmt::print(stderr, "\r\033[K[{}{}] {}/{} files, {:.0f} files/s, ETA {:.0f} s", std::string(filled, '#'),
                 std::string(kWidth - filled, ' '), p.done, p.total, rate, eta);
    } else if (now - *lastLine >= std::chrono::seconds(2) || p.done == p.total) {
      *lastLine = now;
      fmt::print(stderr, "sextant: indexed {}/{} files ({:.0f} files/s)\n", p.done, p.total, rate);
    }
  };
}

double percentile(std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t i = std::min(sorted.size() - 1, static_cast<size_t>(q * static_cast<double>(sorted.size())));
  return sorted[i];
}

/// clangd --check, workspace-wide: document symbols of every file, then definition and
/// references at up to `perFile` definitions and references of it, through the server's queries.
/// An exception is an error finding.
SelfTestStats selfTest(const kv::Snapshot& snapshot, std::vector<graph::Finding>& findings, size_t perFile = 12) {
  std::vector<double> latencies;
  SelfTestStats stats;
  auto timed = [&](const std::string& path, graph::Point at, const char* what, auto&& query) {
    auto start = std::chrono::steady_clock::now();
    try {
      query();
    } catch (const std::exception& e) {
      ++stats.failures;
      findings.push_back({path, at, "self-test", graph::Severity::Error, std::string(what) + " failed: " + e.what()});
    }
    latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  };
  std::vector<std::string> paths;
  snapshot.scanPrefix("file:", [&](std::string_view k, std::string_view) {
    paths.emplace_back(k.substr(5));
    return true;
  });
  for (const auto& path : paths) {
    graph::Resolver resolver(snapshot);
    std::vector<graph::Point> positions;
    const auto& symbols = resolver.symbolsOf(path);
    for (size_t i = 0; i < symbols.size() && positions.size() < perFile / 2; i += std::max<size_t>(1, symbols.size() / (perFile / 2)))
      positions.push_back(symbols[i].selectionRange.start);
    const auto& refs = resolver.referencesOf(path);
    for (size_t i = 0; i < refs.size() && positions.size() < perFile; i += std::max<size_t>(1, refs.size() / (perFile / 2)))
      positions.push_back(refs[i].span.start);
    timed(path, {0, 0}, "documentSymbol", [&] { graph::documentSymbols(snapshot, path); });
    for (auto at : positions) {
      timed(path, at, "definition", [&] { graph::findDefinition(snapshot, path, at); });
      timed(path, at, "references", [&] { graph::findReferences(snapshot, path, at, true); });
    }
  }
  std::sort(latencies.begin(), latencies.end());
  stats.queries = latencies.size();
  stats.p50 = percentile(latencies, 0.50);
  stats.p95 = percentile(latencies, 0.95);
  stats.p99 = percentile(latencies, 0.99);
  stats.max = latencies.empty() ? 0 : latencies.back();
  return stats;
}

} // namespace

int runCheck(const CheckOptions& options) {
  std::error_code ec;
  fs::path root = fs::canonical(options.root, ec);
  if (ec || !fs::is_directory(root, ec)) {
    fmt::print(stderr, "sextant: cannot read workspace root {}: {}\n", options.root.string(),
               ec ? ec.message() : "not a directory");
    return 2;
  }
  if (access(root.c_str(), R_OK | X_OK) != 0) {
    fmt::print(stderr, "sextant: cannot read workspace root {}: {}\n", root.string(), std::strerror(errno));
    return 2;
  }
  fs::path indexDir = options.indexDir ? fs::absolute(*options.indexDir) : graph::defaultIndexDir(root);

  std::string configWarning;
  WorkspaceConfig config = readWorkspaceConfig(root, &configWarning);
  if (!configWarning.empty()) fmt::print(stderr, "sextant: {}\n", configWarning);

  std::unique_ptr<graph::Workspace> workspace;
  try {
    std::string backendWarnings;
    Backend backend = chooseBackend(root, std::nullopt, options.backend, &backendWarnings);
    OpenedStore opened = openIndexStore(indexDir, backend);
    if (!opened.fallbackReason.empty()) fmt::print(stderr, "sextant: {}\n", opened.fallbackReason);
    workspace = std::make_unique<graph::Workspace>(root, std::move(opened.store));
  } catch (const std::exception& e) {
    fmt::print(stderr, "sextant: cannot open the index in {}: {}\n", indexDir.string(), e.what());
    return 2;
  }

  graph::IndexOptions indexOptions;
  indexOptions.threads = options.threads;
  indexOptions.link = options.link || options.selfTest;
  if (!config.exclude.empty())
    indexOptions.exclude = [&](std::string_view path) { return matchesAnyGlob(config.exclude, path); };
  // Files per atomic commit; small values let the crash-safety test kill between commits.
  if (const char* batch = std::getenv("SEXTANT_BATCH_FILES")) indexOptions.batchFiles = std::strtoul(batch, nullptr, 10);
  std::string compileWarning;
  indexOptions.compileCommands = workspaceCompileCommands(root, &compileWarning);
  if (!compileWarning.empty()) fmt::print(stderr, "sextant: {}\n", compileWarning);
  bool tty = isatty(STDERR_FILENO);
  if (!options.quiet) indexOptions.progress = progressPrinter(tty);

  CheckResult result;
  result.root = root;
  result.indexDir = indexDir;
  result.backend = std::string(workspace->store().backendName());
  try {
    result.stats = workspace->index(indexOptions);
  } catch (const fs::filesystem_error& e) {
    fmt::print(stderr, "\nsextant: cannot read workspace root {}: {}\n", root.string(), e.code().message());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "\nsextant: indexing failed: {}\n", e.what());
    return 2;
  }
  if (!options.quiet && tty) fmt::print(stderr, "\r\033[K");
  for (const auto& s : result.stats.skipped) fmt::print(stderr, "sextant: skipped {}: {}\n", s.path, s.reason);
  if (result.stats.found == 0)
    // Debian's linux-source, for one, ships a .gitignore of `/*`: say why nothing was indexed.
    fmt::print(stderr, "sextant: no source files found under {} (unsupported languages only, or all ignored by "
                       ".gitignore / git's exclude rules)\n", root.string());

  // The link filled the shared record cache from its workers' malloc arenas; the findings pass
  // refills it from this thread's, and memory freed in one arena does not serve the other.
  // Emptied and trimmed first, the two do not add up.
  graph::RecordCache::shared().clear();
  malloc_trim(0);

  // Findings, restricted to the requested paths and the configuration's excludes.
  graph::FindingOptions findingOptions;
  findingOptions.disabledRules.insert(config.disabledRules.begin(), config.disabledRules.end());
  std::vector<std::string> scopes;
  for (const auto& p : options.paths) {
    fs::path rel = fs::weakly_canonical(p, ec).lexically_relative(root);
    if (!rel.empty() && rel != "." && *rel.begin() != "..") scopes.push_back(rel.generic_string());
  }
  findingOptions.excluded = [&](std::string_view path) {
    if (matchesAnyGlob(config.exclude, path)) return true;
    if (scopes.empty()) return false;
    return std::none_of(scopes.begin(), scopes.end(), [&](const std::string& s) {
      return path == s || (path.starts_with(s) && path.size() > s.size() && path[s.size()] == '/');
    });
  };
  std::vector<graph::Finding> findings;
  try {
    findings = graph::collectFindings(workspace->store(), root, findingOptions);
    if (options.selfTest) result.selfTest = selfTest(*workspace->snapshot(), findings);
  } catch (const std::exception& e) {
    fmt::print(stderr, "sextant: checking failed: {}\n", e.what());
    return 2;
  }

  // Display positions: 1-based lines, 1-based UTF-16 columns (what editors and SARIF count).
  // Findings are sorted by path: one file read and one line table per file, dropped after it.
  std::string text, textPath;
  std::optional<LineTable> lines;
  for (const auto& f : findings) {
    if (!lines || f.path != textPath) {
      lines.reset();
      textPath = f.path;
      text = readFile(root / f.path);
      lines.emplace(text);
    }
    result.findings.push_back({&f, f.position.line + 1,
                               columnFromBytes(lines->line(f.position.line), f.position.column, PositionEncoding::Utf16) + 1});
  }

  std::string report;
  bool toTerminal = !options.output && isatty(STDOUT_FILENO);
  switch (options.format) {
  case ReportFormat::Text: report = renderText(result, toTerminal); break;
  case ReportFormat::Json: report = renderJson(result).dump(2) + "\n"; break;
  case ReportFormat::Sarif: report = renderSarif(result).dump(2) + "\n"; break;
  }
  if (options.output) {
    std::ofstream out(*options.output, std::ios::binary | std::ios::trunc);
    if (!(out << report)) {
      fmt::print(stderr, "sextant: cannot write {}: {}\n", options.output->string(), std::strerror(errno));
      return 2;
    }
  } else {
    fmt::print("{}", report);
  }

  bool failed = std::any_of(findings.begin(), findings.end(), [&](const graph::Finding& f) {
    return options.failOn == FailOn::Warning || (options.failOn == FailOn::Error && f.severity == graph::Severity::Error);
  });
  return failed && options.failOn != FailOn::Never ? 1 : 0;
}

} // namespace sextant::lsp
