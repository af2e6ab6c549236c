// The --check rules: each a pass over the stored graph, none re-parsing source.
#include "graph/Findings.h"

#include "graph/Codec.h"
#include "graph/Keys.h"
#include "graph/Resolver.h"
#include "graph/Verify.h"
#include "graph/WorkspacePath.h"

#include <xxhash.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace sextant::graph {
namespace fs = std::filesystem;

const std::vector<RuleInfo> kRules = {
    {"syntax-error", Severity::Error, "The parser found a syntax error or a missing token."},
    {"unresolved-import", Severity::Error, "An include or import names a workspace file that does not exist."},
    {"duplicate-definition", Severity::Error, "A symbol is defined twice where the language forbids it."},
    {"index-drift", Severity::Error, "The index disagrees with the files on disk or with itself."},
    {"dead-code", Severity::Warning, "A function that nothing in the workspace references."},
    {"import-cycle", Severity::Warning, "Files that include or import each other in a cycle."},
};

std::string_view severityName(Severity severity) { return severity == Severity::Error ? "error" : "warning"; }

namespace {

struct FileInfo {
  std::string path;
  Language language;
};

std::string folderOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}


using RuleSet = std::set<std::string, std::less<>>;

/// The findings of index-drift for `report`'s problems.
void addDrift(const VerifyReport& report, std::vector<Finding>& out) {
  for (const auto& p : report.problems)
    out.push_back({p.path, {0, 0}, "index-drift", Severity::Error, std::string(problemKindName(p.kind)) + ": " + p.message});
}

/// Leaves out the excluded paths and sorts by path, position, rule, message.
std::vector<Finding> finish(std::vector<Finding> out, const FindingOptions& options) {
  if (options.excluded) std::erase_if(out, [&](const Finding& f) { return options.excluded(f.path); });
  std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.path, a.position, a.rule, a.message) < std::tie(b.path, b.position, b.rule, b.message);
  });
  return out;
}

/// The rules `options` asks for.
RuleSet enabledRules(const FindingOptions& options) {
  RuleSet rules;
  for (const auto& r : kRules)
    if (!options.disabledRules.contains(r.id) && (r.id != "index-drift" || options.checkDrift)) rules.emplace(r.id);
  return rules;
}

/// Runs `rules` over a snapshot; the findings come out unfiltered and unsorted. With
/// storeDriftOnly, index-drift judges only the index's own consistency (not the disk).
class Checker {
public:
  Checker(const kv::Snapshot& snapshot, const fs::path& root, RuleSet rules, bool storeDriftOnly = false)
      : snapshot_(snapshot), root_(root), rules_(std::move(rules)), storeDriftOnly_(storeDriftOnly),
        resolver_(std::in_place, snapshot) {
    snapshot.scanPrefix(keys::kFilePrefix, [&](std::string_view k, std::string_view v) {
      std::string path(k.substr(keys::kFilePrefix.size()));
      files_.push_back({path, decodeFile(v).language});
      indexed_.insert(path);
      return true;
    });
    for (const auto& f : files_) {
      size_t slash = f.path.rfind('/');
      byBasename_[f.path.substr(slash == std::string::npos ? 0 : slash + 1)].push_back(f.path);
    }
  }

  std::vector<Finding> run() {
    if (enabled("syntax-error")) syntaxErrors();
    if (enabled("unresolved-import") || enabled("import-cycle")) imports();
    if (enabled("duplicate-definition")) duplicates();
    if (enabled("index-drift")) drift();
    if (enabled("dead-code")) deadCode();
    return std::move(out_);
  }

private:
  bool enabled(std::string_view rule) const { return rules_.contains(rule); }

  /// Called before each file of a pass: a Resolver pins the records of every file it read, so a
  /// pass over the whole graph takes a new one every kFilesPerResolver files (memory stays
  /// bounded by those files and RecordCache's budget, not by the graph).
  void nextFile() {
    constexpr size_t kFilesPerResolver = 256;
    if (++filesSinceRenew_ < kFilesPerResolver) return;
    filesSinceRenew_ = 0;
    resolver_.reset();
    resolver_.emplace(snapshot_);
  }

