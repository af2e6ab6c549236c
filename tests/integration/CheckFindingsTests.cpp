// `sextant --check` findings: every rule on a fixture with known problems, in every format.
#include "tests/support/LspProcess.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;
using sextant::test::runProcess;
using sextant::test::TempDir;

namespace {

struct Fixture {
  TempDir tmp;
  fs::path ws = tmp.path() / "ws";
  Fixture() { fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "findings", ws, fs::copy_options::recursive); }
  sextant::test::RunResult check(std::vector<std::string> extra) {
    std::vector<std::string> args{"--check", ws.string(), "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return runProcess(SEXTANT_BINARY, args, tmp.path());
  }
};

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

const std::vector<std::string> kExpectedLines = {
    "c/dup.c:2:5: error: redefinition of 'twice' (first defined at line 1) [duplicate-definition]",
    "c/dup.c:3:12: warning: 'unused_helper' is never referenced in the workspace [dead-code]",
    "c/inc.c:1:1: error: included file '../outside/nope.h' is not in the workspace [unresolved-import]",
    "c/inc.c:2:1: warning: included file 'nope.h' is not in the workspace [unresolved-import]",
    "py/broken.py:1:7: error: missing \")\" [syntax-error]",
    "py/pkg/__init__.py:1:1: error: cannot resolve relative import '.missing' [unresolved-import]",
    "py/pkg/a.py:1:1: warning: import cycle among 2 files: py/pkg/a.py, py/pkg/b.py [import-cycle]",
};

} // namespace

TEST_CASE("text: one line per finding, sorted, then the summary; exit 1 on errors") {
  Fixture f;
  auto r = f.check({});
  INFO(r.out, r.err);
  CHECK(r.status == 1);
  std::string expected;
  for (const auto& line : kExpectedLines) expected += line + "\n";
  CHECK(r.out.substr(0, expected.size()) == expected);
  CHECK(has(r.out, "findings:   4 errors, 3 warnings"));
}

TEST_CASE("--fail-on decides the exit code") {
  Fixture f;
  CHECK(f.check({"--fail-on", "never"}).status == 0);
  CHECK(f.check({"--fail-on", "warning"}).status == 1);
  // Only warnings left once the error rules are off: error -> 0, warning -> 1.
  std::ofstream(f.ws / ".sextant.json")
      << R"({"rules": {"syntax-error": false, "duplicate-definition": false, "unresolved-import": false}})";
  CHECK(f.check({}).status == 0);
  CHECK(f.check({"--fail-on", "warning"}).status == 1);
}

