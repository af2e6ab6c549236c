// The kv::Store contract (kvstore/Store.h), run against every backend: memory, LMDB, SQLite.
#include "tests/kvstore/Backends.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

using namespace sextant::kv;
using namespace sextant::kv::test;

#define ALL_BACKENDS MemoryBackend, LmdbBackend, SqliteBackend
#define DISK_BACKENDS LmdbBackend, SqliteBackend

TEST_CASE_TEMPLATE("put, get, overwrite and erase", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  CHECK(store->backendName() == B::name);
  CHECK_FALSE(store->get("k").has_value());

  put(*store, "k", "v1");
  CHECK(store->get("k") == "v1");
  put(*store, "k", "v2");
  CHECK(store->get("k") == "v2");

  WriteBatch b;
  b.erase("k");
  b.erase("never-there"); // erasing an absent key is not an error
  store->commit(b);
  CHECK_FALSE(store->get("k").has_value());

  store->commit(WriteBatch{}); // an empty batch is a no-op
  CHECK(scanAll(*store->snapshot()).empty());
}

TEST_CASE_TEMPLATE("binary keys and values keep every byte", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  const std::string k1 = bytes("\0");
  const std::string k2 = bytes("a\0b");
  const std::string k3 = bytes("\xff\xff\0\xff");
  const std::string v1 = bytes("\0\0\0");
  const std::string v2 = bytes("x\xffy\0");
  std::string big(100000, '\0');
  for (size_t i = 0; i < big.size(); ++i)
    big[i] = static_cast<char>(i * 7 % 256);

  WriteBatch b;
  b.put(k1, v1);
  b.put(k2, v2);
  b.put(k3, big);
  b.put("empty", "");
  store->commit(b);

  auto snap = store->snapshot();
  CHECK(snap->get(k1) == v1);
  CHECK(snap->get(k2) == v2);
  CHECK(snap->get(k3) == big);
  CHECK(snap->get("empty") == std::string());
  CHECK_FALSE(snap->get("a").has_value()); // "a\0b" must not match a C-string "a"
  CHECK(scanAll(*snap) == KV{{k1, v1}, {k2, v2}, {"empty", ""}, {k3, big}});
}

TEST_CASE_TEMPLATE("scans visit keys in memcmp order", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  // Expected memcmp order: bytes compare unsigned, a proper prefix sorts first.
  const std::vector<std::string> sorted = {bytes("\0"), "\x01", "a", bytes("a\0"), "ab", "a\xff", "b",
                                           "\x7f", "\x80", "\xff", "\xff\xff"};
  std::vector<std::string> shuffled = sorted;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(42));
  WriteBatch b;
  for (const auto& k : shuffled)
    b.put(k, "v" + k);
  store->commit(b);

  std::vector<std::string> seen;
  for (auto& [k, v] : scanAll(*store->snapshot())) {
    CHECK(v == "v" + k);
    seen.push_back(k);
  }
  CHECK(seen == sorted);
}

TEST_CASE_TEMPLATE("range and prefix scans, with early stop", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  WriteBatch b;
  for (std::string k : {"a", "a\xff", "ab", "abc", "b", "ba", "c", "\xff", "\xff\xff", "\xff\xff\x01"})
    b.put(k, "v");
  b.put(bytes("a\0"), "v");
  store->commit(b);
  auto snap = store->snapshot();

  auto keys = [](const KV& kv) {
    std::vector<std::string> out;
    for (auto& p : kv)
      out.push_back(p.first);
    return out;
  };
  SUBCASE("half-open ranges") {
    CHECK(keys(scanAll(*snap, "ab", "b")) == std::vector<std::string>{"ab", "abc", "a\xff"});
    CHECK(keys(scanAll(*snap, "aa", "ba")) == std::vector<std::string>{"ab", "abc", "a\xff", "b"});
    CHECK(keys(scanAll(*snap, "c")) == std::vector<std::string>{"c", "\xff", "\xff\xff", "\xff\xff\x01"});
    CHECK(scanAll(*snap, "b", "b").empty());
    CHECK(scanAll(*snap, "c", "a").empty());
    CHECK(scanAll(*snap, "\xff\xff\x02").empty());
    CHECK(scanAll(*snap).size() == 11);
  }
  SUBCASE("a begin longer than any storable key") {
    std::string longBegin = "a" + std::string(kMaxKeySize + 10, 'z');
    CHECK(keys(scanAll(*snap, longBegin, "c")) == std::vector<std::string>{"a\xff", "b", "ba"});
  }
  SUBCASE("prefixes") {
    CHECK(prefixKeys(*snap, "a") == std::vector<std::string>{"a", bytes("a\0"), "ab", "abc", "a\xff"});
    CHECK(prefixKeys(*snap, "ab") == std::vector<std::string>{"ab", "abc"});
    CHECK(prefixKeys(*snap, "\xff") == std::vector<std::string>{"\xff", "\xff\xff", "\xff\xff\x01"});
    CHECK(prefixKeys(*snap, "\xff\xff") == std::vector<std::string>{"\xff\xff", "\xff\xff\x01"});
    CHECK(prefixKeys(*snap, "zz").empty());
    CHECK(prefixKeys(*snap, "").size() == 11);
  }
  SUBCASE("the visitor stops the scan by returning false") {
    std::vector<std::string> seen;
    snap->scan("", "", [&](std::string_view k, std::string_view) {
      seen.emplace_back(k);
      return seen.size() < 3;
    });
    CHECK(seen == std::vector<std::string>{"a", bytes("a\0"), "ab"});
    seen.clear();
    snap->scanPrefix("\xff", [&](std::string_view k, std::string_view) {
      seen.emplace_back(k);
      return false;
    });
    CHECK(seen == std::vector<std::string>{"\xff"});
  }
}

