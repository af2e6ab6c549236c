// Scope-aware, kind-filtered, ranked name resolution over the stored graph.
#include "graph/Resolver.h"

#include "graph/Arity.h"
#include "graph/Codec.h"
#include "graph/CompileCommands.h"
#include "graph/Keys.h"
#include "graph/RecordCache.h"
#include "graph/WorkspacePath.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <tuple>

namespace sextant::graph {
namespace {

bool isCallable(SymbolKind k) {
  return isFunctionLike(k) || k == SymbolKind::Class || k == SymbolKind::Struct; // T(...) constructs
}

bool isType(SymbolKind k) {
  return k == SymbolKind::Class || k == SymbolKind::Struct || k == SymbolKind::Enum ||
         k == SymbolKind::Interface || k == SymbolKind::TypeParameter || k == SymbolKind::Namespace ||
         k == SymbolKind::Module;
}

/// Languages that name each other's symbols: C and C++ share headers; TypeScript imports JavaScript.
Language family(Language l) {
  switch (l) {
  case Language::Cpp: return Language::C;
  case Language::TypeScript:
  case Language::Tsx: return Language::JavaScript;
  default: return l;
  }
}

/// Languages whose overloads are told apart by arity (graph/Arity.h): their calls carry an
/// argument count (parse::Syntax::argumentCount) and their callables keep their parameter list.
bool overloadsByArity(Language l) { return family(l) == Language::C || l == Language::Java; }

/// Innermost first.
std::vector<int32_t> ancestors(const std::vector<SymbolRecord>& symbols, int32_t index) {
  std::vector<int32_t> chain;
  for (int32_t i = index; i >= 0 && i < static_cast<int32_t>(symbols.size()); i = symbols[i].parent)
    chain.push_back(i);
  return chain;
}

} // namespace


const std::optional<FileRecord>& Resolver::fileRecordOf(const std::string& path) {
  auto [it, fresh] = files_.try_emplace(path);
  if (fresh)
    if (auto v = snapshot_.get(keys::file(path))) it->second = decodeFile(*v);
  return it->second;
}

std::shared_ptr<const FileRecords> Resolver::recordsOf(const std::string& path, RecordKind kind) {
  static const auto kEmpty = std::make_shared<const FileRecords>();
  const auto& file = fileRecordOf(path);
  if (!file) return kEmpty; // not indexed (or removed): nothing to decode
  RecordCache& cache = RecordCache::shared();
  if (auto hit = cache.find(path, file->hash, kind)) return hit;
  auto records = std::make_shared<FileRecords>();
  if (kind == RecordKind::Symbols) {
    snapshot_.scanPrefix(keys::symbolsOf(path), [&](std::string_view, std::string_view v) {
      records->symbols.push_back(decodeSymbol(v));
      return true;
    });
    indexLocals(*records);
  } else {
    if (auto blob = snapshot_.get(keys::references(path))) records->references = decodeReferences(*blob);
    indexReferences(*records);
  }
  return cache.insert(path, file->hash, kind, std::move(records));
}

const std::vector<SymbolRecord>& Resolver::symbolsOf(const std::string& path) {
  auto [it, fresh] = symbols_.try_emplace(path);
  if (fresh) it->second = recordsOf(path, RecordKind::Symbols);
  return it->second->symbols;
}

const std::vector<ReferenceRecord>& Resolver::referencesOf(const std::string& path) {
  auto [it, fresh] = references_.try_emplace(path);
  if (fresh) it->second = recordsOf(path, RecordKind::References);
  return it->second->references;
}

const std::vector<ImportRecord>& Resolver::importsOf(const std::string& path) {
  auto [it, fresh] = imports_.try_emplace(path);
  if (fresh)
    if (auto blob = snapshot_.get(keys::imports(path))) it->second = decodeImports(*blob);
  return it->second;
}

std::optional<ContentHash> Resolver::contentHash(const std::string& path) {
  const auto& file = fileRecordOf(path);
  if (!file) return std::nullopt;
  return file->hash;
}

std::optional<Language> Resolver::languageOf(const std::string& path) {
  const auto& file = fileRecordOf(path);
  if (!file) return std::nullopt;
  return file->language;
}

const std::vector<ResolvedSymbol>& Resolver::symbolsNamed(const std::string& name) {
  return namedSymbols(name).symbols;
}

const NamedSymbols& Resolver::namedSymbols(const std::string& name) {
  auto [it, fresh] = byName_.try_emplace(name);
  if (!fresh) return *it->second;
  if (names_)
    if (auto hit = names_->find(name)) return *(it->second = std::move(*hit));
  auto entry = std::make_shared<NamedSymbols>();
  std::string path;
  uint32_t index = 0;
  std::vector<std::pair<std::string, uint32_t>> ids;
  snapshot_.scanPrefix(keys::symbolsNamed(name), [&](std::string_view k, std::string_view v) {
    if (!keys::parseSymbolByName(k, path, index)) return true;
    if (decodeNameEntry(v).local) return true; // found through localsNamed() from its own file
    ids.emplace_back(path, index);
    return ids.size() < 1000; // a name this common is not worth ranking further
  });
  // Read outside the scan: one record each, not their whole files.
  for (auto& [p, i] : ids) {
    auto v = snapshot_.get(keys::symbol(p, i));
    if (!v) continue;
    SymbolRecord s = decodeSymbol(*v);
    // A name entry whose symbol moved on would be a stale key: trust only matching records.
    if (s.name != name) continue;
    s.doc = std::string();
    // C/C++ and Java callables keep their parameter list: overloads are told apart by arity.
    const std::optional<Language> language = languageOf(p);
    if (!(isCallable(s.kind) && language && overloadsByArity(*language))) s.signature = std::string();
    entry->languages.push_back(language);
    entry->symbols.push_back({{std::move(p), i}, std::move(s)});
  }
  if (names_) names_->insert(name, entry);
  it->second = std::move(entry);
  return *it->second;
}

const std::vector<ResolvedSymbol>& Resolver::localsNamed(const std::string& path, const std::string& name) {
  std::string key = path;
  key.push_back('\0');
  key += name;
  auto [it, fresh] = locals_.try_emplace(std::move(key));
  if (fresh) {
    symbolsOf(path); // pins the file's records
    const FileRecords& records = *symbols_.at(path);
    if (auto found = records.localsByName.find(name); found != records.localsByName.end())
      for (uint32_t i : found->second) it->second.push_back({{path, i}, records.symbols[i]});
  }
  return it->second;
}

std::vector<ReferenceRecord> Resolver::referencesNamed(const std::string& path, std::string_view name,
                                                       std::optional<RefRole> role) {
  referencesOf(path); // pins the file's records
  const FileRecords& records = *references_.at(path);
  std::vector<ReferenceRecord> out;
  if (auto found = records.referencesByName.find(name); found != records.referencesByName.end())
    for (uint32_t i : found->second)
      if (!role || records.references[i].role == *role) out.push_back(records.references[i]);
  return out;
}

const std::vector<ReferenceRecord>& Resolver::importBindingsOf(const std::string& path) {
  auto [it, fresh] = importBindings_.try_emplace(path);
  if (fresh) {
    referencesOf(path); // pins the file's records
    const FileRecords& records = *references_.at(path);
    for (uint32_t i : records.importReferences) it->second.push_back(records.references[i]);
  }
  return it->second;
}

std::vector<std::string> Resolver::filesReferencing(const std::string& name) {
  std::vector<std::string> files;
  snapshot_.scanPrefix(keys::referencesNamedPrefix(name), [&](std::string_view k, std::string_view) {
    files.emplace_back(keys::pathOfReferencesNamed(k));
    return true;
  });
  return files;
}

std::optional<SymbolRecord> Resolver::symbolAt(const SymbolId& id) {
  const auto& symbols = symbolsOf(id.path);
  if (id.index >= symbols.size()) return std::nullopt;
  return symbols[id.index];
}

std::optional<SymbolRecord> Resolver::symbolRecord(const SymbolId& id, bool withDoc) {
  auto copy = [&](const SymbolRecord& s) -> std::optional<SymbolRecord> {
    if (withDoc) return s;
    return SymbolRecord{s.name,      s.kind,          s.range,     s.selectionRange, s.parent, s.qualifier,
                        s.signature, s.isDeclaration, s.inOutline, s.type,           {},       s.visibility};
  };
  auto decoded = symbols_.find(id.path);
  if (decoded == symbols_.end()) {
    const auto& file = fileRecordOf(id.path);
    if (!file) return std::nullopt;
    auto hit = RecordCache::shared().find(id.path, file->hash, RecordKind::Symbols);
    if (!hit) {
      if (auto v = snapshot_.get(keys::symbol(id.path, id.index))) return decodeSymbol(*v);
      return std::nullopt;
    }
    decoded = symbols_.emplace(id.path, hit).first;
  }
  const auto& symbols = decoded->second->symbols;
  if (id.index >= symbols.size()) return std::nullopt;
  return copy(symbols[id.index]);
}

int32_t Resolver::enclosingFunction(const std::string& path, int32_t index) {
  const auto& symbols = symbolsOf(path);
  for (int32_t i : ancestors(symbols, index))
    if (isFunctionLike(symbols[i].kind)) return i;
  return -1;
}

std::string Resolver::scopePath(const std::string& path, uint32_t index) {
  const auto& symbols = symbolsOf(path);
  if (index >= symbols.size()) return {};
  std::vector<int32_t> chain = ancestors(symbols, symbols[index].parent);
  std::string scope;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!scope.empty()) scope += "::";
    scope += symbols[*it].name;
  }
  if (!symbols[index].qualifier.empty()) {
    if (!scope.empty()) scope += "::";
    scope += symbols[index].qualifier;
  }
  return scope;
}

