// Crash safety: `sextant --check` on a copy of Python's standard library is SIGKILLed at random
// moments; after every kill the index opens cleanly and each file's records are exactly those of
// one version of that file (never a mix), on LMDB and on SQLite.
#include "graph/Codec.h"
#include "graph/Indexer.h"
#include "graph/Keys.h"
#include "graph/Verify.h"
#include "kvstore/LmdbStore.h"
#include "sqlite/SqliteStore.h"
#include "tests/graph/StoreBackends.h"
#include "tests/support/TempDir.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

extern char** environ;

using namespace sextant;
using namespace sextant::graph;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using KeyMap = std::map<std::string, std::string>;

namespace {

constexpr const char* kStdlib = "/usr/lib/python3.11";
constexpr size_t kFiles = 200;
constexpr const char* kBatchFiles = "16"; // SEXTANT_BATCH_FILES: several commits per run, kills between them
constexpr int kTrials = 20;
constexpr auto kChildTimeout = std::chrono::seconds(30);

/// Copies the first kFiles modules (sorted, < 48 KiB, outside site-packages and tests) of the
/// standard library; returns their relative paths.
std::vector<std::string> copyStdlibSubset(const fs::path& to) {
  std::vector<std::string> all;
  for (auto it = fs::recursive_directory_iterator(kStdlib); it != fs::recursive_directory_iterator(); ++it) {
    std::string name = it->path().filename().string();
    if (it->is_directory() && (name == "site-packages" || name == "dist-packages" || name == "test" ||
                               name == "tests" || name == "__pycache__" || name == "idle_test")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".py" && it->file_size() < 48 * 1024)
      all.push_back(it->path().lexically_relative(kStdlib).generic_string());
  }
  std::sort(all.begin(), all.end());
  if (all.size() > kFiles) all.resize(kFiles);
  for (const auto& rel : all) {
    fs::create_directories((to / rel).parent_path());
    fs::copy_file(fs::path(kStdlib) / rel, to / rel);
  }
  return all;
}

/// `file:` values differ in mtime between our reference and the real run; compare the rest.
std::string withoutMtime(std::string_view fileValue) {
  FileRecord r = decodeFile(fileValue);
  r.mtimeNs = 0;
  return encode(r);
}

/// Every key of the store grouped by the path it belongs to (file: values without mtime). The
/// linker's keys (`ref:r:`, `ref:t:`, `calls:to:`) depend on the whole workspace, not on one
/// file's content: only with `withLinks`.
std::map<std::string, KeyMap> keysByPath(const kv::Snapshot& snap, size_t& pathless, bool withLinks = true) {
  std::map<std::string, KeyMap> out;
  snap.scan("", "", [&](std::string_view k, std::string_view v) {
    std::string_view ns = keyNamespace(k);
    if (!withLinks && (ns == keys::resolutions("") || ns == keys::kRefsToPrefix || ns == keys::kCallsToPrefix))
      return true;
    auto path = pathOfKey(k);
    if (!path) {
      ++pathless;
      return true;
    }
    out[*path].emplace(k, k.starts_with(keys::kFilePrefix) ? withoutMtime(v) : std::string(v));
    return true;
  });
  return out;
}

/// The records a fresh extraction of `content` gives `path`, cached per (path, content hash).
class Reference {
public:
  const KeyMap& keysFor(const std::string& path, const std::string& content) {
    ContentHash h = hashContent(content);
    auto key = std::make_tuple(path, h.high, h.low);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    auto mem = kv::openMemoryStore();
    indexContent(*mem, path, parse::Language::Python, content, 0);
    size_t pathless = 0;
    auto grouped = keysByPath(*mem->snapshot(), pathless, false);
    return cache_[key] = grouped[path];
  }

private:
  std::map<std::tuple<std::string, uint64_t, uint64_t>, KeyMap> cache_;
};

pid_t spawnCheck(const fs::path& ws, const fs::path& index, const std::string& store) {
  std::vector<std::string> args = {SEXTANT_BINARY, "--check", "--link", "--fail-on", "never", ws.string(), "--index",
                                   index.string(), "--quiet", "-j", "2", "--store", store};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> env = {std::string("SEXTANT_BATCH_FILES=") + kBatchFiles};
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  return pid;
}

/// Waits for `pid` until `deadline`; SIGKILLs it then. Returns true when it exited by itself.
bool waitUntil(pid_t pid, Clock::time_point deadline, int& status) {
  for (;;) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    if (Clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
}

std::unique_ptr<kv::Store> openIndex(const fs::path& index, std::string_view store) {
  return store == "lmdb" ? kv::openLmdbStore(index) : kv::openSqliteStore(index / "index.sqlite");
}

void crashTrials(const std::string& store) {
  test::TempDir tmp("crash");
  fs::path ws = tmp.path() / "ws", index = tmp.path() / "index";
  std::vector<std::string> paths = copyStdlibSubset(ws);
  REQUIRE(paths.size() == kFiles);
  // Every version each path has had on disk: an interrupted run may leave any earlier one.
  std::map<std::string, std::vector<std::string>> versions;
  for (const auto& p : paths) versions[p].push_back(test::readFile(ws / p));

  // Calibrate: how long a full run takes here, so that kills land inside runs.
  auto calibrationStart = Clock::now();
  {
    int status = 0;
    pid_t pid = spawnCheck(ws, tmp.path() / "calibration", store);
    REQUIRE(waitUntil(pid, Clock::now() + kChildTimeout, status));
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  }
  auto full = Clock::now() - calibrationStart;
  MESSAGE(store << ": a full run of " << kFiles << " files takes "
                << std::chrono::duration_cast<std::chrono::milliseconds>(full).count() << " ms");

  std::mt19937 rng(0x5e7a47 + (store[0] == 's'));
  Reference reference;
  int killedMidRun = 0, mixedChecked = 0, partialRuns = 0;
  Clock::duration expected = full;
  std::map<std::string, ContentHash> indexed; // the index's file hashes after the latest trial
  for (int trial = 0; trial < kTrials; ++trial) {
    CAPTURE(trial);
    // Make work: a quarter of the files change (every fifth trial, all of them).
    if (trial > 0) {
      unsigned changeOdds = trial % 5 == 0 ? 16 : 4; // out of 16
      for (const auto& [p, v] : versions) {
        if (rng() % 16 >= changeOdds) continue;
        if (!fs::exists(ws / p)) {
          if (rng() % 3 == 0) { // resurrect with its first content
            test::writeFile(ws / p, versions[p].front());
          }
          continue;
        }
        std::string text = test::readFile(ws / p);
        unsigned kind = rng() % 20;
        if (kind == 0) {
          fs::remove(ws / p);
          continue;
        }
        if (kind <= 6) {
          text = text.substr(0, text.size() / 2); // drops definitions; may leave a syntax error
        } else {
          text += "\n\ndef crash_probe_" + std::to_string(trial) + "(value):\n    return value + " +
                  std::to_string(rng() % 1000) + "\n";
        }
        test::writeFile(ws / p, text);
        versions[p].push_back(text);
      }
      std::string added = "added/t" + std::to_string(trial) + ".py";
      std::string text = "class Added" + std::to_string(trial) + ":\n    def method(self):\n        return 1\n";
      test::writeFile(ws / added, text);
      versions[added].push_back(text);
    }

    // The files this run has to (re)index or remove: a partial run leaves some done, some not.
    std::map<std::string, std::optional<ContentHash>> pending; // path -> disk hash (nullopt: gone)
    for (const auto& [p, v] : versions) {
      std::optional<ContentHash> disk;
      if (fs::exists(ws / p)) disk = hashContent(test::readFile(ws / p));
      auto it = indexed.find(p);
      bool upToDate = it == indexed.end() ? !disk : disk && it->second == *disk;
      if (!upToDate) pending[p] = disk;
    }

    // Kill somewhere inside the expected run: `expected` is how long the latest run that finished
    // took, stretched after each kill so that left-over work cannot starve every run.
    auto delay = std::chrono::duration_cast<Clock::duration>(expected * (0.02 + 0.9 * (rng() % 1000) / 1000.0));
    int status = 0;
    auto started = Clock::now();
    pid_t pid = spawnCheck(ws, index, store);
    bool exited = waitUntil(pid, started + delay, status);
    if (!exited) {
      ++killedMidRun;
      expected = expected * 5 / 4;
    } else {
      CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
      expected = Clock::now() - started;
    }

    // The index opens cleanly and is consistent...
    std::unique_ptr<kv::Store> opened;
    REQUIRE_NOTHROW(opened = openIndex(index, store));
    auto snap = opened->snapshot();
    VerifyOptions indexOnly;
    indexOnly.checkDisk = false;
    VerifyReport report = verifyIndex(*snap, ws, indexOnly);
    bool empty = report.keys == 0; // killed before the schema was even written
    for (const auto& p : report.problems) {
      INFO(p.path << ": " << problemKindName(p.kind) << ": " << p.message);
      CHECK(empty);
    }
    // ...and every file's records are exactly one version's.
    size_t pathless = 0, fresh = 0, stale = 0;
    auto stored = keysByPath(*snap, pathless, false); // the linker's keys: verify, and the final run
    for (const auto& [path, have] : stored) {
      CAPTURE(path);
      auto file = have.find(keys::file(path));
      REQUIRE(file != have.end()); // (verify already reported orphans)
      auto known = versions.find(path);
      REQUIRE(known != versions.end());
      // Find the version by content hash first: extracting every version would dominate the run.
      const KeyMap* match = nullptr;
      ContentHash storedHash = decodeFile(file->second).hash;
      for (const auto& content : known->second) {
        if (!(hashContent(content) == storedHash)) continue;
        const KeyMap& want = reference.keysFor(path, content);
        if (want.at(keys::file(path)) == file->second) {
          match = &want;
          break;
        }
      }
      REQUIRE_MESSAGE(match, "the file: record matches no version of the file");
      CHECK(have == *match);
      ++mixedChecked;
      indexed[path] = storedHash;
    }
    for (auto it = indexed.begin(); it != indexed.end();)
      it = stored.contains(it->first) ? std::next(it) : indexed.erase(it);
    for (const auto& [p, disk] : pending) {
      auto it = indexed.find(p);
      bool done = disk ? it != indexed.end() && it->second == *disk : it == indexed.end();
      (done ? fresh : stale) += 1;
    }
    partialRuns += fresh > 0 && stale > 0;
  }
  MESSAGE(store << ": " << killedMidRun << " of " << kTrials << " runs killed mid-run, " << partialRuns
                << " of them between two commits, " << mixedChecked << " file states checked");
  CHECK(killedMidRun >= kTrials / 2); // the kills did land inside runs
  CHECK(partialRuns >= 3);            // and several between two commits of one run

  // Finally a run to completion: no drift, and the same keys as a fresh index of the tree, the
  // linker's included: resolutions patched across killed runs equal resolving from scratch.
  int status = 0;
  REQUIRE(waitUntil(spawnCheck(ws, index, store), Clock::now() + kChildTimeout, status));
  REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  REQUIRE(waitUntil(spawnCheck(ws, tmp.path() / "fresh", store), Clock::now() + kChildTimeout, status));
  auto finalStore = openIndex(index, store);
  CHECK(verifyIndex(*finalStore->snapshot(), ws).clean());
  // Equal keys and values, except the mtimes of file: records: a file rewritten with the bytes
  // it had when indexed keeps its old record (same hash, so no write), by design.
  size_t pathless = 0;
  auto have = keysByPath(*finalStore->snapshot(), pathless);
  auto want = keysByPath(*openIndex(tmp.path() / "fresh", store)->snapshot(), pathless);
  CHECK(have.size() == want.size());
  for (const auto& [path, keys] : want) {
    CAPTURE(path);
    CHECK(have[path] == keys);
  }
}

} // namespace

TEST_CASE("crash safety: SIGKILLed --check runs leave each file wholly old or wholly new (lmdb)") {
  crashTrials("lmdb");
}

TEST_CASE("crash safety: SIGKILLed --check runs leave each file wholly old or wholly new (sqlite)") {
  crashTrials("sqlite");
}
