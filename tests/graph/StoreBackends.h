// Test helper: the on-disk kv::Store backends as doctest template fixtures, plus index dumps.
#pragma once

#include "graph/Codec.h"
#include "graph/Keys.h"
#include "kvstore/LmdbStore.h"
#include "kvstore/Store.h"
#include "sqlite/SqliteStore.h"
#include "tests/support/TempDir.h"

#include <fstream>
#include <map>
#include <memory>
#include <string>

namespace sextant::test {

struct LmdbIndex {
  static constexpr const char* name = "lmdb";
  TempDir dir{"lmdb-index"};
  std::unique_ptr<kv::Store> open(const std::string& sub = "idx") { return kv::openLmdbStore(dir.path() / sub); }
};

struct SqliteIndex {
  static constexpr const char* name = "sqlite";
  TempDir dir{"sqlite-index"};
  std::unique_ptr<kv::Store> open(const std::string& sub = "idx") {
    return kv::openSqliteStore(dir.path() / sub / "index.sqlite");
  }
};

using Dump = std::map<std::string, std::string>;

/// Every key and value of the store.
inline Dump dumpStore(const kv::Store& store) {
  Dump out;
  store.snapshot()->scan("", "", [&](std::string_view k, std::string_view v) {
    out.emplace(k, v);
    return true;
  });
  return out;
}

/// Writes `text` to `file`, creating parent folders.
inline void writeFile(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

inline std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

} // namespace sextant::test