namespace {

std::string parentFolder(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string joinPath(const std::string& folder, const std::string& rest) {
  return folder.empty() ? rest : folder + "/" + rest;
}


std::vector<std::string> splitDots(std::string_view dotted) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= dotted.size()) {
    size_t dot = dotted.find('.', start);
    std::string_view part = dotted.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!part.empty()) parts.emplace_back(part);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

ResolvedSymbol moduleSymbol(const std::string& file) {
  SymbolRecord s;
  s.name = file;
  s.kind = SymbolKind::Module;
  return {{file, kModuleIndex}, s};
}

bool isSimpleIdentifier(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
  });
}

} // namespace

std::string Resolver::includedFile(const std::string& unit, const std::string& from, const std::string& target) {
  if (target.empty() || target.front() == '/') return {};
  auto [search, fresh] = includeFolders_.try_emplace(unit);
  if (fresh) {
    search->second.folders = recordedIncludeFolders(snapshot_, unit);
    // What the answer depends on besides `from` and `target`: the unit's folder (the `include/`
    // walk below) and its include folders, hashed (a unit can have dozens).
    std::string& key = search->second.key;
    key = parentFolder(unit);
    key.push_back('\0');
    std::string joined;
    for (const auto& f : search->second.folders) joined += f + '\0';
    const uint64_t hash = XXH3_64bits(joined.data(), joined.size());
    key.append(reinterpret_cast<const char*>(&hash), sizeof hash);
  }
  std::string cacheKey;
  if (includes_) {
    cacheKey = search->second.key;
    cacheKey += parentFolder(from);
    cacheKey.push_back('\0');
    cacheKey += target;
    if (auto hit = includes_->find(cacheKey)) return std::move(*hit);
  }
  std::string found = searchInclude(search->second.folders, unit, from, target);
  if (includes_) includes_->insert(cacheKey, found);
  return found;
}

