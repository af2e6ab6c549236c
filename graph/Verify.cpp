// Index verification: one ordered pass over the keys, then one walk of the disk.
#include "graph/Verify.h"

#include "graph/Linker.h"

#include "graph/Codec.h"
#include "graph/Indexer.h"
#include "graph/Keys.h"
#include "graph/SourceWalker.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace sextant::graph {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSymbolPrefix = "sym:d:";
constexpr std::string_view kNamePrefix = keys::kSymbolByNamePrefix;
// The per-file reference list's prefix comes from Keys.h, so a renamed namespace follows along.
const std::string kRefPrefix = keys::references("");
constexpr std::string_view kRefNamePrefix = "ref:n:";
constexpr std::string_view kChunkPrefix = "chunk:";
constexpr std::string_view kMetaPrefix = "meta:";
constexpr std::string_view kCheckPrefix = "check:";
// Whole-file blobs keyed by the path alone.
const std::string kImportPrefix = keys::imports("");
const std::string kErrorPrefix = keys::syntaxErrors("");
const std::string kAstPrefix = keys::ast("");
constexpr std::string_view kCfgPrefix = "cfg:";
// The linker's namespaces (graph/Linker.h): a file's resolutions, the reverse edges it owns, and
// the pending marks (not per file: a deleted file's mark outlives its file: record).
const std::string kResolutionPrefix = keys::resolutions("");
constexpr std::string_view kRefsToPrefix = keys::kRefsToPrefix;
constexpr std::string_view kCallsToPrefix = keys::kCallsToPrefix;
constexpr std::string_view kLinkPrefix = keys::kLinkPrefix;

/// The owning file of a `ref:t:` / `calls:to:` key: `<ns><targetPath>\0<name>\0<kind><ordinal: 4><fromPath>`.
std::optional<std::string> ownerOfReverseKey(std::string_view key, size_t prefixSize) {
  const std::string_view rest = key.substr(std::min(prefixSize, key.size()));
  auto id = keys::parseTargetId(rest);
  if (!id || id->size == rest.size()) return std::nullopt;
  return std::string(rest.substr(id->size));
}

bool allDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

/// Splits `chunk:<path>:<start>:<end>`; false when malformed. The path may contain ':', so the
/// split is at the last two colons.
bool parseChunk(std::string_view key, std::string& path, uint32_t& start, uint32_t& end) {
  std::string_view rest = key.substr(kChunkPrefix.size());
  size_t c2 = rest.rfind(':');
  if (c2 == std::string_view::npos || c2 == 0) return false;
  size_t c1 = rest.rfind(':', c2 - 1);
  if (c1 == std::string_view::npos || c1 == 0) return false;
  std::string_view s = rest.substr(c1 + 1, c2 - c1 - 1), e = rest.substr(c2 + 1);
  if (!allDigits(s) || !allDigits(e) || s.size() > 10 || e.size() > 10) return false;
  path.assign(rest.substr(0, c1));
  start = static_cast<uint32_t>(std::stoul(std::string(s)));
  end = static_cast<uint32_t>(std::stoul(std::string(e)));
  return true;
}

/// Printable form of a key for a report line (no path to name it by).
std::string printable(std::string_view key) {
  std::string out;
  for (unsigned char c : key) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out;
}

/// What the indexer would do with the file: nullopt when it would skip it (unreadable, too
/// large, binary), else its content hash. The same reader as the indexer's, so the two never
/// disagree about what is indexable.
std::optional<ContentHash> hashIfIndexable(const fs::path& file, uint64_t maxBytes) {
  std::string content, why;
  if (!readIndexable(file, maxBytes, content, why)) return std::nullopt;
  return hashContent(content);
}

struct FileInfo {
  FileRecord record;
  bool decoded = false;
  uint32_t symbols = 0;
  std::vector<uint32_t> symbolIndexes; // of the sym:d: records that decode, ascending
  std::optional<size_t> references; // decoded count of ref:<path>, when present
};

} // namespace

std::string_view keyNamespace(std::string_view key) {
  for (std::string_view ns : {kSymbolPrefix, kNamePrefix, keys::kFilePrefix, std::string_view(kRefPrefix),
                              kRefNamePrefix, kChunkPrefix, kMetaPrefix, std::string_view(kImportPrefix),
                              std::string_view(kErrorPrefix), std::string_view(kAstPrefix), kCfgPrefix, kCheckPrefix,
                              std::string_view(kResolutionPrefix), kRefsToPrefix, kCallsToPrefix, kLinkPrefix,
                              keys::kIncludeFoldersPrefix})
    if (key.starts_with(ns)) return key.substr(0, ns.size());
  size_t colon = key.find(':');
  return colon == std::string_view::npos ? key : key.substr(0, colon + 1);
}

