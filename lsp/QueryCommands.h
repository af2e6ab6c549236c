// The navigation subcommands of the sextant CLI: def, decl, refs, callers, callees, symbols, cfg.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace sextant::lsp {

/// `sextant def|decl|refs|callers|callees FILE:LINE:COL` and `sextant symbols FILE` /
/// `sextant symbols --query TEXT`, with `--root DIR` (default: the nearest folder above FILE
/// holding `.sextant`, `.sextant.json` or `.git`, else the current folder), `--index DIR` and
/// `--json`. LINE and COL are 1-based, COL in bytes, as compilers print them. The index is brought
/// up to date first (incrementally: unchanged files cost nothing). Text output: one
/// `file:line:col: name` line per result, paths relative to the root. JSON: an array of
/// {file, line, column, endLine, endColumn, name?, kind?} (1-based, byte columns). Exit codes:
/// 0 results printed (possibly none), 2 usage or environment error.
///
/// `sextant cfg FILE:LINE [--format text|dot]` prints the control-flow graph of the innermost
/// function whose lines contain LINE (graph::cfgAt), as text or Graphviz DOT (lsp/CfgFormat.h).
/// Exit codes: 0 printed, 1 no function contains that line, 2 usage or environment error (the
/// file is not indexed, the index cannot be opened).
class QueryCommands {
public:
  explicit QueryCommands(CLI::App& app);
  QueryCommands(const QueryCommands&) = delete;
  QueryCommands& operator=(const QueryCommands&) = delete;

  /// After app.parse(): the exit code of the selected subcommand, nullopt when none was given.
  std::optional<int> run() const;

private:
  struct Selected;
  CLI::App* def_ = nullptr;
  CLI::App* decl_ = nullptr;
  CLI::App* refs_ = nullptr;
  CLI::App* callers_ = nullptr;
  CLI::App* callees_ = nullptr;
  CLI::App* symbols_ = nullptr;
  CLI::App* cfg_ = nullptr;
  std::string format_ = "text";
  std::string position_;
  std::string file_;
  std::optional<std::string> query_;
  std::optional<std::filesystem::path> root_;
  std::optional<std::filesystem::path> indexDir_;
  bool json_ = false;
  bool noDeclaration_ = false;
};

} // namespace sextant::lsp