  void add(const std::string& path, Point at, std::string_view rule, Severity severity, std::string message) {
    out_.push_back({path, at, std::string(rule), severity, std::move(message)});
  }

  void syntaxErrors() {
    for (const auto& f : files_) {
      // Without a preprocessor, tree-sitter misreads C/C++ that #if splits (`extern "C" {` in
      // one #ifdef, `}` in another) or that macros reshape: there an error is likely ours.
      Severity severity = f.language == Language::C || f.language == Language::Cpp ? Severity::Warning : Severity::Error;
      if (auto blob = snapshot_.get(keys::syntaxErrors(f.path)))
        for (const auto& e : decodeSyntaxErrors(*blob)) add(f.path, e.span.start, "syntax-error", severity, e.description);
    }
  }

  /// The workspace file a quoted C/C++ include names, or "".
  std::string resolveInclude(const std::string& from, const std::string& target) {
    for (const std::string& base : {folderOf(from), std::string()}) {
      std::string candidate = normalizedPath(base.empty() ? target : base + "/" + target);
      if (!candidate.empty() && indexed_.contains(candidate)) return candidate;
    }
    // Include folders we do not know (-I): any workspace file whose path ends with the target.
    size_t slash = target.rfind('/');
    auto it = byBasename_.find(target.substr(slash == std::string::npos ? 0 : slash + 1));
    if (it != byBasename_.end())
      for (const auto& p : it->second)
        if (p == target || p.ends_with("/" + target)) return p;
    return {};
  }

  void imports() {
    std::map<std::string, std::set<std::string>> edges;
    for (const auto& f : files_) {
      nextFile();
      auto blob = snapshot_.get(keys::imports(f.path));
      if (!blob) continue;
      for (const auto& imp : decodeImports(*blob)) {
        std::string resolved;
        if (f.language == Language::Python) {
          resolved = resolver_->pythonModuleFile(f.path, imp.target);
          if (resolved.empty() && imp.target.starts_with('.') && enabled("unresolved-import"))
            add(f.path, imp.span.start, "unresolved-import", Severity::Error,
                "cannot resolve relative import '" + imp.target + "'");
        } else if ((f.language == Language::C || f.language == Language::Cpp) && !imp.system) {
          resolved = resolveInclude(f.path, imp.target);
          if (resolved.empty() && enabled("unresolved-import")) {
            bool relative = imp.target.starts_with("./") || imp.target.starts_with("../");
            add(f.path, imp.span.start, "unresolved-import", relative ? Severity::Error : Severity::Warning,
                "included file '" + imp.target + "' is not in the workspace");
          }
        }
        if (!resolved.empty() && resolved != f.path) edges[f.path].insert(resolved);
      }
      if (f.language == Language::Python) {
        // `from pkg import sub` imports the submodule pkg/sub.py: follow every imported name.
        for (const auto& ref : resolver_->referencesOf(f.path))
          if (ref.role == RefRole::Import)
            for (const auto& target : resolver_->resolve(f.path, ref))
              if (target.id.path != f.path) edges[f.path].insert(target.id.path);
      }
    }
    if (enabled("import-cycle")) cycles(edges);
  }

  void cycles(const std::map<std::string, std::set<std::string>>& edges) {
    // Tarjan's strongly connected components, iteratively (include chains can be deep).
    std::map<std::string, int> index, low;
    std::set<std::string> onStack;
    std::vector<std::string> stack;
    int counter = 0;
    for (const auto& [start, unused] : edges) {
      if (index.contains(start)) continue;
      std::vector<std::pair<std::string, std::set<std::string>::const_iterator>> work;
      auto visit = [&](const std::string& node) {
        index[node] = low[node] = counter++;
        stack.push_back(node);
        onStack.insert(node);
        static const std::set<std::string> none;
        auto it = edges.find(node);
        work.emplace_back(node, (it == edges.end() ? none : it->second).begin());
      };
      visit(start);
      while (!work.empty()) {
        auto& [node, next] = work.back();
        auto it = edges.find(node);
        if (it != edges.end() && next != it->second.end()) {
          const std::string& to = *next++;
          if (!index.contains(to)) visit(to);
          else if (onStack.contains(to)) low[node] = std::min(low[node], index[to]);
          continue;
        }
        std::string done = node;
        work.pop_back();
        if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
        if (low[done] != index[done]) continue;
        std::vector<std::string> component;
        for (;;) {
          std::string top = stack.back();
          stack.pop_back();
          onStack.erase(top);
          component.push_back(top);
          if (top == done) break;
        }
        if (component.size() < 2) continue;
        std::sort(component.begin(), component.end());
        std::string message = "import cycle among " + std::to_string(component.size()) + " files: ";
        for (size_t i = 0; i < component.size() && i < 6; ++i) message += (i ? ", " : "") + component[i];
        if (component.size() > 6) message += ", …";
        add(component.front(), {0, 0}, "import-cycle", Severity::Warning, message);
      }
    }
  }

