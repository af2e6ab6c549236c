// The in-memory kv::Store for tests: an immutable std::map per version, swapped under a mutex.
#include "kvstore/BackendSupport.h"
#include "kvstore/Store.h"

#include <map>
#include <mutex>

namespace sextant::kv {
namespace {

// std::less<> allows lookups by string_view; std::string compares as unsigned char, i.e. in
// memcmp order, which is the order the interface promises.
using Map = std::map<std::string, std::string, std::less<>>;

class MemorySnapshot final : public Snapshot {
public:
  // `owner` only identifies the store for ScanScope; it is never dereferenced.
  MemorySnapshot(std::shared_ptr<const Map> data, const void* owner)
      : data_(std::move(data)), owner_(owner) {}

  std::optional<std::string> get(std::string_view key) const override {
    auto it = data_->find(key);
    if (it == data_->end())
      return std::nullopt;
    return it->second;
  }

  void scan(std::string_view begin, std::string_view end, const ScanVisitor& visit) const override {
    detail::ScanScope scope(owner_);
    for (auto it = data_->lower_bound(begin); it != data_->end(); ++it) {
      if (!end.empty() && std::string_view(it->first) >= end)
        break;
      if (!visit(it->first, it->second))
        break;
    }
  }

private:
  std::shared_ptr<const Map> data_;
  const void* owner_;
};

class MemoryStore final : public Store {
public:
  std::unique_ptr<Snapshot> snapshot() const override {
    std::lock_guard lock(mutex_);
    return std::make_unique<MemorySnapshot>(data_, this);
  }

  void commit(const WriteBatch& batch) override {
    detail::checkBatch(batch, "memory");
    detail::checkNotInScan(this, "memory");
    std::lock_guard lock(mutex_);
    // Copy-on-write: snapshots keep the old version alive and never see the new one. The copy
    // is O(size) per commit, acceptable for a test backend.
    auto next = std::make_shared<Map>(*data_);
    for (const auto& m : batch.mutations()) {
      switch (m.op) {
      case WriteBatch::Op::Put:
        next->insert_or_assign(m.key, m.value);
        break;
      case WriteBatch::Op::Erase:
        next->erase(m.key);
        break;
      case WriteBatch::Op::ErasePrefix: {
        std::string end = prefixEnd(m.key);
        auto first = next->lower_bound(m.key);
        auto last = end.empty() ? next->end() : next->lower_bound(end);
        next->erase(first, last);
        break;
      }
      }
    }
    data_ = std::move(next);
  }

  std::string_view backendName() const override { return "memory"; }

private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Map> data_ = std::make_shared<const Map>();
};

} // namespace

std::unique_ptr<Store> openMemoryStore() { return std::make_unique<MemoryStore>(); }

} // namespace sextant::kv
