// Hostile input end to end: binary and huge files, 100,000-deep nesting, bad encodings, symlink
// loops and escapes, files changing under the indexer, odd file names through the LSP path, and
// malformed JSON-RPC that once killed the server. Every case is time-bounded.
#include "graph/Keys.h"
#include "graph/Queries.h"
#include "graph/Verify.h"
#include "kvstore/LmdbStore.h"
#include "tests/hostile/HostileSupport.h"

#include <doctest/doctest.h>

#include <atomic>
#include <random>

using namespace sextant;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;
using test::LspProcess;
using test::TempDir;

namespace {

std::vector<std::string> names(const std::vector<graph::SymbolRecord>& symbols) {
  std::vector<std::string> out;
  for (const auto& s : symbols) out.push_back(s.name);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

/// The hostile tree: every entry is something an editor workspace may really contain.
void writeHostileTree(const fs::path& ws, const fs::path& outside) {
  test::writeBytes(ws / "ok.py", "def fine(x):\n    return x\n");
  test::writeBytes(ws / "bin.c", std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10) + std::string(4096, '\0'));
  {
    std::string big;
    big.reserve(50u << 20);
    while (big.size() < (50u << 20)) big += "int filler_variable_number;\n";
    test::writeBytes(ws / "big.c", big);
  }
  test::writeBytes(ws / "deep_parens.py", "x = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n");
  test::writeBytes(ws / "deep_parens.c", "int x = " + std::string(100000, '(') + "1" + std::string(100000, ')') + ";\nint after_parens(void) { return x; }\n");
  test::writeBytes(ws / "deep_blocks.c", "void deep(void) " + std::string(100000, '{') + std::string(100000, '}') + "\n");
  // GLR ambiguity: tree-sitter's C parser needs minutes for this 1.2 MB line.
  std::string ambiguous = "int slow = ";
  for (int i = 0; i < 300000; ++i) ambiguous += "a<b,";
  test::writeBytes(ws / "slow_parse.c", ambiguous + ";\n");
  test::writeBytes(ws / "bad_utf8.py", "def bad_\xff\xfe():\n    return '\xc3\x28'\ndef after_bad():\n    pass\n");
  // NUL bytes after git's 8000-byte binary window: the file is text and gets parsed.
  test::writeBytes(ws / "late_nul.c", "int before_nul;\n" + std::string(8100, ' ') + std::string("\0\0\0", 3) + "\nint after_nul;\n");
  test::writeBytes(ws / "crlf.c", "struct crlf_point {\r\n  int x;\r\n};\r\nint crlf_fn(void) {\r\n  return 1;\r\n}\r\n");
  test::writeBytes(ws / "bom.py", "\xef\xbb\xbf" "def bom_fn():\n    return 1\n");
  fs::create_directories(ws / "sub");
  fs::create_directory_symlink("..", ws / "sub" / "loop");          // a loop
  fs::create_directory_symlink(ws / "sub", ws / "sub" / "self");    // another loop, absolute
  test::writeBytes(outside / "secret.py", "def outside_secret():\n    pass\n");
  fs::create_symlink(outside / "secret.py", ws / "escape.py");       // leads out of the root
  fs::create_directory_symlink(outside, ws / "escape_dir");          // a folder out of the root
  fs::create_symlink("ok.py", ws / "inside_link.py");                // stays inside: followed
  fs::create_symlink("missing.py", ws / "dangling.py");              // points nowhere
}

void checkHostileIndex(const fs::path& ws, const fs::path& index, const test::TimedRun& run) {
  INFO("stderr: " << run.err.substr(0, 4000));
  CHECK_FALSE(run.timedOut);
  CHECK(run.status == 0);
  CHECK(run.seconds < 40); // slow_parse.c alone takes the 5 s parse bound
  CHECK(run.err.find("big.c: too large") != std::string::npos);
  CHECK(run.err.find("bin.c: binary") != std::string::npos);
  CHECK(run.err.find("escape.py: symlink to a file outside the workspace") != std::string::npos);
  CHECK(run.err.find("slow_parse.c: parse timed out") != std::string::npos);
  CHECK(run.err.find("deep_blocks.c") == std::string::npos); // 100,000 nested blocks: within the bound

  auto store = kv::openLmdbStore(index);
  auto snap = store->snapshot();
  CHECK_FALSE(snap->get(graph::keys::file("big.c")));
  CHECK_FALSE(snap->get(graph::keys::file("bin.c")));
  CHECK_FALSE(snap->get(graph::keys::file("escape.py")));
  CHECK_FALSE(snap->get(graph::keys::file("dangling.py")));
  for (const auto& k : {"escape_dir/secret.py", "sub/loop/ok.py", "sub/self/loop/ok.py"})
    CHECK_FALSE(snap->get(graph::keys::file(k)));
  CHECK(snap->get(graph::keys::file("slow_parse.c"))); // recorded, without symbols
  CHECK_FALSE(contains(names(graph::documentSymbols(*snap, "slow_parse.c")), "slow"));
  CHECK(contains(names(graph::documentSymbols(*snap, "deep_blocks.c")), "deep"));
  CHECK(contains(names(graph::documentSymbols(*snap, "ok.py")), "fine"));
  CHECK(contains(names(graph::documentSymbols(*snap, "inside_link.py")), "fine"));
  CHECK(contains(names(graph::documentSymbols(*snap, "deep_parens.c")), "after_parens"));
  CHECK(snap->get(graph::keys::file("deep_parens.py")));
  CHECK(contains(names(graph::documentSymbols(*snap, "bad_utf8.py")), "after_bad"));
  auto nul = names(graph::documentSymbols(*snap, "late_nul.c"));
  CHECK(contains(nul, "before_nul"));
  auto crlf = graph::documentSymbols(*snap, "crlf.c");
  REQUIRE(contains(names(crlf), "crlf_fn"));
  for (const auto& s : crlf)
    if (s.name == "crlf_fn") CHECK(s.selectionRange.start.line == 3);
  CHECK(contains(names(graph::documentSymbols(*snap, "bom.py")), "bom_fn"));
  CHECK(graph::verifyIndex(*snap, ws).clean());
}

json pos(uint32_t line, uint32_t character) { return {{"line", line}, {"character", character}}; }

const json kCapabilities = {
    {"window", {{"workDoneProgress", true}}},
    {"textDocument", {{"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}}}},
};

} // namespace

TEST_CASE("--check on a hostile tree: skips what it must, reports it, indexes the rest, never escapes the root") {
  TempDir tmp("hostile");
  fs::path ws = tmp.path() / "ws", outside = tmp.path() / "outside";
  fs::create_directories(outside);
  writeHostileTree(ws, outside);

  SUBCASE("walk without git") {
    auto run = test::runWithTimeout({SEXTANT_BINARY, "--check", ws.string(), "--index", (tmp.path() / "idx").string(),
                                     "--fail-on", "never", "--quiet", "-j", "2"},
                                    tmp.path(), 60s);
    checkHostileIndex(ws, tmp.path() / "idx", run);
  }
  SUBCASE("git's file list") {
    auto git = test::runWithTimeout({"sh", "-c", "git init -q . && git add -A >/dev/null 2>&1; true"}, ws, 30s);
    REQUIRE(git.status == 0);
    auto run = test::runWithTimeout({SEXTANT_BINARY, "--check", ws.string(), "--index", (tmp.path() / "idx").string(),
                                     "--fail-on", "never", "--quiet", "-j", "2"},
                                    tmp.path(), 60s);
    checkHostileIndex(ws, tmp.path() / "idx", run);
  }
}

TEST_CASE("files deleted, truncated and rewritten while --check indexes them: no crash, then a consistent index") {
  TempDir tmp("churn");
  fs::path ws = tmp.path() / "ws", index = tmp.path() / "idx";
  constexpr int kFiles = 1500;
  auto body = [](int i, int generation) {
    std::string s;
    for (int f = 0; f < 20; ++f)
      s += "def f" + std::to_string(i) + "_" + std::to_string(f) + "_" + std::to_string(generation) + "(a, b):\n    return a + b\n\n";
    return s;
  };
  for (int i = 0; i < kFiles; ++i) test::writeBytes(ws / ("m" + std::to_string(i / 100)) / ("f" + std::to_string(i) + ".py"), body(i, 0));

  std::atomic<bool> stop = false;
  std::atomic<int> mutations = 0;
  std::thread churn([&] {
    std::mt19937 rng(1234);
    for (int g = 1; !stop; ++g) {
      int i = static_cast<int>(rng() % kFiles);
      fs::path file = ws / ("m" + std::to_string(i / 100)) / ("f" + std::to_string(i) + ".py");
      std::error_code ec;
      switch (rng() % 3) {
      case 0: fs::remove(file, ec); break;
      case 1: fs::resize_file(file, rng() % 64, ec); break; // truncated mid-definition
      default: test::writeBytes(file, body(i, g)); break;
      }
      ++mutations;
    }
  });
  std::vector<test::TimedRun> runs;
  for (int r = 0; r < 3; ++r)
    runs.push_back(test::runWithTimeout({SEXTANT_BINARY, "--check", ws.string(), "--index", index.string(), "--fail-on",
                                         "never", "--quiet", "-j", "2"},
                                        tmp.path(), 45s));
  stop = true;
  churn.join();
  MESSAGE(mutations.load() << " files deleted, truncated or rewritten during 3 runs");
  CHECK(mutations > 100);
  for (const auto& run : runs) {
    INFO(run.err.substr(0, 2000));
    CHECK_FALSE(run.timedOut);
    CHECK(run.status == 0);
  }
  // The tree is still now: the next run catches up and verify finds no drift.
  auto last = test::runWithTimeout({SEXTANT_BINARY, "--check", ws.string(), "--index", index.string(), "--fail-on",
                                    "never", "--quiet"},
                                   tmp.path(), 45s);
  REQUIRE(last.status == 0);
  auto verify = test::runWithTimeout({SEXTANT_BINARY, "verify", ws.string(), "--index", index.string()}, tmp.path(), 45s);
  INFO(verify.out.substr(0, 2000));
  CHECK(verify.status == 0);
}

TEST_CASE("file names with colons, spaces, newlines and non-ASCII through URIs, documentSymbol and definition") {
  TempDir tmp("names");
  fs::path ws = tmp.path() / "ws";
  const std::vector<std::string> files = {"a:b c.py", "new\nline.py", "\xc3\xbc\xe6\x97\xa5/\xc3\x9f x.py", "100%25 #x?.py",
                                          "lat1_\xe9.py"};
  for (size_t i = 0; i < files.size(); ++i)
    test::writeBytes(ws / files[i], "def target" + std::to_string(i) + "(v):\n    return v\n\ndef caller" +
                                        std::to_string(i) + "():\n    return target" + std::to_string(i) + "(1)\n");
  LspProcess server(SEXTANT_BINARY, {"--log-level", "warn"}, tmp.path());
  json init = server.waitResponse(server.request(
      "initialize", {{"processId", nullptr}, {"rootUri", test::fileUri(ws)}, {"capabilities", kCapabilities}}));
  REQUIRE(init.contains("result"));
  server.notify("initialized", json::object());
  server.waitProgressEnd();
  for (size_t i = 0; i < files.size(); ++i) {
    CAPTURE(i);
    std::string uri = test::fileUri(ws / files[i]);
    json symbols = server.waitResponse(server.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}}));
    REQUIRE(symbols.contains("result"));
    std::vector<std::string> got;
    for (const auto& s : symbols["result"]) got.push_back(s["name"]);
    CHECK(got == std::vector<std::string>{"target" + std::to_string(i), "caller" + std::to_string(i)});
    json def = server.waitResponse(server.request(
        "textDocument/definition", {{"textDocument", {{"uri", uri}}}, {"position", pos(4, 12)}}));
    REQUIRE(def.contains("result"));
    REQUIRE(def["result"].size() == 1);
    // The URI the server writes decodes to the same file (it may encode other bytes than we do).
    std::string back = def["result"][0]["uri"];
    std::string decoded;
    for (size_t k = 7; k < back.size(); ++k) {
      if (back[k] == '%' && k + 2 < back.size()) {
        decoded.push_back(static_cast<char>(std::stoi(back.substr(k + 1, 2), nullptr, 16)));
        k += 2;
      } else {
        decoded.push_back(back[k]);
      }
    }
    CHECK(decoded == (ws / files[i]).string());
    CHECK(def["result"][0]["range"]["start"] == pos(0, 4));
  }
  // An open buffer under an odd name: edited text, not the disk, answers.
  std::string uri = test::fileUri(ws / files[0]);
  server.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1},
                                                           {"text", "def renamed(v):\n    return renamed(v)\n"}}}});
  json def = server.waitResponse(
      server.request("textDocument/definition", {{"textDocument", {{"uri", uri}}}, {"position", pos(1, 12)}}));
  REQUIRE(def["result"].size() == 1);
  CHECK(def["result"][0]["range"]["start"] == pos(0, 4));
  CHECK(server.closeAndWait() >= 0);
}

