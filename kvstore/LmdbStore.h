// The LMDB backend of kv::Store: one environment per index folder.
#pragma once

#include "kvstore/Store.h"

#include <cstddef>
#include <filesystem>
#include <memory>

namespace sextant::kv {

struct LmdbOptions {
  /// Initial map size in bytes. The map grows by doubling whenever a commit hits MDB_MAP_FULL;
  /// callers never see that error.
  size_t initialMapSize = size_t{64} << 20;
  /// Maximum concurrent read transactions (LMDB's reader table size).
  unsigned maxReaders = 126;
};

/// Opens (creating when missing) an LMDB environment in folder `dir` (files `data.mdb`,
/// `lock.mdb`). Uses MDB_NOTLS so snapshots may live on worker threads, and clears stale reader
/// slots of dead processes (mdb_reader_check) on open. Several processes may open the same
/// folder at once; LMDB serializes their writers.
/// Throws StoreError (with the folder and LMDB's message) when the folder cannot be created or
/// the environment cannot be opened, mapped or locked.
std::unique_ptr<Store> openLmdbStore(const std::filesystem::path& dir, const LmdbOptions& options = {});

} // namespace sextant::kv
