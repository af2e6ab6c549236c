// LMDB-only behaviour of kvstore/LmdbStore.cpp: map growth, shared folders, other processes, errors.
#include "tests/kvstore/Backends.h"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

using namespace sextant::kv;
using namespace sextant::kv::test;

namespace {

constexpr size_t kMiB = size_t{1} << 20;

// A value that differs per index, so a misplaced or truncated value is caught.
std::string valueFor(int i, size_t size) {
  std::string v(size, static_cast<char>('a' + i % 26));
  std::string tag = "#" + std::to_string(i) + "#";
  v.replace(0, tag.size(), tag);
  return v;
}

std::string keyFor(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "v%06d", i);
  return buf;
}

LmdbOptions small() {
  LmdbOptions o;
  o.initialMapSize = kMiB;
  return o;
}

} // namespace

TEST_CASE("lmdb: the map grows from 1 MiB to hold 20 MiB, in one batch and in many") {
  TempDir dir("grow");
  auto store = openLmdbStore(dir.path(), small());
  constexpr int kValues = 320;
  constexpr size_t kValueSize = 64 * 1024; // 320 * 64 KiB = 20 MiB

  WriteBatch big;
  for (int i = 0; i < kValues; ++i)
    big.put(keyFor(i), valueFor(i, kValueSize));
  store->commit(big); // must not surface MDB_MAP_FULL

  for (int round = 0; round < 4; ++round) { // and again in small commits past the new size
    WriteBatch b;
    for (int i = 0; i < 40; ++i)
      b.put("more" + keyFor(round * 40 + i), valueFor(i, kValueSize));
    store->commit(b);
  }

  auto snap = store->snapshot();
  for (int i = 0; i < kValues; ++i)
    REQUIRE(snap->get(keyFor(i)) == valueFor(i, kValueSize));
  int more = 0;
  snap->scanPrefix("more", [&](std::string_view, std::string_view v) {
    more += v.size() == kValueSize;
    return true;
  });
  CHECK(more == 160);
  CHECK(std::filesystem::file_size(dir.path() / "data.mdb") > 20 * kMiB);
}

TEST_CASE("lmdb: snapshots stay valid while the map grows under them") {
  TempDir dir("grow-readers");
  auto store = openLmdbStore(dir.path(), small());
  put(*store, "anchor", "A");
  auto old = store->snapshot(); // idle across every resize below

  std::atomic<bool> done{false};
  std::atomic<int> bad{0}, reads{0};
  std::thread reader([&] {
    while (!done.load()) {
      auto snap = store->snapshot();
      if (snap->get("anchor") != "A")
        ++bad;
      snap->scanPrefix("v", [&](std::string_view k, std::string_view v) {
        // Every value starts with its own index tag: a read through a stale map would not.
        std::string tag = "#" + std::to_string(std::stoi(std::string(k.substr(1)))) + "#";
        if (v.size() != 128 * 1024 || !v.starts_with(tag))
          ++bad;
        return true;
      });
      ++reads;
    }
  });
  for (int i = 0; i < 120; ++i) { // ~15 MiB in 120 commits: several doublings mid-read
    WriteBatch b;
    b.put(keyFor(i), valueFor(i, 128 * 1024));
    store->commit(b);
  }
  done = true;
  reader.join();

  CHECK(bad.load() == 0);
  CHECK(reads.load() > 0);
  CHECK(old->get("anchor") == "A");
  CHECK_FALSE(old->get(keyFor(0)).has_value());
  CHECK(scanAll(*old) == KV{{"anchor", "A"}});
  CHECK(store->get(keyFor(119)) == valueFor(119, 128 * 1024));
}

TEST_CASE("lmdb: two Store objects on one folder see each other's commits") {
  TempDir dir("two");
  auto a = openLmdbStore(dir.path() / "idx", small());
  auto b = openLmdbStore(dir.path() / "idx" / ".." / "idx"); // same folder, spelled differently
  put(*a, "from-a", "1");
  CHECK(b->get("from-a") == "1");
  auto bSnap = b->snapshot();
  put(*b, "from-b", "2");
  CHECK(a->get("from-b") == "2");
  CHECK_FALSE(bSnap->get("from-b").has_value());

  // Growth through one is visible through the other.
  WriteBatch big;
  for (int i = 0; i < 40; ++i)
    big.put(keyFor(i), valueFor(i, 128 * 1024));
  b->commit(big);
  CHECK(a->get(keyFor(39)) == valueFor(39, 128 * 1024));

  a.reset(); // closing one leaves the other working
  put(*b, "after", "3");
  CHECK(b->get("after") == "3");
  b.reset();
  CHECK(openLmdbStore(dir.path() / "idx")->get("from-a") == "1");
}

