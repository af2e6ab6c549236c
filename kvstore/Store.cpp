// The backend-independent parts of kv::Store: prefix scans, batch building and key checks.
#include "kvstore/Store.h"

#include "kvstore/BackendSupport.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

namespace sextant::kv {

void Snapshot::scanPrefix(std::string_view prefix, const ScanVisitor& visit) const {
  // prefixEnd() is "" for an all-0xFF prefix, which scan() reads as "to the last key".
  scan(prefix, prefixEnd(prefix), visit);
}

void WriteBatch::put(std::string_view key, std::string_view value) {
  mutations_.push_back({Op::Put, std::string(key), std::string(value)});
  bytes_ += key.size() + value.size();
}

void WriteBatch::erase(std::string_view key) {
  mutations_.push_back({Op::Erase, std::string(key), {}});
  bytes_ += key.size();
}

void WriteBatch::erasePrefix(std::string_view prefix) {
  mutations_.push_back({Op::ErasePrefix, std::string(prefix), {}});
  bytes_ += prefix.size();
}

void WriteBatch::append(WriteBatch&& other) {
  if (mutations_.empty()) {
    mutations_ = std::move(other.mutations_);
  } else {
    mutations_.reserve(mutations_.size() + other.mutations_.size());
    std::move(other.mutations_.begin(), other.mutations_.end(), std::back_inserter(mutations_));
  }
  bytes_ += other.bytes_;
  other.mutations_.clear();
  other.bytes_ = 0;
}

void WriteBatch::sortByKey() {
  if (std::any_of(mutations_.begin(), mutations_.end(), [](const Mutation& m) { return m.op == Op::ErasePrefix; }))
    return;
  std::stable_sort(mutations_.begin(), mutations_.end(), [](const Mutation& a, const Mutation& b) { return a.key < b.key; });
}

std::string prefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xFF)
    end.pop_back();
  if (!end.empty())
    end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

namespace detail {

std::string describeKey(std::string_view key) {
  constexpr size_t kShown = 80;
  std::string out = "\"";
  for (size_t i = 0; i < key.size() && i < kShown; ++i) {
    auto c = static_cast<unsigned char>(key[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  out += key.size() > kShown ? "...\"" : "\"";
  out += " (" + std::to_string(key.size()) + " bytes)";
  return out;
}

void checkBatch(const WriteBatch& batch, std::string_view backend) {
  for (const auto& m : batch.mutations()) {
    if (m.op == WriteBatch::Op::ErasePrefix)
      continue;
    if (m.key.empty())
      throw StoreError(std::string(backend) + ": empty key in write batch (keys must be 1.." +
                       std::to_string(kMaxKeySize) + " bytes); nothing was applied");
    if (m.key.size() > kMaxKeySize)
      throw StoreError(std::string(backend) + ": key " + describeKey(m.key) + " is longer than " +
                       std::to_string(kMaxKeySize) + " bytes; nothing was applied");
  }
}

namespace {
// Stores whose scans are running on this thread; a multiset, since scans nest.
thread_local std::vector<const void*> activeScans;
} // namespace

ScanScope::ScanScope(const void* owner) : owner_(owner) { activeScans.push_back(owner); }

ScanScope::~ScanScope() {
  // Scopes are stack-allocated, so the most recent entry for owner_ is the last one pushed.
  for (auto it = activeScans.rbegin(); it != activeScans.rend(); ++it) {
    if (*it == owner_) {
      activeScans.erase(std::next(it).base());
      return;
    }
  }
}

bool ScanScope::active(const void* owner) {
  return std::find(activeScans.begin(), activeScans.end(), owner) != activeScans.end();
}

void checkNotInScan(const void* owner, std::string_view backend) {
  if (ScanScope::active(owner))
    throw StoreError(std::string(backend) +
                     ": commit() called from inside a scan visitor of the same store; collect the "
                     "changes and commit after the scan");
}

} // namespace detail
} // namespace sextant::kv