std::string Resolver::searchInclude(const std::vector<std::string>& folders, const std::string& unit,
                                    const std::string& from, const std::string& target) {
  // Most candidates lie in folders that hold no indexed file at all (`drivers/phy/include/linux/`):
  // one probe per folder answers for all of them.
  auto indexed = [&](const std::string& candidate) {
    if (candidate.empty()) return false;
    const auto probe = folderIndexed_.try_emplace(parentFolder(candidate));
    const auto folder = probe.first;
    if (probe.second) {
      bool any = false;
      snapshot_.scanPrefix(keys::file(folder->first.empty() ? "" : folder->first + "/"), [&](std::string_view, std::string_view) {
        any = true;
        return false;
      });
      folder->second = any;
    }
    return folder->second && fileRecordOf(candidate).has_value();
  };
  if (std::string beside = normalizedPath(joinPath(parentFolder(from), target)); indexed(beside)) return beside;
  // The build's own search path (compile_commands.json), when there is one.
  for (const auto& folder : folders)
    if (std::string there = normalizedPath(joinPath(folder, target)); indexed(there)) return there;
  // The search path is the translation unit's: a header's `<asm/page.h>` is the one of the
  // architecture whose `.c` file includes it.
  for (const std::string* start : {&unit, &from}) {
    for (std::string above = parentFolder(*start);;) {
      if (std::string there = normalizedPath(joinPath(joinPath(above, "include"), target)); indexed(there)) return there;
      if (above.empty()) break;
      above = parentFolder(above);
    }
  }
  if (std::string fromRoot = normalizedPath(target); indexed(fromRoot)) return fromRoot;
  return {};
}

const std::unordered_set<std::string>& Resolver::includeClosure(const std::string& path) {
  auto [it, fresh] = includeClosures_.try_emplace(path);
  if (!fresh) return it->second;
  std::unordered_set<std::string> seen;
  std::vector<std::string> frontier{path};
  // Bounded: a kernel .c file reaches about a thousand headers.
  while (!frontier.empty() && seen.size() < 5000) {
    std::string file = std::move(frontier.back());
    frontier.pop_back();
    for (const auto& include : importsOf(file)) {
      std::string found = includedFile(path, file, include.target);
      if (!found.empty() && found != path && seen.insert(found).second) frontier.push_back(std::move(found));
    }
  }
  it->second = std::move(seen);
  return it->second;
}


std::string Resolver::pythonModuleFile(const std::string& fromPath, std::string_view target) {
  size_t dots = target.find_first_not_of('.');
  if (dots == std::string_view::npos) dots = target.size();
  std::vector<std::string> parts = splitDots(target.substr(dots));
  std::string rel;
  for (const auto& p : parts) rel = rel.empty() ? p : rel + "/" + p;
  auto tryFolder = [&](const std::string& folder) -> std::string {
    if (rel.empty()) {
      std::string init = joinPath(folder, "__init__.py");
      return languageOf(init) ? init : std::string();
    }
    for (const char* suffix : {".py", "/__init__.py"}) {
      std::string candidate = joinPath(folder, rel + suffix);
      if (languageOf(candidate)) return candidate;
    }
    return {};
  };
  if (dots > 0) {
    std::string base = parentFolder(fromPath);
    for (size_t i = 1; i < dots; ++i) base = parentFolder(base);
    return tryFolder(base);
  }
  if (std::string found = tryFolder(""); !found.empty()) return found;
  // Source layouts (`src/pkg/...`): every folder above the importing file, shallowest first.
  std::vector<std::string> folders;
  for (std::string f = parentFolder(fromPath); !f.empty(); f = parentFolder(f)) folders.push_back(f);
  for (auto it = folders.rbegin(); it != folders.rend(); ++it)
    if (std::string found = tryFolder(*it); !found.empty()) return found;
  return {};
}

std::vector<ResolvedSymbol> Resolver::lookupInModule(const std::string& file, const std::string& name, int depth) {
  std::vector<ResolvedSymbol> out;
  const auto& symbols = symbolsOf(file);
  for (uint32_t i = 0; i < symbols.size(); ++i)
    if (symbols[i].parent < 0 && symbols[i].name == name) {
      out.push_back({{file, i}, symbols[i]});
      break; // the first binding is the definition
    }
  if (!out.empty() || depth >= 3) return out;
  // Re-exported through the module's own imports (`from .x import name` in an __init__.py).
  for (const auto& ref : importBindingsOf(file))
    if (ref.name == name) {
      auto found = resolveImport(file, ref, depth + 1);
      if (!found.empty()) return found;
    }
  return out;
}

