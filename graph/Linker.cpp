// The linker: resolves references once, stores the edges both ways, and re-resolves only what an
// edit can have changed.
#include "graph/Linker.h"

#include "graph/CheckpointGate.h"
#include "graph/Keys.h"

#include <malloc.h>
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <map>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

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
    local[i] = local[i] || symbols[i].hasRegion();
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

/// The target ids of the symbols of the files a worker meets: each file's ordinals computed once
/// per run (checked against the file's content hash once per Resolver, see beginChunk()) and each
/// id string built once: a header's thousand symbols are everyone's targets. On the Linux tree a
/// chunk of files reaches symbols in thousands of headers; recomputing their ordinals per chunk
/// (reading every header's symbols again) kept the first 512-file round from committing in 8 min.
class TargetIds {
public:
  /// Starts work with a new Resolver: files are checked against their content hash again.
  void beginChunk(Resolver& resolver) {
    resolver_ = &resolver;
    ++chunk_;
    // Bounded: ordinals are 4 bytes per symbol (32 M symbols: 128 MiB), each id about 150 bytes
    // with its map node (500 k ids: 75 MiB); ids go first, ordinals only past their own bound.
    if (symbols_ > 32'000'000) {
      files_.clear();
      symbols_ = ids_ = 0;
    } else if (ids_ > 500'000) {
      for (auto& [path, f] : files_) f.ids.clear();
      ids_ = 0;
    }
  }
  /// The id of `id`, or null for a local or a symbol that does not exist. `known`, when given, is
  /// the symbol's record (its name and kind make the id; the file's symbols are then not read
  /// when its ordinals are known). Stable until the next beginChunk().
  const std::string* of(const SymbolId& id, const SymbolRecord* known = nullptr) {
    auto it = files_.find(id.path);
    if (it == files_.end() || it->second.checked != chunk_) {
      std::optional<ContentHash> hash = resolver_->contentHash(id.path);
      if (it == files_.end() || !hash || !(it->second.hash == *hash)) {
        const auto& symbols = resolver_->symbolsOf(id.path);
        File f;
        if (hash) f.hash = *hash;
        f.ordinals = ordinalsOf(symbols);
        symbols_ += f.ordinals.size();
        it = files_.insert_or_assign(id.path, std::move(f)).first;
      }
      it->second.checked = chunk_;
    }
    File& f = it->second;
    if (id.index >= f.ordinals.size() || f.ordinals[id.index] < 0) return nullptr;
    auto [cached, added] = f.ids.try_emplace(id.index);
    if (added) {
      const SymbolRecord& s = known ? *known : resolver_->symbolsOf(id.path)[id.index];
      cached->second =
          keys::targetId(id.path, s.name, static_cast<uint8_t>(s.kind), static_cast<uint32_t>(f.ordinals[id.index]));
      ++ids_;
    }
    return &cached->second;
  }

private:
  struct File {
    ContentHash hash;
    uint64_t checked = 0; ///< the chunk that last compared `hash` with the index
    std::vector<int32_t> ordinals;
    std::unordered_map<uint32_t, std::string> ids; ///< by symbol index, built when first asked
  };
  Resolver* resolver_ = nullptr;
  uint64_t chunk_ = 0;
  size_t symbols_ = 0, ids_ = 0; // held in files_
  std::unordered_map<std::string, File> files_;
};

/// Per (is a call, target index in the record): the references of the file resolved to it.
using Grouped = std::map<std::pair<bool, uint32_t>, std::vector<LinkedRef>>;

Grouped group(const ResolutionRecord& record, const std::vector<ReferenceRecord>& refs,
              const std::vector<int32_t>& callers) {
  Grouped out;
  for (size_t i = 0; i < record.byReference.size() && i < refs.size(); ++i) {
    if (record.byReference[i].empty()) continue;
    const ReferenceRecord& r = refs[i];
    LinkedRef linked{static_cast<uint32_t>(i), r.role, r.span, callers[i]};
    for (uint32_t t : record.byReference[i]) out[{r.role == RefRole::Call, t}].push_back(linked);
  }
  return out;
}

