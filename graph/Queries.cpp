// Symbol lookup by file, by position and by name.
#include "graph/Queries.h"

#include "graph/Codec.h"
#include "graph/Keys.h"

#include <algorithm>
#include <map>

namespace sextant::graph {
namespace {

bool isCallable(SymbolKind k) {
  return k == SymbolKind::Function || k == SymbolKind::Method || k == SymbolKind::Constructor ||
         k == SymbolKind::Class || k == SymbolKind::Struct; // T(...) constructs a class or struct
}

bool isType(SymbolKind k) {
  return k == SymbolKind::Class || k == SymbolKind::Struct || k == SymbolKind::Enum ||
         k == SymbolKind::Interface || k == SymbolKind::TypeParameter || k == SymbolKind::Namespace ||
         k == SymbolKind::Module;
}

bool isFunctionLike(SymbolKind k) {
  return k == SymbolKind::Function || k == SymbolKind::Method || k == SymbolKind::Constructor;
}

bool spanHits(const Span& s, Point p) {
  // Inclusive end: a cursor right after the last character still names the identifier.
  return s.start <= p && p <= s.end;
}

struct Candidate {
  SymbolId id;
  SymbolRecord symbol;
  int score = 0;
};

/// The chain of enclosing symbol indices of `index` within one file, innermost first.
std::vector<int32_t> ancestors(const std::vector<SymbolRecord>& symbols, int32_t index) {
  std::vector<int32_t> chain;
  for (int32_t i = index; i >= 0 && i < static_cast<int32_t>(symbols.size()); i = symbols[i].parent)
    chain.push_back(i);
  return chain;
}

std::vector<Location> bestOf(std::vector<Candidate>& candidates) {
  std::vector<Location> out;
  if (candidates.empty()) return out;
  int best = std::max_element(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
               return a.score < b.score;
             })->score;
  for (const auto& c : candidates)
    if (c.score == best) out.push_back({c.id.path, c.symbol.selectionRange});
  return out;
}

} // namespace

std::vector<SymbolRecord> documentSymbols(const kv::Snapshot& snapshot, std::string_view path) {
  std::vector<SymbolRecord> symbols;
  snapshot.scanPrefix(keys::symbolsOf(path), [&](std::string_view, std::string_view v) {
    symbols.push_back(decodeSymbol(v));
    return true;
  });
  return symbols;
}

std::optional<Occurrence> occurrenceAt(const kv::Snapshot& snapshot, std::string_view path, Point position) {
  std::optional<Occurrence> hit;
  // Definition names first: a name is never also recorded as a reference.
  uint32_t index = 0;
  snapshot.scanPrefix(keys::symbolsOf(path), [&](std::string_view k, std::string_view v) {
    SymbolRecord sym = decodeSymbol(v);
    index = keys::symbolIndexFromKey(k);
    if (spanHits(sym.selectionRange, position)) {
      hit = Occurrence{sym.name, sym.selectionRange, index, std::nullopt};
      return false;
    }
    return true;
  });
  if (hit) return hit;
  if (auto blob = snapshot.get(keys::references(path))) {
    std::vector<ReferenceRecord> refs = decodeReferences(*blob);
    // Document order: the first reference starting after the cursor bounds the search.
    auto end = std::upper_bound(refs.begin(), refs.end(), position,
                                [](Point p, const ReferenceRecord& r) { return p < r.span.start; });
    for (auto it = end; it != refs.begin();) {
      --it;
      if (spanHits(it->span, position)) return Occurrence{it->name, it->span, std::nullopt, *it};
      if (it->span.end.line < position.line) break;
    }
  }
  return std::nullopt;
}