std::vector<ResolvedSymbol> Resolver::resolveImport(const std::string& path, const ReferenceRecord& ref, int depth) {
  const ImportRecord* statement = nullptr;
  for (const auto& imp : importsOf(path))
    if (imp.span.startByte <= ref.span.startByte && ref.span.endByte <= imp.span.endByte) statement = &imp;
  if (!statement) return {};
  const std::string& target = statement->target;
  size_t dots = target.find_first_not_of('.');
  if (dots == std::string::npos) dots = target.size();
  std::vector<std::string> parts = splitDots(std::string_view(target).substr(dots));
  // Module path components come first in the statement (`from a.b import c`, `import a.b`).
  uint32_t offset = ref.span.startByte - statement->span.startByte;
  auto component = std::find(parts.begin(), parts.end(), ref.name);
  if (component != parts.end() && offset <= 8 + target.size()) {
    std::string prefix = target.substr(0, dots);
    for (auto it = parts.begin(); it <= component; ++it) prefix += (it == parts.begin() ? "" : ".") + *it;
    std::string file = pythonModuleFile(path, prefix);
    if (file.empty()) return {};
    return {moduleSymbol(file)};
  }
  std::string module = pythonModuleFile(path, target);
  if (!module.empty()) {
    auto found = lookupInModule(module, ref.name, depth);
    if (!found.empty()) return found;
  }
  // `from package import submodule`.
  std::string sub = target + (target.empty() || target.back() == '.' ? "" : ".") + ref.name;
  if (std::string file = pythonModuleFile(path, sub); !file.empty()) return {moduleSymbol(file)};
  return {};
}

std::vector<ResolvedSymbol> Resolver::resolveThroughImports(const std::string& path, const ReferenceRecord& ref) {
  if (ref.role == RefRole::Import) return resolveImport(path, ref, 0);
  // `module.name` where `module` is bound by an import of this file.
  if (!ref.receiver.empty() && isSimpleIdentifier(ref.receiver)) {
    for (const auto& other : importBindingsOf(path))
      if (other.name == ref.receiver) {
        auto modules = resolveImport(path, other, 0);
        if (modules.size() == 1 && modules[0].id.index == kModuleIndex) {
          auto found = lookupInModule(modules[0].id.path, ref.name, 0);
          if (!found.empty()) return found;
        }
        break;
      }
    return {};
  }
  // A name bound by an import of this file.
  for (const auto& other : importBindingsOf(path))
    if (other.name == ref.name) return resolveImport(path, other, 0);
  return {};
}

namespace {

/// The type name in a declared type: `const struct TSLexer *` -> `TSLexer`, `std::vector<int> &`
/// -> `vector`, `Optional["Node"]` -> `Node`. "" when there is none.
std::string baseTypeName(std::string_view type, bool python) {
  std::string t(type);
  if (python) {
    // Optional[X], List[X], "X": the innermost named type.
    std::erase_if(t, [](char c) { return c == '"' || c == '\''; });
    size_t open = t.rfind('[');
    if (open != std::string::npos) t = t.substr(open + 1, t.find_first_of(",]", open + 1) - open - 1);
  } else {
    // A macro that expands to a type (`Array(TSNode)`, tree-sitter's `Array(T)`): the macro's
    // name, not its argument. `int (*)(void)` (a function pointer) has no name before its '('.
    size_t paren = t.find('(');
    if (paren != std::string::npos && paren > 0 &&
        (std::isalnum(static_cast<unsigned char>(t[paren - 1])) || t[paren - 1] == '_')) {
      size_t start = paren;
      while (start > 0 && (std::isalnum(static_cast<unsigned char>(t[start - 1])) || t[start - 1] == '_')) --start;
      return t.substr(start, paren - start);
    }
    // Drop template arguments: `a::b<c<d>> *` -> `a::b *`.
    std::string flat;
    int depth = 0;
    for (char c : t) {
      if (c == '<') ++depth;
      else if (c == '>') depth = std::max(0, depth - 1);
      else if (depth == 0) flat.push_back(c);
    }
    t = flat;
  }
  static const std::set<std::string, std::less<>> kSkip = {"const", "volatile", "struct", "union", "enum", "class",
                                                           "unsigned", "signed", "static", "mutable", "typename",
                                                           "register", "restrict", "inline"};
  std::string last;
  size_t i = 0;
  while (i < t.size()) {
    if (!(std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '_')) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '_')) ++j;
    std::string word = t.substr(i, j - i);
    if (!kSkip.contains(word)) last = word;
    i = j;
  }
  return last;
}

/// The first template argument of a declared type: `PODArray<Prog::Inst>` -> `Prog::Inst`,
/// `std::unique_ptr<Node> &` -> `Node`; "" when there is none.
std::string firstTemplateArgument(std::string_view type) {
  size_t open = type.find('<');
  if (open == std::string_view::npos) return {};
  int depth = 0;
  for (size_t i = open + 1; i < type.size(); ++i) {
    char c = type[i];
    if (c == '<') ++depth;
    else if ((c == '>' && depth-- == 0) || (c == ',' && depth == 0)) return std::string(type.substr(open + 1, i - open - 1));
  }
  return {};
}

bool isRecordType(SymbolKind k) {
  return k == SymbolKind::Class || k == SymbolKind::Struct || k == SymbolKind::Interface || k == SymbolKind::Enum;
}

} // namespace

