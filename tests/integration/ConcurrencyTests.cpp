// Several processes on one index: one writer, two readers, for a few seconds; readers must only
// ever see complete commits (kv level) and consistent per-file records (graph level).
#include "graph/Verify.h"
#include "tests/graph/StoreBackends.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <thread>

extern char** environ;

using namespace sextant;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kKeys = 100;
constexpr auto kRunFor = std::chrono::milliseconds(2500);

/// Runs `body` in a forked child and returns the child's pid. The child reports through its exit
/// status (0 = success); doctest must not run there.
pid_t forkChild(const std::function<int()>& body) {
  std::fflush(nullptr);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 3;
    try {
      code = body();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "child %d: %s\n", getpid(), e.what());
    }
    _exit(code);
  }
  return pid;
}

int waitChild(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string generationKey(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "gen:%04zu", i);
  return buf;
}

/// One generation: kKeys keys holding g (padded so that the LMDB map must grow), plus g % 7 + 1
/// keys under set:<g>: replacing the previous generation's set.
kv::WriteBatch generation(uint64_t g) {
  kv::WriteBatch b;
  std::string value = std::to_string(g) + std::string(1500, '.');
  for (size_t i = 0; i < kKeys; ++i) b.put(generationKey(i), value);
  b.erasePrefix("set:");
  for (uint64_t i = 0; i < g % 7 + 1; ++i) b.put("set:" + std::to_string(g) + ":" + std::to_string(i), "x");
  b.put("count", std::to_string(g));
  return b;
}

/// A reader's check of one snapshot; returns the generation seen, or -1 when torn.
int64_t readGeneration(const kv::Snapshot& snap) {
  auto count = snap.get("count");
  if (!count) return -1;
  uint64_t g = std::stoull(*count);
  size_t n = 0;
  bool same = true;
  snap.scanPrefix("gen:", [&](std::string_view, std::string_view v) {
    ++n;
    same = same && std::stoull(std::string(v.substr(0, v.find('.')))) == g;
    return true;
  });
  size_t sets = 0;
  std::string mine = "set:" + std::to_string(g) + ":";
  snap.scanPrefix("set:", [&](std::string_view k, std::string_view) {
    ++sets;
    same = same && k.starts_with(mine);
    return true;
  });
  return same && n == kKeys && sets == g % 7 + 1 ? static_cast<int64_t>(g) : -1;
}

template <class Open> void oneWriterTwoReaders(Open open) {
  {
    auto store = open();
    store->commit(generation(0));
  } // closed before fork: each child opens the index itself, as separate programs would
  auto deadline = Clock::now() + kRunFor;
  pid_t writer = forkChild([&] {
    auto store = open();
    uint64_t g = 1;
    for (; Clock::now() < deadline; ++g) store->commit(generation(g));
    return g > 20 ? 0 : 4; // it did write
  });
  auto reader = [&] {
    auto store = open();
    int64_t last = 0;
    size_t snapshots = 0, generationsSeen = 0;
    while (Clock::now() < deadline) {
      auto snap = store->snapshot();
      int64_t g = readGeneration(*snap);
      if (g < 0) return 5;                    // a torn snapshot
      if (g < last) return 6;                 // time went backwards
      if (readGeneration(*snap) != g) return 7; // the snapshot moved under us
      generationsSeen += g != last;
      last = g;
      ++snapshots;
    }
    return snapshots > 20 && generationsSeen > 2 ? 0 : 8;
  };
  pid_t r1 = forkChild(reader), r2 = forkChild(reader);
  CHECK(waitChild(writer) == 0);
  CHECK(waitChild(r1) == 0);
  CHECK(waitChild(r2) == 0);
  CHECK(readGeneration(*open()->snapshot()) > 20);
}

} // namespace

TEST_CASE("lmdb: one writer process and two reader processes; readers see whole commits only") {
  test::TempDir dir("mp-lmdb");
  kv::LmdbOptions options;
  options.initialMapSize = size_t{1} << 20; // the writer must grow the map under the readers
  oneWriterTwoReaders([&] { return kv::openLmdbStore(dir.path() / "index", options); });
  CHECK(fs::file_size(dir.path() / "index" / "data.mdb") > (size_t{1} << 20));
}

TEST_CASE("sqlite: one writer process and two reader processes; readers see whole commits only") {
  test::TempDir dir("mp-sqlite");
  oneWriterTwoReaders([&] { return kv::openSqliteStore(dir.path() / "index" / "index.sqlite"); });
}

TEST_CASE("sextant --check writing while two processes verify snapshots of the same index") {
  for (const char* store : {"lmdb", "sqlite"}) {
    CAPTURE(store);
    test::TempDir tmp("mp-graph");
    fs::path ws = tmp.path() / "ws", index = tmp.path() / "index";
    fs::copy(fs::path(SEXTANT_FIXTURES_DIR) / "workspace", ws, fs::copy_options::recursive);
    auto runCheck = [&] {
      std::vector<std::string> args = {SEXTANT_BINARY, "--check", "--fail-on", "never", ws.string(), "--index", index.string(),
                                       "--quiet", "--store", store};
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      posix_spawn_file_actions_t actions;
      posix_spawn_file_actions_init(&actions);
      posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
      pid_t pid;
      REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
      posix_spawn_file_actions_destroy(&actions);
      return waitChild(pid);
    };
    REQUIRE(runCheck() == 0);
    auto open = [&]() -> std::unique_ptr<kv::Store> {
      return std::string_view(store) == "lmdb" ? kv::openLmdbStore(index) : kv::openSqliteStore(index / "index.sqlite");
    };
    auto deadline = Clock::now() + std::chrono::milliseconds(1500);
    auto reader = [&] {
      auto s = open();
      size_t checked = 0;
      graph::VerifyOptions indexOnly;
      indexOnly.checkDisk = false;
      while (Clock::now() < deadline) {
        graph::VerifyReport r = graph::verifyIndex(*s->snapshot(), ws, indexOnly);
        for (const auto& p : r.problems) std::fprintf(stderr, "reader saw %s: %s\n", p.path.c_str(), p.message.c_str());
        if (!r.clean() || r.filesIndexed < 5) return 5;
        ++checked;
      }
      return checked > 5 ? 0 : 8;
    };
    pid_t r1 = forkChild(reader), r2 = forkChild(reader);
    // The writer: a real sextant --check, over and over, on a tree that keeps changing.
    std::mt19937 rng(7);
    int runs = 0;
    while (Clock::now() < deadline) {
      std::string text = test::readFile(ws / "c/main.c");
      test::writeFile(ws / "c/main.c", text + "int w" + std::to_string(runs) + "(void) { return " +
                                           std::to_string(rng() % 100) + "; }\n");
      if (runs % 2) fs::remove(ws / "py/app.py");
      else fs::copy_file(fs::path(SEXTANT_FIXTURES_DIR) / "workspace/py/app.py", ws / "py/app.py",
                         fs::copy_options::overwrite_existing);
      CHECK(runCheck() == 0);
      ++runs;
    }
    CHECK(waitChild(r1) == 0);
    CHECK(waitChild(r2) == 0);
    CHECK(runs >= 3);
  }
}