std::vector<Location> findDefinition(const kv::Snapshot& snapshot, std::string_view path, Point position) {
  auto occurrence = occurrenceAt(snapshot, path, position);
  if (!occurrence) return {};

  std::vector<SymbolRecord> here = documentSymbols(snapshot, path);
  std::vector<Candidate> candidates;
  std::string candidatePath;
  uint32_t candidateIndex = 0;
  snapshot.scanPrefix(keys::symbolsNamed(occurrence->name), [&](std::string_view k, std::string_view) {
    if (!keys::parseSymbolByName(k, candidatePath, candidateIndex)) return true;
    Candidate c{{candidatePath, candidateIndex}, {}, 0};
    if (candidatePath == path && candidateIndex < here.size()) {
      c.symbol = here[candidateIndex];
    } else if (auto v = snapshot.get(keys::symbol(candidatePath, candidateIndex))) {
      c.symbol = decodeSymbol(*v);
    } else {
      return true;
    }
    candidates.push_back(std::move(c));
    return candidates.size() < 1000; // a name this common is not worth ranking further
  });

  if (occurrence->symbol) {
    const SymbolRecord& self = here[*occurrence->symbol];
    if (self.isDeclaration) {
      // From a declaration, go to the bodies of the same name and kind family.
      std::vector<Candidate> bodies;
      for (auto& c : candidates)
        if (!c.symbol.isDeclaration && isFunctionLike(c.symbol.kind) == isFunctionLike(self.kind)) {
          c.score = c.id.path == path ? 2 : 1;
          bodies.push_back(c);
        }
      if (!bodies.empty()) return bestOf(bodies);
    }
    return {{std::string(path), self.selectionRange}};
  }

  // Names only bind within one language family (C and C++ share headers).
  std::map<std::string, std::optional<Language>> languages;
  auto languageOf = [&](const std::string& p) -> std::optional<Language> {
    auto [it, fresh] = languages.try_emplace(p);
    if (fresh)
      if (auto v = snapshot.get(keys::file(p))) it->second = decodeFile(*v).language;
    return it->second;
  };
  auto family = [](std::optional<Language> l) { return l == Language::Cpp ? Language::C : l.value_or(Language::C); };
  Language hereLanguage = family(languageOf(std::string(path)));
  std::erase_if(candidates, [&](const Candidate& c) { return family(languageOf(c.id.path)) != hereLanguage; });

  const ReferenceRecord& ref = *occurrence->reference;
  std::vector<int32_t> scope = ancestors(here, ref.enclosing);
  std::erase_if(candidates, [&](const Candidate& c) {
    // A symbol nested in a function is a local: visible only inside that function.
    int32_t parent = c.symbol.parent;
    bool local = false;
    if (c.id.path == path) {
      local = parent >= 0 && static_cast<size_t>(parent) < here.size() && isFunctionLike(here[parent].kind);
      if (local) return std::find(scope.begin(), scope.end(), parent) == scope.end();
      return false;
    }
    if (parent >= 0) {
      if (auto v = snapshot.get(keys::symbol(c.id.path, static_cast<uint32_t>(parent))))
        local = isFunctionLike(decodeSymbol(*v).kind);
    }
    return local;
  });

  auto keepIfAny = [&](auto pred) {
    if (std::any_of(candidates.begin(), candidates.end(), pred)) std::erase_if(candidates, std::not_fn(pred));
  };
  if (ref.role == RefRole::Call) keepIfAny([](const Candidate& c) { return isCallable(c.symbol.kind); });
  if (ref.role == RefRole::Type || ref.role == RefRole::Inherit)
    keepIfAny([](const Candidate& c) { return isType(c.symbol.kind); });
  if (!ref.receiver.empty() && ref.role != RefRole::Type)
    keepIfAny([](const Candidate& c) { return c.symbol.parent >= 0 || !c.symbol.qualifier.empty(); });

  for (auto& c : candidates) {
    c.score = (c.id.path == path ? 4 : 1) + (c.symbol.isDeclaration ? 0 : 2);
    // The innermost visible declaration shadows outer ones.
    if (c.id.path == path && c.symbol.parent >= 0) {
      auto it = std::find(scope.begin(), scope.end(), c.symbol.parent);
      if (it != scope.end()) c.score += 8 + static_cast<int>(scope.end() - it);
    }
  }
  return bestOf(candidates);
}

} // namespace sextant::graph
