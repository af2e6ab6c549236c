// Renders CfgRecord for people (text) and for Graphviz (DOT).
#include "lsp/CfgFormat.h"

#include <fmt/core.h>

namespace sextant::lsp {
namespace {

std::string lines(const graph::Span& s) {
  if (s.end.line == s.start.line) return "L" + std::to_string(s.start.line + 1);
  return "L" + std::to_string(s.start.line + 1) + "-" + std::to_string(s.end.line + 1);
}

std::string title(const graph::CfgRecord& cfg) { return cfg.name.empty() ? "<anonymous>" : cfg.name; }

std::string dotEscape(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += ' ';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

} // namespace

std::string formatCfgText(const graph::CfgRecord& cfg, std::string_view path) {
  std::string out = fmt::format("cfg {} ({}) {}:{}-{}: {} blocks, {} edges{}\n", title(cfg), cfg.nodeType, path,
                                cfg.range.start.line + 1, cfg.range.end.line + 1, cfg.blocks.size(), cfg.edges.size(),
                                cfg.truncated ? " (truncated: nested too deeply)" : "");
  for (size_t i = 0; i < cfg.blocks.size(); ++i) {
    const graph::CfgBlockRecord& b = cfg.blocks[i];
    std::string line = fmt::format("  {:<4} {:<10} {:<9}", "B" + std::to_string(i), parse::blockKindName(b.kind),
                                   lines(b.span));
    if (!b.terminator.empty()) line += " " + b.terminator;
    if (!b.label.empty()) line += " `" + b.label + "`";
    bool first = true;
    for (const auto& e : cfg.edges) {
      if (e.from != i) continue;
      line += first ? "  -> " : ", ";
      first = false;
      line += fmt::format("B{} {}", e.to, parse::edgeKindName(e.kind));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string formatCfgDot(const graph::CfgRecord& cfg, std::string_view path) {
  std::string out = fmt::format("digraph \"{}\" {{\n", dotEscape(title(cfg)));
  out += fmt::format("  label=\"{} ({}) {}:{}-{}\";\n", dotEscape(title(cfg)), dotEscape(cfg.nodeType),
                     dotEscape(path), cfg.range.start.line + 1, cfg.range.end.line + 1);
  out += "  node [shape=box, fontname=\"monospace\"];\n";
  for (size_t i = 0; i < cfg.blocks.size(); ++i) {
    const graph::CfgBlockRecord& b = cfg.blocks[i];
    const char* shape = "box";
    if (b.kind == parse::BlockKind::Entry || b.kind == parse::BlockKind::Exit) shape = "oval";
    else if (b.kind == parse::BlockKind::Condition || b.kind == parse::BlockKind::LoopHeader) shape = "diamond";
    std::string label = fmt::format("B{} {} {}", i, parse::blockKindName(b.kind), lines(b.span));
    if (!b.label.empty()) label += "\\n" + dotEscape(b.label);
    out += fmt::format("  b{} [label=\"{}\", shape={}];\n", i, label, shape);
  }
  for (const auto& e : cfg.edges)
    out += fmt::format("  b{} -> b{} [label=\"{}\"];\n", e.from, e.to, parse::edgeKindName(e.kind));
  out += "}\n";
  return out;
}

} // namespace sextant::lsp
