// Caches that outlive one Resolver: the linker makes a Resolver per chunk of files, and what a
// chunk looks up (a name's candidates, where an #include lands) the next chunk looks up again.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace sextant::graph {

/// A thread-safe map from string keys to `Value`, bounded by a total weight in two generations:
/// when the young one reaches half the budget it becomes the old one (the previous old one is
/// dropped), and a key found in the old one moves back to the young. What a run keeps using
/// stays; the rest ages out. `weigh(value)` gives each entry's weight (at least 1 is added).
/// Entries are valid as long as what they were computed from does not change: the linker's runs
/// treat the store as fixed (a concurrent edit leaves a `link:` marker and is linked again).
template <typename Value>
class RunCache {
public:
  explicit RunCache(size_t budget, std::function<size_t(const Value&)> weigh = {})
      : budget_(budget), weigh_(std::move(weigh)) {}

  /// A copy of the value of `key` (shared_ptr values make that cheap), nullopt when absent.
  std::optional<Value> find(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto it = young_.find(key); it != young_.end()) return it->second;
    auto it = old_.find(key);
    if (it == old_.end()) return std::nullopt;
    Value value = std::move(it->second);
    old_.erase(it);
    add(key, value);
    return value;
  }

  void insert(const std::string& key, Value value) {
    std::lock_guard lock(mutex_);
    add(key, std::move(value));
  }

private:
  void add(const std::string& key, Value value) {
    const size_t weight = 1 + (weigh_ ? weigh_(value) : 0);
    if (held_ + weight > budget_ / 2) {
      old_ = std::move(young_);
      young_.clear();
      held_ = 0;
    }
    held_ += weight;
    young_.insert_or_assign(key, std::move(value));
  }

  size_t budget_, held_ = 0; ///< held_: the weight of young_
  std::function<size_t(const Value&)> weigh_;
  std::mutex mutex_;
  std::unordered_map<std::string, Value> young_, old_;
};

} // namespace sextant::graph
