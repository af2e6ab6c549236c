// The indexer: walk, stat, hash, parse in parallel, diff against stored keys, commit in batches.
#include "graph/Indexer.h"
#include "graph/CheckpointGate.h"

#include "graph/Codec.h"
#include "graph/Keys.h"
#include "graph/Linker.h"
#include "graph/NameTable.h"
#include "parsers/Extractor.h"

#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace sextant::graph {
namespace fs = std::filesystem;
using KeyValues = std::map<std::string, std::string>;

ContentHash hashContent(std::string_view bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  return {h.high64, h.low64};
}

namespace {

/// A symbol whose parent has `parentKind` is local to a function (Resolver's visibility rule).
bool isLocal(std::optional<SymbolKind> parentKind) { return parentKind && isFunctionLike(*parentKind); }

/// The `ref:n:` entries of one file: each distinct reference name with its count.
KeyValues referenceNameKeys(std::string_view path, const std::vector<ReferenceRecord>& refs) {
  std::map<std::string_view, size_t> counts;
  for (const auto& r : refs) ++counts[r.name];
  KeyValues kvs;
  for (const auto& [name, count] : counts)
    if (std::string key = keys::referencesNamed(name, path); key.size() <= kv::kMaxKeySize)
      kvs.emplace(std::move(key), std::to_string(count));
  return kvs;
}

/// Every key the index holds for `path`, with its value; its symbols too when asked.
KeyValues storedKeys(const kv::Snapshot& snap, std::string_view path, std::vector<SymbolRecord>* oldSymbols = nullptr) {
  KeyValues kvs;
  if (auto v = snap.get(keys::file(path))) kvs.emplace(keys::file(path), std::move(*v));
  std::vector<std::pair<uint32_t, SymbolRecord>> symbols;
  snap.scanPrefix(keys::symbolsOf(path), [&](std::string_view k, std::string_view v) {
    symbols.emplace_back(keys::symbolIndexFromKey(k), decodeSymbol(v));
    kvs.emplace(std::string(k), std::string(v));
    return true;
  });
  auto kindAt = [&](int32_t parent) -> std::optional<SymbolKind> {
    if (parent < 0 || static_cast<size_t>(parent) >= symbols.size() || symbols[parent].first != static_cast<uint32_t>(parent))
      return std::nullopt;
    return symbols[parent].second.kind;
  };
  for (const auto& [index, sym] : symbols)
    if (std::string byName = keys::symbolByName(sym.name, path, index); byName.size() <= kv::kMaxKeySize)
      kvs.emplace(std::move(byName), encode(NameEntry{sym.kind, sym.isDeclaration, isLocal(kindAt(sym.parent))}));
  if (oldSymbols) {
    oldSymbols->clear();
    for (auto& [index, sym] : symbols) oldSymbols->push_back(std::move(sym));
  }
  if (auto v = snap.get(keys::references(path))) {
    for (const auto& [k, count] : referenceNameKeys(path, decodeReferences(*v))) kvs.emplace(k, count);
    kvs.emplace(keys::references(path), std::move(*v));
  }
  if (auto v = snap.get(keys::imports(path))) kvs.emplace(keys::imports(path), std::move(*v));
  if (auto v = snap.get(keys::ast(path))) kvs.emplace(keys::ast(path), std::move(*v));
  snap.scanPrefix(keys::cfgsOf(path), [&](std::string_view k, std::string_view v) {
    kvs.emplace(std::string(k), std::string(v));
    return true;
  });
  if (auto v = snap.get(keys::syntaxErrors(path))) kvs.emplace(keys::syntaxErrors(path), std::move(*v));
  std::string chunkPrefix = keys::chunksOf(path);
  snap.scanPrefix(chunkPrefix, [&](std::string_view k, std::string_view v) {
    if (keys::isChunkOf(k, path)) kvs.emplace(std::string(k), std::string(v));
    return true;
  });
  return kvs;
}

AstRecord astRecord(const std::vector<parse::OutlineNode>& outline) {
  AstRecord ast;
  ast.nodes.reserve(outline.size());
  std::map<std::string_view, uint32_t> kinds;
  for (const auto& n : outline) {
    auto [it, added] = kinds.emplace(n.kind, static_cast<uint32_t>(ast.kinds.size()));
    if (added) ast.kinds.emplace_back(n.kind);
    ast.nodes.push_back({it->second, n.span, n.parent});
  }
  return ast;
}

CfgRecord cfgRecord(const parse::FunctionCfg& g) {
  CfgRecord r{g.name, std::string(g.nodeType), g.range, g.own, g.truncated, {}, g.edges};
  r.blocks.reserve(g.blocks.size());
  for (const auto& b : g.blocks) r.blocks.push_back({b.kind, b.span, std::string(b.terminator), b.label});
  return r;
}

/// The `cfg:` keys of a file: one per callable symbol holding CFGs (its own body first, then the
/// closures in it), plus one at keys::kFileLevelCfg for closures outside every callable. Spans
/// are relative to the symbol's start, so an edit above a function does not rewrite its key.
void addCfgKeys(std::string_view path, const parse::ExtractionResult& x, KeyValues& kvs) {
  std::map<uint32_t, std::vector<const parse::FunctionCfg*>> bySymbol;
  for (const auto& g : x.cfgs)
    bySymbol[g.symbol < 0 ? keys::kFileLevelCfg : static_cast<uint32_t>(g.symbol)].push_back(&g);
  for (auto& [symbol, list] : bySymbol) {
    std::stable_partition(list.begin(), list.end(), [](const parse::FunctionCfg* g) { return g->own; });
    std::vector<CfgRecord> records;
    records.reserve(list.size());
    for (const auto* g : list) records.push_back(cfgRecord(*g));
    Point anchor;
    uint32_t anchorByte = 0;
    if (symbol != keys::kFileLevelCfg) {
      anchor = x.definitions[symbol].range.start;
      anchorByte = x.definitions[symbol].range.startByte;
    }
    kvs.emplace(keys::cfg(path, symbol), encode(records, anchor, anchorByte));
  }
}

/// The keys `path` should hold after indexing `content`.
KeyValues wantedKeys(std::string_view path, const FileRecord& record, const parse::ExtractionResult& x,
                     std::string_view content) {
  KeyValues kvs;
  kvs.emplace(keys::file(path), encode(record));
  for (uint32_t i = 0; i < x.definitions.size(); ++i) {
    const auto& d = x.definitions[i];
    SymbolRecord sym{d.name, d.kind, d.range, d.selectionRange, d.parent, d.qualifier, d.signature, d.isDeclaration,
                     d.inOutline, d.type, d.doc, d.visibility, d.regionStartByte, d.regionEndByte};
    kvs.emplace(keys::symbol(path, i), encode(sym));
    // A pathological name (thousands of bytes) stays in sym:d: but cannot be a key.
    if (std::string byName = keys::symbolByName(d.name, path, i); byName.size() <= kv::kMaxKeySize)
      kvs.emplace(std::move(byName),
                  encode(NameEntry{d.kind, d.isDeclaration,
                                   sym.hasRegion() ||
                                       isLocal(d.parent >= 0 ? std::optional(x.definitions[d.parent].kind) : std::nullopt)}));
    uint32_t begin = std::min<uint32_t>(d.range.startByte, content.size());
    uint32_t end = std::min<uint32_t>(std::max(d.range.endByte, begin), content.size());
    ChunkRecord chunk{XXH3_64bits(content.data() + begin, end - begin), i};
    // Two definitions can share one span (a declarator list); the first one owns the chunk.
    kvs.emplace(keys::chunk(path, begin, end), encode(chunk));
  }
  if (!x.references.empty()) {
    std::vector<ReferenceRecord> refs;
    refs.reserve(x.references.size());
    for (const auto& r : x.references) refs.push_back({r.name, r.role, r.span, r.enclosing, r.receiver, r.arguments});
    kvs.merge(referenceNameKeys(path, refs));
    kvs.emplace(keys::references(path), encode(refs));
  }
  if (!x.imports.empty()) {
    std::vector<ImportRecord> imports;
    imports.reserve(x.imports.size());
    for (const auto& i : x.imports) imports.push_back({i.target, i.span, i.system});
    kvs.emplace(keys::imports(path), encode(imports));
  }
  if (!x.outline.empty()) kvs.emplace(keys::ast(path), encode(astRecord(x.outline)));
  addCfgKeys(path, x, kvs);
  if (!x.errors.empty()) {
    std::vector<SyntaxErrorRecord> errors;
    errors.reserve(x.errors.size());
    for (const auto& e : x.errors) errors.push_back({e.span, e.missing, e.description});
    kvs.emplace(keys::syntaxErrors(path), encode(errors));
  }
  return kvs;
}

/// Adds to `batch` the puts and erases that turn `have` into `want`; returns their count.
size_t diffInto(const KeyValues& have, const KeyValues& want, kv::WriteBatch& batch) {
  size_t n = 0;
  for (const auto& [k, v] : want) {
    auto it = have.find(k);
    if (it == have.end() || it->second != v) {
      batch.put(k, v);
      ++n;
    }
  }
  for (const auto& [k, v] : have) {
    if (!want.contains(k)) {
      batch.erase(k);
      ++n;
    }
  }
  return n;
}

FileRecord recordFor(Language language, std::string_view content, const ContentHash& hash, int64_t mtimeNs,
                     const parse::ExtractionResult& x) {
  FileRecord r;
  r.size = content.size();
  r.mtimeNs = mtimeNs;
  r.hash = hash;
  r.language = language;
  r.definitions = static_cast<uint32_t>(x.definitions.size());
  r.references = static_cast<uint32_t>(x.references.size());
  for (const auto& ref : x.references) r.calls += ref.role == RefRole::Call;
  r.syntaxErrors = static_cast<uint32_t>(x.errors.size());
  r.ascii = std::none_of(content.begin(), content.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  return r;
}

/// Builds the mutations for one file's content; nothing when the hash matches the stored record.
size_t planContent(const kv::Snapshot& snap, parse::Extractor& extractor, std::string_view path, Language language,
                   std::string_view content, int64_t mtimeNs, kv::WriteBatch& batch, bool* timedOut = nullptr,
                   parse::DocumentTree* tree = nullptr) {
  language = parse::languageForContent(std::filesystem::path(path), content, language);
  ContentHash hash = hashContent(content);
  if (auto old = snap.get(keys::file(path))) {
    FileRecord prev = decodeFile(*old);
    if (prev.hash == hash && prev.language == language) return 0;
  }
  parse::ExtractionResult x = tree ? extractor.extract(language, content, *tree) : extractor.extract(language, content);
  if (timedOut) *timedOut = x.timedOut;
  FileRecord record = recordFor(language, content, hash, mtimeNs, x);
  std::vector<SymbolRecord> oldSymbols;
  KeyValues have = storedKeys(snap, path, &oldSymbols);
  size_t n = diffInto(have, wantedKeys(path, record, x, content), batch);
  if (n == 0) return 0;
  std::vector<SymbolRecord> newSymbols;
  newSymbols.reserve(x.definitions.size());
  for (const auto& d : x.definitions)
    newSymbols.push_back({d.name, d.kind, d.range, d.selectionRange, d.parent, d.qualifier, {}, d.isDeclaration,
                          d.inOutline, d.type, {}, {}, d.regionStartByte, d.regionEndByte});
  bool added = !have.contains(keys::file(path));
  markForLinking(snap, path, language, changedNames(oldSymbols, newSymbols), added, batch);
  stampNamesIfChanged(batch);
  return n + 1;
}

size_t planRemoval(const kv::Snapshot& snap, std::string_view path, kv::WriteBatch& batch) {
  std::vector<SymbolRecord> oldSymbols;
  KeyValues have = storedKeys(snap, path, &oldSymbols);
  size_t n = diffInto(have, {}, batch);
  if (n == 0) return 0;
  std::optional<Language> language;
  if (auto it = have.find(keys::file(path)); it != have.end()) language = decodeFile(it->second).language;
  markForLinking(snap, path, language, changedNames(oldSymbols, {}), true, batch);
  stampNamesIfChanged(batch);
  return n + 1;
}

int64_t mtimeNanos(const fs::file_time_type& t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

enum class ReadStatus { Ok, Unreadable, TooLarge, Binary };

ReadStatus readSource(const fs::path& file, uint64_t maxBytes, std::string& content, std::string& why) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    why = std::string("unreadable: ") + std::strerror(errno);
    return ReadStatus::Unreadable;
  }
  in.seekg(0, std::ios::end);
  auto size = static_cast<uint64_t>(in.tellg());
  if (size > maxBytes) {
    why = "too large: " + std::to_string(size) + " bytes";
    return ReadStatus::TooLarge;
  }
  in.seekg(0);
  content.resize(size);
  if (!in.read(content.data(), static_cast<std::streamsize>(size))) {
    why = std::string("unreadable: ") + std::strerror(errno);
    return ReadStatus::Unreadable;
  }
  // git's heuristic: a NUL byte in the first 8000 bytes means binary.
  if (std::memchr(content.data(), '\0', std::min<size_t>(content.size(), 8000))) {
    why = "binary";
    return ReadStatus::Binary;
  }
  return ReadStatus::Ok;
}

/// Accumulates per-file mutations and commits them in groups of whole files.
class BatchCommitter {
public:
  BatchCommitter(kv::Store& store, size_t filesPerBatch, size_t bytesPerBatch)
      : store_(store), filesPerBatch_(filesPerBatch), bytesPerBatch_(bytesPerBatch) {}