TEST_CASE("WriteBatch: append and sortByKey keep each key's order") {
  WriteBatch a, b;
  a.put("b", "1");
  a.erase("a");
  b.put("a", "2");
  b.put("b", "3");
  a.append(std::move(b));
  CHECK(b.empty());
  a.sortByKey();
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& m : a.mutations()) got.emplace_back(m.key, m.op == WriteBatch::Op::Erase ? "-" : m.value);
  CHECK(got == std::vector<std::pair<std::string, std::string>>{{"a", "-"}, {"a", "2"}, {"b", "1"}, {"b", "3"}});
  auto store = openMemoryStore();
  store->commit(a);
  CHECK(store->get("a") == "2");
  CHECK(store->get("b") == "3");
  // An erasePrefix keeps the batch as written: its place among other keys matters.
  WriteBatch p;
  p.put("x1", "v");
  p.erasePrefix("x");
  p.put("a", "v");
  p.sortByKey();
  CHECK(p.mutations().front().key == "x1");
}

TEST_CASE("WriteBatch: bytes() counts keys and values through append and moves") {
  WriteBatch a, b;
  a.put("key", "value");   // 8
  a.erase("gone");         // 4
  a.erasePrefix("p:");     // 2
  CHECK(a.bytes() == 14);
  b.put("k2", "vv");       // 4
  a.append(std::move(b));
  CHECK(a.bytes() == 18);
  CHECK(b.bytes() == 0);
  WriteBatch c = std::move(a);
  CHECK(c.bytes() == 18);
  CHECK(a.bytes() == 0);
  CHECK(a.empty());
  a = c; // copies keep the count
  CHECK(a.bytes() == 18);
}

TEST_CASE("prefixEnd") {
  CHECK(prefixEnd("ab") == "ac");
  CHECK(prefixEnd("a\xff") == "b");
  CHECK(prefixEnd("\x01\xff\xff") == "\x02");
  CHECK(prefixEnd("\xff\xff") == "");
  CHECK(prefixEnd("") == "");
}

TEST_CASE_TEMPLATE("erasePrefix removes exactly the keys with that prefix", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  WriteBatch b;
  for (std::string k : {"a", "ab", "abc", "ac", "b", "\xfe", "\xff", "\xff\xfe", "\xff\xff", "\xff\xff\xff"})
    b.put(k, "v");
  b.put(bytes("ab\0"), "v");
  store->commit(b);

  auto remaining = [&] { return prefixKeys(*store->snapshot(), ""); };
  WriteBatch e1;
  e1.erasePrefix("ab");
  store->commit(e1);
  CHECK(remaining() == std::vector<std::string>{"a", "ac", "b", "\xfe", "\xff", "\xff\xfe", "\xff\xff", "\xff\xff\xff"});

  WriteBatch e2;
  e2.erasePrefix("\xff\xff"); // prefixEnd is "": the range runs to the last key
  store->commit(e2);
  CHECK(remaining() == std::vector<std::string>{"a", "ac", "b", "\xfe", "\xff", "\xff\xfe"});

  WriteBatch e3;
  e3.erasePrefix("nothing-here");
  e3.erasePrefix(std::string(kMaxKeySize + 1, 'a')); // longer than any key: matches nothing
  store->commit(e3);
  CHECK(remaining().size() == 6);

  SUBCASE("mutations apply in order within a batch") {
    WriteBatch m;
    m.put("a1", "x");
    m.erasePrefix("a");
    m.put("a2", "y");
    m.put("b", "z");
    m.erase("b");
    store->commit(m);
    CHECK(remaining() == std::vector<std::string>{"a2", "\xfe", "\xff", "\xff\xfe"});
  }
  SUBCASE("the empty prefix erases everything") {
    WriteBatch all;
    all.erasePrefix("");
    store->commit(all);
    CHECK(remaining().empty());
  }
}

