// Definition, declaration, references, call hierarchy and symbols on top of the Resolver.
#include "graph/Queries.h"

#include "graph/Codec.h"
#include "graph/Keys.h"
#include "graph/Linker.h"
#include "graph/NameTable.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

namespace sextant::graph {
namespace {

bool spanHits(const Span& s, Point p) {
  // Inclusive end: a cursor right after the last character still names the identifier.
  return s.start <= p && p <= s.end;
}

Location locationOf(const ResolvedSymbol& s) { return {s.id.path, s.symbol.selectionRange}; }

void appendUnique(std::vector<Location>& out, Location loc) {
  if (std::find(out.begin(), out.end(), loc) == out.end()) out.push_back(std::move(loc));
}

/// The targets of `ref`: as the linker stored them when it can tell (graph/Linker.h), else
/// resolved on the spot. Stored, a kernel definition skips the include closure and the ranking
/// of a thousand same-named candidates.
std::vector<ResolvedSymbol> resolvedAt(Resolver& resolver, const std::string& path, const ReferenceRecord& ref) {
  if (auto stored = storedTargetsOf(resolver.snapshot(), resolver, path, ref.span)) return std::move(*stored);
  return resolver.resolve(path, ref);
}

/// What the cursor names: the symbol itself for a definition name, else the reference's targets.
std::vector<ResolvedSymbol> targetsAt(Resolver& resolver, const std::string& path, const Occurrence& occurrence) {
  if (occurrence.symbol) {
    if (auto s = resolver.symbolAt({path, *occurrence.symbol})) return {{{path, *occurrence.symbol}, *s}};
    return {};
  }
  return resolvedAt(resolver, path, *occurrence.reference);
}

/// The bodies among `entity`, or nothing.
std::vector<ResolvedSymbol> bodiesOf(const std::vector<ResolvedSymbol>& entity) {
  std::vector<ResolvedSymbol> bodies;
  for (const auto& s : entity)
    if (!s.symbol.isDeclaration) bodies.push_back(s);
  return bodies;
}

/// The call-hierarchy node for a call of `target` at `position` in `path`. C and C++: the
/// declaration the compiler sees there, as clangd reports it: the entity's last declaration or
/// body written before `position` in the same file, else a declaration in another file (the
/// header's prototype), else a body. Other languages: the body.
ResolvedSymbol nodeSeenAt(Resolver& resolver, const ResolvedSymbol& target, const std::string& path, Point position) {
  std::vector<ResolvedSymbol> entity = resolver.sameEntity(target.id);
  std::vector<ResolvedSymbol> bodies = bodiesOf(entity);
  const std::optional<Language> language = resolver.languageOf(path);
  if (!language || (*language != Language::C && *language != Language::Cpp))
    return bodies.empty() ? target : bodies.front();
  if (target.id.path == path && target.symbol.selectionRange.contains(position)) return target; // its own name
  const ResolvedSymbol* before = nullptr;
  for (const auto& s : entity)
    if (s.id.path == path && s.symbol.selectionRange.start < position &&
        (!before || before->symbol.selectionRange.start < s.symbol.selectionRange.start))
      before = &s;
  if (before) return *before;
  for (const auto& s : entity)
    if (s.symbol.isDeclaration && s.id.path != path) return s;
  return bodies.empty() ? target : bodies.front();
}

/// `s` with its whole record: resolution hands out candidates without doc and signature.
ResolvedSymbol whole(Resolver& resolver, ResolvedSymbol s) {
  if (s.id.index != kModuleIndex)
    if (auto full = resolver.symbolAt(s.id)) s.symbol = std::move(*full);
  return s;
}

bool sortByPlace(const Location& a, const Location& b) {
  return std::tie(a.path, a.span.start) < std::tie(b.path, b.span.start);
}

} // namespace

std::vector<SymbolRecord> documentSymbols(const kv::Snapshot& snapshot, std::string_view path) {
  Resolver resolver(snapshot);
  return resolver.symbolsOf(std::string(path));
}

std::vector<SymbolRecord> outlineSymbols(const kv::Snapshot& snapshot, std::string_view path) {
  std::vector<SymbolRecord> all = documentSymbols(snapshot, path);
  std::vector<int32_t> newIndex(all.size(), -1);
  std::vector<SymbolRecord> out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (!all[i].inOutline) continue;
    int32_t parent = all[i].parent;
    while (parent >= 0 && newIndex[parent] < 0 && static_cast<size_t>(parent) < i) parent = all[parent].parent;
    newIndex[i] = static_cast<int32_t>(out.size());
    out.push_back(std::move(all[i]));
    out.back().parent = parent >= 0 ? newIndex[parent] : -1;
  }
  return out;
}

