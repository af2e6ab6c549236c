// Golden extraction tests: tests/fixtures/parsers/<language>/<file> next to <file>.json.
// SEXTANT_UPDATE_GOLDEN=1 rewrites the expected files (review the diff before committing).
#include "parsers/Extractor.h"
#include "tests/support/CfgRender.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace sextant::parse;
namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

const char* kindName(SymbolKind k) {
  static const char* const kNames[] = {"?",        "File",          "Module",     "Namespace", "Package",
                                       "Class",    "Method",        "Property",   "Field",     "Constructor",
                                       "Enum",     "Interface",     "Function",   "Variable",  "Constant",
                                       "String",   "Number",        "Boolean",    "Array",     "Object",
                                       "Key",      "Null",          "EnumMember", "Struct",    "Event",
                                       "Operator", "TypeParameter"};
  const auto i = static_cast<size_t>(k);
  return i < std::size(kNames) ? kNames[i] : "?";
}

const char* roleName(RefRole r) {
  switch (r) {
  case RefRole::Read: return "read";
  case RefRole::Write: return "write";
  case RefRole::Call: return "call";
  case RefRole::Type: return "type";
  case RefRole::Import: return "import";
  case RefRole::Inherit: return "inherit";
  }
  return "?";
}

// "line:col-line:col", 1-based like editors show them, so a reviewer can jump to it.
std::string span(const Span& s) {
  return std::to_string(s.start.line + 1) + ":" + std::to_string(s.start.column + 1) + "-" +
         std::to_string(s.end.line + 1) + ":" + std::to_string(s.end.column + 1);
}

ordered_json toJson(const ExtractionResult& r) {
  ordered_json out;
  out["language"] = std::string(languageName(r.language));
  ordered_json defs = ordered_json::array();
  for (size_t i = 0; i < r.definitions.size(); ++i) {
    const Definition& d = r.definitions[i];
    ordered_json j;
    j["i"] = i;
    j["name"] = d.name;
    j["kind"] = kindName(d.kind);
    j["range"] = span(d.range);
    j["selection"] = span(d.selectionRange);
    if (d.parent >= 0) j["parent"] = d.parent;
    if (!d.qualifier.empty()) j["qualifier"] = d.qualifier;
    if (!d.signature.empty()) j["signature"] = d.signature;
    if (d.isDeclaration) j["declaration"] = true;
    if (!d.inOutline) j["outline"] = false;
    if (d.regionEndByte > d.regionStartByte) j["region_bytes"] = {d.regionStartByte, d.regionEndByte};
    if (!d.type.empty()) j["type"] = d.type;
    if (d.visibility != Visibility::Unknown) j["visibility"] = std::string(visibilityName(d.visibility));
    if (!d.doc.empty()) j["doc"] = d.doc;
    defs.push_back(std::move(j));
  }
  out["definitions"] = std::move(defs);
  ordered_json refs = ordered_json::array();
  for (const Reference& ref : r.references) {
    ordered_json j;
    j["name"] = ref.name;
    j["role"] = roleName(ref.role);
    j["span"] = span(ref.span);
    if (ref.enclosing >= 0) j["in"] = ref.enclosing;
    if (!ref.receiver.empty()) j["receiver"] = ref.receiver;
    if (ref.arguments >= 0) j["args"] = ref.arguments; // C/C++ calls
    refs.push_back(std::move(j));
  }
  out["references"] = std::move(refs);
  ordered_json imports = ordered_json::array();
  for (const Import& i : r.imports) {
    ordered_json j;
    j["target"] = i.target;
    j["span"] = span(i.span);
    if (i.system) j["system"] = true;
    imports.push_back(std::move(j));
  }
  out["imports"] = std::move(imports);
  ordered_json errors = ordered_json::array();
  for (const SyntaxError& e : r.errors) errors.push_back(span(e.span) + " " + e.description);
  out["errors"] = std::move(errors);
  // The AST outline as a count (its node types are covered by CfgTests), the CFGs in full:
  // one "B3 condition L7 if_statement `x > 0`" line per block and one "B3->B4 true" per edge.
  out["outlineNodes"] = r.outline.size();
  ordered_json cfgs = ordered_json::array();
  for (const FunctionCfg& g : r.cfgs) {
    ordered_json j;
    j["name"] = g.name.empty() ? "<anonymous>" : g.name;
    j["node"] = std::string(g.nodeType);
    j["range"] = span(g.range);
    if (g.symbol >= 0) j["symbol"] = g.symbol;
    if (g.truncated) j["truncated"] = true;
    ordered_json blocks = ordered_json::array();
    for (size_t i = 0; i < g.blocks.size(); ++i) blocks.push_back(sextant::test::renderBlock(g, i));
    j["blocks"] = std::move(blocks);
    ordered_json edges = ordered_json::array();
    for (const CfgEdge& e : g.edges)
      edges.push_back("B" + std::to_string(e.from) + "->B" + std::to_string(e.to) + " " + std::string(edgeKindName(e.kind)));
    j["edges"] = std::move(edges);
    cfgs.push_back(std::move(j));
  }
  out["cfgs"] = std::move(cfgs);
  return out;
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool updating() {
  const char* v = std::getenv("SEXTANT_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

} // namespace

TEST_CASE("golden extraction per language") {
  const fs::path root = fs::path(SEXTANT_FIXTURES_DIR) / "parsers";
  REQUIRE(fs::is_directory(root));
  Extractor extractor;
  for (Language language : kAllLanguages) {
    const fs::path dir = root / std::string(languageName(language));
    INFO("language " << languageName(language));
    REQUIRE_MESSAGE(fs::is_directory(dir), "no golden fixtures in " << dir);
    std::vector<fs::path> sources;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().extension() != ".json") sources.push_back(entry.path());
    std::sort(sources.begin(), sources.end());
    CHECK(!sources.empty());
    for (const fs::path& source : sources) {
      INFO("fixture " << source.filename().string());
      // The language comes from the extension, as the indexer does it (headers are sniffed).
      const std::optional<Language> byExtension = languageForPath(source);
      REQUIRE(byExtension.has_value());
      const std::string code = readFile(source);
      CHECK(languageForContent(source, code, *byExtension) == language);
      const std::string actual = toJson(extractor.extract(language, code)).dump(1) + "\n";
      const fs::path expectedPath = source.string() + ".json";
      if (updating()) {
        std::ofstream(expectedPath, std::ios::binary) << actual;
        continue;
      }
      REQUIRE_MESSAGE(fs::exists(expectedPath), "missing " << expectedPath << " (run with SEXTANT_UPDATE_GOLDEN=1)");
      const std::string expected = readFile(expectedPath);
      // Compared as JSON so that a failure names the first differing entry, not a byte offset.
      const ordered_json want = ordered_json::parse(expected), got = ordered_json::parse(actual);
      if (want != got) {
        const ordered_json patch = ordered_json::diff(want, got);
        FAIL_CHECK("golden mismatch; first changes: " << patch.dump().substr(0, 2000)
                                                      << "\n(rerun with SEXTANT_UPDATE_GOLDEN=1 to accept)");
      }
    }
  }
}