TEST_CASE_TEMPLATE("key length limits are the same on every backend", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  const std::string longest(kMaxKeySize, '\xff');
  put(*store, longest, "ok");
  CHECK(store->get(longest) == "ok");
  CHECK(prefixKeys(*store->snapshot(), "\xff") == std::vector<std::string>{longest});

  const std::string tooLong = "src/" + std::string(kMaxKeySize, 'p');
  CHECK_FALSE(store->get(tooLong).has_value());
  WriteBatch b;
  b.put(tooLong, "v");
  try {
    store->commit(b);
    FAIL("an over-long key was accepted");
  } catch (const StoreError& e) {
    std::string msg = e.what();
    CHECK(msg.find(B::name) != std::string::npos);
    CHECK(msg.find("\"src/ppp") != std::string::npos); // names the key
    CHECK(msg.find("515 bytes") != std::string::npos);
  }

  WriteBatch emptyKey;
  emptyKey.put("", "v");
  CHECK_THROWS_AS(store->commit(emptyKey), StoreError);
  WriteBatch eraseLong;
  eraseLong.erase(tooLong);
  CHECK_THROWS_AS(store->commit(eraseLong), StoreError);
}

TEST_CASE_TEMPLATE("a batch that fails leaves nothing applied", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  WriteBatch seed;
  seed.put("keep", "old");
  seed.put("p:1", "old");
  store->commit(seed);

  WriteBatch bad;
  bad.put("new1", "x");
  bad.put("keep", "new");
  bad.erasePrefix("p:");
  bad.put(std::string(kMaxKeySize + 1, 'k'), "x"); // rejected in the middle of the batch
  bad.put("new2", "x");
  CHECK_THROWS_AS(store->commit(bad), StoreError);

  CHECK(scanAll(*store->snapshot()) == KV{{"keep", "old"}, {"p:1", "old"}});
  put(*store, "after", "1"); // the store still works
  CHECK(store->get("after") == "1");
}

TEST_CASE_TEMPLATE("snapshots are isolated from later commits", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  auto empty = store->snapshot(); // taken before anything was ever written
  put(*store, "a", "1");
  auto before = store->snapshot();

  WriteBatch b;
  b.put("a", "2");
  b.put("b", "2");
  b.erasePrefix("a");
  b.put("c", "2");
  store->commit(b);
  auto after = store->snapshot();

  CHECK(scanAll(*empty).empty());
  CHECK_FALSE(empty->get("c").has_value());
  CHECK(scanAll(*before) == KV{{"a", "1"}});
  CHECK(before->get("a") == "1");
  CHECK_FALSE(before->get("b").has_value());
  CHECK(scanAll(*after) == KV{{"b", "2"}, {"c", "2"}});
  CHECK(store->get("a") == std::nullopt);
}

TEST_CASE_TEMPLATE("a snapshot outlives its store", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  put(*store, "k", "v");
  auto snap = store->snapshot();
  store.reset();
  CHECK(snap->get("k") == "v");
  CHECK(scanAll(*snap) == KV{{"k", "v"}});
}

TEST_CASE_TEMPLATE("visitors may read but not commit", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  WriteBatch b;
  for (std::string k : {"a", "b", "c"})
    b.put(k, "v" + k);
  store->commit(b);
  auto snap = store->snapshot();

  // get() and a nested scan of the same snapshot inside a visitor.
  std::vector<std::string> seen;
  snap->scan("", "", [&](std::string_view k, std::string_view) {
    seen.push_back(std::string(k) + "=" + snap->get(k).value_or("?") + "/" +
                   std::to_string(scanAll(*snap, k).size()));
    return true;
  });
  CHECK(seen == std::vector<std::string>{"a=va/3", "b=vb/2", "c=vc/1"});

  // commit() from inside a visitor is rejected alike everywhere (LMDB could deadlock).
  bool threw = false;
  snap->scan("", "", [&](std::string_view, std::string_view) {
    WriteBatch w;
    w.put("x", "y");
    CHECK_THROWS_AS(store->commit(w), StoreError);
    threw = true;
    return false;
  });
  CHECK(threw);
  CHECK_FALSE(store->get("x").has_value());
  put(*store, "x", "y"); // after the scan it works
  CHECK(store->get("x") == "y");

  // An exception from a visitor propagates and leaves the snapshot usable.
  CHECK_THROWS_AS(snap->scan("", "", [](std::string_view, std::string_view) -> bool { throw std::runtime_error("stop"); }),
                  std::runtime_error);
  CHECK(scanAll(*snap).size() == 3);
}

