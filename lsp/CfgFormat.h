// Text and Graphviz renderings of a stored control-flow graph, for `sextant cfg`.
#pragma once

#include "graph/Model.h"

#include <string>
#include <string_view>

namespace sextant::lsp {

/// Readable text: a header line `cfg NAME (NODE_TYPE) PATH:START-END: N blocks, M edges` (NAME
/// `<anonymous>` for a lambda/closure; lines 1-based), then one line per block:
/// `  B3  condition  L7       if_statement `x > 0`  -> B4 true, B6 false` (index, kind, line or
/// line range, terminator node type and label when set, successors with edge kinds).
/// A truncated graph (too deeply nested) says so in the header.
std::string formatCfgText(const graph::CfgRecord& cfg, std::string_view path);

/// Graphviz DOT: `digraph "NAME" { … }`, one node `bN` per block labelled with its index, kind,
/// line range and label (entry/exit ovals, conditions and loop headers diamonds, the rest boxes),
/// one edge per CFG edge labelled with its kind. Quotes, backslashes and control bytes in labels
/// are escaped.
std::string formatCfgDot(const graph::CfgRecord& cfg, std::string_view path);

} // namespace sextant::lsp