TEST_CASE("lmdb: opening a folder again keeps the readers of the first Store safe") {
  // Two MDB_envs on one folder in one process would re-initialise the lock file's reader table,
  // so the second Store's writes could recycle pages the first Store's snapshot still reads.
  TempDir dir("readers");
  auto a = openLmdbStore(dir.path());
  WriteBatch seed;
  for (int i = 0; i < 200; ++i)
    seed.put(keyFor(i), valueFor(i, 2000));
  a->commit(seed);
  auto pinned = a->snapshot();

  auto b = openLmdbStore(dir.path());
  for (int round = 0; round < 6; ++round) {
    WriteBatch w;
    for (int i = 0; i < 200; ++i)
      w.put(keyFor(i), valueFor(i + round + 1, 2000));
    w.erasePrefix("v0001");
    b->commit(w);
  }
  int intact = 0;
  pinned->scan("", "", [&](std::string_view k, std::string_view v) {
    intact += v == valueFor(std::stoi(std::string(k.substr(1))), 2000);
    return true;
  });
  CHECK(intact == 200);
}

TEST_CASE("lmdb: another process grows the map and this one adopts the new size") {
  TempDir dir("fork");
  auto store = openLmdbStore(dir.path(), small());
  put(*store, "parent", "P");
  auto beforeChild = store->snapshot();

  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // Child: no doctest here; report through the exit code and never return into the runner.
    int code = 0;
    try {
      auto child = openLmdbStore(dir.path(), small());
      if (child->get("parent") != "P")
        code = 3;
      WriteBatch b;
      for (int i = 0; i < 64; ++i)
        b.put(keyFor(i), valueFor(i, 128 * 1024)); // 8 MiB: well past the parent's 1 MiB map
      child->commit(b);
    } catch (...) {
      code = 4;
    }
    _exit(code);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);

  // The child's data lies beyond this process's map: the snapshot must handle MDB_MAP_RESIZED.
  auto snap = store->snapshot();
  for (int i = 0; i < 64; ++i)
    REQUIRE(snap->get(keyFor(i)) == valueFor(i, 128 * 1024));
  CHECK_FALSE(beforeChild->get(keyFor(0)).has_value());
  CHECK(beforeChild->get("parent") == "P");
  put(*store, "parent-again", "P2");
  CHECK(store->get("parent-again") == "P2");
}

TEST_CASE("lmdb: a path that is a regular file is a clear StoreError") {
  TempDir dir("file");
  auto file = dir.path() / "not-a-folder";
  std::ofstream(file) << "hello";
  try {
    openLmdbStore(file);
    FAIL("opened a regular file as an LMDB folder");
  } catch (const StoreError& e) {
    std::string msg = e.what();
    CHECK(msg.find(file.string()) != std::string::npos);
    CHECK(msg.find("not a directory") != std::string::npos);
  }
}

TEST_CASE("lmdb: a corrupt data.mdb is a StoreError naming the folder") {
  TempDir dir("corrupt");
  {
    std::ofstream out(dir.path() / "data.mdb", std::ios::binary);
    for (int i = 0; i < 4096; ++i)
      out << "garbage!";
  }
  try {
    openLmdbStore(dir.path());
    FAIL("opened a corrupt environment");
  } catch (const StoreError& e) {
    std::string msg = e.what();
    CHECK(msg.find("lmdb") != std::string::npos);
    CHECK(msg.find(dir.path().string()) != std::string::npos);
  }
}

TEST_CASE("lmdb: the folder is created when missing") {
  TempDir dir("mkdir");
  auto nested = dir.path() / "a" / "b" / "index";
  put(*openLmdbStore(nested), "k", "v");
  CHECK(std::filesystem::exists(nested / "data.mdb"));
  CHECK(std::filesystem::exists(nested / "lock.mdb"));
}