TEST_CASE("malformed JSON-RPC never takes the server down: deep ids, wrong member types, deep cancel ids") {
  TempDir tmp("rpc");
  fs::path ws = tmp.path() / "ws";
  test::writeBytes(ws / "a.py", "def a():\n    return a()\n");
  LspProcess server(SEXTANT_BINARY, {"--log-level", "off"}, tmp.path());
  auto frame = [](const std::string& body) { return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body; };
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  // Each of these ended the process before the fixes (stack overflow in dump(), type_error out of
  // the read loop).
  server.writeRaw(frame(R"({"id":)" + deep + R"(,"method":"x"})"));
  server.writeRaw(frame(R"({"jsonrpc":2,"id":1,"method":"initialize"})"));
  server.writeRaw(frame(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":)" + deep + "}}"));
  server.writeRaw(frame(R"({"jsonrpc":"2.0","method":7})"));
  server.writeRaw(frame(R"({"jsonrpc":"2.0","id":2,"method":"initialize","params":{"deep":)" + deep + "}}"));
  int errors = 0;
  for (int i = 0; i < 2; ++i) {
    auto m = server.read(20s);
    REQUIRE(m);
    CHECK((*m)["error"]["code"] == -32600);
    CHECK((*m)["id"] == (i == 0 ? json(nullptr) : json(1)));
    ++errors;
  }
  auto init = server.read(20s);
  REQUIRE(init);
  CHECK((*init)["id"] == 2); // still serving: the deep params were parsed and ignored
  CHECK(errors == 2);
  int id = server.request("shutdown", nullptr);
  CHECK(server.waitResponse(id).contains("result"));
  server.notify("exit", nullptr);
  CHECK(server.closeAndWait() == 0);
}
