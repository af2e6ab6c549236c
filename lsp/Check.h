// `sextant --check`: index a tree headlessly, report findings in CI formats, gate on severity.
#pragma once

#include "lsp/StoreFactory.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sextant::lsp {

enum class ReportFormat { Text, Json, Sarif };
enum class FailOn { Error, Warning, Never };

struct CheckOptions {
  std::filesystem::path root = ".";
  std::vector<std::filesystem::path> paths;   ///< report only findings under these (empty: all)
  std::optional<std::filesystem::path> indexDir;
  Backend backend = Backend::Lmdb;
  unsigned threads = 0;
  bool quiet = false;                         ///< no progress on stderr
  ReportFormat format = ReportFormat::Text;
  std::optional<std::filesystem::path> output;///< write the report there instead of stdout
  FailOn failOn = FailOn::Error;
  bool selfTest = false;                      ///< run the queries at sampled positions of every file
  /// Also store resolutions (graph::linkPending), as the language server does after indexing;
  /// findings never need them. Implied by selfTest.
  bool link = false;
};

/// Indexes `root` into its persistent index (reusing it: unchanged files cost nothing), runs the
/// findings rules (graph/Findings.h) minus those `.sextant.json` disables, and prints the report.
/// Text: `file:line:col: severity: message [rule]` lines (colour on a TTY) then the summary.
/// JSON: docs/check.md's schema. SARIF 2.1.0: one run, rules with default levels, columns in
/// UTF-16 code units. Lines and columns are 1-based; columns count UTF-16 code units.
/// Progress on stderr unless quiet: a live line with files/s and ETA on a TTY, a plain line every
/// two seconds otherwise. Exit code: 0 clean, 1 findings at or above `failOn`, 2 usage or
/// environment error (unreadable root, unusable store, unwritable output) with one line on stderr.
int runCheck(const CheckOptions& options);

} // namespace sextant::lsp