std::set<std::pair<std::string, int32_t>> Resolver::typesOf(const std::string& type, bool python) {
  std::set<std::pair<std::string, int32_t>> out = typesNamed(baseTypeName(type, python));
  // Containers and smart pointers (`PODArray<Job> job_; job_[i].id`, `unique_ptr<T> p; p->f`):
  // their element type's members are reached through them too.
  if (!python)
    if (std::string argument = firstTemplateArgument(type); !argument.empty())
      for (const auto& t : typesNamed(baseTypeName(argument, false))) out.insert(t);
  return out;
}

std::set<std::pair<std::string, int32_t>> Resolver::typesNamed(const std::string& name) {
  std::set<std::pair<std::string, int32_t>> out;
  if (name.empty()) return out;
  for (const auto& c : symbolsNamed(name))
    if (isRecordType(c.symbol.kind)) out.insert({c.id.path, static_cast<int32_t>(c.id.index)});
  return out;
}

namespace {

/// The identifiers of a receiver `a->b.c` / `(*a).b` / `a[i].b`: {"a", "b", "c"}; empty for
/// anything fancier (a scope `ns::`, a call, a cast), which is not followed.
std::vector<std::string> receiverParts(std::string_view receiver) {
  std::vector<std::string> parts;
  std::string_view rest = receiver;
  if (rest.find("::") != std::string_view::npos) return {}; // a scope, not an object
  while (!rest.empty()) {
    size_t arrow = rest.find("->"), dot = rest.find('.');
    size_t cut = std::min(arrow, dot);
    std::string part(rest.substr(0, cut));
    if (size_t bracket = part.find('['); bracket != std::string::npos) part.resize(bracket); // a[i] -> a
    while (!part.empty() && (part.front() == '*' || part.front() == '&' || part.front() == '(' || part.front() == ' '))
      part.erase(part.begin());
    while (!part.empty() && (part.back() == ')' || part.back() == ' ')) part.pop_back();
    if (!isSimpleIdentifier(part)) return {};
    parts.push_back(std::move(part));
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + (cut == arrow ? 2 : 1));
  }
  return parts;
}

} // namespace

std::set<std::pair<std::string, int32_t>> Resolver::receiverTypes(const std::string& path, const ReferenceRecord& ref,
                                                                  int depth) {
  std::set<std::pair<std::string, int32_t>> owners;
  if (depth > 2) return owners;
  // When a local bears the receiver's first name, which declaration that name means depends on
  // where the reference is (two `action`s of different types in one function): the memo key
  // then holds the declarations the name binds to here (locals resolve without a global lookup).
  const std::vector<std::string> parts = receiverParts(ref.receiver);
  if (parts.empty()) return owners; // a scope, a call, a cast: not followed
  std::string receiverKey = ref.receiver;
  if (!localsNamed(path, parts[0]).empty()) {
    ReferenceRecord use{parts[0], RefRole::Read, ref.span, ref.enclosing, "", -1};
    for (const ResolvedSymbol* t : resolveTargets(path, use)) {
      receiverKey += '\0';
      receiverKey += t->id.path;
      receiverKey += '\1';
      receiverKey += std::to_string(t->id.index);
    }
  }
  auto memoKey = std::make_tuple(path, ref.enclosing, std::move(receiverKey));
  if (auto memo = receivers_.find(memoKey); memo != receivers_.end()) return memo->second;
  owners = withBases(receiverTypesUncached(path, ref, parts));
  receivers_.emplace(std::move(memoKey), owners);
  return owners;
}

std::set<std::pair<std::string, int32_t>> Resolver::receiverTypesUncached(const std::string& path,
                                                                          const ReferenceRecord& ref,
                                                                          const std::vector<std::string>& parts) {
  std::set<std::pair<std::string, int32_t>> owners;
  bool python = languageOf(path) == Language::Python;
  const auto& symbols = symbolsOf(path);
  bool selfLike = parts[0] == "this" || (python && (parts[0] == "self" || parts[0] == "cls"));
  if (selfLike) {
    for (int32_t i : ancestors(symbols, ref.enclosing)) {
      if (isRecordType(symbols[i].kind)) {
        owners.insert({path, i});
        break;
      }
      if (isFunctionLike(symbols[i].kind) && !symbols[i].qualifier.empty()) {
        owners = typesNamed(symbols[i].qualifier); // `void Foo::bar() { this->x }`
        break;
      }
    }
  } else {
    ReferenceRecord head{parts[0], RefRole::Read, ref.span, ref.enclosing, "", -1};
    for (const ResolvedSymbol* target : resolveTargets(path, head)) {
      if (isRecordType(target->symbol.kind)) owners.insert({target->id.path, static_cast<int32_t>(target->id.index)});
      else
        for (const auto& t : typesOf(target->symbol.type, python)) owners.insert(t);
    }
  }
  for (size_t k = 1; k < parts.size() && !owners.empty(); ++k) {
    std::set<std::pair<std::string, int32_t>> next;
    for (const auto& [file, owner] : owners) {
      const auto& members = symbolsOf(file);
      for (size_t i = 0; i < members.size(); ++i) {
        const auto& m = members[i];
        if (m.parent != owner || m.name != parts[k]) continue;
        for (const auto& t : typesOf(m.type, python)) next.insert(t);
        // `struct { … } shift;`: the field holds its members itself (parsers/ nests them).
        next.insert({file, static_cast<int32_t>(i)});
      }
    }
    owners = withBases(std::move(next));
  }
  return owners;
}