TEST_CASE(".sextant.json disables rules and excludes paths") {
  Fixture f;
  std::ofstream(f.ws / ".sextant.json") << R"({"rules": {"dead-code": false}, "exclude": ["py/**"]})";
  auto r = f.check({"--fail-on", "never"});
  INFO(r.out);
  CHECK_FALSE(has(r.out, "[dead-code]"));
  CHECK_FALSE(has(r.out, "py/"));
  CHECK(has(r.out, "[duplicate-definition]"));
}

TEST_CASE("PATH arguments narrow the report to those files") {
  Fixture f;
  auto r = runProcess(SEXTANT_BINARY, {"--check", "--root", f.ws.string(), (f.ws / "c/dup.c").string(), "--quiet"},
                      f.tmp.path());
  INFO(r.out, r.err);
  CHECK(has(r.out, "c/dup.c:2:5"));
  CHECK_FALSE(has(r.out, "c/inc.c"));
  CHECK_FALSE(has(r.out, "py/"));
}

TEST_CASE("json: the documented schema") {
  Fixture f;
  auto r = f.check({"--format", "json"});
  CHECK(r.status == 1);
  json report = json::parse(r.out);
  CHECK(report["version"] == 1);
  REQUIRE(report["findings"].size() == kExpectedLines.size());
  CHECK(report["findings"][0] == json{{"file", "c/dup.c"}, {"line", 2}, {"column", 5}, {"severity", "error"},
                                      {"rule", "duplicate-definition"},
                                      {"message", "redefinition of 'twice' (first defined at line 1)"}});
  CHECK(report["summary"]["errors"] == 4);
  CHECK(report["summary"]["warnings"] == 3);
  CHECK(report["summary"]["files"] == 6);
  CHECK_FALSE(report["summary"].contains("link"));
  // With --link, what the linker did (all six files, every reference, on an empty index).
  json linked = json::parse(f.check({"--format", "json", "--link", "--index", (f.tmp.path() / "linked").string()}).out);
  REQUIRE(linked["summary"].contains("link"));
  CHECK(linked["summary"]["link"]["filesLinked"] == 6);
  CHECK(linked["summary"]["link"]["references"] == linked["summary"]["references"]);
  CHECK(linked["summary"]["link"]["seconds"].get<double>() > 0);
}

TEST_CASE("sarif: results with rule ids, levels and regions; --output writes the file") {
  Fixture f;
  fs::path out = f.tmp.path() / "report.sarif";
  auto r = f.check({"--format", "sarif", "--output", out.string()});
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  std::ifstream in(out);
  json sarif = json::parse(in);
  CHECK(sarif["version"] == "2.1.0");
  const json& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "sextant");
  REQUIRE(run["results"].size() == kExpectedLines.size());
  const json& first = run["results"][0];
  CHECK(first["ruleId"] == "duplicate-definition");
  CHECK(first["level"] == "error");
  CHECK(first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "c/dup.c");
  CHECK(first["locations"][0]["physicalLocation"]["region"] == json{{"startLine", 2}, {"startColumn", 5}});
  CHECK(run["tool"]["driver"]["rules"][first["ruleIndex"].get<int>()]["id"] == "duplicate-definition");
}

TEST_CASE("--self-test runs the queries everywhere and reports latency") {
  Fixture f;
  auto r = f.check({"--self-test", "--fail-on", "never"});
  INFO(r.out, r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "self-test:"));
  CHECK(has(r.out, " 0 failures"));
}

TEST_CASE("a re-check on the kept index reports exactly what a fresh index reports, whatever changed") {
  Fixture f;
  fs::path kept = f.tmp.path() / "kept";
  int fresh = 0;
  auto findings = [&](const fs::path& index) {
    auto r = f.check({"--format", "json", "--fail-on", "never", "--index", index.string()});
    INFO(r.out, r.err);
    REQUIRE(r.status == 0);
    return json::parse(r.out)["findings"];
  };
  auto same = [&](const char* step) {
    json again = findings(kept);
    json expected = findings(f.tmp.path() / ("fresh" + std::to_string(fresh++)));
    INFO(step);
    CHECK(again.dump(1) == expected.dump(1));
    return again;
  };
  json first = same("first run");
  CHECK(first.size() == kExpectedLines.size());
  same("no change");
  same("no change, twice");
  std::ofstream(f.ws / "c/dup.c", std::ios::app) << "int call_it(void) { return unused_helper(); }\n";
  json edited = same("one file edited");
  CHECK_FALSE(has(edited.dump(), "'unused_helper' is never referenced"));
  fs::remove(f.ws / "py/pkg/b.py");
  json deleted = same("one file deleted");
  CHECK_FALSE(has(deleted.dump(), "[import-cycle]"));
  CHECK_FALSE(has(deleted.dump(), "import cycle"));
  std::ofstream(f.ws / "py/pkg/missing.py") << "x = 1\n";
  json added = same("one file added");
  CHECK_FALSE(has(added.dump(), "'.missing'"));
  std::ofstream(f.ws / ".sextant.json") << R"({"rules": {"dead-code": false, "syntax-error": false}})";
  json off = same("rules turned off");
  CHECK_FALSE(has(off.dump(), "\"dead-code\""));
  CHECK_FALSE(has(off.dump(), "\"syntax-error\""));
  fs::remove(f.ws / ".sextant.json");
  json on = same("rules turned on again");
  CHECK(has(on.dump(), "\"dead-code\""));
  CHECK(has(on.dump(), "\"syntax-error\""));
}
