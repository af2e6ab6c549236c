// Readable one-line-per-block renderings of parse::FunctionCfg for tests and golden files.
#pragma once

#include "parsers/Extraction.h"

#include <string>
#include <vector>

namespace sextant::test {

/// "B2 condition L4 if_statement `x > 0`": index, kind, 1-based line range ("L4" or "L4-6"),
/// terminator node type and label when set.
inline std::string renderBlock(const parse::FunctionCfg& g, size_t i) {
  const parse::CfgBlock& b = g.blocks[i];
  std::string out = "B" + std::to_string(i) + " " + std::string(parse::blockKindName(b.kind)) + " L" +
                    std::to_string(b.span.start.line + 1);
  if (b.span.end.line != b.span.start.line) out += "-" + std::to_string(b.span.end.line + 1);
  if (!b.terminator.empty()) out += " " + std::string(b.terminator);
  if (!b.label.empty()) out += " `" + b.label + "`";
  return out;
}

/// Block lines without spans, each followed by its successors:
/// "B2 condition `x > 0` -> B3 true, B5 false". Independent of line numbers, for inline tests.
inline std::string renderFlow(const parse::FunctionCfg& g) {
  std::string out;
  for (size_t i = 0; i < g.blocks.size(); ++i) {
    const parse::CfgBlock& b = g.blocks[i];
    out += "B" + std::to_string(i) + " " + std::string(parse::blockKindName(b.kind));
    if (!b.label.empty()) out += " `" + b.label + "`";
    bool first = true;
    for (const parse::CfgEdge& e : g.edges) {
      if (e.from != i) continue;
      out += first ? " -> " : ", ";
      first = false;
      out += "B" + std::to_string(e.to) + " " + std::string(parse::edgeKindName(e.kind));
    }
    out += "\n";
  }
  return out;
}

/// Structural problems of a graph; empty when well-formed: block 0 is the only entry, block 1
/// the only exit and has no successors, every edge names existing blocks, every block reachable
/// from the entry has a successor unless it is the exit or a diverging empty `select {}` /
/// `match x {}`, and the exit is reachable unless the function contains a loop back edge (an
/// infinite loop) or such a divergence.
inline std::vector<std::string> cfgProblems(const parse::FunctionCfg& g) {
  std::vector<std::string> problems;
  const size_t n = g.blocks.size();
  if (n < 2 || g.blocks[0].kind != parse::BlockKind::Entry || g.blocks[1].kind != parse::BlockKind::Exit)
    return {"blocks 0 and 1 are not entry and exit"};
  std::vector<std::vector<uint32_t>> succ(n);
  bool back = false;
  for (const auto& e : g.edges) {
    if (e.from >= n || e.to >= n) {
      problems.push_back("edge to a missing block");
      continue;
    }
    if (e.from == 1) problems.push_back("exit has a successor");
    succ[e.from].push_back(e.to);
    back |= e.kind == parse::EdgeKind::Back || e.kind == parse::EdgeKind::Goto;
  }
  for (size_t i = 2; i < n; ++i)
    if (g.blocks[i].kind == parse::BlockKind::Entry || g.blocks[i].kind == parse::BlockKind::Exit)
      problems.push_back("second entry/exit B" + std::to_string(i));
  std::vector<bool> seen(n, false);
  std::vector<uint32_t> work{0};
  seen[0] = true;
  while (!work.empty()) {
    uint32_t b = work.back();
    work.pop_back();
    // An empty Go `select {}` or Rust `match never {}` diverges: a condition with no arms.
    const bool diverges = g.blocks[b].kind == parse::BlockKind::Condition;
    if (b != 1 && succ[b].empty() && !diverges)
      problems.push_back("reachable B" + std::to_string(b) + " has no successor");
    for (uint32_t s : succ[b])
      if (!seen[s]) seen[s] = true, work.push_back(s);
  }
  bool diverging = false;
  for (size_t i = 2; i < n; ++i) diverging |= seen[i] && succ[i].empty() && g.blocks[i].kind == parse::BlockKind::Condition;
  if (!seen[1] && !back && !diverging) problems.push_back("exit unreachable without a loop");
  return problems;
}

} // namespace sextant::test
