// Project-wide findings for `sextant --check`: what a CI gate reports about an indexed tree.
#pragma once

#include "graph/Model.h"
#include "kvstore/Store.h"

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace sextant::graph {

enum class Severity { Error, Warning };
std::string_view severityName(Severity severity); ///< "error" / "warning"

/// One finding. `position`: 0-based line and BYTE column (convert for display).
struct Finding {
  std::string path;       ///< workspace-relative
  Point position;
  std::string rule;       ///< one of kRules
  Severity severity = Severity::Error;
  std::string message;    ///< one line
};

/// Every rule id with its default severity and a one-line description (for --help, SARIF rules).
struct RuleInfo {
  std::string_view id;
  Severity severity;
  std::string_view description;
};
extern const std::vector<RuleInfo> kRules;

struct FindingOptions {
  std::set<std::string, std::less<>> disabledRules;       ///< rule ids not to run
  std::function<bool(std::string_view path)> excluded;     ///< paths to leave out of the report
  bool checkDrift = true;                                  ///< run the index-drift rule (re-hashes every file)
};

/// Runs every enabled rule over `snapshot`, the index of the workspace `root` (absolute):
///  - syntax-error (error; warning in C/C++, where the missing preprocessor makes tree-sitter's
///    errors unreliable): tree-sitter ERROR and MISSING nodes;
///  - unresolved-import (error for Python relative imports and C/C++ `"./x"`/`"../x"` includes,
///    warning for other quoted includes): imports naming a workspace file that does not exist;
///  - duplicate-definition (error): a second body of one function where the language forbids it
///    (C in one file outside #if alternatives; Go in one package; Rust and Java in one scope with
///    one signature);
///  - index-drift (error): verifyIndex() problems (files changed since indexing, orphaned keys);
///  - dead-code (warning): functions no workspace file references by name, entry points (`main`,
///    tests, `__dunder__` hooks) and public API (Python/JS names without a leading `_`, Go
///    exported names, C functions with a prototype, Java non-private methods) excluded;
///  - import-cycle (warning): cycles of resolved includes/imports, reported once per cycle.
/// Sorted by path, line, column, rule. Throws kv::StoreError, CorruptValue.
std::vector<Finding> collectFindings(const kv::Snapshot& snapshot, const std::filesystem::path& root,
                                     const FindingOptions& options = {});

/// Which rules collectFindings(Store&, …) took from the store and which it ran.
struct FindingCacheStats {
  std::vector<std::string> reused, computed; ///< rule ids
  bool saved = false;                        ///< the computed results were written back
};

/// collectFindings() with each rule's results kept in the store (`check:rule:<id>`, see
/// docs/storage.md), tagged with a digest of every `file:` record, the root and the schema: a
/// run on an unchanged index reads them back instead of walking the graph; any indexed change
/// (a file added, removed or with another content hash) changes the digest, and the enabled rules
/// are then recomputed over the whole graph. Rules turned off are neither run nor reported; one
/// turned on again is computed when its cached result is stale. index-drift is split: the index's
/// own consistency is cached like a rule, the comparison with the disk (re-hashing every file)
/// runs every time. The findings are the same as collectFindings() on a snapshot of `store`. A
/// store that refuses the write (read-only) only loses the cache. Throws like collectFindings.
std::vector<Finding> collectFindings(kv::Store& store, const std::filesystem::path& root,
                                     const FindingOptions& options = {}, FindingCacheStats* stats = nullptr);

} // namespace sextant::graph
