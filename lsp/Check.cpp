// The headless check: the same Workspace the server uses, reported as text.
#include "lsp/Check.h"

#include "graph/Workspace.h"
#include "lsp/Config.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sextant::lsp {
namespace fs = std::filesystem;

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

  std::unique_ptr<graph::Workspace> workspace;
  try {
    std::string configWarnings;
    Backend backend = chooseBackend(root, std::nullopt, options.backend, &configWarnings);
    if (!configWarnings.empty()) fmt::print(stderr, "sextant: {}\n", configWarnings);
    OpenedStore opened = openIndexStore(indexDir, backend);
    if (!opened.fallbackReason.empty()) fmt::print(stderr, "sextant: {}\n", opened.fallbackReason);
    workspace = std::make_unique<graph::Workspace>(root, std::move(opened.store));
  } catch (const std::exception& e) {
    fmt::print(stderr, "sextant: cannot open the index in {}: {}\n", indexDir.string(), e.what());
    return 2;
  }

  graph::IndexOptions indexOptions;
  indexOptions.threads = options.threads;
  // Files per atomic commit; small values let the crash-safety test kill between commits.
  if (const char* batch = std::getenv("SEXTANT_BATCH_FILES")) indexOptions.batchFiles = std::strtoul(batch, nullptr, 10);
  bool tty = isatty(STDERR_FILENO);
  if (!options.quiet && tty)
    indexOptions.progress = [](const graph::IndexProgress& p) {
      fmt::print(stderr, "\r\033[Kindexing {}/{} files", p.done, p.total);
    };

  graph::IndexStats stats;
  try {
    stats = workspace->index(indexOptions);
  } catch (const fs::filesystem_error& e) {
    fmt::print(stderr, "sextant: cannot read workspace root {}: {}\n", root.string(), e.code().message());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "sextant: indexing failed: {}\n", e.what());
    return 2;
  }
  if (indexOptions.progress) fmt::print(stderr, "\r\033[K");

  for (const auto& s : stats.skipped) fmt::print(stderr, "sextant: skipped {}: {}\n", s.path, s.reason);

  const auto& t = stats.totals;
  std::string byLanguage;
  for (const auto& [language, count] : t.filesByLanguage)
    byLanguage += fmt::format("{}{} {}", byLanguage.empty() ? "" : ", ", parse::languageName(language), count);
  fmt::print("sextant --check {}\n", root.string());
  fmt::print("  index:      {} ({}){}\n", indexDir.string(), workspace->store().backendName(),
             workspace->rebuilt() ? ", rebuilt: schema changed" : "");
  fmt::print("  files:      {} ({})\n", t.files, byLanguage.empty() ? "none" : byLanguage);
  fmt::print("  symbols:    {}\n", t.definitions);
  fmt::print("  references: {}\n", t.references);
  fmt::print("  calls:      {}\n", t.calls);
  fmt::print("  syntax errors: {} in {} files\n", t.syntaxErrors, t.filesWithSyntaxErrors);
  fmt::print("  this run:   {} reindexed, {} unchanged, {} removed, {} skipped, {} writes{}\n", stats.reindexed,
             stats.unchanged, stats.removed, stats.skipped.size(), stats.mutations,
             stats.usedGit ? " (file list from git)" : "");
  fmt::print("  time:       {:.3f} s, {:.0f} files/s\n", stats.seconds,
             stats.seconds > 0 ? static_cast<double>(stats.found) / stats.seconds : 0.0);
  return 0;
}

} // namespace sextant::lsp
