// Binds references to the symbols they name, over one snapshot, with per-query caches.
#pragma once

#include "graph/Model.h"
#include "graph/RunCache.h"
#include "graph/RecordCache.h"
#include "kvstore/Store.h"

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sextant::graph {

/// A symbol with its identity, as the resolver hands it out. A whole module (a Python file named
/// by an import) is represented with index kModuleIndex, kind Module and empty spans at the
/// file's start.
struct ResolvedSymbol {
  SymbolId id;
  SymbolRecord symbol;
};
inline constexpr uint32_t kModuleIndex = UINT32_MAX;
/// More best-ranked candidates than this leave a reference unresolved (Resolver::resolve).
inline constexpr size_t kMaxEqualTargets = 32;

/// The non-local symbols of one name, as Resolver::symbolsNamed() gathers them, with the
/// language of each one's file. Candidates carry no doc comment, and no signature except C/C++
/// callables' (their arity tells overloads apart); Resolver::symbolAt() has the whole record.
struct NamedSymbols {
  std::vector<ResolvedSymbol> symbols;
  std::vector<std::optional<Language>> languages; ///< parallel to `symbols`
};

/// NamedSymbols by name, shared by the successive Resolvers of one long run (the linker's
/// workers): a name's `sym:n:` entries and records are read once per run, not once per Resolver.
/// Weighs each name as 1 plus its symbols.
class NameCache : public RunCache<std::shared_ptr<const NamedSymbols>> {
public:
  explicit NameCache(size_t budget = 800000)
      : RunCache(budget, [](const std::shared_ptr<const NamedSymbols>& e) { return e->symbols.size(); }) {}
};

/// Where an `#include` lands (Resolver::includedFile), shared like NameCache: the answer depends
/// only on the translation unit's search path (its folder and its compile_commands.json include
/// folders), the including file's folder and the spelled target, and a kernel's units repeat
/// those by the thousand. Values are paths, "" for an include found nowhere.
class IncludeCache : public RunCache<std::string> {
public:
  explicit IncludeCache(size_t budget = 1000000) : RunCache(budget) {}
};

/// Name resolution without a compiler (a first approximation; see issue 5):
///  - only symbols of the same language family are candidates (C and C++ share one);
///  - locals (symbols whose parent is a function) are visible only inside that function, and the
///    innermost visible one shadows outer ones;
///  - what the use needs filters candidates when any survive: a call wants a callable, a type use
///    a type, a member access (non-empty receiver) a member;
///  - the rest is ranked same file > included > elsewhere, and definition (body) > declaration;
///  - more than kMaxEqualTargets best-ranked candidates resolve to nothing.
/// Caches what it reads for its lifetime: make one per request. Decoded symbols and references
/// come from RecordCache::shared() (keyed by content hash, so never stale) and stay pinned while
/// the Resolver lives. Not thread-safe. Throws CorruptValue on undecodable records.
class Resolver {
public:
  /// `names` and `includes`, when given, outlive this Resolver and are shared with others.
  explicit Resolver(const kv::Snapshot& snapshot, NameCache* names = nullptr, IncludeCache* includes = nullptr)
      : snapshot_(snapshot), names_(names), includes_(includes) {}

  /// The snapshot every read goes through.
  const kv::Snapshot& snapshot() const { return snapshot_; }

  /// Every symbol of `path` in document order (cached).
  const std::vector<SymbolRecord>& symbolsOf(const std::string& path);
  /// Every reference of `path` in document order (cached).
  const std::vector<ReferenceRecord>& referencesOf(const std::string& path);
  /// Every import statement of `path` in document order (cached).
  const std::vector<ImportRecord>& importsOf(const std::string& path);
  /// The content hash `path` was indexed with, nullopt when it is not indexed.
  std::optional<ContentHash> contentHash(const std::string& path);
  /// The language `path` was indexed as, nullopt when it is not indexed.
  std::optional<Language> languageOf(const std::string& path);
  /// Every symbol named `name` anywhere except function locals (cached; at most 1000), without
  /// doc comments and signatures (NamedSymbols). Reads only the named records, not their files.
  const std::vector<ResolvedSymbol>& symbolsNamed(const std::string& name);
  /// The function-local symbols of `path` (parameters, locals) named `name` (cached per file).
  const std::vector<ResolvedSymbol>& localsNamed(const std::string& path, const std::string& name);
  /// The files holding references named `name` (from the `ref:n:` index).
  std::vector<std::string> filesReferencing(const std::string& name);
  /// The references of `path` named `name`, in document order (not cached: for scans over many
  /// files, where decoding only the matching records is what keeps a query fast).
  std::vector<ReferenceRecord> referencesNamed(const std::string& path, std::string_view name,
                                               std::optional<RefRole> role = std::nullopt);

  /// The best-ranked symbols a reference in `path` names; empty when nothing matches.
  std::vector<ResolvedSymbol> resolve(const std::string& path, const ReferenceRecord& ref);
  /// The same without copies: pointers valid while the Resolver lives (the linker's hot path).
  std::vector<const ResolvedSymbol*> resolveTargets(const std::string& path, const ReferenceRecord& ref);

  /// The symbols that are one entity with `id` in C and C++: its declarations and its body
  /// (same name, same kind family, same enclosing scope path such as `geo::Rect`); `id` itself
  /// is included. Other languages: just `id`.
  std::vector<ResolvedSymbol> sameEntity(const SymbolId& id);

  /// The symbol at `id`, nullopt when it no longer exists.
  std::optional<SymbolRecord> symbolAt(const SymbolId& id);
  /// Same, reading just that record when the file's symbols are not decoded yet (one caller in
  /// each of thousands of files). Without `withDoc`, the copy leaves the doc comment out (call
  /// hierarchy nodes, hundreds per answer, never show it).
  std::optional<SymbolRecord> symbolRecord(const SymbolId& id, bool withDoc = true);

  /// Index of the innermost function-like symbol containing symbol `index` of `path` (itself
  /// when it is one), or -1.
  int32_t enclosingFunction(const std::string& path, int32_t index);

  /// `ns::Class` for a symbol nested in namespace ns and class Class (qualifier included).
  std::string scopePath(const std::string& path, uint32_t index);

  /// Python: the indexed file of module `target` ("os.path", "..utils", ".") imported from
  /// `fromPath`, trying package folders and `__init__.py`; relative targets from the importing
  /// file's package, absolute ones from the workspace root and then from each folder above the
  /// importing file. "" when the module is not in the workspace.
  std::string pythonModuleFile(const std::string& fromPath, std::string_view target);

private:
  /// The file: record of `path` (cached), nullopt when it is not indexed.
  const std::optional<FileRecord>& fileRecordOf(const std::string& path);
  /// Decoded records of `path` from the shared RecordCache, decoding them on a miss.
  std::shared_ptr<const FileRecords> recordsOf(const std::string& path, RecordKind kind);
  /// The classes/structs whose members `ref.receiver` (`self`, `this`, `obj->a.b`) can reach,
  /// from declared types; empty when unknown.
  std::set<std::pair<std::string, int32_t>> receiverTypes(const std::string& path, const ReferenceRecord& ref, int depth);
  /// `parts`: the receiver's identifiers (receiverParts() in Resolver.cpp), non-empty.
  std::set<std::pair<std::string, int32_t>> receiverTypesUncached(const std::string& path, const ReferenceRecord& ref,
                                                                  const std::vector<std::string>& parts);
  /// `owners` and the classes they derive from in the workspace (base clauses; typedefs and
  /// aliases followed to the type they name), up to 4 levels.
  std::set<std::pair<std::string, int32_t>> withBases(std::set<std::pair<std::string, int32_t>> owners);
  /// `Prog::kFullMatch`, `RE2::Set`: the receiver names a type (or namespace), whose scope holds
  /// nested enumerators and out-of-line nested classes that are not its members.
  bool receiverIsScope(const std::string& path, const ReferenceRecord& ref);
  /// The receiver is a plain variable whose members are outside the workspace: C/C++, every
  /// declaration has a `std::` type no workspace class stands for; Python, it is bound by an
  /// import of a module the workspace does not hold, or every binding is annotated with a type no
  /// workspace class stands for.
  bool receiverIsExternal(const std::string& path, const ReferenceRecord& ref);
  /// The workspace types a declared type names: its base type, and for C/C++ templates also the
  /// first template argument's (the element of a container, the pointee of a smart pointer).
  std::set<std::pair<std::string, int32_t>> typesOf(const std::string& type, bool python);
  /// Class, struct, interface and enum symbols named `name`.
  std::set<std::pair<std::string, int32_t>> typesNamed(const std::string& name);
  std::vector<ResolvedSymbol> resolveImport(const std::string& path, const ReferenceRecord& ref, int depth);
  std::vector<ResolvedSymbol> lookupInModule(const std::string& file, const std::string& name, int depth);
  std::vector<ResolvedSymbol> resolveThroughImports(const std::string& path, const ReferenceRecord& ref);
  /// C/C++: the workspace files `path` includes, directly or through other includes (cached).
  /// An `#include "x.h"` / `<x.h>` is looked for beside the including file, then in the include
  /// folders the compilation database gives `path` (graph/CompileCommands.h), then in the
  /// `include/` folder of each folder above `path` (the translation unit: the kernel's
  /// `arch/X/include/asm/…`, a library's `include/`) and above the including file, then from the
  /// workspace root; includes found nowhere are skipped. At most 5,000 files.
  const std::unordered_set<std::string>& includeClosure(const std::string& path);
  /// The file an `#include` of `target` written in `from`, compiled as part of `unit`, names; ""
  /// when none of the workspace's.
  std::string includedFile(const std::string& unit, const std::string& from, const std::string& target);
  /// includedFile() without the IncludeCache; `folders`: the unit's compile_commands.json ones.
  std::string searchInclude(const std::vector<std::string>& folders, const std::string& unit, const std::string& from,
                            const std::string& target);
  /// The references with role Import of `path` (the names its import statements bind; cached).
  const std::vector<ReferenceRecord>& importBindingsOf(const std::string& path);

  const kv::Snapshot& snapshot_;
  std::unordered_map<std::string, std::vector<ImportRecord>> imports_;
  std::unordered_map<std::string, std::unordered_set<std::string>> includeClosures_;
  /// Per translation unit: its include folders, and the IncludeCache key prefix of its search path.
  struct SearchPath {
    std::vector<std::string> folders;
    std::string key;
  };
  std::unordered_map<std::string, SearchPath> includeFolders_;
  std::unordered_map<std::string, std::shared_ptr<const FileRecords>> symbols_;    ///< pinned RecordCache entries
  std::unordered_map<std::string, std::shared_ptr<const FileRecords>> references_;
  std::unordered_map<std::string, std::optional<FileRecord>> files_;
  std::unordered_map<std::string, bool> folderIndexed_; // folder -> some indexed file lies under it
  /// Keeps computed results (import bindings, whole modules) alive for resolveTargets().
  std::vector<const ResolvedSymbol*> keep(std::vector<ResolvedSymbol> computed);
  std::deque<ResolvedSymbol> computed_;
  /// Candidates by name, looked up once per lookup name.
  const NamedSymbols& namedSymbols(const std::string& name);
  NameCache* names_;
  IncludeCache* includes_;
  std::unordered_map<std::string, std::shared_ptr<const NamedSymbols>> byName_;
  std::unordered_map<std::string, std::vector<ResolvedSymbol>> locals_; ///< by path + '\0' + name
  std::unordered_map<std::string, std::vector<ReferenceRecord>> importBindings_;
  /// receiverTypes() by (path, enclosing, receiver): the refs of one function share receivers.
  std::map<std::tuple<std::string, int32_t, std::string>, std::set<std::pair<std::string, int32_t>>> receivers_;
};


/// Decodes the symbols and references of every indexed file of `snapshot` into
/// RecordCache::shared(), in path order, until the cache is 90% full or `*cancel` turns true; the
/// first queries after an initial index then find them decoded (what a references request over
/// hundreds of files would otherwise pay). Returns the number of files loaded. Throws
/// CorruptValue on undecodable records.
size_t warmRecordCache(const kv::Snapshot& snapshot, const std::atomic<bool>* cancel);

} // namespace sextant::graph
