// Picks and opens the storage backend of an index folder, falling back when LMDB cannot be used.
#pragma once

#include "kvstore/Store.h"

#include <filesystem>
#include <memory>
#include <string>

namespace sextant::lsp {

enum class Backend { Lmdb, Sqlite };

/// "lmdb" / "sqlite"; throws std::invalid_argument for anything else.
Backend backendFromName(const std::string& name);

struct OpenedStore {
  std::unique_ptr<kv::Store> store;
  std::string fallbackReason; ///< non-empty when the requested backend failed and another was used
};

/// Opens the index in `dir`. An existing index keeps its format whatever `requested` says
/// (`data.mdb` -> LMDB, `index.sqlite` -> SQLite). When LMDB fails to open (mmap or locking
/// unsupported, e.g. on some network file systems) SQLite is used and `fallbackReason` says why.
/// Throws kv::StoreError when no backend can be opened.
OpenedStore openIndexStore(const std::filesystem::path& dir, Backend requested);

} // namespace sextant::lsp
