// Reads `cfg:` keys back into absolute positions and picks the function around a line.
#include "graph/ControlFlow.h"

#include "graph/Codec.h"
#include "graph/Keys.h"

#include <algorithm>

namespace sextant::graph {

std::vector<CfgRecord> cfgsOf(const kv::Snapshot& snapshot, std::string_view path) {
  // Collected first: no point lookups while a scan is open.
  std::vector<std::pair<uint32_t, std::string>> values;
  snapshot.scanPrefix(keys::cfgsOf(path), [&](std::string_view k, std::string_view v) {
    values.emplace_back(keys::symbolIndexFromKey(k), std::string(v));
    return true;
  });
  std::vector<CfgRecord> out;
  for (const auto& [symbol, value] : values) {
    Point anchor;
    uint32_t anchorByte = 0;
    if (symbol != keys::kFileLevelCfg) {
      auto sym = snapshot.get(keys::symbol(path, symbol));
      if (!sym) throw CorruptValue("cfg: key names symbol #" + std::to_string(symbol) + ", which has no sym:d: record");
      const SymbolRecord record = decodeSymbol(*sym);
      anchor = record.range.start;
      anchorByte = record.range.startByte;
    }
    for (auto& g : decodeCfgs(value, anchor, anchorByte)) out.push_back(std::move(g));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const CfgRecord& a, const CfgRecord& b) { return a.range.startByte < b.range.startByte; });
  return out;
}

std::optional<CfgRecord> cfgAt(const kv::Snapshot& snapshot, std::string_view path, Point at) {
  std::optional<CfgRecord> best;
  for (auto& g : cfgsOf(snapshot, path)) {
    if (g.range.start.line > at.line || g.range.end.line < at.line) continue;
    if (best && (g.range.startByte < best->range.startByte ||
                 (g.range.startByte == best->range.startByte && g.range.endByte >= best->range.endByte)))
      continue;
    best = std::move(g);
  }
  return best;
}

std::optional<AstRecord> astOf(const kv::Snapshot& snapshot, std::string_view path) {
  auto v = snapshot.get(keys::ast(path));
  if (!v) return std::nullopt;
  return decodeAst(*v);
}

} // namespace sextant::graph