static std::optional<std::string> rawPathOfKey(std::string_view key) {
  if (key.starts_with(keys::kFilePrefix)) return std::string(key.substr(keys::kFilePrefix.size()));
  if (key.starts_with(kSymbolPrefix)) {
    // sym:d:<path>\0<4 bytes>
    if (key.size() < kSymbolPrefix.size() + 5 || key[key.size() - 5] != '\0') return std::nullopt;
    return std::string(key.substr(kSymbolPrefix.size(), key.size() - 5 - kSymbolPrefix.size()));
  }
  if (key.starts_with(kNamePrefix)) {
    std::string path;
    uint32_t index;
    if (!keys::parseSymbolByName(key, path, index)) return std::nullopt;
    return path;
  }
  if (key.starts_with(kRefNamePrefix)) {
    // ref:n:<name>\0<path>
    size_t nul = key.find('\0', kRefNamePrefix.size());
    if (nul == std::string_view::npos || nul + 1 == key.size()) return std::nullopt;
    return std::string(key.substr(nul + 1));
  }
  if (key.starts_with(kRefPrefix)) return std::string(key.substr(kRefPrefix.size()));
  if (key.starts_with(kResolutionPrefix)) return std::string(key.substr(kResolutionPrefix.size()));
  if (key.starts_with(kRefsToPrefix)) return ownerOfReverseKey(key, kRefsToPrefix.size());
  if (key.starts_with(kCallsToPrefix)) return ownerOfReverseKey(key, kCallsToPrefix.size());
  if (key.starts_with(kImportPrefix)) return std::string(key.substr(kImportPrefix.size()));
  if (key.starts_with(kErrorPrefix)) return std::string(key.substr(kErrorPrefix.size()));
  if (key.starts_with(kAstPrefix)) return std::string(key.substr(kAstPrefix.size()));
  if (key.starts_with(kCfgPrefix)) {
    // cfg:<path>\0<4 bytes>
    if (key.size() < kCfgPrefix.size() + 5 || key[key.size() - 5] != '\0') return std::nullopt;
    return std::string(key.substr(kCfgPrefix.size(), key.size() - 5 - kCfgPrefix.size()));
  }
  if (key.starts_with(kChunkPrefix)) {
    std::string path;
    uint32_t s, e;
    if (!parseChunk(key, path, s, e)) return std::nullopt;
    return path;
  }
  return std::nullopt;
}

std::optional<std::string> pathOfKey(std::string_view key) {
  // Paths never hold NUL (docs/storage.md): a key whose path part does is malformed (found by
  // tests/fuzz/fuzz_codec: `sym:n:push\0a\0\0\0\0\0\x03` gave the path "a\0").
  auto path = rawPathOfKey(key);
  if (path && path->find('\0') != std::string::npos) return std::nullopt;
  return path;
}

std::string_view problemKindName(VerifyProblem::Kind kind) {
  using K = VerifyProblem::Kind;
  switch (kind) {
  case K::Schema: return "schema";
  case K::Changed: return "changed";
  case K::Added: return "added";
  case K::Deleted: return "deleted";
  case K::Orphan: return "orphan";
  case K::Dangling: return "dangling";
  case K::Incomplete: return "incomplete";
  case K::Corrupt: return "corrupt";
  }
  return "?";
}

