// The linker alone on an existing index: marks every file pending and links them all again.
//
// Usage: link_bench INDEX [--store lmdb|sqlite] [--threads N] [--copy DIR] [--only PREFIX]
// INDEX is the folder of an index built by `sextant --check` (it is modified: pass --copy DIR to
// work on a copy). --only links just the files whose path starts with PREFIX (`arch/alpha/`): the
// other files' pending marks are erased, as if they were linked. Prints wall time, references resolved and peak RSS (ru_maxrss) as one line.
#include "graph/Codec.h"
#include "graph/Keys.h"
#include "graph/Linker.h"
#include "kvstore/LmdbStore.h"
#include "sqlite/SqliteStore.h"

#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace sextant;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: link_bench INDEX [--store lmdb|sqlite] [--threads N] [--copy DIR] [--only PREFIX]\n");
    return 2;
  }
  fs::path index = argv[1];
  std::string store = fs::exists(index / "index.sqlite") ? "sqlite" : "lmdb";
  unsigned threads = 0;
  std::string only;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--store")) store = argv[i + 1];
    else if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
    else if (!std::strcmp(argv[i], "--threads")) threads = static_cast<unsigned>(std::stoul(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--copy")) {
      fs::path copy = argv[i + 1];
      fs::remove_all(copy);
      fs::copy(index, copy, fs::copy_options::recursive);
      index = copy;
    }
  }
  auto db = store == "sqlite" ? kv::openSqliteStore(index / "index.sqlite") : kv::openLmdbStore(index);
  size_t files = 0;
  {
    kv::WriteBatch batch;
    if (!only.empty()) batch.erasePrefix(graph::keys::kLinkPrefix);
    db->snapshot()->scanPrefix(std::string(graph::keys::kFilePrefix) + only, [&](std::string_view k, std::string_view) {
      batch.put(graph::keys::linkPending(k.substr(graph::keys::kFilePrefix.size())),
                graph::encode(graph::LinkMarker{1, {}}));
      ++files;
      return true;
    });
    db->commit(batch);
  }
  graph::LinkOptions options;
  options.threads = threads;
  graph::LinkStats stats = graph::linkPending(*db, options);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("files %zu, relinked %zu, references %zu, mutations %zu, %.2f s (commit %.2f s, %zu checkpoints), peak RSS %ld MB\n", files,
              stats.filesLinked, stats.references, stats.mutations, stats.seconds, stats.commitSeconds, stats.checkpoints, usage.ru_maxrss / 1024);
  return 0;
}
