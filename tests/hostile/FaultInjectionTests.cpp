// Fault injection: SIGKILL during the initial index and during didChange writes (seeded trials),
// a full disk, a read-only index folder, and the index folder deleted under a running server.
#include "tests/hostile/HostileSupport.h"

#include <doctest/doctest.h>

#include <sys/mount.h>

#include <atomic>
#include <cstring>
#include <optional>
#include <random>

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

std::string module(int i, int generation) {
  std::string s = "import os\n\n";
  for (int f = 0; f < 12; ++f)
    s += "def m" + std::to_string(i) + "_" + std::to_string(f) + "_g" + std::to_string(generation) +
         "(a):\n    return os.path.join(a, str(" + std::to_string(f) + "))\n\n";
  return s + "class K" + std::to_string(i) + ":\n    def run(self):\n        return m" + std::to_string(i) + "_0_g" +
         std::to_string(generation) + "(1)\n";
}

void writeTree(const fs::path& ws, int files, int generation) {
  for (int i = 0; i < files; ++i) test::writeBytes(ws / ("p" + std::to_string(i % 10)) / ("m" + std::to_string(i) + ".py"), module(i, generation));
}

json initialize(LspProcess& server, const fs::path& ws, const fs::path& index) {
  (void)index;
  return server.waitResponse(server.request(
      "initialize", {{"processId", nullptr}, {"rootUri", test::fileUri(ws)}, {"capabilities", kCapabilities}}));
}

/// `sextant verify --no-disk`: the index's own consistency after a kill.
test::TimedRun verifyIndexOnly(const fs::path& ws, const fs::path& index, const fs::path& cwd) {
  return test::runWithTimeout({SEXTANT_BINARY, "verify", ws.string(), "--index", index.string(), "--no-disk"}, cwd, 30s);
}

} // namespace

TEST_CASE("SIGKILL during the initial index and during didChange writes: the index opens and verifies (60 trials)") {
  TempDir tmp("kill");
  fs::path ws = tmp.path() / "ws", index = tmp.path() / "idx";
  constexpr int kFiles = 400;
  writeTree(ws, kFiles, 0);
  std::mt19937 rng(0x51c4111);
  auto deadline = std::chrono::steady_clock::now() + 75s;
  int indexTrials = 0, editTrials = 0, consistent = 0;

  for (int trial = 0; trial < 30 && std::chrono::steady_clock::now() < deadline; ++trial) {
    CAPTURE(trial);
    // New work for this run: a fifth of the files change; every 10th trial the index is dropped.
    for (int i = 0; i < kFiles; ++i)
      if (rng() % 5 == 0) test::writeBytes(ws / ("p" + std::to_string(i % 10)) / ("m" + std::to_string(i) + ".py"), module(i, trial + 1));
    if (trial % 10 == 0) fs::remove_all(index);
    {
      LspProcess server(SEXTANT_BINARY, {"--log-level", "off", "--index", index.string(), "-j", "2"}, tmp.path());
      REQUIRE(initialize(server, ws, index).contains("result"));
      server.notify("initialized", json::object());
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 600));
    } // ~LspProcess: SIGKILL
    ++indexTrials;
    auto v = verifyIndexOnly(ws, index, tmp.path());
    INFO(v.out.substr(0, 2000) << v.err.substr(0, 500));
    CHECK(v.status == 0);
    consistent += v.status == 0;
  }

  for (int trial = 0; trial < 30 && std::chrono::steady_clock::now() < deadline + 20s; ++trial) {
    CAPTURE(trial);
    std::optional<LspProcess> server;
    server.emplace(SEXTANT_BINARY, std::vector<std::string>{"--log-level", "off", "--index", index.string(), "-j", "2"}, tmp.path());
    REQUIRE(initialize(*server, ws, index).contains("result"));
    server->notify("initialized", json::object());
    std::string rel = "p" + std::to_string(trial % 10) + "/m" + std::to_string(trial) + ".py";
    std::string uri = test::fileUri(ws / rel), text = test::readBytes(ws / rel);
    server->notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", text}}}});
    auto killAt = std::chrono::steady_clock::now() + std::chrono::milliseconds(50 + rng() % 500);
    // An editor reads while it writes: drain the replies on a thread, or both pipes fill.
    std::atomic<bool> draining = true;
    std::thread drain([&] {
      while (draining) server->read(20ms);
    });
    const json atTop = {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}};
    for (int version = 2; std::chrono::steady_clock::now() < killAt; ++version) {
      json change = {{"range", atTop}, {"text", "def typed_" + std::to_string(version) + "(x):\n    return x\n"}};
      server->notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version}}},
                                                {"contentChanges", json::array({change})}});
      // A request makes the server index the edit now (flushEdits) rather than after 150 ms.
      server->request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
      std::this_thread::sleep_for(2ms);
    }
    draining = false;
    drain.join();
    server.reset(); // SIGKILL mid-write
    ++editTrials;
    auto v = verifyIndexOnly(ws, index, tmp.path());
    INFO(v.out.substr(0, 2000) << v.err.substr(0, 500));
    CHECK(v.status == 0);
    consistent += v.status == 0;
  }
  MESSAGE(indexTrials << " kills during indexing, " << editTrials << " during didChange writes, " << consistent
                      << " consistent afterwards");
  CHECK(indexTrials + editTrials >= 50);
  CHECK(consistent == indexTrials + editTrials);

  // And a clean run afterwards brings the index exactly up to date.
  auto check = test::runWithTimeout({SEXTANT_BINARY, "--check", ws.string(), "--index", index.string(), "--fail-on", "never", "--quiet"},
                                    tmp.path(), 40s);
  CHECK(check.status == 0);
  auto full = test::runWithTimeout({SEXTANT_BINARY, "verify", ws.string(), "--index", index.string()}, tmp.path(), 30s);
  INFO(full.out.substr(0, 2000));
  CHECK(full.status == 0);
}