  /// Told of every commit from now on.
  void setGate(CheckpointGate* gate) { gate_ = gate; }

  void add(kv::WriteBatch&& fileBatch) {
    if (fileBatch.empty()) return;
    kv::WriteBatch full;
    {
      std::lock_guard lock(pendingMutex_);
      pending_.append(std::move(fileBatch));
      if (++pendingFiles_ < filesPerBatch_ && pending_.bytes() < bytesPerBatch_) return;
      std::swap(full, pending_);
      pendingFiles_ = 0;
    }
    commit(full);
  }

  void flush() {
    kv::WriteBatch full;
    {
      std::lock_guard lock(pendingMutex_);
      std::swap(full, pending_);
      pendingFiles_ = 0;
    }
    if (!full.empty()) commit(full);
  }

  size_t mutations() const { return mutations_; }

private:
  void commit(const kv::WriteBatch& batch) {
    std::lock_guard lock(linkCommitMutex()); // the batch holds link: markers
    store_.commit(batch);
    mutations_ += batch.size();
    if (gate_) gate_->committed(batch);
  }

  kv::Store& store_;
  size_t filesPerBatch_, bytesPerBatch_;
  std::mutex pendingMutex_;
  kv::WriteBatch pending_;
  size_t pendingFiles_ = 0;
  std::atomic<size_t> mutations_ = 0;
  CheckpointGate* gate_ = nullptr;
};

} // namespace