  std::string readFile(const std::string& path) {
    std::ifstream in(root_ / path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  void duplicates() {
    std::map<std::string, std::vector<ResolvedSymbol>> goPackages; // "folder\0name"
    for (const auto& f : files_) {
      nextFile();
      const auto& symbols = resolver_->symbolsOf(f.path);
      std::map<std::string, uint32_t> seen; // scope + name + signature -> first index
      std::string text;
      for (uint32_t i = 0; i < symbols.size(); ++i) {
        const auto& s = symbols[i];
        if (!isFunctionLike(s.kind) || s.isDeclaration) continue;
        if (f.language == Language::Go) {
          if (s.kind == SymbolKind::Function && s.name != "init" && s.name != "_")
            goPackages[folderOf(f.path) + '\0' + s.name].push_back({{f.path, i}, s});
          continue;
        }
        bool scoped = f.language == Language::Rust || f.language == Language::Java;
        if (f.language != Language::C && !scoped) continue;
        // A Java enum constant's body (`GREEN { String label() … }`) is an anonymous class.
        if (std::any_of(symbols.begin(), symbols.end(), [&](const SymbolRecord& e) {
              return e.kind == SymbolKind::EnumMember && e.range.startByte <= s.range.startByte &&
                     s.range.endByte <= e.range.endByte;
            }))
          continue;
        std::string key = std::to_string(s.parent) + '\0' + s.qualifier + '\0' + s.name;
        if (f.language == Language::Java) key += '\0' + s.signature; // overloads differ by signature
        auto [it, fresh] = seen.try_emplace(key, i);
        if (fresh) continue;
        const auto& first = symbols[it->second];
        if (f.language == Language::C) {
          // `#if A … f() … #else … f() … #endif` defines f once per configuration.
          if (text.empty()) text = readFile(f.path);
          if (conditionalBetween(text, first.range.startByte, s.range.startByte)) continue;
        }
        add(f.path, s.selectionRange.start, "duplicate-definition", Severity::Error,
            "redefinition of '" + s.name + "' (first defined at line " + std::to_string(first.range.start.line + 1) + ")");
      }
    }
    for (auto& [key, defs] : goPackages) {
      if (defs.size() < 2) continue;
      std::sort(defs.begin(), defs.end(), [](const auto& a, const auto& b) {
        return std::tie(a.id.path, a.id.index) < std::tie(b.id.path, b.id.index);
      });
      // Go files with build constraints (`_linux.go`, `//go:build`) legitimately repeat functions.
      if (std::any_of(defs.begin(), defs.end(), [](const auto& d) { return d.id.path.find('_') != std::string::npos; }))
        continue;
      for (size_t i = 1; i < defs.size(); ++i)
        add(defs[i].id.path, defs[i].symbol.selectionRange.start, "duplicate-definition", Severity::Error,
            "redefinition of '" + defs[i].symbol.name + "' in package (first in " + defs[0].id.path + ")");
    }
  }

  static bool conditionalBetween(std::string_view text, uint32_t from, uint32_t to) {
    std::string_view span = text.substr(std::min<size_t>(from, text.size()), to > from ? to - from : 0);
    for (size_t pos = 0; (pos = span.find('#', pos)) != std::string_view::npos; ++pos) {
      std::string_view rest = span.substr(pos + 1);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
      if (rest.starts_with("if") || rest.starts_with("el") || rest.starts_with("endif")) return true;
    }
    return false;
  }

  void drift() {
    VerifyOptions verify;
    verify.checkDisk = !storeDriftOnly_;
    addDrift(verifyIndex(snapshot_, root_, verify), out_);
  }

  bool isEntryPoint(const SymbolRecord& s, Language language) const {
    const std::string& n = s.name;
    if (n == "main" || n == "init" || n == "setUp" || n == "tearDown") return true;
    if (n.starts_with("test") || n.starts_with("Test") || n.starts_with("Benchmark") || n.starts_with("Example"))
      return true;
    if (n.size() > 4 && n.starts_with("__") && n.ends_with("__")) return true;
    if (s.kind == SymbolKind::Constructor) return true;
    switch (language) {
    case Language::Python:
    case Language::JavaScript:
    case Language::TypeScript:
    case Language::Tsx: return !n.starts_with('_'); // public API
    case Language::Go: return !n.empty() && std::isupper(static_cast<unsigned char>(n[0])); // exported
    case Language::Rust: return true;  // `pub` is not recorded yet: never guess
    case Language::Java: return true;  // private-ness is not recorded yet
    default: return false;
    }
  }

  void deadCode() {
    for (const auto& f : files_) {
      nextFile();
      const auto& symbols = resolver_->symbolsOf(f.path);
      for (uint32_t i = 0; i < symbols.size(); ++i) {
        const auto& s = symbols[i];
        if (!isFunctionLike(s.kind) || s.isDeclaration || isEntryPoint(s, f.language)) continue;
        if (resolver_->enclosingFunction(f.path, s.parent) >= 0) continue; // nested helpers are used where defined
        bool referenced = false;
        snapshot_.scanPrefix(keys::referencesNamedPrefix(s.name), [&](std::string_view, std::string_view) {
          referenced = true;
          return false;
        });
        if (referenced) continue;
        if (f.language == Language::C || f.language == Language::Cpp) {
          // A prototype elsewhere makes it API of the translation unit's users.
          auto entity = resolver_->sameEntity({f.path, i});
          if (std::any_of(entity.begin(), entity.end(), [](const auto& e) { return e.symbol.isDeclaration; })) continue;
        }
        add(f.path, s.selectionRange.start, "dead-code", Severity::Warning,
            "'" + s.name + "' is never referenced in the workspace");
      }
    }
  }

  const kv::Snapshot& snapshot_;
  fs::path root_;
  RuleSet rules_;
  bool storeDriftOnly_;
  std::optional<Resolver> resolver_;
  size_t filesSinceRenew_ = 0;
  std::vector<FileInfo> files_;
  std::set<std::string> indexed_;
  std::map<std::string, std::vector<std::string>> byBasename_;
  std::vector<Finding> out_;
};

} // namespace

std::vector<Finding> collectFindings(const kv::Snapshot& snapshot, const fs::path& root, const FindingOptions& options) {
  return finish(Checker(snapshot, root, enabledRules(options)).run(), options);
}

namespace {

/// Bump when a rule's logic changes without a schema change: cached results of older builds then
/// stop matching and are recomputed.
constexpr uint8_t kFindingCacheVersion = 1;

void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void putString(std::string& out, std::string_view s) {
  putVarint(out, s.size());
  out += s;
}

/// Reads what putVarint/putString wrote; throws CorruptValue past the end.
struct Reader {
  std::string_view in;
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in.empty()) throw CorruptValue("cached findings: truncated");
      auto byte = static_cast<uint8_t>(in.front());
      in.remove_prefix(1);
      v |= uint64_t{byte & 0x7Fu} << shift;
      if (!(byte & 0x80)) return v;
    }
    throw CorruptValue("cached findings: varint too long");
  }
  std::string string() {
    uint64_t n = varint();
    if (n > in.size()) throw CorruptValue("cached findings: truncated string");
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
};

