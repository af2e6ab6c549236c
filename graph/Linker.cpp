// The linker: resolves references once, stores the edges both ways, and re-resolves only what an
// edit can have changed.
#include "graph/Linker.h"

#include "graph/Keys.h"

#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

namespace sextant::graph {
namespace {

/// Index of each symbol among the file's non-local symbols of its name and kind; -1 for a
/// symbol inside a function (no other file binds it).
std::vector<int32_t> ordinalsOf(const std::vector<SymbolRecord>& symbols) {
  std::vector<int32_t> out(symbols.size(), -1);
  std::vector<bool> local(symbols.size(), false);
  std::map<std::pair<std::string_view, SymbolKind>, int32_t> next;
  for (size_t i = 0; i < symbols.size(); ++i) {
    int32_t parent = symbols[i].parent;
    // Parents come before children (document order), so the flag is already known.
    if (parent >= 0 && static_cast<size_t>(parent) < i)
      local[i] = local[parent] || isFunctionLike(symbols[parent].kind);
    if (!local[i]) out[i] = next[{symbols[i].name, symbols[i].kind}]++;
  }
  return out;
}

/// Per-name signatures of the non-local symbols: what a reference elsewhere binds by.
std::map<std::string, std::string> signatures(const std::vector<SymbolRecord>& symbols) {
  std::vector<int32_t> ordinals = ordinalsOf(symbols);
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (ordinals[i] < 0) continue;
    const SymbolRecord& s = symbols[i];
    std::string& sig = out[s.name];
    sig.push_back(static_cast<char>(s.kind));
    sig.push_back(s.isDeclaration ? 'd' : 'b');
    if (s.parent >= 0 && static_cast<size_t>(s.parent) < symbols.size()) sig += symbols[s.parent].name;
    sig.push_back('\1');
    sig += s.qualifier;
    sig.push_back('\1');
    sig += s.type;
    sig.push_back('\2');
  }
  return out;
}

uint64_t freshNonce() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine();
}

/// The module name a Python file is imported by (`utils` for `pkg/utils.py`, `pkg` for
/// `pkg/__init__.py`).
std::string pythonModuleName(std::string_view path) {
  std::filesystem::path p(path);
  std::string stem = p.stem().string();
  if (stem == "__init__") return p.parent_path().filename().string();
  return stem;
}

/// The files a link run handles, with what to redo in each.
struct WorkItem {
  std::string path;
  bool whole = true;           ///< every reference (the file changed, or all are relinked)
  bool contentChanged = true;  ///< its `ref:f:` may differ from what `ref:r:` was built on
  std::set<std::string> names; ///< when !whole: the reference names to resolve again
};

/// Caches per target file (a worker's, reset with its Resolver).
class TargetIds {
public:
  explicit TargetIds(Resolver& resolver) : resolver_(resolver) {}
  std::optional<std::string> of(const SymbolId& id) {
    auto [it, fresh] = ordinals_.try_emplace(id.path);
    if (fresh) it->second = ordinalsOf(resolver_.symbolsOf(id.path));
    const auto& symbols = resolver_.symbolsOf(id.path);
    if (id.index >= it->second.size() || it->second[id.index] < 0) return std::nullopt;
    return keys::targetId(id.path, symbols[id.index].name, static_cast<uint8_t>(symbols[id.index].kind),
                          static_cast<uint32_t>(it->second[id.index]));
  }

private:
  Resolver& resolver_;
  std::map<std::string, std::vector<int32_t>> ordinals_;
};

using Grouped = std::map<std::pair<bool, std::string>, std::vector<LinkedRef>>; // (isCall, targetId)

Grouped group(const ResolutionRecord& record, const std::vector<ReferenceRecord>& refs, Resolver& resolver,
              const std::string& path) {
  Grouped out;
  for (size_t i = 0; i < record.byReference.size() && i < refs.size(); ++i) {
    if (record.byReference[i].empty()) continue;
    const ReferenceRecord& r = refs[i];
    LinkedRef linked{static_cast<uint32_t>(i), r.role, r.span, resolver.enclosingFunction(path, r.enclosing)};
    for (uint32_t t : record.byReference[i]) out[{r.role == RefRole::Call, record.targets[t]}].push_back(linked);
  }
  return out;
}

std::string reverseKey(const std::pair<bool, std::string>& target, std::string_view fromPath) {
  return target.first ? keys::callsTo(target.second, fromPath) : keys::refsTo(target.second, fromPath);
}