std::optional<Occurrence> occurrenceAt(const kv::Snapshot& snapshot, std::string_view path, Point position) {
  Resolver resolver(snapshot);
  const std::string p(path);
  // Definition names first: a name is never also recorded as a reference.
  const auto& symbols = resolver.symbolsOf(p);
  for (uint32_t i = 0; i < symbols.size(); ++i)
    if (spanHits(symbols[i].selectionRange, position))
      return Occurrence{symbols[i].name, symbols[i].selectionRange, i, std::nullopt};
  const auto& refs = resolver.referencesOf(p);
  // Document order: the first reference starting after the cursor bounds the search.
  auto end = std::upper_bound(refs.begin(), refs.end(), position,
                              [](Point pos, const ReferenceRecord& r) { return pos < r.span.start; });
  for (auto it = end; it != refs.begin();) {
    --it;
    if (spanHits(it->span, position)) return Occurrence{it->name, it->span, std::nullopt, *it};
    if (it->span.end.line < position.line) break;
  }
  return std::nullopt;
}

std::vector<Location> findDefinition(const kv::Snapshot& snapshot, std::string_view path, Point position) {
  auto occurrence = occurrenceAt(snapshot, path, position);
  if (!occurrence) return {};
  Resolver resolver(snapshot);
  const std::string p(path);
  std::vector<Location> out;
  if (occurrence->symbol) {
    SymbolId self{p, *occurrence->symbol};
    std::vector<ResolvedSymbol> entity = resolver.sameEntity(self);
    const SymbolRecord& s = entity.front().symbol;
    for (const auto& other : entity)
      if (other.id != self && other.symbol.isDeclaration != s.isDeclaration) appendUnique(out, locationOf(other));
    if (out.empty()) out.push_back({p, s.selectionRange});
    return out;
  }
  for (const auto& target : resolvedAt(resolver, p, *occurrence->reference)) {
    std::vector<ResolvedSymbol> bodies =
        target.symbol.isDeclaration ? bodiesOf(resolver.sameEntity(target.id)) : std::vector<ResolvedSymbol>{};
    if (bodies.empty()) appendUnique(out, locationOf(target));
    for (const auto& b : bodies) appendUnique(out, locationOf(b));
  }
  return out;
}

std::vector<Location> findDeclaration(const kv::Snapshot& snapshot, std::string_view path, Point position) {
  auto occurrence = occurrenceAt(snapshot, path, position);
  if (!occurrence) return {};
  Resolver resolver(snapshot);
  std::vector<Location> out;
  for (const auto& target : targetsAt(resolver, std::string(path), *occurrence)) {
    bool any = false;
    for (const auto& s : resolver.sameEntity(target.id))
      if (s.symbol.isDeclaration) {
        appendUnique(out, locationOf(s));
        any = true;
      }
    if (!any) appendUnique(out, locationOf(target));
  }
  return out;
}

