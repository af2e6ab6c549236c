// Backend selection: the files on disk decide first, then the request, then the fallback.
#include "lsp/StoreFactory.h"

#include "kvstore/LmdbStore.h"
#include "sqlite/SqliteStore.h"

#include <stdexcept>

namespace sextant::lsp {
namespace fs = std::filesystem;

Backend backendFromName(const std::string& name) {
  if (name == "lmdb") return Backend::Lmdb;
  if (name == "sqlite") return Backend::Sqlite;
  throw std::invalid_argument("unknown store backend '" + name + "' (expected lmdb or sqlite)");
}

OpenedStore openIndexStore(const fs::path& dir, Backend requested) {
  std::error_code ec;
  if (fs::exists(dir / "data.mdb", ec)) requested = Backend::Lmdb;
  else if (fs::exists(dir / "index.sqlite", ec)) requested = Backend::Sqlite;

  if (requested == Backend::Sqlite) {
    fs::create_directories(dir, ec);
    return {kv::openSqliteStore(dir / "index.sqlite"), ""};
  }
  try {
    return {kv::openLmdbStore(dir), ""};
  } catch (const kv::StoreError& e) {
    // An index that LMDB wrote but cannot reopen must not be silently replaced.
    if (fs::exists(dir / "data.mdb", ec) && fs::file_size(dir / "data.mdb", ec) > 0) throw;
    fs::remove(dir / "data.mdb", ec);
    fs::remove(dir / "lock.mdb", ec);
    return {kv::openSqliteStore(dir / "index.sqlite"), std::string("LMDB unusable (") + e.what() + "); using SQLite"};
  }
}

} // namespace sextant::lsp