TEST_CASE_TEMPLATE("readers on other threads see whole commits only", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  constexpr int kKeys = 50;
  constexpr int kGenerations = 150;
  auto batchFor = [&](int gen) {
    WriteBatch b;
    for (int i = 0; i < kKeys; ++i)
      b.put("key" + std::to_string(1000 + i), "gen" + std::to_string(gen));
    return b;
  };
  store->commit(batchFor(0));
  auto pinned = store->snapshot();

  std::atomic<bool> done{false};
  std::atomic<int> torn{0}, pinnedChanged{0}, reads{0};
  std::thread reader([&] {
    // The pinned snapshot is used on this thread only, the store's snapshot() from both.
    while (!done.load() || reads.load() < 20) {
      auto snap = store->snapshot();
      std::set<std::string> values;
      size_t n = 0;
      snap->scanPrefix("key", [&](std::string_view, std::string_view v) {
        values.emplace(v);
        ++n;
        return true;
      });
      if (values.size() != 1 || n != kKeys)
        ++torn;
      size_t pinnedCount = 0;
      bool pinnedOk = true;
      pinned->scanPrefix("key", [&](std::string_view, std::string_view v) {
        ++pinnedCount;
        pinnedOk = pinnedOk && v == "gen0";
        return true;
      });
      if (!pinnedOk || pinnedCount != kKeys)
        ++pinnedChanged;
      ++reads;
    }
  });
  for (int gen = 1; gen <= kGenerations; ++gen)
    store->commit(batchFor(gen));
  done = true;
  reader.join();

  CHECK(reads.load() >= 20);
  CHECK(torn.load() == 0);
  CHECK(pinnedChanged.load() == 0);
  CHECK(store->get("key1000") == "gen" + std::to_string(kGenerations));
}

TEST_CASE_TEMPLATE("random operations match a std::map model", B, ALL_BACKENDS) {
  B backend;
  auto store = backend.open();
  std::map<std::string, std::string> model;
  std::mt19937 rng(7);
  auto randomKey = [&] {
    static const std::vector<std::string> prefixes = {"sym:", "sym:d:", "ref:", "chunk:", "\xff", bytes("\0")};
    std::string k = prefixes[rng() % prefixes.size()];
    int len = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < len; ++i)
      k += static_cast<char>("ab\0\xff/:"[rng() % 6]);
    return k;
  };
  for (int round = 0; round < 30; ++round) {
    WriteBatch b;
    for (int i = 0; i < 200; ++i) {
      unsigned op = rng() % 40;
      std::string k = randomKey();
      if (op < 30) {
        std::string v(rng() % 300, static_cast<char>('A' + rng() % 26));
        b.put(k, v);
        model[k] = v;
      } else if (op < 39) {
        b.erase(k);
        model.erase(k);
      } else {
        std::string prefix = k.substr(0, 1 + rng() % 7); // sometimes a whole family: "s", "\xff"
        b.erasePrefix(prefix);
        std::erase_if(model, [&](const auto& kv) { return kv.first.starts_with(prefix); });
      }
    }
    store->commit(b);
  }
  KV expected(model.begin(), model.end());
  REQUIRE(expected.size() > 300); // enough keys to span many LMDB pages
  CHECK(scanAll(*store->snapshot()) == expected);
  auto snap = store->snapshot();
  for (const auto& [k, v] : model)
    REQUIRE(snap->get(k) == v);
}

TEST_CASE_TEMPLATE("data survives closing and reopening", B, DISK_BACKENDS) {
  B backend;
  {
    auto store = backend.open();
    WriteBatch b;
    b.put("persist", "yes");
    b.put(bytes("bin\0\xff"), bytes("\0value\xff"));
    b.put("gone", "x");
    store->commit(b);
    WriteBatch e;
    e.erase("gone");
    store->commit(e);
  }
  auto store = backend.open();
  CHECK(scanAll(*store->snapshot()) == KV{{bytes("bin\0\xff"), bytes("\0value\xff")}, {"persist", "yes"}});
  put(*store, "second", "session");
  store.reset();
  CHECK(backend.open()->get("second") == "session");
}