namespace {

/// The uses of a whole module (a Python file named by imports): every import naming it, in
/// every file that imports a module of that name (`from .utils import x`, `import pkg.utils`).
std::vector<Location> moduleReferences(Resolver& resolver, const std::string& moduleFile, const Occurrence& at) {
  std::vector<Location> out;
  const std::string& name = at.name;
  for (const auto& file : resolver.filesReferencing(name))
    for (const auto& ref : resolver.referencesNamed(file, name, RefRole::Import))
      for (const auto& t : resolver.resolve(file, ref))
        if (t.id.index == kModuleIndex && t.id.path == moduleFile) {
          out.push_back({file, ref.span});
          break;
        }
  std::sort(out.begin(), out.end(), sortByPlace);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// The stored identities (keys::targetId) of `entity`, or nullopt when it lives inside a
/// function (never linked: only its own file names it).
std::optional<std::vector<std::string>> storedTargets(Resolver& resolver, const std::vector<ResolvedSymbol>& entity) {
  std::vector<std::string> out;
  for (const auto& s : entity)
    if (auto id = targetIdOf(resolver, s.id)) out.push_back(std::move(*id));
  if (out.empty()) return std::nullopt;
  return out;
}

/// The files in `pending` holding references named `name`.
std::vector<std::string> pendingFilesReferencing(Resolver& resolver, const kv::Snapshot& snapshot,
                                                 const std::set<std::string, std::less<>>& pending,
                                                 const std::string& name) {
  std::vector<std::string> out;
  if (pending.size() < 256) {
    for (const auto& file : pending)
      if (snapshot.get(keys::referencesNamed(name, file))) out.push_back(file);
    return out;
  }
  for (auto& file : resolver.filesReferencing(name))
    if (pending.contains(file)) out.push_back(std::move(file));
  return out;
}

} // namespace

std::vector<FileLocations> findReferencesByFile(const kv::Snapshot& snapshot, std::string_view path, Point position,
                                                bool includeDeclaration, size_t limit) {
  auto occurrence = occurrenceAt(snapshot, path, position);
  if (!occurrence) return {};
  Resolver resolver(snapshot);
  std::vector<ResolvedSymbol> targets = targetsAt(resolver, std::string(path), *occurrence);
  if (targets.empty()) return {};
  // Spans by file; std::map keeps the files in path order (as sortByPlace orders them).
  std::map<std::string, std::vector<Span>, std::less<>> byFile;
  auto add = [&](std::string_view file, const Span& span) {
    auto it = byFile.find(file);
    if (it == byFile.end()) it = byFile.emplace(std::string(file), std::vector<Span>{}).first;
    it->second.push_back(span);
  };
  if (targets.front().id.index == kModuleIndex) {
    for (auto& loc : moduleReferences(resolver, targets.front().id.path, *occurrence)) add(loc.path, loc.span);
  } else {
    // One entity per query: the first target (the best-ranked) with its other declarations.
    std::vector<ResolvedSymbol> entity = resolver.sameEntity(targets.front().id);
    if (entity.empty()) return {};
    std::set<std::pair<std::string, uint32_t>> ids;
    for (const auto& s : entity) ids.insert({s.id.path, s.id.index});
    const std::string& name = entity.front().symbol.name;
    auto resolvesHere = [&](const std::string& file, const ReferenceRecord& ref) {
      for (const auto& t : resolver.resolve(file, ref))
        if (ids.contains({t.id.path, t.id.index})) return true;
      return false;
    };
    if (auto stored = storedTargets(resolver, entity)) {
      // Linked: the stored edges of every settled file, and the pending ones resolved here. Each
      // stored list is in path order, so once one has given `limit` locations the rest of it
      // cannot be among the first `limit` of the answer.
      auto pending = pendingLinks(snapshot);
      for (const auto& id : *stored)
        for (bool calls : {false, true}) {
          size_t taken = 0;
          visitLinkedReferences(snapshot, id, calls, pending, [&](std::string_view from, std::vector<LinkedRef> refs) {
            for (const auto& r : refs) add(from, r.span);
            taken += refs.size();
            return limit == 0 || taken < limit;
          });
        }
      for (const auto& file : pendingFilesReferencing(resolver, snapshot, pending, name))
        for (const auto& ref : resolver.referencesNamed(file, name))
          if (resolvesHere(file, ref)) add(file, ref.span);
    } else {
      // A function local (or a symbol inside one): only its own file can name it.
      const std::string& file = entity.front().id.path;
      for (const auto& ref : resolver.referencesNamed(file, name))
        if (resolvesHere(file, ref)) add(file, ref.span);
    }
    if (includeDeclaration)
      for (const auto& s : entity) add(s.id.path, s.symbol.selectionRange);
  }
  std::vector<FileLocations> out;
  size_t kept = 0;
  for (auto& [file, spans] : byFile) {
    if (limit != 0 && kept >= limit) break;
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
      return std::tie(a.start, a.end) < std::tie(b.start, b.end);
    });
    spans.erase(std::unique(spans.begin(), spans.end()), spans.end());
    if (limit != 0 && kept + spans.size() > limit) spans.resize(limit - kept);
    kept += spans.size();
    out.push_back({file, std::move(spans)});
  }
  return out;
}

std::vector<Location> findReferences(const kv::Snapshot& snapshot, std::string_view path, Point position,
                                     bool includeDeclaration) {
  std::vector<Location> out;
  for (auto& file : findReferencesByFile(snapshot, path, position, includeDeclaration))
    for (const auto& span : file.spans) out.push_back({file.path, span});
  return out;
}

