// The per-workspace configuration file `<root>/.sextant.json` and the backend choice it feeds.
#pragma once

#include "lsp/StoreFactory.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::lsp {

/// What `.sextant.json` may set. Unknown members are ignored (other tools may share the file).
struct WorkspaceConfig {
  std::optional<Backend> store;          ///< "store": "lmdb" | "sqlite"
  std::vector<std::string> exclude;      ///< "exclude": globs (fnmatch, `**` spans folders) of paths left out of --check reports
  std::vector<std::string> disabledRules;///< "rules": {"<rule id>": false} turns a --check rule off
  /// "compilationDatabase": the folder holding `compile_commands.json`, relative to the root or
  /// absolute (clangd's `CompileFlags: CompilationDatabase:`); unset: the root, then `build/`.
  std::optional<std::string> compilationDatabase;
};

/// True when the workspace-relative `path` matches one of `globs`: `*`, `?`, `[...]` within a
/// path component, `**` across components, a trailing `/` or `/**` for everything under a folder.
bool matchesAnyGlob(const std::vector<std::string>& globs, std::string_view path);

/// Reads `<root>/.sextant.json`. A missing file is an empty config. A file that is not a JSON
/// object, or a "store" that is not "lmdb"/"sqlite", yields an empty config and a one-line
/// message in `*warning` (when given); it never throws, so a typo cannot keep Sextant from
/// starting.
WorkspaceConfig readWorkspaceConfig(const std::filesystem::path& root, std::string* warning = nullptr);

/// The backend for a new index of `root`, first match wins: `initializationOptionsStore` (the
/// LSP client's `initializationOptions.store`, when set), `.sextant.json`'s "store", then
/// `fallback` (the `--store` flag, lmdb by default). An invalid value is skipped with a message
/// appended to `*warnings`. Whatever this returns, an existing index keeps its format
/// (openIndexStore decides from the files).
Backend chooseBackend(const std::filesystem::path& root, const std::optional<std::string>& initializationOptionsStore,
                      Backend fallback, std::string* warnings = nullptr);

} // namespace sextant::lsp
