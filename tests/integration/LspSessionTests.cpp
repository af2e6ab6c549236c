// Spawns the real sextant binary and drives an LSP session over stdio on the fixture workspace.
#include "tests/support/LspProcess.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using sextant::test::LspProcess;
using sextant::test::TempDir;

namespace {

json pos(int line, int character) { return {{"line", line}, {"character", character}}; }
json range(int l1, int c1, int l2, int c2) { return {{"start", pos(l1, c1)}, {"end", pos(l2, c2)}}; }

struct Session {
  TempDir tmp;
  fs::path root = tmp.path() / "ws";
  LspProcess server;

  /// `args`: server flags besides the log level.
  explicit Session(std::vector<std::string> args = {})
      : server(SEXTANT_BINARY, [&] {
          args.insert(args.begin(), {"--log-level", "warn"});
          return args;
        }(), tmp.path()) {
    fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "workspace", root, fs::copy_options::recursive);
  }

  std::string uri(const std::string& rel) const { return "file://" + (root / rel).string(); }

  json initialize(json capabilities) {
    int id = server.request("initialize", {{"processId", nullptr},
                                           {"rootUri", "file://" + root.string()},
                                           {"capabilities", std::move(capabilities)}});
    return server.waitResponse(id);
  }

  /// initialize with `capabilities`, initialized, then waits for the index to be built.
  void start(json capabilities) {
    REQUIRE(initialize(std::move(capabilities)).contains("result"));
    server.notify("initialized", json::object());
    server.waitProgressEnd();
  }

  /// shutdown + exit; the server must exit with 0.
  void finish() {
    call("shutdown", nullptr);
    server.notify("exit", nullptr);
    CHECK(server.closeAndWait() == 0);
  }

  json call(const std::string& method, const json& params) {
    return server.waitResponse(server.request(method, params));
  }

  json definition(const std::string& rel, int line, int character) {
    json r = call("textDocument/definition", {{"textDocument", {{"uri", uri(rel)}}}, {"position", pos(line, character)}});
    REQUIRE(r.contains("result"));
    return r["result"];
  }

  void open(const std::string& rel, const std::string& languageId) {
    std::ifstream in(root / rel);
    std::stringstream text;
    text << in.rdbuf();
    server.notify("textDocument/didOpen",
                  {{"textDocument", {{"uri", uri(rel)}, {"languageId", languageId}, {"version", 1}, {"text", text.str()}}}});
  }
};

