// Load: 10,000 pipelined requests answered exactly once with bounded memory; two servers and a
// `--check` on one index at once.
#include "tests/hostile/HostileSupport.h"

#include <doctest/doctest.h>

#include <map>

using namespace sextant;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;
using test::LspProcess;
using test::TempDir;

namespace {

const json kCapabilities = {
    {"window", {{"workDoneProgress", true}}},
    {"textDocument", {{"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}}}},
};

fs::path copyFixture(const fs::path& to) {
  fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "workspace", to, fs::copy_options::recursive);
  return to;
}

json pos(int line, int character) { return {{"line", line}, {"character", character}}; }

} // namespace

TEST_CASE("10,000 pipelined requests: every id answered exactly once, consistently, with bounded memory") {
  TempDir tmp("load");
  fs::path ws = copyFixture(tmp.path() / "ws");
  LspProcess server(SEXTANT_BINARY, {"--log-level", "warn"}, tmp.path());
  REQUIRE(server.waitResponse(server.request(
              "initialize", {{"processId", nullptr}, {"rootUri", test::fileUri(ws)}, {"capabilities", kCapabilities}}))
              .contains("result"));
  server.notify("initialized", json::object());
  server.waitProgressEnd();
  long rssBefore = test::rssKiB(server.pid());

  const std::vector<std::string> files = {"c/main.c", "c/list.c", "cpp/shape.cpp", "py/app.py", "py/shapes/circle.py"};
  constexpr int kRequests = 10000;
  // Build every frame first, then write them from a thread while this one reads: neither side
  // waits for the other, as in an editor flooding the server.
  std::string frames;
  std::map<int, std::pair<std::string, size_t>> sent; // id -> (method, file)
  constexpr int kFirstId = 1000;
  for (int i = 0; i < kRequests; ++i) {
    int id = kFirstId + i;
    size_t f = static_cast<size_t>(i) % files.size();
    std::string method = i % 2 ? "textDocument/definition" : "textDocument/documentSymbol";
    json params = {{"textDocument", {{"uri", test::fileUri(ws / files[f])}}}};
    if (i % 2) params["position"] = pos(i % 7, i % 13);
    std::string body = json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump();
    frames += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    sent[id] = {method, f};
  }
  auto started = std::chrono::steady_clock::now();
  std::thread writer([&] { server.writeRaw(frames); });
  std::map<int, int> answers;
  std::map<std::pair<std::string, std::string>, json> firstResult; // (method, params) -> result
  long peakRss = rssBefore;
  int errors = 0, inconsistent = 0;
  for (size_t got = 0; got < static_cast<size_t>(kRequests);) {
    auto m = server.read(30s);
    REQUIRE_MESSAGE(m, "no answer after " << got << " of " << kRequests);
    if (!m->contains("id") || m->contains("method")) continue; // notifications
    int id = (*m)["id"];
    ++answers[id];
    ++got;
    if (m->contains("error")) {
      ++errors;
      continue;
    }
    // The same request (method, file, position) always gets the same answer.
    int i = id - kFirstId;
    std::string key = std::to_string(sent[id].second) + ":" + std::to_string(i % 2 ? (i % 7) * 100 + i % 13 : -1);
    auto [it, fresh] = firstResult.try_emplace({sent[id].first, key}, (*m)["result"]);
    if (!fresh && it->second != (*m)["result"]) ++inconsistent;
    if (got % 500 == 0) peakRss = std::max(peakRss, test::rssKiB(server.pid()));
  }
  writer.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  peakRss = std::max(peakRss, test::rssKiB(server.pid()));
  MESSAGE(kRequests << " requests in " << seconds << " s; RSS " << rssBefore / 1024 << " MiB before, peak "
                    << peakRss / 1024 << " MiB");
  CHECK(answers.size() == static_cast<size_t>(kRequests));
  for (const auto& [id, count] : answers) {
    CAPTURE(id);
    CHECK(sent.contains(id));
    CHECK(count == 1);
  }
  CHECK(errors == 0);
  CHECK(inconsistent == 0);
  CHECK(peakRss < 512 * 1024); // generous: the fixture index is tiny
  CHECK(seconds < 45);
  int id = server.request("shutdown", nullptr);
  CHECK(server.waitResponse(id).contains("result"));
  server.notify("exit", nullptr);
  CHECK(server.closeAndWait() == 0);
}

TEST_CASE("two servers and a --check on one index at the same time") {
  TempDir tmp("shared");
  fs::path ws = copyFixture(tmp.path() / "ws");
  for (int i = 0; i < 300; ++i)
    test::writeBytes(ws / "gen" / ("g" + std::to_string(i) + ".py"),
                     "def gen_" + std::to_string(i) + "(x):\n    return x\n\nclass G" + std::to_string(i) + ":\n    pass\n");
  std::vector<std::unique_ptr<LspProcess>> servers;
  for (int s = 0; s < 2; ++s) {
    servers.push_back(std::make_unique<LspProcess>(SEXTANT_BINARY, std::vector<std::string>{"--log-level", "warn"}, tmp.path()));
    REQUIRE(servers.back()
                ->waitResponse(servers.back()->request(
                    "initialize", {{"processId", nullptr}, {"rootUri", test::fileUri(ws)}, {"capabilities", kCapabilities}}))
                .contains("result"));
    servers.back()->notify("initialized", json::object());
  }
  auto check = test::runWithTimeout({SEXTANT_BINARY, "--check", ws.string(), "--fail-on", "never", "--quiet"}, tmp.path(), 50s);
  INFO(check.err.substr(0, 2000));
  CHECK(check.status == 0);
  for (auto& server : servers) {
    server->waitProgressEnd();
    json symbols = server->waitResponse(
        server->request("textDocument/documentSymbol", {{"textDocument", {{"uri", test::fileUri(ws / "gen/g7.py")}}}}));
    REQUIRE(symbols.contains("result"));
    REQUIRE(symbols["result"].size() == 2);
    CHECK(symbols["result"][0]["name"] == "gen_7");
    json def = server->waitResponse(server->request(
        "textDocument/definition", {{"textDocument", {{"uri", test::fileUri(ws / "c/main.c")}}}, {"position", pos(0, 0)}}));
    CHECK(def.contains("result"));
  }
  for (auto& server : servers) CHECK(server->closeAndWait() >= 0);
  auto verify = test::runWithTimeout({SEXTANT_BINARY, "verify", ws.string()}, tmp.path(), 30s);
  INFO(verify.out.substr(0, 2000));
  CHECK(verify.status == 0);
  CHECK(fs::exists(ws / ".sextant"));
}
