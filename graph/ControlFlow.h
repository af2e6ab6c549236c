// Queries over the stored control-flow graphs (`cfg:`) and AST outlines (`ast:`).
#pragma once

#include "graph/Model.h"
#include "kvstore/Store.h"

#include <optional>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// Every CFG stored for `path` (workspace-relative), with absolute spans (each `cfg:` key's
/// relative spans rebased on its symbol's range start), sorted by function start. Empty when the
/// file is not indexed or has no functions. Throws CorruptValue on a value that does not decode
/// (or a `cfg:` key whose symbol has no `sym:d:` record).
std::vector<CfgRecord> cfgsOf(const kv::Snapshot& snapshot, std::string_view path);

/// The CFG of the innermost function of `path` whose lines contain `at.line` (0-based; the
/// column is ignored): among the functions whose range spans that line, the one starting last.
/// nullopt when no function contains the line.
std::optional<CfgRecord> cfgAt(const kv::Snapshot& snapshot, std::string_view path, Point at);

/// The AST outline of `path`; nullopt when the file has none (not indexed, or empty).
std::optional<AstRecord> astOf(const kv::Snapshot& snapshot, std::string_view path);

} // namespace sextant::graph