/// The tag of a cached rule result: the cache format, the schema, the root and a digest of every
/// file: record (path, size, mtime, content hash, language, counts). The records are a function of
/// the indexed contents, and every other key is derived from them, so an equal tag means an
/// equal graph.
std::string indexTag(const kv::Snapshot& snapshot, const fs::path& root) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  std::string header;
  putVarint(header, kFindingCacheVersion);
  putVarint(header, keys::kSchemaVersion);
  putString(header, root.string());
  XXH3_128bits_update(state, header.data(), header.size());
  std::string sizes;
  snapshot.scanPrefix(keys::kFilePrefix, [&](std::string_view k, std::string_view v) {
    sizes.clear();
    putVarint(sizes, k.size());
    putVarint(sizes, v.size());
    XXH3_128bits_update(state, sizes.data(), sizes.size());
    XXH3_128bits_update(state, k.data(), k.size());
    XXH3_128bits_update(state, v.data(), v.size());
    return true;
  });
  XXH128_hash_t h = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  std::string tag;
  putString(tag, header);
  for (uint64_t part : {h.high64, h.low64})
    for (int i = 0; i < 8; ++i) tag += static_cast<char>((part >> (8 * i)) & 0xFF);
  return tag;
}

std::string encodeCached(const std::string& tag, const std::vector<const Finding*>& findings) {
  std::string out;
  putString(out, tag);
  putVarint(out, findings.size());
  for (const Finding* f : findings) {
    putString(out, f->path);
    putVarint(out, f->position.line);
    putVarint(out, f->position.column);
    putVarint(out, f->severity == Severity::Error ? 0 : 1);
    putString(out, f->message);
  }
  return out;
}

