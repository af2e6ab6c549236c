// Report formats for --check. SARIF follows the OASIS SARIF 2.1.0 standard (errata 01).
#include "lsp/CheckReport.h"

#include "lsp/Uri.h"

#include <fmt/core.h>

namespace sextant::lsp {
using nlohmann::json;

namespace {

std::string summaryText(const CheckResult& r) {
  const auto& s = r.stats;
  const auto& t = s.totals;
  std::string byLanguage;
  for (const auto& [language, count] : t.filesByLanguage)
    byLanguage += fmt::format("{}{} {}", byLanguage.empty() ? "" : ", ", parse::languageName(language), count);
  size_t errors = 0, warnings = 0;
  for (const auto& f : r.findings) (f.finding->severity == graph::Severity::Error ? errors : warnings)++;
  std::string out;
  out += fmt::format("sextant --check {}\n", r.root.string());
  out += fmt::format("  index:      {} ({})\n", r.indexDir.string(), r.backend);
  out += fmt::format("  files:      {} ({})\n", t.files, byLanguage.empty() ? "none" : byLanguage);
  out += fmt::format("  symbols:    {}\n", t.definitions);
  out += fmt::format("  references: {}\n", t.references);
  out += fmt::format("  calls:      {}\n", t.calls);
  out += fmt::format("  syntax errors: {} in {} files\n", t.syntaxErrors, t.filesWithSyntaxErrors);
  out += fmt::format("  findings:   {} errors, {} warnings\n", errors, warnings);
  out += fmt::format("  this run:   {} reindexed, {} unchanged, {} removed, {} skipped, {} writes{}\n", s.reindexed,
                     s.unchanged, s.removed, s.skipped.size(), s.mutations, s.usedGit ? " (file list from git)" : "");
  if (s.link.pending)
    out += fmt::format("  linked:     {} files relinked, {} patched, {} references resolved in {:.3f} s ({:.3f} s committing)\n",
                       s.link.filesLinked, s.link.filesPatched, s.link.references, s.link.seconds,
                       s.link.commitSeconds);
  out += fmt::format("  time:       {:.3f} s, {:.0f} files/s\n", s.seconds,
                     s.seconds > 0 ? static_cast<double>(s.found) / s.seconds : 0.0);
  if (r.selfTest)
    out += fmt::format("  self-test:  {} queries, {} failures; latency ms p50 {:.3f} p95 {:.3f} p99 {:.3f} max {:.3f}\n",
                       r.selfTest->queries, r.selfTest->failures, r.selfTest->p50, r.selfTest->p95, r.selfTest->p99,
                       r.selfTest->max);
  return out;
}

/// A workspace-relative path as a relative URI reference (RFC 3986): percent-encoded segments.
std::string relativeUri(const std::string& path) {
  std::string uri = uriFromPath("/" + path); // "file:///" + encoded path
  return uri.substr(std::string("file:///").size());
}

} // namespace

std::string renderText(const CheckResult& result, bool colour) {
  std::string out;
  for (const auto& f : result.findings) {
    bool error = f.finding->severity == graph::Severity::Error;
    std::string severity(graph::severityName(f.finding->severity));
    if (colour) severity = (error ? "\033[1;31m" : "\033[1;35m") + severity + "\033[0m";
    out += fmt::format("{}:{}:{}: {}: {} [{}]\n", f.finding->path, f.line, f.column, severity, f.finding->message,
                       f.finding->rule);
  }
  return out + summaryText(result);
}

json renderJson(const CheckResult& r) {
  json findings = json::array();
  for (const auto& f : r.findings)
    findings.push_back({{"file", f.finding->path},
                        {"line", f.line},
                        {"column", f.column},
                        {"severity", graph::severityName(f.finding->severity)},
                        {"rule", f.finding->rule},
                        {"message", f.finding->message}});
  const auto& s = r.stats;
  json byLanguage = json::object();
  for (const auto& [language, count] : s.totals.filesByLanguage) byLanguage[std::string(parse::languageName(language))] = count;
  json skipped = json::array();
  for (const auto& k : s.skipped) skipped.push_back({{"file", k.path}, {"reason", k.reason}});
  size_t errors = 0, warnings = 0;
  for (const auto& f : r.findings) (f.finding->severity == graph::Severity::Error ? errors : warnings)++;
  json out = {{"version", 1},
              {"tool", {{"name", "sextant"}, {"version", "0.1.0"}}},
              {"root", r.root.string()},
              {"findings", std::move(findings)},
              {"summary",
               {{"files", s.totals.files},
                {"filesByLanguage", byLanguage},
                {"symbols", s.totals.definitions},
                {"references", s.totals.references},
                {"calls", s.totals.calls},
                {"syntaxErrors", s.totals.syntaxErrors},
                {"errors", errors},
                {"warnings", warnings},
                {"reindexed", s.reindexed},
                {"unchanged", s.unchanged},
                {"removed", s.removed},
                {"skipped", skipped},
                {"writes", s.mutations},
                {"seconds", s.seconds}}}};
  if (s.link.pending)
    out["summary"]["link"] = {{"filesLinked", s.link.filesLinked}, {"filesPatched", s.link.filesPatched},
                              {"references", s.link.references},   {"seconds", s.link.seconds},
                              {"commitSeconds", s.link.commitSeconds}, {"checkpoints", s.link.checkpoints}};
  if (r.selfTest)
    out["selfTest"] = {{"queries", r.selfTest->queries}, {"failures", r.selfTest->failures},
                       {"latencyMs", {{"p50", r.selfTest->p50}, {"p95", r.selfTest->p95}, {"p99", r.selfTest->p99}, {"max", r.selfTest->max}}}};
  return out;
}

json renderSarif(const CheckResult& r) {
  json rules = json::array();
  std::map<std::string, size_t> ruleIndex;
  for (const auto& rule : graph::kRules) {
    ruleIndex[std::string(rule.id)] = rules.size();
    rules.push_back({{"id", rule.id},
                     {"shortDescription", {{"text", rule.description}}},
                     {"defaultConfiguration", {{"level", graph::severityName(rule.severity)}}}});
  }
  json results = json::array();
  for (const auto& f : r.findings) {
    json result = {{"ruleId", f.finding->rule},
                   {"level", graph::severityName(f.finding->severity)},
                   {"message", {{"text", f.finding->message}}},
                   {"locations",
                    {{{"physicalLocation",
                       {{"artifactLocation", {{"uri", relativeUri(f.finding->path)}, {"uriBaseId", "SRCROOT"}}},
                        {"region", {{"startLine", f.line}, {"startColumn", f.column}}}}}}}}};
    if (auto it = ruleIndex.find(f.finding->rule); it != ruleIndex.end()) result["ruleIndex"] = it->second;
    results.push_back(std::move(result));
  }
  std::string rootUri = uriFromPath(r.root);
  if (!rootUri.ends_with('/')) rootUri += '/';
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs",
           {{{"tool", {{"driver", {{"name", "sextant"}, {"version", "0.1.0"}, {"rules", rules}}}}},
             {"originalUriBaseIds", {{"SRCROOT", {{"uri", rootUri}}}}},
             {"columnKind", "utf16CodeUnits"},
             {"results", results}}}}};
}

} // namespace sextant::lsp
