#include "graph/NameTable.h"

#include "graph/Codec.h"
#include "graph/Keys.h"

#include <deque>
#include <mutex>
#include <optional>
#include <random>

namespace sextant::graph {

NameTable NameTable::build(const kv::Snapshot& snapshot) {
  NameTable table;
  constexpr std::string_view kPrefix = keys::kSymbolByNamePrefix;
  std::string last;
  bool lastListed = false;
  snapshot.scanPrefix(kPrefix, [&](std::string_view k, std::string_view v) {
    std::string_view name = k.substr(kPrefix.size(), k.find('\0', kPrefix.size()) - kPrefix.size());
    if (name == last && lastListed) return true; // keys are sorted: a name's entries are adjacent
    if (name != last) {
      last.assign(name);
      lastListed = false;
    }
    if (decodeNameEntry(v).local) return true;
    table.offsets_.push_back(static_cast<uint32_t>(table.bytes_.size()));
    table.masks_.push_back(characterMask(name));
    table.bytes_ += name;
    lastListed = true;
    return true;
  });
  table.bytes_.shrink_to_fit();
  table.offsets_.shrink_to_fit();
  table.masks_.shrink_to_fit();
  return table;
}

uint64_t NameTable::characterMask(std::string_view text) {
  uint64_t mask = 0;
  for (char c : text) {
    unsigned bit = c >= 'a' && c <= 'z'   ? static_cast<unsigned>(c - 'a')
                   : c >= 'A' && c <= 'Z' ? static_cast<unsigned>(c - 'A')
                   : c >= '0' && c <= '9' ? 26 + static_cast<unsigned>(c - '0')
                   : c == '_'             ? 36
                                          : 37;
    mask |= uint64_t{1} << bit;
  }
  return mask;
}

std::shared_ptr<const NameTable> NameTable::of(const kv::Snapshot& snapshot) {
  constexpr size_t kKept = 4;
  static std::mutex mutex;
  static std::deque<std::pair<std::string, std::shared_ptr<const NameTable>>> cached; // most recent first
  std::optional<std::string> stamp = snapshot.get(keys::metaNames());
  if (!stamp || stamp->empty()) return std::make_shared<const NameTable>(build(snapshot));
  {
    std::lock_guard lock(mutex);
    for (const auto& [s, table] : cached)
      if (s == *stamp) return table;
  }
  auto table = std::make_shared<const NameTable>(build(snapshot));
  std::lock_guard lock(mutex);
  cached.emplace_front(std::move(*stamp), table);
  if (cached.size() > kKept) cached.pop_back();
  return table;
}

std::string newNamesStamp() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  uint64_t value = engine();
  return std::string(reinterpret_cast<const char*>(&value), sizeof value);
}

void stampNamesIfChanged(kv::WriteBatch& batch) {
  constexpr std::string_view kPrefix = keys::kSymbolByNamePrefix;
  for (const auto& m : batch.mutations()) {
    std::string_view key = m.key;
    bool touches = m.op == kv::WriteBatch::Op::ErasePrefix ? (key.starts_with(kPrefix) || kPrefix.starts_with(key))
                                                           : key.starts_with(kPrefix);
    if (touches) {
      batch.put(keys::metaNames(), newNamesStamp());
      return;
    }
  }
}

} // namespace sextant::graph