std::vector<CallHierarchyNode> prepareCallHierarchy(const kv::Snapshot& snapshot, std::string_view path,
                                                    Point position) {
  auto occurrence = occurrenceAt(snapshot, path, position);
  if (!occurrence) return {};
  Resolver resolver(snapshot);
  std::vector<CallHierarchyNode> out;
  for (const auto& target : targetsAt(resolver, std::string(path), *occurrence)) {
    if (!isFunctionLike(target.symbol.kind)) continue;
    const ResolvedSymbol node = nodeSeenAt(resolver, target, std::string(path), position);
    if (std::none_of(out.begin(), out.end(), [&](const auto& n) { return n.id == node.id; }))
      out.push_back(whole(resolver, node));
  }
  return out;
}

std::vector<CallEdge> incomingCalls(const kv::Snapshot& snapshot, const SymbolId& callee) {
  Resolver resolver(snapshot);
  std::vector<ResolvedSymbol> entity = resolver.sameEntity(callee);
  if (entity.empty()) return {};
  std::set<std::pair<std::string, uint32_t>> ids;
  for (const auto& s : entity) ids.insert({s.id.path, s.id.index});
  const std::string& name = entity.front().symbol.name;

  // Call sites by file, then by caller (a symbol index of that file): `kfree` has 26,000 callers
  // in 10,000 files, and each file's path is held once.
  std::map<std::string, std::map<int32_t, std::vector<Span>>, std::less<>> byFile;
  auto add = [&](std::string_view file, int32_t caller, const Span& span) {
    if (caller < 0) return; // a call at file scope has no function to list
    auto it = byFile.find(file);
    if (it == byFile.end()) it = byFile.emplace(std::string(file), std::map<int32_t, std::vector<Span>>{}).first;
    it->second[caller].push_back(span);
  };
  auto resolvesHere = [&](const std::string& file, const ReferenceRecord& ref) {
    auto targets = resolver.resolve(file, ref);
    return std::any_of(targets.begin(), targets.end(), [&](const auto& t) { return ids.contains({t.id.path, t.id.index}); });
  };
  std::vector<std::string> scanNow;
  if (auto stored = storedTargets(resolver, entity)) {
    auto pending = pendingLinks(snapshot);
    for (const auto& id : *stored)
      visitLinkedReferences(snapshot, id, true, pending, [&](std::string_view from, std::vector<LinkedRef> refs) {
        for (const auto& r : refs) add(from, r.caller, r.span);
        return true;
      });
    scanNow = pendingFilesReferencing(resolver, snapshot, pending, name);
  } else {
    scanNow = {entity.front().id.path};
  }
  for (const auto& file : scanNow)
    for (const auto& ref : resolver.referencesNamed(file, name, RefRole::Call))
      if (resolvesHere(file, ref)) add(file, resolver.enclosingFunction(file, ref.enclosing), ref.span);
  std::vector<CallEdge> out;
  for (auto& [file, callers] : byFile) {
    for (auto& [caller, spans] : callers) {
      auto symbol = resolver.symbolRecord({file, static_cast<uint32_t>(caller)}, /*withDoc=*/false);
      if (!symbol) continue;
      std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
      spans.erase(std::unique(spans.begin(), spans.end()), spans.end());
      out.push_back({{{file, static_cast<uint32_t>(caller)}, std::move(*symbol)}, std::move(spans)});
    }
  }
  return out;
}

std::vector<CallEdge> outgoingCalls(const kv::Snapshot& snapshot, const SymbolId& caller) {
  Resolver resolver(snapshot);
  if (!resolver.symbolAt(caller)) return {};
  std::map<std::pair<std::string, uint32_t>, CallEdge> byCallee;
  std::vector<std::pair<std::string, uint32_t>> order; // first call first
  const bool python = resolver.languageOf(caller.path) == Language::Python;
  for (const auto& ref : resolver.referencesOf(caller.path)) {
    if (ref.role != RefRole::Call) continue;
    if (resolver.enclosingFunction(caller.path, ref.enclosing) != static_cast<int32_t>(caller.index)) continue;
    for (const auto& target : resolver.resolve(caller.path, ref)) {
      // Python `Token(…)` calls the class (pyright lists the class as the callee); C++ resolves
      // `T(…)` to a constructor when T declares one.
      const bool instantiation = python && target.symbol.kind == SymbolKind::Class;
      if (!isFunctionLike(target.symbol.kind) && !instantiation) continue;
      const ResolvedSymbol node = nodeSeenAt(resolver, target, caller.path, ref.span.start);
      auto key = std::make_pair(node.id.path, node.id.index);
      auto [it, fresh] = byCallee.try_emplace(key);
      if (fresh) {
        it->second.node = whole(resolver, node);
        order.push_back(key);
      }
      // A call that resolves to a prototype and its body names one node: one call site.
      if (it->second.fromRanges.empty() || !(it->second.fromRanges.back() == ref.span))
        it->second.fromRanges.push_back(ref.span);
    }
  }
  std::vector<CallEdge> out;
  for (const auto& key : order) out.push_back(std::move(byCallee[key]));
  return out;
}

