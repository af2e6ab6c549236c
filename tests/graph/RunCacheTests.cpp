// The caches a link run shares across Resolvers, and the path normalization include probes use.
#include "graph/RunCache.h"
#include "graph/WorkspacePath.h"

#include <doctest/doctest.h>

#include <thread>
#include <vector>

using namespace sextant::graph;

TEST_CASE("run cache: a full young generation becomes the old one, and a hit there moves back") {
  RunCache<int> cache(8); // 4 per generation, weight 1 each
  for (int i = 0; i < 4; ++i) cache.insert("k" + std::to_string(i), i);
  CHECK(cache.find("k0") == 0);
  cache.insert("k4", 4); // young full: k0..k3 become old, k4 young
  CHECK(cache.find("k1") == 1); // found in old: moves to young (k4, k1)
  cache.insert("k5", 5);
  cache.insert("k6", 6);        // young now k4, k1, k5, k6
  cache.insert("k7", 7);        // rotates: old = {k4, k1, k5, k6}, the first old one (k0, k2, k3) dropped
  CHECK_FALSE(cache.find("k0"));
  CHECK_FALSE(cache.find("k2"));
  CHECK(cache.find("k1") == 1);
  CHECK(cache.find("k7") == 7);
}

TEST_CASE("run cache: weights count against the budget") {
  RunCache<std::string> cache(20, [](const std::string& v) { return v.size(); });
  cache.insert("a", std::string(8, 'x')); // weight 9 of 10 per generation
  cache.insert("b", std::string(8, 'y')); // would be 18: a goes old
  CHECK(cache.find("b") == std::string(8, 'y'));
  CHECK(cache.find("a") == std::string(8, 'x')); // promoted back: b goes old
  cache.insert("c", "z");
  CHECK(cache.find("c") == "z");
}

TEST_CASE("run cache: shared by threads, every value read back is one that was written") {
  RunCache<int> cache(1000);
  std::vector<std::jthread> threads;
  std::atomic<int> wrong = 0;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20000; ++i) {
        std::string key = std::to_string((i * 7 + t) % 3000);
        if (auto v = cache.find(key)) wrong += *v != std::stoi(key);
        else cache.insert(key, std::stoi(key));
      }
    });
  threads.clear();
  CHECK(wrong == 0);
}

TEST_CASE("normalizedPath: dot segments, doubled slashes, climbing above the root") {
  CHECK(normalizedPath("a/./b/../c") == "a/c");
  CHECK(normalizedPath("x/y/../../z/./w") == "z/w");
  CHECK(normalizedPath("/a//b/") == "a/b");
  CHECK(normalizedPath("a/b/..") == "a");
  CHECK(normalizedPath("a/..").empty());
  CHECK(normalizedPath("../x").empty());
  CHECK(normalizedPath("a/../../x").empty());
  CHECK(normalizedPath("include/linux/../asm/page.h") == "include/asm/page.h");
}