TEST_CASE("disk full on a 2 MiB tmpfs: a clear error, the index intact, work resumes when space returns") {
  TempDir tmp("full");
  fs::path ws = tmp.path() / "ws", mnt = tmp.path() / "mnt", index = mnt / "idx";
  writeTree(ws, 1200, 0); // ~10 MiB of index: several times the tmpfs
  fs::create_directories(mnt);
  if (mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=2m") != 0) {
    MESSAGE("skipped: cannot mount a tmpfs here (" << std::strerror(errno) << "); needs root with CAP_SYS_ADMIN");
    return;
  }
  struct Unmount {
    fs::path dir;
    ~Unmount() { umount2(dir.c_str(), MNT_DETACH); }
  } unmount{mnt};

  auto first = test::runWithTimeout({SEXTANT_BINARY, "--check", ws.string(), "--index", index.string(), "--fail-on", "never", "--quiet"},
                                    tmp.path(), 40s);
  INFO(first.err.substr(0, 2000));
  CHECK(first.status == 2);                                       // documented: environment error
  CHECK(first.err.find("indexing failed") != std::string::npos); // one clear line, with the cause
  // LMDB turns the short write into EIO; the message must still say the disk is full.
  CHECK(first.err.find("full") != std::string::npos);
  CHECK(std::count(first.err.begin(), first.err.end(), '\n') <= 3);
  // Whatever was committed before the disk filled is consistent.
  auto v = verifyIndexOnly(ws, index, tmp.path());
  INFO(v.out.substr(0, 1000));
  CHECK(v.status == 0);

  REQUIRE(mount("tmpfs", mnt.c_str(), "tmpfs", MS_REMOUNT, "size=64m") == 0);
  auto second = test::runWithTimeout({SEXTANT_BINARY, "--check", ws.string(), "--index", index.string(), "--fail-on", "never", "--quiet"},
                                     tmp.path(), 40s);
  INFO(second.err.substr(0, 2000));
  CHECK(second.status == 0);
  auto full = test::runWithTimeout({SEXTANT_BINARY, "verify", ws.string(), "--index", index.string()}, tmp.path(), 30s);
  INFO(full.out.substr(0, 1000));
  CHECK(full.status == 0);
}

