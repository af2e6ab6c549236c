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
/// is a regular file, or the environment cannot be opened, mapped or locked (e.g. a corrupt
/// data.mdb).
///
/// Within one process, every Store opened on the same folder (compared after canonicalisation)
/// shares one MDB_env: LMDB forbids opening an environment twice per process, because the second
/// open resets the reader table and closing either drops the other's file locks. The options of
/// the first open win while any Store or Snapshot of that folder is alive. After fork() the child
/// opens its own environment.
///
/// Keys: 1..kMaxKeySize (511) bytes, as on every backend; longer keys are rejected with
/// StoreError, never silently hashed, so keys stay decodable.
///
/// Map growth: commit() aborts on MDB_MAP_FULL, doubles the map (mdb_env_set_mapsize, with the
/// commit lock held and no read call in flight) and retries the whole batch. When another process
/// has grown the map (MDB_MAP_RESIZED on begin), the new size is adopted and the begin retried.
/// Snapshots do not block growth; only running get()/scan() calls delay it briefly.
/// Thread-safety: as Store; commits from different threads and processes are serialized.
std::unique_ptr<Store> openLmdbStore(const std::filesystem::path& dir, const LmdbOptions& options = {});

} // namespace sextant::kv