std::set<std::pair<std::string, int32_t>> Resolver::withBases(std::set<std::pair<std::string, int32_t>> owners) {
  std::vector<std::pair<std::string, int32_t>> frontier(owners.begin(), owners.end());
  for (int depth = 0; depth < 4 && !frontier.empty(); ++depth) {
    std::vector<std::pair<std::string, int32_t>> next;
    auto add = [&](const std::set<std::pair<std::string, int32_t>>& types) {
      for (const auto& t : types)
        if (owners.insert(t).second) next.push_back(t);
    };
    for (const auto& [file, index] : frontier) {
      const auto& symbols = symbolsOf(file);
      if (index < 0 || static_cast<size_t>(index) >= symbols.size()) continue;
      // A typedef or alias (`typedef SparseSetT<void> SparseSet;`) stands for the type it names.
      bool python = languageOf(file) == Language::Python;
      if (!symbols[index].type.empty()) add(typesOf(symbols[index].type, python));
      // Base classes: the inheritance references written in the class's own head.
      for (const auto& r : referencesOf(file))
        if (r.role == RefRole::Inherit && r.enclosing == index) add(typesNamed(r.name));
    }
    frontier = std::move(next);
  }
  return owners;
}

bool Resolver::receiverIsScope(const std::string& path, const ReferenceRecord& ref) {
  if (!isSimpleIdentifier(ref.receiver)) return false;
  ReferenceRecord use{ref.receiver, RefRole::Read, ref.span, ref.enclosing, "", -1};
  auto targets = resolveTargets(path, use);
  return std::any_of(targets.begin(), targets.end(), [](const ResolvedSymbol* t) { return isType(t->symbol.kind); });
}

bool Resolver::receiverIsExternal(const std::string& path, const ReferenceRecord& ref) {
  std::string_view receiver = ref.receiver;
  size_t cut = std::min(receiver.find("->"), receiver.find('.'));
  if (cut != std::string_view::npos) return false; // only a plain variable's declared type is read
  std::string head(receiver);
  if (!isSimpleIdentifier(head) || head == "this") return false;
  bool python = languageOf(path) == Language::Python;
  if (python) {
    if (head == "self" || head == "cls") return false;
    // `import pickle; pickle.dump(…)`: a module the workspace does not hold.
    for (const auto& binding : importBindingsOf(path))
      if (binding.name == head) return resolveImport(path, binding, 0).empty();
  }
  ReferenceRecord use{head, RefRole::Read, ref.span, ref.enclosing, "", -1};
  auto targets = resolveTargets(path, use);
  // `std::string s; s.size()`, `def f(options: t.Mapping[str, str]): options.get(…)`: every
  // binding of the name is declared with a type that no workspace class stands for (in C and
  // C++ only standard library types are trusted to be outside: other names may be macros).
  return !targets.empty() && std::all_of(targets.begin(), targets.end(), [&](const ResolvedSymbol* t) {
    const std::string& type = t->symbol.type;
    if (python) return !type.empty() && typesOf(type, true).empty();
    return type.find("std::") != std::string::npos && typesNamed(baseTypeName(type, false)).empty();
  });
}

std::vector<ResolvedSymbol> Resolver::resolve(const std::string& path, const ReferenceRecord& ref) {
  std::vector<ResolvedSymbol> out;
  for (const ResolvedSymbol* s : resolveTargets(path, ref)) out.push_back(*s);
  return out;
}

std::vector<const ResolvedSymbol*> Resolver::keep(std::vector<ResolvedSymbol> computed) {
  std::vector<const ResolvedSymbol*> out;
  for (auto& s : computed) out.push_back(&computed_.emplace_back(std::move(s)));
  return out;
}

