// Persisted resolutions: binds every reference once, stores the edges both ways, and keeps them
// right as files change (issue 5, item 4).
#pragma once

#include "graph/Codec.h"
#include "graph/Model.h"
#include "graph/Resolver.h"
#include "kvstore/Store.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// Serializes the commits that write or erase `link:` markers (the indexer's batches and the
/// linker's last commit), so that the linker can tell a marker it read from a newer one.
/// Process-wide; held only around a snapshot read and its commit.
std::mutex& linkCommitMutex();

/// The names whose non-local definitions differ between two versions of a file's symbols (in
/// document order): added, removed, or changed in kind, declaration-ness, parent, qualifier or
/// declared type. Function locals are left out: no other file can bind them.
std::set<std::string> changedNames(const std::vector<SymbolRecord>& before, const std::vector<SymbolRecord>& after);

/// Adds to `batch` the `link:<path>` marker for a file whose records the batch rewrites, merging
/// the names of a marker already pending in `snap`. `addedOrRemoved`: the file is new or goes
/// away, so a Python import naming its module may bind differently (its module name is added).
void markForLinking(const kv::Snapshot& snap, std::string_view path, std::optional<Language> language,
                    const std::set<std::string>& names, bool addedOrRemoved, kv::WriteBatch& batch);

/// The `keys::targetId()` of symbol `id` (path, name, kind, ordinal among the file's non-local
/// symbols of that name and kind); nullopt for locals and for symbols that no longer exist.
std::optional<std::string> targetIdOf(Resolver& resolver, const SymbolId& id);

/// What the linker stored for the reference of `path` whose span is `span` (its `ref:r:`
/// record): the symbols it resolved to, best first; empty for a C/C++ name that resolved to
/// nothing and that no local of the file bears. nullopt when the stored record cannot tell and
/// the caller must resolve on the spot: some file is pending (an edit not yet linked), the file
/// has no record, nothing is stored for that reference otherwise (function locals and Python
/// modules are never stored), or a stored target no longer exists.
std::optional<std::vector<ResolvedSymbol>> storedTargetsOf(const kv::Snapshot& snapshot, Resolver& resolver,
                                                           const std::string& path, const Span& span);

/// The files whose `link:` marker is pending in `snapshot`: their stored resolutions are stale,
/// so queries resolve their references on the spot instead.
std::set<std::string, std::less<>> pendingLinks(const kv::Snapshot& snapshot);

struct LinkOptions {
  unsigned threads = 0;                     ///< 0 = std::thread::hardware_concurrency()
  const std::atomic<bool>* cancel = nullptr; ///< stops between files; markers left stay pending
  /// Above this share of indexed files pending, every file is linked again instead of only the
  /// references the changed names may affect (cheaper than thousands of name lookups).
  double relinkAllShare = 0.25;
  size_t relinkAllMinimum = 64; ///< …and at least this many pending
  /// Bytes of keys plus values committed between two pauses where every worker drops its
  /// snapshot and the store checkpoints (graph/CheckpointGate.h). Smaller than the indexer's: a
  /// link's reverse edges land all over the key space, so each commit rewrites many pages.
  size_t checkpointBytes = size_t{64} << 20;
  size_t filesPerCommit = 512; ///< files whose keys are committed together (one atomic commit)
};

struct LinkStats {
  size_t pending = 0;        ///< markers found
  size_t filesLinked = 0;    ///< files whose every reference was resolved again
  size_t filesPatched = 0;   ///< files where only references with a changed name were
  size_t references = 0;     ///< references resolved
  size_t mutations = 0;      ///< keys put or erased
  bool all = false;          ///< every file was linked (relinkAllShare exceeded)
  double seconds = 0;
  double commitSeconds = 0;  ///< summed over commits, which overlap resolution on other threads
  size_t checkpoints = 0;    ///< pauses for a store checkpoint
};

/// Resolves what the `link:` markers of `store` say is stale and commits the results: for each
/// pending file, every reference again (`ref:r:`, and the `ref:t:` / `calls:to:` entries it owns,
/// old ones retracted); for every other file holding references named by a marker, those
/// references only. Markers are erased last and only when unchanged since read, so a crash or a
/// concurrent edit leaves them pending (queries then resolve those files on the spot). One call
/// at a time per store. Throws kv::StoreError, CorruptValue.
LinkStats linkPending(kv::Store& store, const LinkOptions& options = {});

/// The stored references to target `targetId` of one namespace (`calls:to:` when `calls`, else
/// `ref:t:`), one call of `visit(fromPath, refs)` per referencing file, in path order; `visit`
/// returns false to stop (a caller that wants the first N locations by path stops once it holds
/// N). Files in `pending` are skipped. Throws kv::StoreError, CorruptValue.
void visitLinkedReferences(const kv::Snapshot& snapshot, std::string_view targetId, bool calls,
                           const std::set<std::string, std::less<>>& pending,
                           const std::function<bool(std::string_view fromPath, std::vector<LinkedRef> refs)>& visit);

} // namespace sextant::graph
