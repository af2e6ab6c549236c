// LMDB vs SQLite on a real index: point gets, prefix scans, bulk writes, full index, disk size.
//
// Usage: storage_bench [TREE] [--scratch DIR]   (TREE default /usr/lib/python3.11)
// Prints a Markdown table for BENCHMARKS.md. Single-threaded except the indexer (2 threads).
#include "graph/Indexer.h"
#include "graph/Keys.h"
#include "graph/Workspace.h"
#include "kvstore/LmdbStore.h"
#include "sqlite/SqliteStore.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace sextant;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

uint64_t folderBytes(const fs::path& dir) {
  uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

struct Result {
  std::string backend;
  double indexSeconds = 0;     // Workspace::index() of the whole tree, parsing included
  double bulkKeysPerSec = 0;   // copying every key into an empty store, 10 000 keys per commit
  double bulkMBPerSec = 0;
  double getsPerSec = 0;       // random point gets of existing keys, one snapshot
  double scansPerSec = 0;      // prefix scans sym:d:<path>\0 (one file's symbols)
  double scannedKeysPerSec = 0;
  uint64_t diskBytes = 0;      // after the full index, store closed
};

std::unique_ptr<kv::Store> open(const std::string& backend, const fs::path& dir) {
  return backend == "lmdb" ? kv::openLmdbStore(dir) : kv::openSqliteStore(dir / "index.sqlite");
}

Result run(const std::string& backend, const fs::path& tree, const fs::path& scratch) {
  Result r{backend};
  fs::path indexDir = scratch / (backend + "-index"), bulkDir = scratch / (backend + "-bulk");
  fs::remove_all(indexDir);
  fs::remove_all(bulkDir);

  std::vector<std::pair<std::string, std::string>> all;
  std::vector<std::string> paths;
  {
    graph::IndexOptions options;
    options.threads = 2;
    auto start = Clock::now();
    graph::Workspace ws(tree, open(backend, indexDir));
    ws.index(options);
    r.indexSeconds = secondsSince(start);
    ws.snapshot()->scan("", "", [&](std::string_view k, std::string_view v) {
      all.emplace_back(k, v);
      if (k.starts_with(graph::keys::kFilePrefix)) paths.emplace_back(k.substr(graph::keys::kFilePrefix.size()));
      return true;
    });
  }
  r.diskBytes = folderBytes(indexDir);

  {
    auto store = open(backend, bulkDir);
    size_t bytes = 0;
    auto start = Clock::now();
    kv::WriteBatch batch;
    for (const auto& [k, v] : all) {
      batch.put(k, v);
      bytes += k.size() + v.size();
      if (batch.size() == 10000) {
        store->commit(batch);
        batch = kv::WriteBatch();
      }
    }
    if (!batch.empty()) store->commit(batch);
    double s = secondsSince(start);
    r.bulkKeysPerSec = all.size() / s;
    r.bulkMBPerSec = bytes / s / 1e6;
  }

  auto store = open(backend, indexDir);
  auto snap = store->snapshot();
  std::mt19937 rng(42);
  constexpr size_t kGets = 200000;
  std::vector<size_t> picks(kGets);
  for (auto& p : picks) p = rng() % all.size();
  size_t found = 0;
  auto start = Clock::now();
  for (size_t p : picks) found += snap->get(all[p].first).has_value();
  r.getsPerSec = kGets / secondsSince(start);
  if (found != kGets) std::fprintf(stderr, "warning: %zu of %zu gets missed\n", kGets - found, kGets);

  size_t scanned = 0, scans = 0;
  start = Clock::now();
  for (int round = 0; round < 5; ++round)
    for (const auto& path : paths) {
      snap->scanPrefix(graph::keys::symbolsOf(path), [&](std::string_view, std::string_view) {
        ++scanned;
        return true;
      });
      ++scans;
    }
  double s = secondsSince(start);
  r.scansPerSec = scans / s;
  r.scannedKeysPerSec = scanned / s;
  return r;
}

} // namespace

int main(int argc, char** argv) {
  fs::path tree = "/usr/lib/python3.11";
  fs::path scratch = fs::temp_directory_path() / ("sextant-storage-bench-" + std::to_string(getpid()));
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--scratch" && i + 1 < argc) scratch = argv[++i];
    else tree = a;
  }
  tree = fs::canonical(tree);
  fs::create_directories(scratch);
  std::vector<Result> results;
  for (const char* backend : {"lmdb", "sqlite"}) results.push_back(run(backend, tree, scratch));
  fs::remove_all(scratch);

  std::printf("| backend | full index (s) | bulk write (keys/s) | bulk write (MB/s) | point get (ops/s) | "
              "prefix scan (scans/s) | prefix scan (keys/s) | on disk (MB) |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (const auto& r : results)
    std::printf("| %s | %.2f | %.0f | %.1f | %.0f | %.0f | %.0f | %.1f |\n", r.backend.c_str(), r.indexSeconds,
                r.bulkKeysPerSec, r.bulkMBPerSec, r.getsPerSec, r.scansPerSec, r.scannedKeysPerSec,
                r.diskBytes / 1e6);
  return 0;
}