std::vector<const ResolvedSymbol*> Resolver::resolveTargets(const std::string& path, const ReferenceRecord& ref) {
  std::optional<Language> here = languageOf(path);
  if (here == Language::Python && (ref.role == RefRole::Import || !ref.receiver.empty())) {
    auto viaImport = resolveThroughImports(path, ref);
    if (!viaImport.empty() || ref.role == RefRole::Import) return keep(std::move(viaImport));
  }
  const auto& symbols = symbolsOf(path);
  std::vector<int32_t> scope = ancestors(symbols, ref.enclosing);

  struct Ranked {
    const ResolvedSymbol* symbol;
    int score;
  };
  std::vector<Ranked> candidates;
  // C/C++: what the file includes ranks above what it cannot see (the kernel's 24 `PAGE_SIZE`s:
  // the one of the architecture whose `asm/` headers the file includes). Computed only when a
  // name has candidates in several other files.
  const std::unordered_set<std::string>* included = nullptr;
  auto consider = [&](const ResolvedSymbol& c, bool sameFile) {
    int32_t parent = c.symbol.parent;
    int score = (sameFile ? 4 : 1) + (c.symbol.isDeclaration ? 0 : 2);
    if (!sameFile && included && included->contains(c.id.path)) score += 2;
    if (sameFile && parent >= 0) {
      // The innermost visible declaration shadows outer ones.
      auto it = std::find(scope.begin(), scope.end(), parent);
      if (it != scope.end()) score += 8 + static_cast<int>(scope.end() - it);
    }
    // A comprehension or lambda (its region) is a scope inside its parent's.
    if (c.symbol.hasRegion()) score += 1;
    candidates.push_back({&c, score});
  };
  if (here) {
    // Locals are visible only inside their own function.
    const auto& locals = localsNamed(path, ref.name);
    auto inScope = [&](const ResolvedSymbol& c) {
      if (c.symbol.hasRegion()) {
        const uint32_t at = ref.span.startByte;
        if (at < c.symbol.regionStartByte || at >= c.symbol.regionEndByte) return false;
        if (c.symbol.parent < 0) return true;
      }
      return std::find(scope.begin(), scope.end(), c.symbol.parent) != scope.end();
    };
    // A plain name bound by a local in scope means that local (it outranks every other
    // candidate): the workspace-wide lookup, thousands of `ret`s in a kernel, is skipped.
    bool shadowed = ref.receiver.empty() && ref.role != RefRole::Import && std::any_of(locals.begin(), locals.end(), inScope);
    if (!shadowed) {
      const NamedSymbols& named = namedSymbols(ref.name);
      const auto& globals = named.symbols;
      const auto& languages = named.languages;
      if (family(*here) == Language::C && globals.size() > 1 &&
          std::any_of(globals.begin() + 1, globals.end(), [&](const ResolvedSymbol& g) { return g.id.path != globals.front().id.path; }))
        included = &includeClosure(path);
      for (size_t i = 0; i < globals.size(); ++i)
        if (languages[i] && family(*languages[i]) == family(*here)) consider(globals[i], globals[i].id.path == path);
    }
    for (const auto& c : locals)
      if (inScope(c)) consider(c, true);
  }

  auto keepIfAny = [&](auto pred) {
    auto test = [&](const Ranked& r) { return pred(r.symbol->symbol); };
    if (std::any_of(candidates.begin(), candidates.end(), test)) std::erase_if(candidates, std::not_fn(test));
  };
  if (ref.role == RefRole::Call) keepIfAny([](const SymbolRecord& s) { return isCallable(s.kind); });
  if (ref.role == RefRole::Type || ref.role == RefRole::Inherit)
    keepIfAny([](const SymbolRecord& s) { return isType(s.kind); });
  if (!ref.receiver.empty() && ref.role != RefRole::Type)
    keepIfAny([](const SymbolRecord& s) { return s.parent >= 0 || !s.qualifier.empty(); });
  if (!ref.receiver.empty() && ref.role != RefRole::Type && ref.role != RefRole::Import) {
    // `obj->field`, `self.method()`: the members of the receiver's type, when it can be told.
    std::set<std::pair<std::string, int32_t>> owners = receiverTypes(path, ref, 0);
    auto isMember = [&](const Ranked& r) { return owners.contains({r.symbol->id.path, r.symbol->symbol.parent}); };
    bool cFamily = here && family(*here) == Language::C;
    if (!owners.empty() && std::any_of(candidates.begin(), candidates.end(), isMember))
      std::erase_if(candidates, std::not_fn(isMember));
    else if ((cFamily && !owners.empty() && !receiverIsScope(path, ref)) ||
             ((cFamily || here == Language::Python) && receiverIsExternal(path, ref)))
      // C and C++ declare every member in its class: a known class (or one of the standard
      // library's) without this member among it and its workspace bases means a member of
      // something outside the workspace, not whichever class happens to have one of that name.
      candidates.clear();
  }
  if (here == Language::Cpp && ref.receiver.empty() && ref.role != RefRole::Import && ref.role != RefRole::Inherit &&
      candidates.size() > 1) {
    // Inside a member function (in the class body or out of line, `void PCRE::Init() { … }`), a
    // bare name that is a member of the class or of its bases means that member (implicit `this`).
    ReferenceRecord self{ref.name, ref.role, ref.span, ref.enclosing, "this", ref.arguments};
    const std::set<std::pair<std::string, int32_t>> owners = receiverTypes(path, self, 0);
    // The class's own name there is the class (its injected name), not its constructors.
    auto isMember = [&](const Ranked& r) {
      return r.symbol->symbol.kind != SymbolKind::Constructor && owners.contains({r.symbol->id.path, r.symbol->symbol.parent});
    };
    if (std::any_of(candidates.begin(), candidates.end(), isMember)) std::erase_if(candidates, std::not_fn(isMember));
  }
  if (here == Language::Python && ref.receiver.empty() && ref.role != RefRole::Import) {
    // A class body's names are not visible in the functions nested in it: a bare `next(…)` inside
    // a method is the builtin, never some class's `def next(self)`. Only a use directly in the
    // class's own body (a decorator, a class attribute's value) means a member.
    std::erase_if(candidates, [&](const Ranked& r) {
      const SymbolRecord& c = r.symbol->symbol;
      const bool member = c.kind == SymbolKind::Method || c.kind == SymbolKind::Constructor ||
                          c.kind == SymbolKind::Field || c.kind == SymbolKind::Property;
      return member && c.parent >= 0 && !(r.symbol->id.path == path && ref.enclosing == c.parent);
    });
  }
  if (here && family(*here) == Language::C && ref.role != RefRole::Call) {
    // `DFA::DFA(...)`, `sizeof(RE2)`: a name that is a class and its constructors means the class.
    keepIfAny([](const SymbolRecord& s) { return s.kind != SymbolKind::Constructor; });
  }
  if (here == Language::C && (ref.role == RefRole::Type || ref.role == RefRole::Read)) {
    // `typedef struct TSNode {…} TSNode;`, `typedef enum E {…} E;`: a bare `TSNode` names the
    // typedef (kind Class in C), not the tag.
    bool typedefs = std::any_of(candidates.begin(), candidates.end(), [&](const Ranked& r) {
      return r.symbol->symbol.kind == SymbolKind::Class && languageOf(r.symbol->id.path) == Language::C;
    });
    if (typedefs)
      std::erase_if(candidates, [](const Ranked& r) {
        return r.symbol->symbol.kind == SymbolKind::Struct || r.symbol->symbol.kind == SymbolKind::Enum;
      });
  }

  if (ref.role == RefRole::Call && ref.arguments >= 0 && here && overloadsByArity(*here)) {
    // Overloads (and namesakes) that cannot take this many arguments: `area(2, 4)` is not
    // `area(int side)`. A callable whose parameters are unknown stays a candidate.
    const bool cpp = here != Language::C; // Java's `()`, like C++'s, takes none
    keepIfAny([&](const SymbolRecord& s) {
      if (!isCallable(s.kind)) return false;
      const std::optional<Arity> arity = arityOf(s.signature, cpp);
      return !arity || arity->accepts(ref.arguments);
    });
  }

  std::vector<const ResolvedSymbol*> best;
  bool sameFileWins = std::any_of(candidates.begin(), candidates.end(),
                                  [&](const Ranked& r) { return r.symbol->id.path == path; });
  if (here == Language::Python && ref.receiver.empty() && !sameFileWins) {
    // Not bound in this file: an import binding it decides, before any global name match.
    auto viaImport = resolveThroughImports(path, ref);
    if (!viaImport.empty()) return keep(std::move(viaImport));
  }
  if (candidates.empty()) return best;
  int top = std::max_element(candidates.begin(), candidates.end(), [](const Ranked& a, const Ranked& b) {
              return a.score < b.score;
            })->score;
  for (const auto& c : candidates)
    if (c.score == top) best.push_back(c.symbol);
  // Several locals of one function with this name (shadowing in nested blocks, two loops that
  // each declare `i`): without block scopes, the nearest declaration before the use is the one
  // in force.
  if (best.size() > 1 && std::all_of(best.begin(), best.end(), [&](const ResolvedSymbol* b) {
        return b->id.path == path && b->symbol.parent >= 0 && b->symbol.parent == best.front()->symbol.parent &&
               isFunctionLike(symbols[b->symbol.parent].kind);
      })) {
    const ResolvedSymbol* nearest = nullptr;
    for (const ResolvedSymbol* b : best)
      if (b->symbol.selectionRange.start <= ref.span.start &&
          (!nearest || nearest->symbol.selectionRange.start < b->symbol.selectionRange.start))
        nearest = b;
    if (nearest) best = {nearest};
  }
  // Dozens of equally ranked definitions (a field name shared by hundreds of kernel structs, an
  // initializer whose type is unknown; each architecture's `u64` seen from a file that includes
  // none of them) are no answer: listing them all is noise, and storing them is most of what a
  // whole-kernel link writes. The reference stays unresolved.
  if (best.size() > kMaxEqualTargets) best.clear();
  return best;
}

