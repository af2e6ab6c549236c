// `sextant verify` and `sextant migrate`: thin CLI shells over graph/Verify.h and graph/Migrate.h.
#include "lsp/StorageCommands.h"

#include "graph/Migrate.h"
#include "graph/Verify.h"
#include "graph/Workspace.h"
#include "kvstore/LmdbStore.h"
#include "sqlite/SqliteStore.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>

namespace sextant::lsp {
namespace fs = std::filesystem;

namespace {

/// Which backend's files `dir` holds, the same rule as openIndexStore: data.mdb wins.
std::optional<Backend> detectBackend(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "data.mdb", ec)) return Backend::Lmdb;
  if (fs::exists(dir / "index.sqlite", ec)) return Backend::Sqlite;
  return std::nullopt;
}

std::unique_ptr<kv::Store> openExisting(const fs::path& dir, Backend backend) {
  return backend == Backend::Lmdb ? kv::openLmdbStore(dir) : kv::openSqliteStore(dir / "index.sqlite");
}

std::string_view backendName(Backend b) { return b == Backend::Lmdb ? "lmdb" : "sqlite"; }

/// One problem per output line, whatever bytes the path holds.
std::string escapePath(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c); // UTF-8 passes through unchanged
    }
  }
  return out;
}

/// Resolves root and index folder; prints the error and returns false on failure.
bool resolve(const fs::path& rootArg, const std::optional<fs::path>& indexArg, fs::path& root, fs::path& index,
             const char* command) {
  std::error_code ec;
  root = fs::canonical(rootArg, ec);
  if (ec || !fs::is_directory(root, ec)) {
    fmt::print(stderr, "sextant {}: cannot read workspace root {}: {}\n", command, rootArg.string(),
               ec ? ec.message() : "not a directory");
    return false;
  }
  index = indexArg ? fs::absolute(*indexArg) : graph::defaultIndexDir(root);
  return true;
}

void removeBackendFiles(const fs::path& dir, Backend backend) {
  std::error_code ec;
  if (backend == Backend::Lmdb) {
    fs::remove(dir / "data.mdb", ec);
    fs::remove(dir / "lock.mdb", ec);
  } else {
    for (const char* name : {"index.sqlite", "index.sqlite-wal", "index.sqlite-shm"}) fs::remove(dir / name, ec);
  }
}

} // namespace

int runVerify(const VerifyCommandOptions& options) {
  fs::path root, index;
  if (!resolve(options.root, options.indexDir, root, index, "verify")) return 2;
  auto backend = detectBackend(index);
  if (!backend) {
    fmt::print(stderr, "sextant verify: no index in {} (run sextant --check first)\n", index.string());
    return 2;
  }
  try {
    auto store = openExisting(index, *backend);
    graph::VerifyOptions vo;
    vo.checkDisk = options.checkDisk;
    graph::VerifyReport report = graph::verifyIndex(*store->snapshot(), root, vo);
    for (const auto& p : report.problems)
      fmt::print("{}: {}: {}\n", escapePath(p.path), graph::problemKindName(p.kind), p.message);
    std::fflush(stdout);
    fmt::print(stderr, "sextant verify: {} problem{} ({} files indexed, {} on disk, {} keys; index {} ({}))\n",
               report.problems.size(), report.problems.size() == 1 ? "" : "s", report.filesIndexed,
               report.filesOnDisk, report.keys, index.string(), backendName(*backend));
    return report.clean() ? 0 : 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "sextant verify: {}\n", e.what());
    return 2;
  }
}