/// The reverse keys and values `grouped` stands for.
std::unordered_map<std::string, std::string> reverseEntries(const Grouped& grouped, const ResolutionRecord& record,
                                                            std::string_view fromPath) {
  std::unordered_map<std::string, std::string> out;
  out.reserve(grouped.size());
  for (const auto& [target, list] : grouped) {
    const std::string& id = record.targets[target.second];
    out.emplace(target.first ? keys::callsTo(id, fromPath) : keys::refsTo(id, fromPath), encode(list));
  }
  return out;
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
  std::unordered_map<const std::string*, uint32_t> byId;   // ids from TargetIds (stable pointers)
  std::unordered_map<std::string_view, uint32_t> byOldId;  // ids kept from the old record
  auto intern = [&](const std::string& id, bool stable) {
    if (stable)
      if (auto it = byId.find(&id); it != byId.end()) return it->second;
    auto [it, added] = byOldId.try_emplace(id, static_cast<uint32_t>(fresh.targets.size()));
    if (added) fresh.targets.push_back(id);
    if (stable) byId.emplace(&id, it->second);
    return it->second;
  };
  fresh.byReference.resize(refs.size());
  size_t resolved = 0;
  for (size_t i = 0; i < refs.size(); ++i) {
    std::vector<uint32_t>& out = fresh.byReference[i];
    if (sameRefs && !item.whole && !item.names.contains(refs[i].name)) {
      for (uint32_t t : old.byReference[i]) out.push_back(intern(old.targets[t], false));
      continue;
    }
    ++resolved;
    for (const ResolvedSymbol* target : resolver.resolveTargets(path, refs[i])) {
      if (target->id.index == kModuleIndex) continue; // whole modules: found through their imports
      if (const std::string* id = ids.of(target->id, &target->symbol)) {
        uint32_t t = intern(*id, true);
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
      }
    }
  }
  if (fresh.targets.empty()) fresh.byReference.clear(); // nothing stored: no record at all

  // The enclosing function of each reference, once per enclosing symbol.
  std::vector<int32_t> callers(refs.size(), -1);
  {
    std::unordered_map<int32_t, int32_t> memo;
    for (size_t i = 0; i < refs.size(); ++i) {
      auto [it, added] = memo.try_emplace(refs[i].enclosing, -1);
      if (added) it->second = resolver.enclosingFunction(path, refs[i].enclosing);
      callers[i] = it->second;
    }
  }
  auto now = reverseEntries(group(fresh, refs, callers), fresh, path);
  if (sameRefs) {
    auto before = reverseEntries(group(old, refs, callers), old, path);
    for (const auto& [key, value] : before)
      if (!now.contains(key)) {
        batch.erase(key);
        ++mutations;
      }
    for (const auto& [key, value] : now) {
      auto it = before.find(key);
      if (it != before.end() && it->second == value) continue;
      batch.put(key, value);
      ++mutations;
    }
  } else {
    // The old references are gone with the old content: retract every key they could own.
    for (const auto& target : old.targets)
      for (std::string key : {keys::refsTo(target, path), keys::callsTo(target, path)})
        if (!now.contains(key)) {
          batch.erase(key);
          ++mutations;
        }
    for (const auto& [key, value] : now) {
      batch.put(key, value);
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
  TargetIds ids;
  ids.beginChunk(resolver);
  if (const std::string* found = ids.of(id)) return *found;
  return std::nullopt;
}

std::optional<std::vector<ResolvedSymbol>> storedTargetsOf(const kv::Snapshot& snapshot, Resolver& resolver,
                                                           const std::string& path, const Span& span) {
  bool pending = false;
  snapshot.scanPrefix(keys::kLinkPrefix, [&](std::string_view, std::string_view) { return pending = true, false; });
  if (pending) return std::nullopt;
  const auto& refs = resolver.referencesOf(path);
  auto at = std::lower_bound(refs.begin(), refs.end(), span.start,
                             [](const ReferenceRecord& r, Point p) { return r.span.start < p; });
  if (at == refs.end() || !(at->span == span)) return std::nullopt;
  auto blob = snapshot.get(keys::resolutions(path));
  if (!blob) return std::nullopt;
  const ResolutionRecord record = decodeResolutions(*blob);
  const size_t index = static_cast<size_t>(at - refs.begin());
  if (record.byReference.size() != refs.size()) return std::nullopt;
  if (record.byReference[index].empty()) {
    // Nothing stored: a local (never stored), a whole module (Python), or nothing found. In C and
    // C++, a name no local of the file could be was simply not resolved, and asking again would
    // rank the same thousand candidates to the same end. A member access (`pdev->dev`) or a
    // qualified name can only be a local when that local is a member of a function-local type.
    const std::optional<Language> language = resolver.languageOf(path);
    const bool cFamily = language == Language::C || language == Language::Cpp;
    if (!cFamily) return std::nullopt;
    const auto& locals = resolver.localsNamed(path, at->name);
    const bool member = !at->receiver.empty();
    const bool couldBeLocal = std::any_of(locals.begin(), locals.end(), [&](const ResolvedSymbol& local) {
      switch (local.symbol.kind) {
      case SymbolKind::Field:
      case SymbolKind::Method:
      case SymbolKind::Property:
      case SymbolKind::EnumMember:
      case SymbolKind::Constructor:
        return true;
      default:
        return !member;
      }
    });
    if (!couldBeLocal) return std::vector<ResolvedSymbol>{};
    return std::nullopt;
  }
  std::vector<ResolvedSymbol> out;
  for (uint32_t t : record.byReference[index]) {
    auto id = keys::parseTargetId(record.targets[t]);
    if (!id || id->size != record.targets[t].size()) return std::nullopt;
    const std::string file(id->path);
    const auto& symbols = resolver.symbolsOf(file);
    const std::vector<int32_t> ordinals = ordinalsOf(symbols);
    bool found = false;
    for (size_t i = 0; i < symbols.size() && !found; ++i)
      if (ordinals[i] == static_cast<int32_t>(id->ordinal) && static_cast<uint8_t>(symbols[i].kind) == id->kind &&
          symbols[i].name == id->name) {
        out.push_back({{file, static_cast<uint32_t>(i)}, symbols[i]});
        found = true;
      }
    if (!found) return std::nullopt;
  }
  return out;
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
  // Each marker's path and the XXH3-64 of its value as read (a whole index's markers hold every
  // name of the workspace: their names are read only when they are used, below).
  std::vector<std::pair<std::string, uint64_t>> markers;
  std::vector<std::string> files;
  {
    auto snap = store.snapshot();
    snap->scanPrefix(keys::kLinkPrefix, [&](std::string_view k, std::string_view v) {
      markers.emplace_back(std::string(k.substr(keys::kLinkPrefix.size())), XXH3_64bits(v.data(), v.size()));
      return true;
    });
    stats.pending = markers.size();
    if (markers.empty()) return stats;
    snap->scanPrefix(keys::kFilePrefix, [&](std::string_view k, std::string_view) {
      files.emplace_back(k.substr(keys::kFilePrefix.size()));
      return true;
    });
  }

  std::map<std::string, WorkItem> work;
  for (const auto& [path, hash] : markers) work[path] = {path, true, true, {}};
  stats.all = static_cast<double>(markers.size()) > options.relinkAllShare * static_cast<double>(files.size()) &&
              markers.size() >= options.relinkAllMinimum;
  if (stats.all) {
    for (const auto& f : files) work.try_emplace(f, WorkItem{f, true, false, {}});
  } else {
    auto snap = store.snapshot();
    std::set<std::string> names;
    for (const auto& [path, hash] : markers)
      if (auto value = snap->get(keys::linkPending(path)))
        for (auto& n : decodeLinkMarker(*value).names) names.insert(std::move(n));
    for (const auto& name : names)
      snap->scanPrefix(keys::referencesNamedPrefix(name), [&](std::string_view k, std::string_view) {
        std::string path(keys::pathOfReferencesNamed(k));
        auto [it, added] = work.try_emplace(path, WorkItem{path, false, false, {}});
        if (!it->second.whole) it->second.names.insert(name);
        return true;
      });
  }
  files = std::vector<std::string>();
  std::vector<WorkItem> items;
  items.reserve(work.size());
  for (auto& [path, item] : work) items.push_back(std::move(item));
  work.clear();

  std::atomic<size_t> resolved = 0, mutations = 0, whole = 0, patched = 0;
  std::exception_ptr failure;
  std::mutex failureMutex;
  const size_t filesPerCommit = std::max<size_t>(1, options.filesPerCommit);
  const size_t kChunk = std::min<size_t>(32, filesPerCommit); // files per Resolver and per snapshot
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, std::max<size_t>(1, items.size() / kChunk + 1));
  // The candidates of a name and where an #include lands: looked up once per run, not per chunk.
  auto nameCache = std::make_unique<NameCache>();
  auto includeCache = std::make_unique<IncludeCache>();
  std::vector<TargetIds> targetIds(threads);
  auto cancelled = [&] { return options.cancel && options.cancel->load(); };
  // A pipeline: each worker resolves a chunk on a fresh snapshot, releases it, and adds the
  // chunk's keys to `pending`; whoever completes `filesPerCommit` files commits them in key order
  // (the reverse edges of those files are spread over the whole key space, and a B-tree takes
  // them far faster walking forward) while the other workers go on resolving. The gate pauses
  // every worker, none holding a snapshot, once in a while: an SQLite WAL cannot restart while
  // snapshots of several threads keep overlapping (measured 23 GB on the Linux tree).
  CheckpointGate gate(store, threads, options.checkpointBytes);
  std::mutex pendingMutex, commitMutex;
  kv::WriteBatch pending;
  size_t pendingFiles = 0;
  std::atomic<double> commitSeconds = 0;
  auto commit = [&](kv::WriteBatch batch) {
    if (batch.empty()) return;
    std::lock_guard lock(commitMutex);
    auto started = std::chrono::steady_clock::now();
    batch.sortByKey();
    store.commit(batch);
    gate.committed(batch);
    batch = kv::WriteBatch();
    // Hand the freed memory back (glibc keeps it per thread arena otherwise).
    malloc_trim(0);
    commitSeconds = commitSeconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  std::atomic<size_t> next = 0;
  auto worker = [&](unsigned w) {
    struct Leave {
      CheckpointGate& gate;
      ~Leave() { gate.leave(); }
    } leave{gate};
    try {
      for (size_t begin; (begin = next.fetch_add(kChunk)) < items.size();) {
        if (cancelled()) return;
        gate.pause(); // holds no snapshot here
        kv::WriteBatch batch;
        size_t count = 0;
        const size_t end = std::min(items.size(), begin + kChunk);
        {
          auto snap = store.snapshot();
          Resolver resolver(*snap, nameCache.get(), includeCache.get());
          TargetIds& ids = targetIds[w];
          ids.beginChunk(resolver);
          for (size_t i = begin; i < end; ++i) {
            resolved += linkFile(*snap, resolver, ids, items[i], batch, count);
            ++(items[i].whole ? whole : patched);
          }
        }
        mutations += count;
        kv::WriteBatch full;
        {
          std::lock_guard lock(pendingMutex);
          pending.append(std::move(batch));
          pendingFiles += end - begin;
          if (pendingFiles < filesPerCommit) continue;
          std::swap(full, pending);
          pendingFiles = 0;
        }
        commit(std::move(full));
      }
    } catch (...) {
      std::lock_guard lock(failureMutex);
      if (!failure) failure = std::current_exception();
      next = items.size();
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, t);
    worker(0);
  }
  if (!failure && !cancelled()) {
    try {
      commit(std::move(pending));
    } catch (...) {
      failure = std::current_exception();
    }
  }
  store.checkpoint(); // no snapshot is held any more
  // The run's caches are bounded but large (NameCache: 800 k names plus symbols): hand them back
  // now rather than leave them in glibc's arenas under what the caller allocates next.
  nameCache.reset();
  includeCache.reset();
  targetIds = std::vector<TargetIds>();
  malloc_trim(0);
  stats.commitSeconds = commitSeconds;
  stats.checkpoints = gate.checkpoints();
  if (failure) std::rethrow_exception(failure);
  stats.filesLinked = whole;
  stats.filesPatched = patched;
  stats.references = resolved;
  stats.mutations = mutations;

  if (!cancelled()) {
    // Only markers nobody rewrote meanwhile: a newer one means a newer edit to link next time.
    std::lock_guard lock(linkCommitMutex());
    auto snap = store.snapshot();
    kv::WriteBatch done;
    for (const auto& [path, hash] : markers)
      if (auto now = snap->get(keys::linkPending(path)); now && XXH3_64bits(now->data(), now->size()) == hash)
        done.erase(keys::linkPending(path));
    if (!done.empty()) {
      store.commit(done);
      stats.mutations += done.size();
    }
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

void visitLinkedReferences(const kv::Snapshot& snapshot, std::string_view targetId, bool calls,
                           const std::set<std::string, std::less<>>& pending,
                           const std::function<bool(std::string_view fromPath, std::vector<LinkedRef> refs)>& visit) {
  std::string prefix(calls ? keys::kCallsToPrefix : keys::kRefsToPrefix);
  prefix += targetId;
  snapshot.scanPrefix(prefix, [&](std::string_view k, std::string_view v) {
    std::string_view from = keys::fromPathOf(k, prefix.size());
    if (pending.contains(from)) return true;
    return visit(from, decodeLinkedRefs(v));
  });
}

} // namespace sextant::graph