/// Resolves `item` and adds the changed keys to `batch`; returns the references resolved.
size_t linkFile(const kv::Snapshot& snap, Resolver& resolver, TargetIds& ids, const WorkItem& item,
                kv::WriteBatch& batch, size_t& mutations) {
  const std::string& path = item.path;
  std::optional<std::string> oldBlob = snap.get(keys::resolutions(path));
  ResolutionRecord old;
  const std::vector<ReferenceRecord>& refs = resolver.referencesOf(path);
  std::optional<std::string> refsBlob = snap.get(keys::references(path));
  uint64_t refsHash = refsBlob ? XXH3_64bits(refsBlob->data(), refsBlob->size()) : 0;
  if (oldBlob) old = decodeResolutions(*oldBlob);
  else if (!item.contentChanged) old.byReference.resize(refs.size()); // no record: nothing resolved
  // A changed file whose references stayed the same (an edited comment) keeps its record.
  bool sameRefs = old.byReference.size() == refs.size() && (!item.contentChanged || (oldBlob && old.referencesHash == refsHash));

  ResolutionRecord fresh;
  fresh.referencesHash = refsHash;
  std::map<std::string, uint32_t> targetIndex;
  auto intern = [&](const std::string& id) {
    auto [it, added] = targetIndex.try_emplace(id, static_cast<uint32_t>(fresh.targets.size()));
    if (added) fresh.targets.push_back(id);
    return it->second;
  };
  fresh.byReference.resize(refs.size());
  size_t resolved = 0;
  for (size_t i = 0; i < refs.size(); ++i) {
    std::vector<uint32_t>& out = fresh.byReference[i];
    if (sameRefs && !item.whole && !item.names.contains(refs[i].name)) {
      for (uint32_t t : old.byReference[i]) out.push_back(intern(old.targets[t]));
      continue;
    }
    ++resolved;
    for (const auto& target : resolver.resolve(path, refs[i])) {
      if (target.id.index == kModuleIndex) continue; // whole modules: found through their imports
      if (auto id = ids.of(target.id)) {
        uint32_t t = intern(*id);
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
      }
    }
  }
  if (fresh.targets.empty()) fresh.byReference.clear(); // nothing stored: no record at all

  Grouped now = group(fresh, refs, resolver, path);
  if (sameRefs) {
    Grouped before = group(old, refs, resolver, path);
    for (const auto& [target, list] : before)
      if (!now.contains(target)) {
        batch.erase(reverseKey(target, path));
        ++mutations;
      }
    for (const auto& [target, list] : now) {
      auto it = before.find(target);
      if (it != before.end() && encode(it->second) == encode(list)) continue;
      batch.put(reverseKey(target, path), encode(list));
      ++mutations;
    }
  } else {
    // The old references are gone with the old content: retract every key they could own.
    for (const auto& target : old.targets)
      for (bool call : {false, true})
        if (!now.contains({call, target})) {
          batch.erase(reverseKey({call, target}, path));
          ++mutations;
        }
    for (const auto& [target, list] : now) {
      batch.put(reverseKey(target, path), encode(list));
      ++mutations;
    }
  }
  if (fresh.targets.empty()) {
    if (oldBlob) {
      batch.erase(keys::resolutions(path));
      ++mutations;
    }
  } else if (std::string blob = encode(fresh); !oldBlob || *oldBlob != blob) {
    batch.put(keys::resolutions(path), blob);
    ++mutations;
  }
  return resolved;
}

} // namespace

std::mutex& linkCommitMutex() {
  static std::mutex m;
  return m;
}

std::set<std::string> changedNames(const std::vector<SymbolRecord>& before, const std::vector<SymbolRecord>& after) {
  std::map<std::string, std::string> a = signatures(before), b = signatures(after);
  std::set<std::string> out;
  for (const auto& [name, sig] : a)
    if (auto it = b.find(name); it == b.end() || it->second != sig) out.insert(name);
  for (const auto& [name, sig] : b)
    if (!a.contains(name)) out.insert(name);
  return out;
}

void markForLinking(const kv::Snapshot& snap, std::string_view path, std::optional<Language> language,
                    const std::set<std::string>& names, bool addedOrRemoved, kv::WriteBatch& batch) {
  std::set<std::string> all = names;
  if (addedOrRemoved && language == Language::Python)
    if (std::string module = pythonModuleName(path); !module.empty()) all.insert(module);
  if (auto pending = snap.get(keys::linkPending(path)))
    for (auto& n : decodeLinkMarker(*pending).names) all.insert(std::move(n));
  LinkMarker marker{freshNonce(), {all.begin(), all.end()}};
  batch.put(keys::linkPending(path), encode(marker));
}

std::optional<std::string> targetIdOf(Resolver& resolver, const SymbolId& id) {
  TargetIds ids(resolver);
  return ids.of(id);
}

std::set<std::string, std::less<>> pendingLinks(const kv::Snapshot& snapshot) {
  std::set<std::string, std::less<>> out;
  snapshot.scanPrefix(keys::kLinkPrefix, [&](std::string_view k, std::string_view) {
    out.emplace(k.substr(keys::kLinkPrefix.size()));
    return true;
  });
  return out;
}