std::vector<ResolvedSymbol> Resolver::sameEntity(const SymbolId& id) {
  std::optional<SymbolRecord> self = symbolAt(id);
  if (!self) return {};
  std::vector<ResolvedSymbol> out{{id, *self}};
  std::optional<Language> language = languageOf(id.path);
  if (!language || family(*language) != Language::C) return out;
  if (self->hasRegion() || enclosingFunction(id.path, self->parent) >= 0) return out; // locals have no other declaration
  // A C member or an enumerator is declared exactly once; its name may have thousands of
  // namesakes (`port`, `status`) whose records need not be read. (C++ static members do have an
  // out-of-line definition.)
  if (self->kind == SymbolKind::EnumMember || (*language == Language::C && self->kind == SymbolKind::Field)) return out;
  std::string scope = scopePath(id.path, id.index);
  for (const auto& c : symbolsNamed(self->name)) {
    if (c.id == id || isFunctionLike(c.symbol.kind) != isFunctionLike(self->kind)) continue;
    if (c.symbol.isDeclaration == self->isDeclaration && isFunctionLike(self->kind)) continue; // overloads, not links
    // Two definitions are two entities (each architecture's `PAGE_SIZE`, each file's `struct
    // state`); a declaration links to definitions and to other declarations.
    if (!c.symbol.isDeclaration && !self->isDeclaration) continue;
    std::optional<Language> there = languageOf(c.id.path);
    if (!there || family(*there) != Language::C) continue;
    if (scopePath(c.id.path, c.id.index) != scope) continue;
    out.push_back(c);
  }
  return out;
}

size_t warmRecordCache(const kv::Snapshot& snapshot, const std::atomic<bool>* cancel) {
  std::vector<std::string> paths;
  snapshot.scanPrefix(keys::kFilePrefix, [&](std::string_view k, std::string_view) {
    paths.emplace_back(k.substr(keys::kFilePrefix.size()));
    return true;
  });
  RecordCache& cache = RecordCache::shared();
  size_t loaded = 0;
  for (size_t begin = 0; begin < paths.size(); begin += 64) {
    // A Resolver pins what it decoded: one per slice, so that eviction stays possible.
    Resolver resolver(snapshot);
    for (size_t i = begin; i < std::min(paths.size(), begin + 64); ++i) {
      if ((cancel && cancel->load()) || cache.bytes() > cache.budget() / 10 * 9) return loaded;
      resolver.symbolsOf(paths[i]);
      resolver.referencesOf(paths[i]);
      ++loaded;
    }
  }
  return loaded;
}

} // namespace sextant::graph