int runMigrate(const MigrateCommandOptions& options) {
  fs::path root, index;
  if (!resolve(options.root, options.indexDir, root, index, "migrate")) return 2;
  auto from = detectBackend(index);
  if (!from) {
    fmt::print(stderr, "sextant migrate: no index in {}\n", index.string());
    return 2;
  }
  if (*from == options.to) {
    fmt::print("sextant migrate: {} is already a {} index\n", index.string(), backendName(options.to));
    return 0;
  }
  fs::path scratch = index / "migrate.tmp";
  std::error_code ec;
  fs::remove_all(scratch, ec); // left by a killed migration
  graph::CopyResult copy;
  try {
    {
      auto source = openExisting(index, *from);
      auto destination = openExisting(scratch, options.to);
      copy = graph::copyStore(*source->snapshot(), *destination);
    } // both closed here: SQLite checkpoints its WAL into index.sqlite, LMDB releases its locks
    size_t total = 0;
    for (const auto& [ns, s] : copy.source) {
      auto it = copy.destination.find(ns);
      size_t got = it == copy.destination.end() ? 0 : it->second.keys;
      bool same = it != copy.destination.end() && it->second == s;
      fmt::print("  {:<8} {:>9} -> {:>9}{}\n", ns, s.keys, got, same ? "" : "  MISMATCH");
      total += s.keys;
    }
    if (!copy.complete()) {
      fs::remove_all(scratch, ec);
      fmt::print(stderr, "sextant migrate: the copy differs from the index; kept the {} index\n", backendName(*from));
      return 1;
    }
    // Put the new files in place before removing the old ones; detection prefers data.mdb, so
    // at every step the folder holds one complete index that openIndexStore will pick.
    if (options.to == Backend::Sqlite) {
      for (const char* name : {"index.sqlite", "index.sqlite-wal"})
        if (fs::exists(scratch / name)) fs::rename(scratch / name, index / name);
      removeBackendFiles(index, Backend::Lmdb);
    } else {
      fs::rename(scratch / "data.mdb", index / "data.mdb");
      removeBackendFiles(index, Backend::Sqlite);
    }
    fs::remove_all(scratch, ec);
    // Read the moved copy back: what the next server or --check will open.
    auto reopened = openExisting(index, options.to);
    if (graph::summarizeIndex(*reopened->snapshot()) != copy.source) {
      fmt::print(stderr, "sextant migrate: the moved index does not read back identically\n");
      return 1;
    }
    fmt::print("sextant migrate: copied {} keys from {} to {} in {}\n", total, backendName(*from),
               backendName(options.to), index.string());
    return 0;
  } catch (const std::exception& e) {
    fs::remove_all(scratch, ec);
    fmt::print(stderr, "sextant migrate: {}\n", e.what());
    return 2;
  }
}

StorageCommands::StorageCommands(CLI::App& app) {
  verify_ = app.add_subcommand("verify", "Report drift between the index and the disk, and orphaned keys "
                                         "(exit 0 clean, 1 problems found, 2 usage or environment error)");
  verify_->add_option("root", verifyOptions_.root, "Workspace root (default .)");
  verify_->add_option("--index", verifyIndex_, "Index folder (default: as for --check)");
  verify_->add_flag("--no-disk", noDisk_, "Check only the index's own consistency, not the files on disk");

  migrate_ = app.add_subcommand("migrate", "Copy the index to another storage backend, checking per-namespace "
                                           "counts (exit 0 done, 1 mismatch, 2 usage or environment error)");
  migrate_->add_option("--to", migrateTo_, "Target backend")->required()->check(CLI::IsMember({"lmdb", "sqlite"}));
  migrate_->add_option("root", migrateOptions_.root, "Workspace root (default .)");
  migrate_->add_option("--index", migrateIndex_, "Index folder (default: as for --check)");
}

std::optional<int> StorageCommands::run() const {
  if (verify_->parsed()) {
    VerifyCommandOptions o = verifyOptions_;
    if (verifyIndex_) o.indexDir = *verifyIndex_;
    o.checkDisk = !noDisk_;
    return runVerify(o);
  }
  if (migrate_->parsed()) {
    MigrateCommandOptions o = migrateOptions_;
    if (migrateIndex_) o.indexDir = *migrateIndex_;
    o.to = backendFromName(migrateTo_);
    return runMigrate(o);
  }
  return std::nullopt;
}

} // namespace sextant::lsp