IndexTotals computeTotals(const kv::Snapshot& snapshot) {
  IndexTotals t;
  snapshot.scanPrefix(keys::kFilePrefix, [&](std::string_view, std::string_view v) {
    FileRecord r = decodeFile(v);
    ++t.files;
    ++t.filesByLanguage[r.language];
    t.definitions += r.definitions;
    t.references += r.references;
    t.calls += r.calls;
    t.syntaxErrors += r.syntaxErrors;
    t.filesWithSyntaxErrors += r.syntaxErrors > 0;
    return true;
  });
  return t;
}

IndexStats indexWorkspace(kv::Store& store, const fs::path& root, const IndexOptions& options) {
  auto started = std::chrono::steady_clock::now();
  IndexStats stats;
  WalkResult walk = walkSources(root);
  if (options.exclude) std::erase_if(walk.files, [&](const SourceFile& f) { return options.exclude(f.path); });
  std::erase_if(walk.files, [&](const SourceFile& f) {
    if (f.path.size() <= kMaxPathBytes) return false;
    walk.skipped.push_back({f.path, "path too long for the index: " + std::to_string(f.path.size()) + " bytes"});
    return true;
  });
  stats.found = walk.files.size();
  stats.usedGit = walk.usedGit;
  stats.skipped = std::move(walk.skipped);

  auto snap = store.snapshot();
  BatchCommitter committer(store, std::max<size_t>(1, options.batchFiles), options.batchBytes);

  // Files in the index that the walk no longer finds.
  {
    std::unordered_set<std::string_view> present;
    for (const auto& f : walk.files) present.insert(f.path);
    std::vector<std::string> gone;
    snap->scanPrefix(keys::kFilePrefix, [&](std::string_view k, std::string_view) {
      std::string_view path = k.substr(keys::kFilePrefix.size());
      if (!present.contains(path) && !(options.skip && options.skip(path))) gone.emplace_back(path);
      return true;
    });
    for (const auto& path : gone) {
      kv::WriteBatch batch;
      planRemoval(*snap, path, batch);
      committer.add(std::move(batch));
    }
    stats.removed = gone.size();
  }
  // A snapshot pins every page it can see: held through a long run, LMDB cannot reuse the pages
  // the run's own commits free, and the map grows to many times the index (measured: 14 GB on
  // the Linux tree). Readers below therefore take short-lived snapshots.
  snap.reset();

  std::atomic<size_t> next = 0, done = 0, reindexed = 0, unchanged = 0, removedLater = 0;
  std::mutex skippedMutex, progressMutex;
  auto lastProgress = std::chrono::steady_clock::now();
  std::exception_ptr failure;
  std::mutex failureMutex;

  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  CheckpointGate gate(store, threads, options.checkpointBytes);
  committer.setGate(&gate);
  auto worker = [&] {
    parse::Extractor extractor;
    std::unique_ptr<kv::Snapshot> mySnap;
    std::string content, why;
    size_t sinceRefresh = 0;
    struct Leave {
      CheckpointGate& gate;
      std::unique_ptr<kv::Snapshot>& snap;
      ~Leave() {
        snap.reset();
        gate.leave();
      }
    } leave{gate, mySnap};
    for (size_t i; (i = next++) < walk.files.size();) {
      if (gate.wanted()) {
        mySnap.reset();
        gate.pause();
      }
      // Each file's keys are written only by the worker that handles it, so a snapshot a few
      // files old is as good as a fresh one; renewing it every 32 files keeps the pin short.
      if (!mySnap || ++sinceRefresh >= 32) {
        mySnap.reset();
        mySnap = store.snapshot();
        sinceRefresh = 0;
      }
      if (options.cancel && options.cancel->load()) break;
      const SourceFile& file = walk.files[i];
      if (options.skip && options.skip(file.path)) {
        ++unchanged;
        ++done;
        continue;
      }
      try {
        fs::path abs = root / file.path;
        std::error_code ec;
        auto size = fs::file_size(abs, ec);
        auto mtime = ec ? int64_t{0} : mtimeNanos(fs::last_write_time(abs, ec));
        std::optional<FileRecord> prev;
        if (auto old = mySnap->get(keys::file(file.path))) prev = decodeFile(*old);
        if (!ec && prev && prev->size == size && prev->mtimeNs == mtime) {
          ++unchanged;
        } else {
          kv::WriteBatch batch;
          ReadStatus status = readSource(abs, options.maxFileBytes, content, why);
          if (status != ReadStatus::Ok) {
            {
              std::lock_guard lock(skippedMutex);
              stats.skipped.push_back({file.path, why});
            }
            if (prev) {
              planRemoval(*mySnap, file.path, batch);
              ++removedLater;
            }
          } else if (bool timedOut = false;
                     planContent(*mySnap, extractor, file.path, file.language, content, mtime, batch, &timedOut) > 0) {
            ++reindexed;
            // Recorded (so it is not retried until it changes) but without symbols: say so.
            if (timedOut) {
              std::lock_guard lock(skippedMutex);
              stats.skipped.push_back({file.path, "parse timed out; indexed without symbols"});
            }
          } else {
            ++unchanged;
          }
          committer.add(std::move(batch));
        }
      } catch (...) {
        std::lock_guard lock(failureMutex);
        if (!failure) failure = std::current_exception();
        next = walk.files.size();
        break;
      }
      size_t d = ++done;
      if (options.progress) {
        std::lock_guard lock(progressMutex);
        auto now = std::chrono::steady_clock::now();
        if (now - lastProgress >= std::chrono::milliseconds(100)) {
          lastProgress = now;
          options.progress({d, walk.files.size()});
        }
      }
    }
  };

  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
  }
  if (failure) std::rethrow_exception(failure);
  committer.setGate(nullptr);
  committer.flush();
  store.checkpoint(); // no snapshot is held here: the log the workers' overlapping reads kept
  if (options.progress) options.progress({done.load(), walk.files.size()});

  stats.reindexed = reindexed;
  stats.unchanged = unchanged;
  stats.removed += removedLater;
  stats.mutations = committer.mutations();
  stats.cancelled = options.cancel && options.cancel->load() && done < walk.files.size();
  if (options.compileCommands && !stats.cancelled)
    stats.mutations += storeIncludePaths(store, workspaceIncludePaths(*options.compileCommands, root));
  if (options.link && !(options.cancel && options.cancel->load())) {
    LinkOptions link;
    link.threads = threads;
    link.cancel = options.cancel;
    stats.link = linkPending(store, link);
  }
  stats.totals = computeTotals(*store.snapshot());
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

