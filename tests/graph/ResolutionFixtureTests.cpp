// Data-driven resolution fixtures: tests/fixtures/resolution/<case>/ holds annotated sources
// (tests/support/Annotations.h). In every file of a case:
//   `$X[[name]]`  the definition (its name) that the uses marked X resolve to; several such
//                 ranges, in any files of the case, when the use is ambiguous;
//   `$X^`         right before an identifier: a use of X. Go-to-definition there must give exactly
//                 the X ranges, and find-references on each X range exactly the X uses.
// An optional `edit/` folder holds new versions of some files (same relative paths; an empty
// file deletes it): after the first checks they are indexed, and every check runs again on the
// files as they are then (uses elsewhere must follow the edit).
// A `compile_commands.json` at the top of a case is the build's compilation database: its
// include folders are stored as the indexer stores them.
// Each check runs twice: on the linked index (stored resolutions), and with every file marked
// pending (resolved on the spot); both must hold.
#include "graph/Codec.h"
#include "graph/CompileCommands.h"
#include "graph/Indexer.h"
#include "graph/Keys.h"
#include "graph/Linker.h"
#include "graph/Queries.h"
#include "parsers/Extraction.h"
#include "tests/support/Annotations.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

using namespace sextant;
using namespace sextant::graph;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

using Files = std::map<std::string, test::Annotations>; // relative path -> annotated source

Files load(const fs::path& dir, const Files& base = {}) {
  Files files = base;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::string rel = entry.path().lexically_relative(dir).generic_string();
    if (rel.starts_with("edit/") || rel == "compile_commands.json") continue;
    std::string text = readAll(entry.path());
    files.erase(rel);
    if (!text.empty()) files.emplace(rel, test::Annotations(text));
  }
  return files;
}

void indexAll(kv::Store& store, const Files& files, const Files* before = nullptr) {
  if (before)
    for (const auto& [path, a] : *before)
      if (!files.contains(path)) removeFile(store, path);
  for (const auto& [path, a] : files) {
    auto language = parse::languageForPath(fs::path(path));
    REQUIRE_MESSAGE(language, "no language for " << path);
    indexContent(store, path, *language, a.code());
  }
}

void markAllPending(kv::Store& store, const Files& files) {
  kv::WriteBatch batch;
  for (const auto& [path, a] : files) batch.put(keys::linkPending(path), encode(LinkMarker{7, {}}));
  store.commit(batch);
}

std::string joined(const std::set<std::string>& places) {
  std::string out;
  for (const auto& p : places) out += (out.empty() ? "" : " ") + p;
  return "{" + out + "}";
}

std::string place(const std::string& path, uint32_t line, uint32_t column) {
  return path + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1);
}

/// Runs every check of `files` against `store`; returns the number of assertions made.
size_t check(kv::Store& store, const Files& files, const std::string& mode) {
  auto snap = store.snapshot();
  std::map<std::string, std::set<std::string>> targets, uses; // name -> places
  std::map<std::string, std::vector<std::pair<std::string, test::AnnotatedPoint>>> usePoints, targetPoints;
  for (const auto& [path, a] : files) {
    for (const auto& name : a.rangeNames())
      for (const auto& r : a.ranges(name)) {
        targets[name].insert(place(path, r.begin.line, r.begin.column));
        targetPoints[name].push_back({path, r.begin});
      }
    for (const auto& name : a.pointNames())
      for (const auto& p : a.points(name)) {
        uses[name].insert(place(path, p.line, p.column));
        usePoints[name].push_back({path, p});
      }
  }
  size_t checks = 0;
  for (const auto& [name, points] : usePoints) {
    for (const auto& [path, p] : points) {
      INFO(mode << ": definition of $" << name << " at " << place(path, p.line, p.column));
      std::set<std::string> got;
      for (const auto& l : findDefinition(*snap, path, {p.line, p.column}))
        got.insert(place(l.path, l.span.start.line, l.span.start.column));
      CHECK(joined(got) == joined(targets[name]));
      ++checks;
    }
  }
  for (const auto& [name, points] : targetPoints) {
    for (const auto& [path, p] : points) {
      INFO(mode << ": references of $" << name << " at " << place(path, p.line, p.column));
      std::set<std::string> got;
      for (const auto& l : findReferences(*snap, path, {p.line, p.column}, false))
        got.insert(place(l.path, l.span.start.line, l.span.start.column));
      CHECK(joined(got) == joined(uses[name]));
      ++checks;
    }
  }
  return checks;
}

/// The case's compilation database, if any, as graph::CompileCommand (a minimal reader: the
/// front end's, lsp/CompileDatabase.h, has its own tests).
void storeCompileCommands(kv::Store& store, const fs::path& dir) {
  if (!fs::exists(dir / "compile_commands.json")) return;
  std::vector<CompileCommand> commands;
  for (const auto& e : nlohmann::json::parse(readAll(dir / "compile_commands.json")))
    commands.push_back({(dir / e["directory"].get<std::string>()).lexically_normal().string(), e["file"].get<std::string>(),
                        e["arguments"].get<std::vector<std::string>>()});
  REQUIRE(storeIncludePaths(store, workspaceIncludePaths(commands, dir)) > 0);
}

size_t checkBothWays(kv::Store& store, const Files& files) {
  linkPending(store);
  size_t n = check(store, files, "linked");
  markAllPending(store, files);
  n += check(store, files, "pending");
  linkPending(store);
  return n;
}

} // namespace

TEST_CASE("resolution fixtures: definitions and references per rule and language") {
  const fs::path root = fs::path(SEXTANT_FIXTURES_DIR) / "resolution";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory()) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 10);
  for (const auto& dir : cases) {
    CAPTURE(dir.filename().string());
    auto store = kv::openMemoryStore();
    Files files = load(dir);
    indexAll(*store, files);
    storeCompileCommands(*store, dir);
    size_t checks = checkBothWays(*store, files);
    if (fs::exists(dir / "edit")) {
      Files edited = load(dir / "edit", files);
      indexAll(*store, edited, &files);
      // Before linking, the edit is pending: answers come from resolving on the spot.
      checks += check(*store, edited, "edited, pending");
      checks += checkBothWays(*store, edited);
    }
    CHECK(checks > 0);
  }
}
