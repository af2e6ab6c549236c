// LRU over (path, content hash): a list in recency order plus an index into it.
#include "graph/RecordCache.h"

#include <list>
#include <map>
#include <mutex>
#include <tuple>

namespace sextant::graph {

struct RecordCache::Impl {
  using Key = std::tuple<std::string, uint64_t, uint64_t, RecordKind>;
  struct Entry {
    Key key;
    std::shared_ptr<const FileRecords> records;
    size_t bytes;
  };
  std::mutex mutex;
  std::list<Entry> recency; // most recent first
  std::map<Key, std::list<Entry>::iterator> index;
  size_t bytes = 0;
};

RecordCache::RecordCache(size_t budgetBytes) : budget_(budgetBytes), impl_(std::make_unique<Impl>()) {}
RecordCache::~RecordCache() = default;

std::shared_ptr<const FileRecords> RecordCache::find(const std::string& path, const ContentHash& hash,
                                                     RecordKind kind) {
  Impl* state = impl_.get();
  std::lock_guard lock(state->mutex);
  auto it = state->index.find({path, hash.high, hash.low, kind});
  if (it == state->index.end()) return nullptr;
  state->recency.splice(state->recency.begin(), state->recency, it->second);
  return it->second->records;
}

std::shared_ptr<const FileRecords> RecordCache::insert(const std::string& path, const ContentHash& hash,
                                                       RecordKind kind, std::shared_ptr<const FileRecords> records) {
  Impl* state = impl_.get();
  std::lock_guard lock(state->mutex);
  Impl::Key key{path, hash.high, hash.low, kind};
  if (auto it = state->index.find(key); it != state->index.end()) {
    state->recency.splice(state->recency.begin(), state->recency, it->second);
    return it->second->records;
  }
  size_t bytes = approximateBytes(*records) + path.size() + 128;
  if (bytes > budget_) return records; // larger than the whole cache: hand it out uncached
  state->recency.push_front({key, records, bytes});
  state->index.emplace(std::move(key), state->recency.begin());
  state->bytes += bytes;
  while (state->bytes > budget_ && !state->recency.empty()) {
    auto& last = state->recency.back();
    state->bytes -= last.bytes;
    state->index.erase(last.key);
    state->recency.pop_back();
  }
  return records;
}

void RecordCache::clear() {
  Impl* state = impl_.get();
  std::lock_guard lock(state->mutex);
  state->recency.clear();
  state->index.clear();
  state->bytes = 0;
}

size_t RecordCache::bytes() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->bytes;
}

RecordCache& RecordCache::shared() {
  static RecordCache cache(size_t{256} << 20);
  return cache;
}

void indexLocals(FileRecords& records) {
  const auto& symbols = records.symbols;
  for (uint32_t i = 0; i < symbols.size(); ++i) {
    int32_t parent = symbols[i].parent;
    if (symbols[i].hasRegion()) {
      records.localsByName[symbols[i].name].push_back(i);
      continue;
    }
    if (parent < 0 || static_cast<size_t>(parent) >= symbols.size()) continue;
    if (isFunctionLike(symbols[parent].kind)) records.localsByName[symbols[i].name].push_back(i);
  }
}

void indexReferences(FileRecords& records) {
  for (uint32_t i = 0; i < records.references.size(); ++i) {
    const auto& r = records.references[i];
    records.referencesByName[r.name].push_back(i);
    if (r.role == RefRole::Import) records.importReferences.push_back(i);
  }
}

size_t approximateBytes(const FileRecords& records) {
  auto heap = [](const std::string& s) { return s.size() > 15 ? s.capacity() + 1 : 0; };
  size_t bytes = records.symbols.capacity() * sizeof(SymbolRecord) +
                 records.references.capacity() * sizeof(ReferenceRecord);
  for (const auto& s : records.symbols)
    bytes += heap(s.name) + heap(s.qualifier) + heap(s.signature) + heap(s.type) + heap(s.doc);
  for (const auto& r : records.references) bytes += heap(r.name) + heap(r.receiver);
  for (const auto* index : {&records.localsByName, &records.referencesByName})
    for (const auto& [name, indexes] : *index) bytes += 64 + name.size() + indexes.capacity() * 4;
  bytes += records.importReferences.capacity() * 4;
  return bytes;
}

} // namespace sextant::graph