/// The findings cached under `tag`; nullopt when the value was computed for another tag.
std::optional<std::vector<Finding>> decodeCached(std::string_view value, const std::string& tag, std::string_view rule) {
  Reader r{value};
  if (r.string() != tag) return std::nullopt;
  uint64_t count = r.varint();
  if (count > value.size()) throw CorruptValue("cached findings: bad count"); // each takes bytes
  std::vector<Finding> out(count);
  Reader& again = r;
  for (auto& f : out) {
    f.path = again.string();
    f.position.line = static_cast<uint32_t>(again.varint());
    f.position.column = static_cast<uint32_t>(again.varint());
    f.rule = rule;
    f.severity = again.varint() == 0 ? Severity::Error : Severity::Warning;
    f.message = again.string();
  }
  return out;
}

} // namespace

std::vector<Finding> collectFindings(kv::Store& store, const fs::path& root, const FindingOptions& options,
                                     FindingCacheStats* stats) {
  RuleSet rules = enabledRules(options);
  std::vector<Finding> out;
  RuleSet missing;
  kv::WriteBatch save;
  {
    auto snapshot = store.snapshot();
    std::string tag = indexTag(*snapshot, root);
    for (const auto& rule : rules) {
      std::optional<std::vector<Finding>> cached;
      if (auto value = snapshot->get(keys::checkRule(rule))) {
        try {
          cached = decodeCached(*value, tag, rule);
        } catch (const CorruptValue&) {
          // An unreadable cache entry is recomputed (and overwritten) like a stale one.
        }
      }
      if (!cached) {
        missing.insert(rule);
        continue;
      }
      if (stats) stats->reused.push_back(rule);
      out.insert(out.end(), std::make_move_iterator(cached->begin()), std::make_move_iterator(cached->end()));
    }
    if (!missing.empty()) {
      // index-drift is cached for the index's own consistency only: the disk is compared below,
      // on every run.
      std::vector<Finding> fresh = Checker(*snapshot, root, missing, /*storeDriftOnly=*/true).run();
      std::map<std::string, std::vector<const Finding*>, std::less<>> byRule;
      for (const auto& rule : missing) byRule[rule];
      for (const auto& f : fresh) byRule[f.rule].push_back(&f);
      for (const auto& [rule, list] : byRule) {
        save.put(keys::checkRule(rule), encodeCached(tag, list));
        if (stats) stats->computed.push_back(rule);
      }
      out.insert(out.end(), std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
    }
    if (rules.contains("index-drift")) {
      VerifyOptions verify;
      verify.checkStore = false;
      addDrift(verifyIndex(*snapshot, root, verify), out);
    }
  }
  if (!save.empty()) {
    try {
      store.commit(save);
      if (stats) stats->saved = true;
    } catch (const kv::StoreError&) {
      // A read-only or full index still answers; the next run computes again.
    }
  }
  return finish(std::move(out), options);
}

} // namespace sextant::graph