LinkStats linkPending(kv::Store& store, const LinkOptions& options) {
  auto started = std::chrono::steady_clock::now();
  LinkStats stats;
  std::vector<std::pair<std::string, std::string>> markers; // path, value as read
  std::set<std::string> names;
  std::vector<std::string> files;
  {
    auto snap = store.snapshot();
    snap->scanPrefix(keys::kLinkPrefix, [&](std::string_view k, std::string_view v) {
      markers.emplace_back(std::string(k.substr(keys::kLinkPrefix.size())), std::string(v));
      return true;
    });
    stats.pending = markers.size();
    if (markers.empty()) return stats;
    for (const auto& [path, value] : markers)
      for (auto& n : decodeLinkMarker(value).names) names.insert(std::move(n));
    snap->scanPrefix(keys::kFilePrefix, [&](std::string_view k, std::string_view) {
      files.emplace_back(k.substr(keys::kFilePrefix.size()));
      return true;
    });
  }

  std::map<std::string, WorkItem> work;
  for (const auto& [path, value] : markers) work[path] = {path, true, true, {}};
  stats.all = static_cast<double>(markers.size()) > options.relinkAllShare * static_cast<double>(files.size()) &&
              markers.size() >= options.relinkAllMinimum;
  if (stats.all) {
    for (const auto& f : files) work.try_emplace(f, WorkItem{f, true, false, {}});
  } else {
    auto snap = store.snapshot();
    for (const auto& name : names)
      snap->scanPrefix(keys::referencesNamedPrefix(name), [&](std::string_view k, std::string_view) {
        std::string path(keys::pathOfReferencesNamed(k));
        auto [it, added] = work.try_emplace(path, WorkItem{path, false, false, {}});
        if (!it->second.whole) it->second.names.insert(name);
        return true;
      });
  }
  std::vector<WorkItem> items;
  items.reserve(work.size());
  for (auto& [path, item] : work) items.push_back(std::move(item));
  work.clear();

  std::atomic<size_t> next = 0, resolved = 0, mutations = 0, whole = 0, patched = 0;
  std::exception_ptr failure;
  std::mutex failureMutex;
  constexpr size_t kChunk = 64;
  auto worker = [&] {
    NameCache names; // the candidates of a name, read once per run instead of once per chunk
    try {
      for (size_t begin; (begin = next.fetch_add(kChunk)) < items.size();) {
        if (options.cancel && options.cancel->load()) return;
        // A fresh snapshot and Resolver per chunk: short page pins, bounded caches.
        auto snap = store.snapshot();
        Resolver resolver(*snap, &names);
        TargetIds ids(resolver);
        kv::WriteBatch batch;
        size_t n = 0;
        for (size_t i = begin; i < std::min(items.size(), begin + kChunk); ++i) {
          resolved += linkFile(*snap, resolver, ids, items[i], batch, n);
          ++(items[i].whole ? whole : patched);
        }
        if (!batch.empty()) store.commit(batch);
        mutations += n;
      }
    } catch (...) {
      std::lock_guard lock(failureMutex);
      if (!failure) failure = std::current_exception();
      next = items.size();
    }
  };
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, std::max<size_t>(1, items.size() / kChunk + 1));
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
  }
  if (failure) std::rethrow_exception(failure);
  stats.filesLinked = whole;
  stats.filesPatched = patched;
  stats.references = resolved;
  stats.mutations = mutations;

  if (!(options.cancel && options.cancel->load())) {
    // Only markers nobody rewrote meanwhile: a newer one means a newer edit to link next time.
    std::lock_guard lock(linkCommitMutex());
    auto snap = store.snapshot();
    kv::WriteBatch done;
    for (const auto& [path, value] : markers)
      if (auto now = snap->get(keys::linkPending(path)); now && *now == value) done.erase(keys::linkPending(path));
    if (!done.empty()) {
      store.commit(done);
      stats.mutations += done.size();
    }
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

std::vector<std::pair<std::string, LinkedRef>> linkedReferences(const kv::Snapshot& snapshot, std::string_view targetId,
                                                                bool onlyCalls,
                                                                const std::set<std::string, std::less<>>& pending) {
  std::vector<std::pair<std::string, LinkedRef>> out;
  for (std::string_view ns : {keys::kRefsToPrefix, keys::kCallsToPrefix}) {
    if (onlyCalls && ns == keys::kRefsToPrefix) continue;
    std::string prefix(ns);
    prefix += targetId;
    snapshot.scanPrefix(prefix, [&](std::string_view k, std::string_view v) {
      std::string_view from = keys::fromPathOf(k, prefix.size());
      if (pending.contains(from)) return true;
      for (auto& r : decodeLinkedRefs(v)) out.emplace_back(std::string(from), r);
      return true;
    });
  }
  return out;
}

} // namespace sextant::graph