size_t indexContent(kv::Store& store, std::string_view path, Language language, std::string_view content,
                    int64_t mtimeNs, parse::DocumentTree* tree) {
  // One extractor per thread: tree-sitter parsers are not thread-safe, and making one is cheap
  // but not free.
  thread_local parse::Extractor extractor;
  if (path.size() > kMaxPathBytes) return 0;
  kv::WriteBatch batch;
  std::lock_guard lock(linkCommitMutex()); // from the snapshot read to the commit: markers merge
  size_t n = planContent(*store.snapshot(), extractor, path, language, content, mtimeNs, batch, nullptr, tree);
  if (n) store.commit(batch);
  return n;
}

size_t indexFile(kv::Store& store, const fs::path& root, std::string_view path, Language language,
                 const IndexOptions& options) {
  std::string content, why;
  fs::path abs = root / path;
  if (readSource(abs, options.maxFileBytes, content, why) != ReadStatus::Ok) return removeFile(store, path);
  std::error_code ec;
  auto mtime = fs::last_write_time(abs, ec);
  return indexContent(store, path, language, content, ec ? 0 : mtimeNanos(mtime));
}

bool readIndexable(const fs::path& file, uint64_t maxBytes, std::string& content, std::string& why) {
  return readSource(file, maxBytes, content, why) == ReadStatus::Ok;
}

size_t removeFile(kv::Store& store, std::string_view path) {
  kv::WriteBatch batch;
  std::lock_guard lock(linkCommitMutex());
  size_t n = planRemoval(*store.snapshot(), path, batch);
  if (n) store.commit(batch);
  return n;
}

} // namespace sextant::graph