TEST_CASE("a read-only index folder: --check says so in one line; the server falls back and still answers") {
  TempDir tmp("ro");
  fs::path ws = tmp.path() / "ws", index = tmp.path() / "ro-index";
  writeTree(ws, 5, 0);
  fs::create_directories(index);
  fs::permissions(index, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
  // Root ignores permission bits: run as nobody when we are root.
  std::vector<std::string> prefix;
  if (geteuid() == 0) prefix = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  auto args = prefix;
  for (std::string a : {std::string(SEXTANT_BINARY), std::string("--check"), ws.string(), std::string("--index"), index.string(), std::string("--quiet")})
    args.push_back(a);
  auto check = test::runWithTimeout(args, tmp.path(), 30s);
  INFO(check.err);
  CHECK(check.status == 2);
  CHECK(check.err.find(index.string()) != std::string::npos);
  CHECK(fs::is_empty(index));

  // The server: same folder, read-only; it must serve from its fallback.
  std::vector<std::string> serverArgs(prefix.begin() + (prefix.empty() ? 0 : 1), prefix.end());
  std::string binary = prefix.empty() ? SEXTANT_BINARY : "/usr/bin/setpriv";
  if (!prefix.empty()) serverArgs.push_back(SEXTANT_BINARY);
  for (std::string a : {std::string("--log-level"), std::string("off"), std::string("--index"), index.string()}) serverArgs.push_back(a);
  LspProcess server(binary, serverArgs, tmp.path());
  REQUIRE(initialize(server, ws, index).contains("result"));
  server.notify("initialized", json::object());
  server.waitProgressEnd();
  json symbols = server.waitResponse(
      server.request("textDocument/documentSymbol", {{"textDocument", {{"uri", test::fileUri(ws / "p1/m1.py")}}}}));
  REQUIRE(symbols.contains("result"));
  CHECK(symbols["result"].size() == 13);
  CHECK(fs::is_empty(index));
  CHECK(server.closeAndWait() >= 0);
}

// Answers stay right meanwhile (the server keeps its open, unlinked LMDB map); the next edit or
// watched-file event notices the missing folder and rebuilds the index there.
TEST_CASE("the index folder deleted while the server runs is rebuilt") {
  TempDir tmp("gone");
  fs::path ws = tmp.path() / "ws", index = tmp.path() / "idx";
  writeTree(ws, 20, 0);
  LspProcess server(SEXTANT_BINARY, {"--log-level", "off", "--index", index.string()}, tmp.path());
  REQUIRE(initialize(server, ws, index).contains("result"));
  server.notify("initialized", json::object());
  server.waitProgressEnd();
  REQUIRE(fs::exists(index));
  fs::remove_all(index);
  // Edits and requests go on; answers stay right; the folder comes back with a usable index.
  std::string uri = test::fileUri(ws / "p3/m3.py");
  server.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1},
                                                           {"text", "def reborn(x):\n    return reborn(x)\n"}}}});
  json symbols = server.waitResponse(server.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}}));
  REQUIRE(symbols.contains("result"));
  REQUIRE(symbols["result"].size() == 1);
  CHECK(symbols["result"][0]["name"] == "reborn");
  server.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", test::fileUri(ws / "p4/m4.py")}, {"type", 2}}}}});
  json other = server.waitResponse(
      server.request("textDocument/documentSymbol", {{"textDocument", {{"uri", test::fileUri(ws / "p5/m5.py")}}}}));
  CHECK(other["result"].size() == 13);
  CHECK(server.closeAndWait() >= 0);
  CHECK(fs::exists(index / "data.mdb"));
  auto v = test::runWithTimeout({SEXTANT_BINARY, "verify", ws.string(), "--index", index.string()}, tmp.path(), 30s);
  INFO(v.out.substr(0, 1000) << v.err);
  CHECK(v.status == 0);
}
