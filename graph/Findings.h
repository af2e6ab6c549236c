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

} // namespace sextant::graph
