// `sextant --check`: index a tree headlessly and print a summary.
#pragma once

#include "lsp/StoreFactory.h"

#include <filesystem>
#include <optional>

namespace sextant::lsp {

struct CheckOptions {
  std::filesystem::path root = ".";
  std::optional<std::filesystem::path> indexDir;
  Backend backend = Backend::Lmdb;
  unsigned threads = 0;
  bool quiet = false;   ///< no progress line
};

/// Indexes `root` into its persistent index and prints the summary to stdout (files by language,
/// symbols, references, calls, files with syntax errors, reindexed vs unchanged, wall time,
/// files/s); skipped files go to stderr. Returns the process exit code: 0 when the index was
/// built, 2 with a one-line error on stderr when the root is unreadable or no store can be opened.
int runCheck(const CheckOptions& options);

} // namespace sextant::lsp
