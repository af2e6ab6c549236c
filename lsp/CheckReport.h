// Renders --check results as text, JSON or SARIF 2.1.0.
#pragma once

#include "graph/Findings.h"
#include "graph/Indexer.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace sextant::lsp {

/// A finding ready for display: 1-based line, 1-based column in UTF-16 code units.
struct DisplayFinding {
  const graph::Finding* finding;
  uint32_t line;
  uint32_t column;
};

/// Latency percentiles of the self-test, in milliseconds.
struct SelfTestStats {
  size_t queries = 0, failures = 0;
  double p50 = 0, p95 = 0, p99 = 0, max = 0;
};

struct CheckResult {
  std::filesystem::path root, indexDir;
  std::string backend;
  graph::IndexStats stats;
  std::vector<DisplayFinding> findings;
  std::optional<SelfTestStats> selfTest;
};

std::string renderText(const CheckResult& result, bool colour);
nlohmann::json renderJson(const CheckResult& result);
nlohmann::json renderSarif(const CheckResult& result);

} // namespace sextant::lsp