std::optional<ResolvedSymbol> hoverTarget(const kv::Snapshot& snapshot, std::string_view path, Point position) {
  auto occurrence = occurrenceAt(snapshot, path, position);
  if (!occurrence) return std::nullopt;
  Resolver resolver(snapshot);
  auto targets = targetsAt(resolver, std::string(path), *occurrence);
  if (targets.empty() || targets.front().id.index == kModuleIndex) return std::nullopt;
  // Prefer the body, whose head carries parameter names, then any declaration.
  auto bodies = bodiesOf(resolver.sameEntity(targets.front().id));
  return whole(resolver, bodies.empty() ? targets.front() : bodies.front());
}

std::vector<Highlight> documentHighlights(const kv::Snapshot& snapshot, std::string_view path, Point position) {
  auto occurrence = occurrenceAt(snapshot, path, position);
  if (!occurrence) return {};
  Resolver resolver(snapshot);
  const std::string p(path);
  auto targets = targetsAt(resolver, p, *occurrence);
  if (targets.empty()) return {};
  std::set<std::pair<std::string, uint32_t>> ids;
  for (const auto& s : resolver.sameEntity(targets.front().id)) ids.insert({s.id.path, s.id.index});
  if (ids.empty()) ids.insert({targets.front().id.path, targets.front().id.index});
  std::vector<Highlight> out;
  const auto& symbols = resolver.symbolsOf(p);
  for (uint32_t i = 0; i < symbols.size(); ++i)
    if (ids.contains({p, i})) out.push_back({symbols[i].selectionRange, HighlightKind::Write});
  for (const auto& ref : resolver.referencesOf(p)) {
    if (ref.name != occurrence->name) continue;
    auto resolved = resolver.resolve(p, ref);
    if (std::any_of(resolved.begin(), resolved.end(), [&](const auto& t) { return ids.contains({t.id.path, t.id.index}); }))
      out.push_back({ref.span, ref.role == RefRole::Write ? HighlightKind::Write : HighlightKind::Read});
  }
  std::sort(out.begin(), out.end(), [](const Highlight& a, const Highlight& b) { return a.span.start < b.span.start; });
  return out;
}

std::vector<SyntaxErrorRecord> syntaxErrorsOf(const kv::Snapshot& snapshot, std::string_view path) {
  if (auto blob = snapshot.get(keys::syntaxErrors(path))) return decodeSyntaxErrors(*blob);
  return {};
}

bool indexedAsAscii(const kv::Snapshot& snapshot, std::string_view path) {
  auto record = snapshot.get(keys::file(path));
  return record && decodeFile(*record).ascii;
}

std::optional<int> fuzzyScore(std::string_view query, std::string_view name) {
  // ASCII case folding inline: std::tolower is a locale-aware call per character, and
  // workspace/symbol runs this over every name of the index (a million in the kernel).
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; };
  auto isUpper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto isLower = [](char c) { return c >= 'a' && c <= 'z'; };
  if (query.empty()) return 0;
  if (query.size() > name.size()) return std::nullopt;
  int score = 0;
  size_t q = 0;
  char want = lower(query[0]);
  bool previousMatched = false;
  for (size_t i = 0; i < name.size() && q < query.size(); ++i) {
    if (lower(name[i]) != want) {
      previousMatched = false;
      continue;
    }
    bool wordStart = i == 0 || name[i - 1] == '_' || (isUpper(name[i]) && isLower(name[i - 1]));
    score += wordStart ? 10 : previousMatched ? 5 : 1;
    previousMatched = true;
    if (++q < query.size()) want = lower(query[q]);
  }
  if (q < query.size()) return std::nullopt;
  if (name.size() == query.size()) score += 100; // an exact (case-insensitive) match
  else if (std::equal(query.begin(), query.end(), name.begin(), [&](char a, char b) { return lower(a) == lower(b); }))
    score += 50;
  return score;
}

