// Control-flow graphs of the functions of one parse tree (internal to parsers/).
#pragma once

#include "parsers/Extraction.h"
#include "parsers/FlowTable.h"
#include "parsers/Outline.h"

#include <span>
#include <string_view>
#include <vector>

namespace sextant::parse {

/// Statement nesting deeper than this (blocks in blocks in loops ...) abandons the function's
/// graph: it becomes entry -> one plain block (the body) -> exit with FunctionCfg::truncated set.
/// The builder recurses once per nesting level, so this bounds its stack (about 200 bytes a level).
/// Else-if chains do not nest (they are followed iteratively).
inline constexpr unsigned kMaxCfgDepth = 256;

/// Builds one FunctionCfg per entry of `functions` (from walkStructure), in the same order, and
/// ties each to the innermost callable of `definitions` around it (FunctionCfg::symbol/own).
///
/// Modelled: if/else-if/else, while, do-while, C for, for-each/range/for-in, Rust loop, switch
/// with C fallthrough, Java `->` rules, Go switch/type switch/select and `fallthrough`, Rust and
/// Python match, break/continue with labels (Go, Java, JS/TS, Rust), return, throw/raise,
/// try/catch/except/else/finally, C/C++/Go goto (to its label; an unknown label goes to the exit),
/// Rust `?` and nested `return` (an extra return edge), Rust let-else, #if/#ifdef as a branch.
/// A Go `select {}` or Rust `match x {}` with no arms diverges: its condition block has no
/// successor (the only non-exit block that may have none).
/// Approximations: every block of a try body with code gets one exception edge per handler;
/// break/continue leaving a try with finally jump straight to their target; a return or throw
/// through finally goes to it, and the finally's end gets a return/exception edge outward;
/// exceptions raised in handlers propagate only through finally; calls never throw outside try
/// bodies; Go panic and Rust panic! are plain calls; a C for's update belongs to the loop header.
void buildCfgs(const FlowTable& table, std::string_view source, std::span<const FunctionNode> functions,
               std::span<const Definition> definitions, std::vector<FunctionCfg>& out);

} // namespace sextant::parse
