// A store decorator for tests of long runs: counts live snapshots and checkpoints.
#pragma once

#include "kvstore/Store.h"

#include <atomic>
#include <memory>

namespace sextant::test {

/// A store that counts its live snapshots and, at each checkpoint, how many were alive.
class WatchedStore : public kv::Store {
public:
  std::unique_ptr<kv::Snapshot> snapshot() const override {
    struct Watched : kv::Snapshot {
      Watched(std::unique_ptr<kv::Snapshot> s, std::atomic<int>& live) : inner(std::move(s)), live(live) { ++live; }
      ~Watched() override { --live; }
      std::optional<std::string> get(std::string_view key) const override { return inner->get(key); }
      void scan(std::string_view b, std::string_view e, const kv::ScanVisitor& v) const override { inner->scan(b, e, v); }
      std::unique_ptr<kv::Snapshot> inner;
      std::atomic<int>& live;
    };
    return std::make_unique<Watched>(inner_->snapshot(), live_);
  }
  void commit(const kv::WriteBatch& batch) override {
    ++commits;
    inner_->commit(batch);
  }
  void checkpoint() override {
    ++checkpoints;
    if (live_ != 0) ++withSnapshots;
  }
  std::string_view backendName() const override { return "watched"; }

  std::atomic<int> commits = 0, checkpoints = 0, withSnapshots = 0;

private:
  std::unique_ptr<kv::Store> inner_ = kv::openMemoryStore();
  mutable std::atomic<int> live_ = 0;
};

} // namespace sextant::test