const json kCapabilities = {
    {"general", {{"positionEncodings", {"utf-16"}}}},
    {"window", {{"workDoneProgress", true}}},
    {"textDocument", {{"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}}}},
};

json location(const Session& s, const std::string& rel, json r) { return {{"uri", s.uri(rel)}, {"range", std::move(r)}}; }

} // namespace

TEST_CASE("initialize -> didOpen -> documentSymbol -> definition -> shutdown -> exit") {
  Session s;
  json init = s.initialize(kCapabilities);
  REQUIRE(init.contains("result"));
  const json& caps = init["result"]["capabilities"];
  CHECK(caps["positionEncoding"] == "utf-16");
  CHECK(caps["definitionProvider"] == true);
  CHECK(caps["documentSymbolProvider"] == true);
  CHECK(caps["referencesProvider"] == true);
  CHECK(caps["callHierarchyProvider"] == true);
  CHECK(caps["workspaceSymbolProvider"] == true);
  CHECK(caps["hoverProvider"] == true);
  CHECK(caps["documentHighlightProvider"] == true);
  CHECK_FALSE(caps.contains("renameProvider")); // only what works is advertised

  s.server.notify("initialized", json::object());
  s.server.waitProgressEnd();
  s.open("py/app.py", "python");

  SUBCASE("documentSymbol is hierarchical with exact ranges") {
    json r = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", s.uri("py/app.py")}}}});
    const json& symbols = r["result"];
    REQUIRE(symbols.is_array());
    REQUIRE(symbols.size() >= 2);
    CHECK(symbols[0]["name"] == "describe");
    CHECK(symbols[0]["kind"] == 12);
    CHECK(symbols[0]["range"] == range(3, 0, 5, 29));
    CHECK(symbols[0]["selectionRange"] == range(3, 4, 3, 12));
    std::vector<std::string> children;
    for (const auto& c : symbols[0]["children"]) children.push_back(c["name"]);
    CHECK(children == std::vector<std::string>{"shape", "label", "area"});
    // `area` follows a CJK character and an emoji (a surrogate pair): UTF-16 column 20, byte 24.
    CHECK(symbols[0]["children"][2]["selectionRange"] == range(4, 20, 4, 24));
    CHECK(symbols[1]["name"] == "main");
    CHECK(symbols[1]["selectionRange"] == range(8, 4, 8, 8));
  }

  SUBCASE("documentSymbol nests C++ members in their namespace and class") {
    json r = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", s.uri("cpp/shape.hpp")}}}});
    const json& symbols = r["result"];
    REQUIRE(symbols.size() == 1);
    CHECK(symbols[0]["name"] == "geo");
    CHECK(symbols[0]["kind"] == 3);
    const json& members = symbols[0]["children"];
    REQUIRE(members.size() == 3);
    CHECK(members[1]["name"] == "Rect");
    CHECK(members[1]["kind"] == 5);
    CHECK(members[1]["selectionRange"] == range(10, 6, 10, 10));
  }

  SUBCASE("definition: a method call after non-ASCII text, across files, same language only") {
    CHECK(s.definition("py/app.py", 4, 34) == json::array({location(s, "py/shapes/circle.py", range(11, 8, 11, 12))}));
  }

  SUBCASE("definition: a class constructed in another module") {
    CHECK(s.definition("py/app.py", 9, 9) == json::array({location(s, "py/shapes/circle.py", range(5, 6, 5, 12))}));
  }

  SUBCASE("definition: C call goes to the body, not the header prototype") {
    CHECK(s.definition("c/main.c", 7, 10) == json::array({location(s, "c/list.c", range(3, 13, 3, 22))}));
    CHECK(s.definition("c/main.c", 7, 26) == json::array({location(s, "c/main.c", range(3, 11, 3, 17))}));
  }

  SUBCASE("definition: from a prototype to its body") {
    CHECK(s.definition("c/list.h", 10, 6) == json::array({location(s, "c/list.c", range(10, 4, 10, 12))}));
  }

  SUBCASE("definition: C++ qualified call prefers the body in the same file") {
    CHECK(s.definition("cpp/shape.cpp", 14, 33) == json::array({location(s, "cpp/shape.cpp", range(8, 7, 8, 17))}));
  }

  SUBCASE("declaration: a call goes to the header prototype") {
    json r = s.call("textDocument/declaration", {{"textDocument", {{"uri", s.uri("c/main.c")}}}, {"position", pos(7, 10)}});
    CHECK(r["result"] == json::array({location(s, "c/list.h", range(9, 13, 9, 22))}));
  }

  SUBCASE("references: prototype, body and both calls, in path order") {
    json r = s.call("textDocument/references", {{"textDocument", {{"uri", s.uri("c/main.c")}}},
                                                {"position", pos(7, 10)},
                                                {"context", {{"includeDeclaration", true}}}});
    CHECK(r["result"] == json::array({location(s, "c/list.c", range(3, 13, 3, 22)),
                                      location(s, "c/list.h", range(9, 13, 9, 22)),
                                      location(s, "c/main.c", range(7, 9, 7, 18)),
                                      location(s, "c/main.c", range(8, 9, 8, 18))}));
    json without = s.call("textDocument/references", {{"textDocument", {{"uri", s.uri("c/main.c")}}},
                                                      {"position", pos(7, 10)},
                                                      {"context", {{"includeDeclaration", false}}}});
    CHECK(without["result"].size() == 2);
  }

  SUBCASE("references: a Python class across modules, imports included") {
    json r = s.call("textDocument/references", {{"textDocument", {{"uri", s.uri("py/shapes/circle.py")}}},
                                                {"position", pos(5, 7)},
                                                {"context", {{"includeDeclaration", false}}}});
    CHECK(r["result"] == json::array({location(s, "py/app.py", range(0, 26, 0, 32)),
                                      location(s, "py/app.py", range(9, 8, 9, 14)),
                                      location(s, "py/shapes/__init__.py", range(0, 20, 0, 26)),
                                      location(s, "py/shapes/circle.py", range(16, 11, 16, 17))}));
  }

  SUBCASE("call hierarchy: prepare, incoming grouped by caller, outgoing in call order") {
    json prepared = s.call("textDocument/prepareCallHierarchy",
                           {{"textDocument", {{"uri", s.uri("c/main.c")}}}, {"position", pos(7, 10)}});
    REQUIRE(prepared["result"].size() == 1);
    json item = prepared["result"][0];
    CHECK(item["name"] == "list_push");
    // A call site gives the declaration the compiler sees there (as clangd does): the prototype
    // main.c includes, not the body in list.c.
    CHECK(item["uri"] == s.uri("c/list.h"));
    CHECK(item["selectionRange"] == range(9, 13, 9, 22));

    json incoming = s.call("callHierarchy/incomingCalls", {{"item", item}});
    REQUIRE(incoming["result"].size() == 1);
    CHECK(incoming["result"][0]["from"]["name"] == "main");
    CHECK(incoming["result"][0]["fromRanges"] == json::array({range(7, 9, 7, 18), range(8, 9, 8, 18)}));

    json mainItem = s.call("textDocument/prepareCallHierarchy",
                           {{"textDocument", {{"uri", s.uri("c/main.c")}}}, {"position", pos(5, 5)}})["result"][0];
    json outgoing = s.call("callHierarchy/outgoingCalls", {{"item", mainItem}});
    std::vector<std::string> callees;
    for (const auto& c : outgoing["result"]) callees.push_back(c["to"]["name"]);
    CHECK(callees == std::vector<std::string>{"list_push", "square", "list_sum"}); // printf is outside
    CHECK(outgoing["result"][0]["to"]["uri"] == s.uri("c/list.h"));
    CHECK(outgoing["result"][0]["fromRanges"].size() == 2);
  }

  SUBCASE("workspace/symbol: fuzzy, best first, locals left out") {
    json r = s.call("workspace/symbol", {{"query", "circle"}});
    REQUIRE(r["result"].size() >= 2);
    CHECK(r["result"][0]["name"] == "Circle");
    CHECK(r["result"][0]["location"] == location(s, "py/shapes/circle.py", range(5, 6, 5, 12)));
    CHECK(r["result"][1]["name"] == "unit_circle");
    json none = s.call("workspace/symbol", {{"query", "label"}}); // a local of describe()
    CHECK(none["result"].empty());
  }

  SUBCASE("hover: the declaration as written, the docstring, the place") {
    json r = s.call("textDocument/hover", {{"textDocument", {{"uri", s.uri("py/app.py")}}}, {"position", pos(9, 9)}});
    CHECK(r["result"]["contents"]["kind"] == "markdown");
    CHECK(r["result"]["contents"]["value"] ==
          "```python\nclass Circle:\n```\n\nA circle of a given radius.\n\n*py/shapes/circle.py:6*");
    CHECK(r["result"]["range"] == range(9, 8, 9, 14));
    json c = s.call("textDocument/hover", {{"textDocument", {{"uri", s.uri("c/main.c")}}}, {"position", pos(7, 10)}});
    CHECK(c["result"]["contents"]["value"] ==
          "```c\nstruct node *list_push(struct node *head, int value)\n```\n\n*c/list.c:4*");
    // A member under `private:` says so (public, the default reading, is not written).
    json member = s.call("textDocument/hover", {{"textDocument", {{"uri", s.uri("cpp/shape.cpp")}}}, {"position", pos(6, 35)}});
    CHECK(member["result"]["contents"]["value"] == "```cpp\ndouble w_, h_;\n```\n\n*private · cpp/shape.hpp:17*");
    json none = s.call("textDocument/hover", {{"textDocument", {{"uri", s.uri("py/app.py")}}}, {"position", pos(1, 0)}});
    CHECK(none["result"].is_null());
  }

  SUBCASE("documentHighlight: the uses of one entity in this document") {
    json r = s.call("textDocument/documentHighlight",
                    {{"textDocument", {{"uri", s.uri("c/main.c")}}}, {"position", pos(7, 10)}});
    CHECK(r["result"] == json::array({{{"range", range(7, 9, 7, 18)}, {"kind", 2}},
                                      {{"range", range(8, 9, 8, 18)}, {"kind", 2}}}));
  }

  SUBCASE("definition on whitespace is empty") { CHECK(s.definition("py/app.py", 1, 0) == json::array()); }

  SUBCASE("errors: unknown method, bad params") {
    json r = s.call("textDocument/unknownThing", json::object());
    CHECK(r["error"]["code"] == -32601);
    r = s.call("textDocument/definition", {{"textDocument", {{"uri", s.uri("py/app.py")}}}}); // no position
    CHECK(r["error"]["code"] == -32602);
  }

  json down = s.call("shutdown", nullptr);
  CHECK(down.contains("result"));
  CHECK(down["result"].is_null());
  json after = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", s.uri("py/app.py")}}}});
  CHECK(after["error"]["code"] == -32600);
  s.server.notify("exit", nullptr);
  CHECK(s.server.closeAndWait() == 0);
}

TEST_CASE("incremental didChange: the very next request sees the edit; the disk file is untouched") {
  Session s;
  json init = s.initialize(kCapabilities);
  CHECK(init["result"]["capabilities"]["textDocumentSync"]["change"] == 2);
  s.server.notify("initialized", json::object());
  s.server.waitProgressEnd();
  s.open("py/app.py", "python");
  // Insert a function above describe() and call it from main(): two range edits in one didChange,
  // the second against the result of the first (main's body moved down by two lines).
  json changes = json::array({
      {{"range", range(2, 0, 2, 0)}, {"text", "def helper():\n    return 1\n"}},
      {{"range", range(11, 4, 11, 4)}, {"text", "helper()\n    "}},
  });
  s.server.notify("textDocument/didChange",
                  {{"textDocument", {{"uri", s.uri("py/app.py")}, {"version", 2}}}, {"contentChanges", changes}});
  // No waiting: requests flush pending edits first.
  CHECK(s.definition("py/app.py", 11, 5) == json::array({location(s, "py/app.py", range(2, 4, 2, 10))}));
  json symbols = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", s.uri("py/app.py")}}}})["result"];
  REQUIRE(symbols.size() == 3);
  CHECK(symbols[0]["name"] == "helper");
  CHECK(symbols[1]["selectionRange"] == range(5, 4, 5, 12)); // describe moved down two lines

  // Closing the buffer makes the disk the truth again: the file on disk never had helper().
  s.server.notify("textDocument/didClose", {{"textDocument", {{"uri", s.uri("py/app.py")}}}});
  json after;
  for (int i = 0; i < 100; ++i) {
    after = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", s.uri("py/app.py")}}}})["result"];
    if (after.size() == 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(after.size() == 2);
  CHECK(after[0]["name"] == "describe");
  s.call("shutdown", nullptr);
  s.server.notify("exit", nullptr);
  CHECK(s.server.closeAndWait() == 0);
}

TEST_CASE("incremental reparse: a chain of range edits, each followed by definition, sees every edit") {
  Session s;
  s.start(kCapabilities);
  s.open("py/app.py", "python");
  int version = 1;
  auto change = [&](json changes) {
    s.server.notify("textDocument/didChange", {{"textDocument", {{"uri", s.uri("py/app.py")}, {"version", ++version}}},
                                                {"contentChanges", std::move(changes)}});
  };
  auto here = [&](json r) { return json::array({location(s, "py/app.py", std::move(r))}); };
  // The first edit after opening parses from scratch and keeps the tree; the later ones edit it.
  change({{{"range", range(2, 0, 2, 0)}, {"text", "def helper():\n    return 1\n"}}});
  CHECK(s.definition("py/app.py", 12, 10) == here(range(5, 4, 5, 12))); // describe(c)
  change({{{"range", range(11, 4, 11, 4)}, {"text", "helper()\n    "}}});
  CHECK(s.definition("py/app.py", 11, 5) == here(range(2, 4, 2, 10)));
  // Two renames in one didChange; the name grows.
  change({{{"range", range(2, 4, 2, 10)}, {"text", "assistant"}}, {{"range", range(11, 4, 11, 10)}, {"text", "assistant"}}});
  CHECK(s.definition("py/app.py", 11, 5) == here(range(2, 4, 2, 13)));
  // Deleting lines above moves everything up.
  change({{{"range", range(0, 0, 2, 0)}, {"text", ""}}});
  CHECK(s.definition("py/app.py", 9, 5) == here(range(0, 4, 0, 13)));
  CHECK(s.definition("py/app.py", 11, 10) == here(range(3, 4, 3, 12)));
  // Typing, one keystroke per didChange (the debounce may index some of them on the way).
  const std::string typed = "def zeta():\n    return assistant()\n";
  int line = 2, column = 0;
  for (char c : typed) {
    change({{{"range", range(line, column, line, column)}, {"text", std::string(1, c)}}});
    if (c == '\n') ++line, column = 0;
    else ++column;
  }
  CHECK(s.definition("py/app.py", 3, 12) == here(range(0, 4, 0, 13)));
  json zeta = s.call("workspace/symbol", {{"query", "zeta"}})["result"];
  REQUIRE(zeta.size() == 1);
  CHECK(zeta[0]["location"] == location(s, "py/app.py", range(2, 4, 2, 8)));
  s.finish();
}

TEST_CASE("syntax errors of open documents are published, and cleared on close") {
  Session s;
  s.start(kCapabilities);
  s.open("py/app.py", "python");
  s.server.notify("textDocument/didChange", {{"textDocument", {{"uri", s.uri("py/app.py")}, {"version", 7}}},
                                              {"contentChanges", {{{"text", "def broken(:\n    pass\n"}}}}});
  s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", s.uri("py/app.py")}}}}); // flushes the edit
  auto published = [&](size_t count) {
    for (auto it = s.server.notifications.rbegin(); it != s.server.notifications.rend(); ++it)
      if ((*it)["method"] == "textDocument/publishDiagnostics") return (*it)["params"]["diagnostics"].size() == count;
    return false;
  };
  REQUIRE(published(1));
  json last;
  for (auto& n : s.server.notifications)
    if (n["method"] == "textDocument/publishDiagnostics") last = n["params"];
  CHECK(last["uri"] == s.uri("py/app.py"));
  CHECK(last["version"] == 7);
  CHECK(last["diagnostics"][0]["severity"] == 1);
  CHECK(last["diagnostics"][0]["range"]["start"] == pos(0, 11));
  s.server.notify("textDocument/didClose", {{"textDocument", {{"uri", s.uri("py/app.py")}}}});
  s.call("workspace/symbol", {{"query", "x"}});
  CHECK(published(0));
  s.call("shutdown", nullptr);
  s.server.notify("exit", nullptr);
  CHECK(s.server.closeAndWait() == 0);
}

TEST_CASE("$/cancelRequest pipelined behind its request: the request gets RequestCancelled") {
  Session s;
  s.initialize(kCapabilities);
  s.server.notify("initialized", json::object());
  s.server.waitProgressEnd();
  auto frame = [](const json& m) {
    std::string body = m.dump();
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  s.server.writeRaw(frame({{"jsonrpc", "2.0"}, {"id", 500}, {"method", "workspace/symbol"}, {"params", {{"query", ""}}}}) +
                    frame({{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", 500}}}}) +
                    frame({{"jsonrpc", "2.0"}, {"id", 501}, {"method", "workspace/symbol"}, {"params", {{"query", ""}}}}));
  CHECK(s.server.waitResponse(500)["error"]["code"] == -32800);
  CHECK(s.server.waitResponse(501).contains("result")); // the next one is answered normally
  s.call("shutdown", nullptr);
  s.server.notify("exit", nullptr);
  CHECK(s.server.closeAndWait() == 0);
}

TEST_CASE("workspace/didChangeWatchedFiles reindexes files changed on disk") {
  Session s;
  s.initialize(kCapabilities);
  s.server.notify("initialized", json::object());
  s.server.waitProgressEnd();
  std::ofstream(s.root / "c/extra.c") << "int extra_fn(void) { return 2; }\n";
  s.server.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", s.uri("c/extra.c")}, {"type", 1}}}}});
  json found;
  for (int i = 0; i < 100 && found.empty(); ++i) {
    found = s.call("workspace/symbol", {{"query", "extra_fn"}})["result"];
    if (found.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(found.size() == 1);
  CHECK(found[0]["location"] == location(s, "c/extra.c", range(0, 4, 0, 12)));
  s.call("shutdown", nullptr);
  s.server.notify("exit", nullptr);
  CHECK(s.server.closeAndWait() == 0);
}

TEST_CASE("workspace/didChangeWatchedFiles: a new compile_commands.json decides which header an include names") {
  Session s;
  for (const char* v : {"a", "b"}) {
    fs::create_directories(s.root / "vendor" / v);
    std::ofstream(s.root / "vendor" / v / "cfg.h") << "static inline int cfg_limit(void) { return 1; }\n";
  }
  std::ofstream(s.root / "c/use.c") << "#include \"cfg.h\"\nint use(void) { return cfg_limit(); }\n";
  s.start(kCapabilities);
  auto definitions = [&] {
    return s.call("textDocument/definition", {{"textDocument", {{"uri", s.uri("c/use.c")}}}, {"position", pos(1, 23)}})["result"];
  };
  CHECK(definitions().size() == 2); // nothing says which folder is on the include path
  std::ofstream(s.root / "compile_commands.json")
      << json::array({{{"directory", s.root.string()}, {"file", "c/use.c"}, {"command", "cc -Ivendor/b -c c/use.c"}}}).dump();
  s.server.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", s.uri("compile_commands.json")}, {"type", 1}}}}});
  json found = definitions();
  for (int i = 0; i < 100 && found.size() != 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    found = definitions();
  }
  REQUIRE(found.size() == 1);
  CHECK(found[0] == location(s, "vendor/b/cfg.h", range(0, 18, 0, 27)));
  s.finish();
}

TEST_CASE("protocol errors: malformed JSON, requests before initialize, exit without shutdown") {
  Session s;
  s.server.writeRaw("Content-Length: 9\r\n\r\n{not json");
  auto parseError = s.server.read();
  REQUIRE(parseError);
  CHECK((*parseError)["error"]["code"] == -32700);
  CHECK((*parseError)["id"].is_null());

  json early = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", s.uri("py/app.py")}}}});
  CHECK(early["error"]["code"] == -32002);

  // Content-Type is optional and accepted.
  std::string body = json{{"jsonrpc", "2.0"}, {"id", 99}, {"method", "shutdown"}}.dump();
  s.server.writeRaw("Content-Length: " + std::to_string(body.size()) +
                    "\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + body);
  CHECK(s.server.waitResponse(99)["error"]["code"] == -32002);

  s.server.notify("exit", nullptr);
  CHECK(s.server.closeAndWait() == 1);
}

TEST_CASE("utf-8 is negotiated when the client offers it") {
  Session s;
  json init = s.initialize({{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}},
                            {"textDocument", {{"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}}}}});
  CHECK(init["result"]["capabilities"]["positionEncoding"] == "utf-8");
  s.server.notify("initialized", json::object());
  // No workDoneProgress: poll until the index is there.
  json symbols;
  for (int i = 0; i < 200 && symbols.empty(); ++i) {
    symbols = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", s.uri("py/app.py")}}}})["result"];
    if (symbols.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  REQUIRE_FALSE(symbols.empty());
  // Byte columns now: `area` after "円 🟢" starts at byte 24.
  CHECK(symbols[0]["children"][2]["selectionRange"] == range(4, 24, 4, 28));
  s.call("shutdown", nullptr);
  s.server.notify("exit", nullptr);
  CHECK(s.server.closeAndWait() == 0);
}

TEST_CASE("--listen serves the same protocol over TCP on loopback") {
  TempDir tmp;
  int port = 20000 + static_cast<int>(getpid() % 20000);
  LspProcess server{SEXTANT_BINARY, {"--listen", "127.0.0.1:" + std::to_string(port), "--log-level", "warn"}, tmp.path()};
  int fd = -1;
  for (int attempt = 0; attempt < 200 && fd < 0; ++attempt) {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(fd);
      fd = -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  REQUIRE(fd >= 0);
  std::string body = json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                          {"params", {{"rootUri", "file://" + tmp.path().string()}, {"capabilities", json::object()}}}}
                         .dump();
  std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  REQUIRE(write(fd, frame.data(), frame.size()) == static_cast<ssize_t>(frame.size()));
  std::string got;
  char buf[4096];
  for (int i = 0; i < 100 && got.find("\"positionEncoding\"") == std::string::npos; ++i) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  CHECK(got.starts_with("Content-Length: "));
  CHECK(got.find("\"definitionProvider\":true") != std::string::npos);
}

namespace {

json folder(const fs::path& root) { return {{"uri", "file://" + root.string()}, {"name", root.filename().string()}}; }

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

/// The fixture workspace as folder `ws`, plus folder `b` (Python) and, not yet served, folder `c`.
struct FoldersSession : Session {
  fs::path b = tmp.path() / "b", c = tmp.path() / "c";

  FoldersSession() {
    write(b / "lib.py", "def beta_fn():\n    return 1\n\n\ndef circle_area(r):\n    return 3 * r * r\n");
    write(b / "use.py", "from lib import beta_fn\n\nx = beta_fn()\n");
    write(c / "gamma.py", "def gamma_fn():\n    return 2\n");
    write(c / "use.py", "from gamma import gamma_fn\n\ny = gamma_fn()\n");
  }

  json initializeFolders(const std::vector<fs::path>& roots) {
    json folders = json::array();
    for (const auto& r : roots) folders.push_back(folder(r));
    json init = server.waitResponse(server.request(
        "initialize", {{"processId", nullptr}, {"workspaceFolders", folders}, {"capabilities", kCapabilities}}));
    server.notify("initialized", json::object());
    return init;
  }

  void changeFolders(const std::vector<fs::path>& added, const std::vector<fs::path>& removed) {
    json event = {{"added", json::array()}, {"removed", json::array()}};
    for (const auto& r : added) event["added"].push_back(folder(r));
    for (const auto& r : removed) event["removed"].push_back(folder(r));
    server.notify("workspace/didChangeWorkspaceFolders", {{"event", event}});
  }

  /// workspace/symbol for `query`, polled (indexing runs in the background) until a result lies
  /// in `file`; the last answer after 20 s otherwise.
  json symbolsUntil(const std::string& query, const fs::path& file) {
    json found;
    for (int i = 0; i < 1000; ++i) {
      found = call("workspace/symbol", {{"query", query}})["result"];
      for (const auto& s : found)
        if (s["location"]["uri"] == "file://" + file.string()) return found;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return found;
  }

  json definitionAt(const fs::path& file, int line, int character) {
    return call("textDocument/definition",
                {{"textDocument", {{"uri", "file://" + file.string()}}}, {"position", pos(line, character)}})["result"];
  }

  void openFile(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    server.notify("textDocument/didOpen", {{"textDocument", {{"uri", "file://" + file.string()}, {"languageId", "python"},
                                                             {"version", 1}, {"text", text.str()}}}});
  }
};

json at(const fs::path& file, json r) { return {{"uri", "file://" + file.string()}, {"range", std::move(r)}}; }

} // namespace

TEST_CASE("workspace folders: every folder is served, each with its own index; workspace/symbol merges them") {
  FoldersSession s;
  json init = s.initializeFolders({s.root, s.b});
  CHECK(init["result"]["capabilities"]["workspace"]["workspaceFolders"] ==
        json{{"supported", true}, {"changeNotifications", true}});
  REQUIRE_FALSE(s.symbolsUntil("beta_fn", s.b / "lib.py").empty());
  REQUIRE_FALSE(s.symbolsUntil("Circle", s.root / "py/shapes/circle.py").empty());
  CHECK(fs::exists(s.root / ".sextant"));
  CHECK(fs::exists(s.b / ".sextant"));

  // Definition in both folders, URIs from the right root.
  CHECK(s.definition("py/app.py", 9, 9) == json::array({location(s, "py/shapes/circle.py", range(5, 6, 5, 12))}));
  CHECK(s.definitionAt(s.b / "use.py", 2, 5) == json::array({at(s.b / "lib.py", range(0, 4, 0, 11))}));

  // One ranking over both folders: Circle (exact), then circle_area (prefix, shorter), unit_circle.
  json merged = s.call("workspace/symbol", {{"query", "circle"}})["result"];
  std::vector<std::string> names;
  for (const auto& m : merged) names.push_back(m["name"]);
  REQUIRE(names.size() >= 3);
  CHECK(names[0] == "Circle");
  CHECK(names[1] == "circle_area");
  CHECK(names[2] == "unit_circle");
  CHECK(merged[1]["location"] == at(s.b / "lib.py", range(4, 4, 4, 15)));
  s.finish();
}

TEST_CASE("workspace/didChangeWorkspaceFolders: an added folder is indexed and takes its open documents; a removed "
          "one stops being served") {
  FoldersSession s;
  s.initializeFolders({s.root, s.b});
  REQUIRE_FALSE(s.symbolsUntil("beta_fn", s.b / "lib.py").empty());
  REQUIRE_FALSE(s.symbolsUntil("Circle", s.root / "py/shapes/circle.py").empty());
  // Open before its folder is served: the first folder takes it, gamma.py is unknown there.
  s.openFile(s.c / "use.py");
  CHECK(s.definitionAt(s.c / "use.py", 2, 5) == json::array());

  s.changeFolders({s.c}, {});
  json gamma = s.symbolsUntil("gamma_fn", s.c / "gamma.py");
  REQUIRE_FALSE(gamma.empty());
  CHECK(gamma[0]["location"] == at(s.c / "gamma.py", range(0, 4, 0, 12)));
  CHECK(s.definitionAt(s.c / "use.py", 2, 5) == json::array({at(s.c / "gamma.py", range(0, 4, 0, 12))}));

  s.changeFolders({}, {s.b});
  CHECK(s.call("workspace/symbol", {{"query", "beta_fn"}})["result"].empty());
  CHECK(fs::exists(s.b / ".sextant")); // the index stays for next time
  // The other folders are still served.
  CHECK(s.definition("py/app.py", 9, 9) == json::array({location(s, "py/shapes/circle.py", range(5, 6, 5, 12))}));

  // Added again, it is served from its index.
  s.changeFolders({s.b}, {});
  CHECK_FALSE(s.symbolsUntil("beta_fn", s.b / "lib.py").empty());
  s.finish();
}

TEST_CASE("nested workspace folders: a document belongs to the innermost; symbols are listed once") {
  FoldersSession s;
  fs::path inner = s.root / "py";
  s.initializeFolders({s.root, inner});
  REQUIRE_FALSE(s.symbolsUntil("Circle", inner / "shapes/circle.py").empty());
  s.open("py/app.py", "python");
  // The outer folder's symbols can answer before the inner one (which owns app.py) is indexed.
  json found;
  for (int i = 0; i < 1000 && (found = s.definition("py/app.py", 9, 9)).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(found == json::array({location(s, "py/shapes/circle.py", range(5, 6, 5, 12))}));
  json circles = s.call("workspace/symbol", {{"query", "Circle"}})["result"];
  size_t exact = 0;
  for (const auto& c : circles) exact += c["name"] == "Circle";
  CHECK(exact == 1);
  CHECK(fs::exists(inner / ".sextant"));
  s.finish();
}

TEST_CASE("textDocument/references lists the first --limit-references locations by path and position") {
  Session s({"--limit-references", "3"});
  s.start(kCapabilities);
  json r = s.call("textDocument/references", {{"textDocument", {{"uri", s.uri("c/main.c")}}},
                                              {"position", pos(7, 10)},
                                              {"context", {{"includeDeclaration", true}}}});
  // All four are listed without the flag (test above); the last in path order is left out.
  CHECK(r["result"] == json::array({location(s, "c/list.c", range(3, 13, 3, 22)),
                                    location(s, "c/list.h", range(9, 13, 9, 22)),
                                    location(s, "c/main.c", range(7, 9, 7, 18))}));
  s.finish();
}
