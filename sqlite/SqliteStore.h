// The SQLite backend of kv::Store: the fallback when LMDB cannot be used.
#pragma once

#include "kvstore/Store.h"

#include <filesystem>
#include <memory>

namespace sextant::kv {

/// Opens (creating when missing) the SQLite database `file` (conventionally
/// `<index>/index.sqlite`): WAL journal, synchronous=NORMAL, busy_timeout, one
/// `kv(key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID` table, schema version in user_version.
/// Snapshots are read transactions on their own connection, so they stay consistent while a
/// writer commits. Throws StoreError (with the path and SQLite's message) on failure, including
/// a file that is not a database and a schema version newer than this build knows.
/// Durability: with WAL + synchronous=NORMAL a commit survives a killed process; a power loss
/// may roll back the latest commits, never tear one.
/// Thread-safety: as Store. Commits are serialized by a mutex (and across processes by SQLite's
/// write lock, waited for up to 5 s before failing with StoreError).
std::unique_ptr<Store> openSqliteStore(const std::filesystem::path& file);

} // namespace sextant::kv
