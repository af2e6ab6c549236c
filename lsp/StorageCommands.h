// The storage subcommands of the sextant CLI: `sextant verify` and `sextant migrate`.
#pragma once

#include "lsp/StoreFactory.h"

#include <filesystem>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace sextant::lsp {

struct VerifyCommandOptions {
  std::filesystem::path root = ".";
  std::optional<std::filesystem::path> indexDir; ///< default graph::defaultIndexDir(root)
  bool checkDisk = true;                         ///< false: --no-disk, index consistency only
};

/// `sextant verify [ROOT] [--index DIR] [--no-disk]`: opens the existing index read-only (never
/// creates, rebuilds or writes one), runs graph::verifyIndex and prints one `path: kind: message`
/// line per problem on stdout (path bytes outside printable ASCII escaped as \xNN, so one
/// problem is one line) and a summary line on stderr. Returns 0 when clean, 1 when problems were
/// found, 2 when the root or the index cannot be read.
int runVerify(const VerifyCommandOptions& options);

struct MigrateCommandOptions {
  std::filesystem::path root = ".";
  std::optional<std::filesystem::path> indexDir;
  Backend to = Backend::Sqlite;
};

/// `sextant migrate --to lmdb|sqlite [ROOT] [--index DIR]`: copies every key of the index into a
/// scratch store of the other backend (`<index>/migrate.tmp/`), compares per-namespace key
/// counts and digests of source and copy, and only then moves the copy into place and deletes
/// the old backend's files; the order keeps a complete index detectable at every moment, so a
/// killed migration leaves the old index. Prints one line per namespace (`sym:d:  1234 -> 1234`)
/// on stdout. Returns 0 when migrated (or already in that format), 1 when the counts differ
/// (the old index is kept), 2 on usage or environment errors (no index, cannot write).
/// Run it with no server or check using the index: they would keep writing to the old files.
int runMigrate(const MigrateCommandOptions& options);

/// Registers `verify` and `migrate` on `app` and remembers which one the command line selects.
/// Not copyable or movable: CLI11 writes the parsed options into this object.
class StorageCommands {
public:
  explicit StorageCommands(CLI::App& app);
  StorageCommands(const StorageCommands&) = delete;
  StorageCommands& operator=(const StorageCommands&) = delete;

  /// After app.parse(): the exit code of the selected subcommand, nullopt when none was given.
  std::optional<int> run() const;

private:
  CLI::App* verify_ = nullptr;
  CLI::App* migrate_ = nullptr;
  VerifyCommandOptions verifyOptions_;
  MigrateCommandOptions migrateOptions_;
  std::string migrateTo_;
  std::optional<std::string> verifyIndex_, migrateIndex_;
  bool noDisk_ = false;
};

} // namespace sextant::lsp