namespace {
// workspace/symbol's order: better score, shorter name, then name, path and index.
bool rankedBefore(int scoreA, std::string_view nameA, std::string_view pathA, uint32_t indexA, int scoreB,
                  std::string_view nameB, std::string_view pathB, uint32_t indexB) {
  if (scoreA != scoreB) return scoreA > scoreB;
  if (nameA.size() != nameB.size()) return nameA.size() < nameB.size();
  return std::tie(nameA, pathA, indexA) < std::tie(nameB, pathB, indexB);
}
} // namespace

std::string containerNameOf(const kv::Snapshot& snapshot, const ResolvedSymbol& s) {
  if (s.symbol.parent < 0) return {};
  auto v = snapshot.get(keys::symbol(s.id.path, static_cast<uint32_t>(s.symbol.parent)));
  return v ? decodeSymbol(*v).name : std::string();
}

bool workspaceSymbolBefore(std::string_view query, const ResolvedSymbol& a, const ResolvedSymbol& b) {
  return rankedBefore(fuzzyScore(query, a.symbol.name).value_or(0), a.symbol.name, a.id.path, a.id.index,
                      fuzzyScore(query, b.symbol.name).value_or(0), b.symbol.name, b.id.path, b.id.index);
}

std::vector<ResolvedSymbol> workspaceSymbols(const kv::Snapshot& snapshot, std::string_view query, size_t limit) {
  // Match the distinct names (NameTable, kept across requests), rank them, then read the `sym:n:`
  // entries of the best names only, in rank order: within one name the keys come in (path,
  // index) order, which is the ranking's own tie-break.
  std::shared_ptr<const NameTable> names = NameTable::of(snapshot);
  struct Match {
    int score;
    uint32_t name;
  };
  std::vector<Match> matches;
  const uint64_t needed = NameTable::characterMask(query);
  for (size_t i = 0; i < names->size(); ++i)
    if ((needed & ~names->mask(i)) == 0)
      if (auto score = fuzzyScore(query, (*names)[i])) matches.push_back({*score, static_cast<uint32_t>(i)});
  auto before = [&](const Match& a, const Match& b) {
    return rankedBefore(a.score, (*names)[a.name], {}, 0, b.score, (*names)[b.name], {}, 0);
  };
  Resolver resolver(snapshot);
  std::vector<ResolvedSymbol> out;
  // Sorted a slice at a time: most queries are answered from the first names.
  size_t sorted = 0;
  for (size_t next = 0; next < matches.size() && out.size() < limit; ++next) {
    if (next == sorted) {
      size_t end = std::min(matches.size(), std::max<size_t>(sorted * 4, limit * 2));
      std::partial_sort(matches.begin() + static_cast<long>(sorted), matches.begin() + static_cast<long>(end),
                        matches.end(), before);
      sorted = end;
    }
    const std::string name((*names)[matches[next].name]);
    std::string path;
    uint32_t index = 0;
    std::vector<std::pair<std::string, uint32_t>> entries;
    snapshot.scanPrefix(keys::symbolsNamed(name), [&](std::string_view k, std::string_view v) {
      if (!decodeNameEntry(v).local && keys::parseSymbolByName(k, path, index)) entries.emplace_back(path, index);
      return true;
    });
    for (const auto& [file, i] : entries) {
      if (out.size() >= limit) break;
      // Single records, not whole files: a hundred answers can lie in a hundred large files.
      auto symbol = resolver.symbolRecord({file, i}, /*withDoc=*/false);
      if (!symbol || symbol->name != name || !symbol->inOutline) continue;
      bool local = false; // inside a function, however deep (a struct declared in a body)
      int32_t parent = symbol->parent;
      for (int depth = 0; parent >= 0 && depth < 64 && !local; ++depth) {
        auto above = resolver.symbolRecord({file, static_cast<uint32_t>(parent)}, /*withDoc=*/false);
        if (!above) break;
        local = isFunctionLike(above->kind);
        parent = above->parent;
      }
      if (!local) out.push_back({{file, i}, std::move(*symbol)});
    }
  }
  return out;
}

} // namespace sextant::graph