VerifyReport verifyIndex(const kv::Snapshot& snapshot, const fs::path& root, const VerifyOptions& options) {
  using K = VerifyProblem::Kind;
  VerifyReport report;
  auto problem = [&](K kind, std::string path, std::string message) {
    report.problems.push_back({kind, std::move(path), std::move(message)});
  };

  if (options.checkStore) {
    std::string want = std::to_string(keys::kSchemaVersion);
    auto schema = snapshot.get(keys::metaSchema());
    if (!schema)
      problem(K::Schema, keys::metaSchema(), "missing (expected " + want + ")");
    else if (*schema != want)
      problem(K::Schema, keys::metaSchema(), "is " + printable(*schema) + ", this build reads " + want);
  }

  // The file: records first, so that the full pass below can judge every key on its own.
  std::map<std::string, FileInfo, std::less<>> files;
  snapshot.scanPrefix(keys::kFilePrefix, [&](std::string_view k, std::string_view v) {
    FileInfo& info = files[std::string(k.substr(keys::kFilePrefix.size()))];
    try {
      info.record = decodeFile(v);
      info.decoded = true;
    } catch (const CorruptValue& e) {
      if (options.checkStore)
        problem(K::Corrupt, std::string(k.substr(keys::kFilePrefix.size())), std::string("file: record: ") + e.what());
    }
    return true;
  });
  report.filesIndexed = files.size();

  if (options.checkStore) {
    // The sym:d: keys first (their own pass), so that the full pass can judge every sym:n:,
    // chunk: and cfg: key as it meets it: nothing holds a key per symbol or per chunk (the
    // Linux tree has 8.8 million of each). Dangling chunks and CFGs are reported after the pass,
    // as before.
    // The file of a key, nullptr (with the problem reported) when it has none. `path` receives
    // the key's path. Keys of one file mostly come together: the last file found is tried first.
    std::string lastPath;
    FileInfo* lastFile = nullptr;
    auto judge = [&](std::string_view k, std::string_view ns, std::string& path) -> FileInfo* {
      auto parsed = pathOfKey(k);
      if (!parsed) {
        problem(K::Corrupt, printable(k), "malformed " + std::string(ns) + " key");
        return nullptr;
      }
      path = std::move(*parsed);
      if (lastFile && path == lastPath) return lastFile;
      auto file = files.find(path);
      if (file == files.end()) {
        problem(K::Orphan, path, std::string(ns) + " key without a file: record: " + printable(k));
        return nullptr;
      }
      lastPath = path;
      return lastFile = &file->second;
    };
    std::set<std::string, std::less<>> pending = pendingLinks(snapshot);
    std::string path;
    snapshot.scanPrefix(kSymbolPrefix, [&](std::string_view k, std::string_view v) {
      FileInfo* file = judge(k, kSymbolPrefix, path);
      if (!file) return true;
      try {
        decodeSymbol(v);
        file->symbolIndexes.push_back(keys::symbolIndexFromKey(k)); // ascending: keys are in order
        ++file->symbols;
      } catch (const CorruptValue& e) {
        problem(K::Corrupt, path, std::string(kSymbolPrefix) + " value of " + printable(k) + ": " + e.what());
      }
      return true;
    });
    for (auto& [path, info] : files)
      if (!std::is_sorted(info.symbolIndexes.begin(), info.symbolIndexes.end()))
        std::sort(info.symbolIndexes.begin(), info.symbolIndexes.end());
    auto hasSymbol = [](const FileInfo& file, uint32_t index) {
      return std::binary_search(file.symbolIndexes.begin(), file.symbolIndexes.end(), index);
    };
    std::vector<VerifyProblem> danglingChunks, danglingCfgs;
    snapshot.scan("", "", [&](std::string_view k, std::string_view v) {
      ++report.keys;
      std::string_view ns = keyNamespace(k);
      if (ns == kMetaPrefix || ns == keys::kFilePrefix || ns == kSymbolPrefix) return true;
      if (ns == kLinkPrefix) {
        try {
          decodeLinkMarker(v);
        } catch (const CorruptValue& e) {
          problem(K::Corrupt, std::string(k.substr(kLinkPrefix.size())), std::string("link: value: ") + e.what());
        }
        return true;
      }
      if (ns == keys::kIncludeFoldersPrefix) { // per compiled file, not per indexed file
        try {
          decodeIncludeFolders(v);
        } catch (const CorruptValue& e) {
          problem(K::Corrupt, std::string(k.substr(ns.size())), std::string("inc: value: ") + e.what());
        }
        return true;
      }
      bool linked = ns == kResolutionPrefix || ns == kRefsToPrefix || ns == kCallsToPrefix;
      bool known = linked || ns == kNamePrefix || ns == kRefPrefix || ns == kRefNamePrefix || ns == kChunkPrefix ||
                   ns == kAstPrefix || ns == kCfgPrefix;
      if (!known) return true; // a namespace this build does not define: not ours to judge
      if (linked) {
        // A removed file's resolutions stay until the linker runs: not an orphan while marked.
        auto owner = pathOfKey(k);
        if (owner && !files.contains(*owner) && pending.contains(*owner)) return true;
      }
      FileInfo* file = judge(k, ns, path);
      if (!file) return true;
      try {
        if (ns == kNamePrefix) {
          decodeNameEntry(v);
          std::string p;
          uint32_t index = 0;
          keys::parseSymbolByName(k, p, index);
          if (!hasSymbol(*file, index))
            problem(K::Dangling, path, "sym:n: entry for symbol #" + std::to_string(index) + " without its sym:d: record");
        } else if (ns == kRefPrefix) {
          file->references = decodeReferences(v).size();
        } else if (ns == kResolutionPrefix) {
          decodeResolutions(v);
        } else if (ns == kRefsToPrefix || ns == kCallsToPrefix) {
          decodeLinkedRefs(v);
        } else if (ns == kAstPrefix) {
          decodeAst(v);
        } else if (ns == kCfgPrefix) {
          // Spans are relative to the symbol's start; the structure decodes with any anchor.
          decodeCfgs(v, {}, 0);
          const uint32_t symbol = keys::symbolIndexFromKey(k);
          if (symbol != keys::kFileLevelCfg && !hasSymbol(*file, symbol))
            danglingCfgs.push_back({K::Dangling, path, "cfg " + printable(k) + " names symbol #" + std::to_string(symbol) +
                                                           ", which has no sym:d: record"});
        } else if (ns == kRefNamePrefix) {
          if (!allDigits(v)) throw CorruptValue("not a decimal count");
        } else {
          uint32_t symbol = decodeChunk(v).symbol;
          if (!hasSymbol(*file, symbol))
            danglingChunks.push_back({K::Dangling, path, "chunk " + printable(k) + " names symbol #" +
                                                             std::to_string(symbol) + ", which has no sym:d: record"});
        }
      } catch (const CorruptValue& e) {
        problem(K::Corrupt, path, std::string(ns) + " value of " + printable(k) + ": " + e.what());
      }
      return true;
    });
    for (auto* list : {&danglingChunks, &danglingCfgs})
      report.problems.insert(report.problems.end(), std::make_move_iterator(list->begin()),
                             std::make_move_iterator(list->end()));
    for (const auto& [path, info] : files) {
      if (!info.decoded) continue;
      if (info.symbols != info.record.definitions)
        problem(K::Incomplete, path, "file: record counts " + std::to_string(info.record.definitions) +
                                         " symbols, the index holds " + std::to_string(info.symbols));
      size_t refs = info.references.value_or(0);
      if (refs != info.record.references)
        problem(K::Incomplete, path, "file: record counts " + std::to_string(info.record.references) +
                                         " references, the index holds " + std::to_string(refs));
    }
  }

  if (options.checkDisk) {
    WalkResult walk = walkSources(root);
    // Reading and hashing every file is the cost of this half: spread it over the cores.
    std::vector<std::optional<ContentHash>> hashes(walk.files.size());
    std::atomic<size_t> next = 0;
    auto hashSome = [&] {
      for (size_t i; (i = next++) < walk.files.size();)
        if (walk.files[i].path.size() <= kMaxPathBytes) // the indexer skips longer paths too
          hashes[i] = hashIfIndexable(root / walk.files[i].path, options.maxFileBytes);
    };
    {
      unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
      std::vector<std::jthread> pool;
      for (unsigned t = 1; t < threads && t < walk.files.size(); ++t) pool.emplace_back(hashSome);
      hashSome();
    }
    std::set<std::string, std::less<>> seen;
    for (size_t i = 0; i < walk.files.size(); ++i) {
      const auto& f = walk.files[i];
      const auto& hash = hashes[i];
      if (!hash) continue;
      ++report.filesOnDisk;
      seen.insert(f.path);
      auto it = files.find(f.path);
      if (it == files.end())
        problem(K::Added, f.path, "on disk but not in the index");
      else if (it->second.decoded && !(it->second.record.hash == *hash))
        problem(K::Changed, f.path, "changed on disk since indexing (content hash differs)");
    }
    for (const auto& [path, info] : files)
      if (!seen.contains(path)) problem(K::Deleted, path, "in the index but no longer on disk (or not indexable)");
  }

  std::stable_sort(report.problems.begin(), report.problems.end(), [](const VerifyProblem& a, const VerifyProblem& b) {
    return a.path != b.path ? a.path < b.path : a.kind < b.kind;
  });
  return report;
}

} // namespace sextant::graph
