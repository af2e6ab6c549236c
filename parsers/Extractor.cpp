// Source bytes -> ExtractionResult: parse (incrementally when a DocumentTree is kept), run the
// language's query once, then shape the matches.
#include "parsers/Extractor.h"

#include "parsers/Attributes.h"
#include "parsers/Cfg.h"
#include "parsers/CompiledLanguage.h"
#include "parsers/Inactive.h"
#include "parsers/MacroMask.h"
#include "parsers/Outline.h"
#include "parsers/PreorderWalk.h"
#include "parsers/SyntaxErrors.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <set>

namespace sextant::parse {
namespace {

using Clock = std::chrono::steady_clock;

// Shared by the parse and the query run: one time budget for the whole extraction.
struct Deadline {
  explicit Deadline(uint64_t micros)
      : enabled(micros > 0), at(Clock::now() + std::chrono::microseconds(enabled ? micros : 0)) {}
  bool passed() {
    if (enabled && !expired && Clock::now() >= at) expired = true;
    return expired;
  }
  bool enabled;
  bool expired = false;
  Clock::time_point at;
};

bool parseProgress(TSParseState* state) { return static_cast<Deadline*>(state->payload)->passed(); }
bool queryProgress(TSQueryCursorState* state) { return static_cast<Deadline*>(state->payload)->passed(); }

const char* readString(void* payload, uint32_t byte, TSPoint, uint32_t* bytesRead) {
  const auto* source = static_cast<const std::string_view*>(payload);
  if (byte >= source->size()) {
    *bytesRead = 0;
    return "";
  }
  *bytesRead = static_cast<uint32_t>(source->size() - byte);
  return source->data() + byte;
}

struct RawDefinition {
  TSNode construct, leaf;
  uint32_t start, end;         // construct bytes
  uint32_t leafStart, leafEnd; // name bytes
  uint32_t pattern;
  const CaptureInfo* info;
  SymbolKind kind;
  std::string_view qualifier, signature;
  std::string_view receiver; // `@definition.field.self`: the object written before the name ("self")
  int32_t parent = -1;
  bool dropped = false;
  bool local = false; // inOutline=false: a parameter/local for resolution only, or a `self.x` field
  uint32_t docStart = 0; // where the doc comment is looked for above (parsers/Attributes.h)
  Visibility visibility = Visibility::Unknown;
  uint32_t regionStart = 0, regionEnd = 0; // `@local.region` bytes; both 0 without one
};

struct RawReference {
  TSNode leaf;
  uint32_t start, end;
  uint32_t pattern;
  RefRole role;
  std::string_view receiver;
  bool suppressed = false; ///< named first by a `@reference.none` pattern: dropped after dedupe
  int32_t arguments = -1;  ///< calls: Syntax::argumentCount
};

struct RawImport {
  TSNode statement, path;
  bool system;
};

struct ByteRange {
  uint32_t start, end;
};

bool isCallable(SymbolKind k) {
  return k == SymbolKind::Function || k == SymbolKind::Method || k == SymbolKind::Constructor;
}
bool isClassLike(SymbolKind k) {
  return k == SymbolKind::Class || k == SymbolKind::Struct || k == SymbolKind::Interface;
}

// pyright's isConstantName: only upper-case letters, digits and underscores, with a letter.
bool isAllCaps(std::string_view name) {
  bool letter = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') letter = true;
    else if (!(c >= '0' && c <= '9') && c != '_') return false;
  }
  return letter;
}

// "ns::Foo<T>" -> "Foo": the class a qualified member belongs to.
std::string_view lastScopeComponent(std::string_view qualifier) {
  if (size_t angle = qualifier.find('<'); angle != std::string_view::npos) qualifier = qualifier.substr(0, angle);
  if (size_t colons = qualifier.rfind("::"); colons != std::string_view::npos) qualifier = qualifier.substr(colons + 2);
  while (!qualifier.empty() && qualifier.back() == ' ') qualifier.remove_suffix(1);
  return qualifier;
}

std::string importTarget(std::string_view text, bool system) {
  if (system && text.size() >= 2 && text.front() == '<' && text.back() == '>') return std::string(text.substr(1, text.size() - 2));
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'' || text.front() == '`') && text.back() == text.front())
    return std::string(text.substr(1, text.size() - 2));
  std::string out; // Python module paths: `from . x import y` is written with optional blanks
  out.reserve(text.size());
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\\' && c != '\n' && c != '\r') out.push_back(c);
  return out;
}

class Extraction {
public:
  Extraction(const CompiledLanguage& lang, std::string_view source, std::span<const Span> maskedNames,
             ExtractionResult& result)
      : lang_(lang), source_(source), maskedNames_(maskedNames), result_(result) {}

  bool collect(TSQueryCursor* cursor, PatternMatcher::Scratch& scratch, TSNode root, Deadline& deadline) {
    if (lang_.matcher) {
      const auto onMatch = [&](const PatternMatcher::Match& m) {
        addMatch(TSQueryMatch{0, static_cast<uint16_t>(m.pattern), static_cast<uint16_t>(m.captureCount), m.captures});
      };
      bool (*const expired)(void*) = [](void* d) { return static_cast<Deadline*>(d)->passed(); };
      scratch.setInterrupt(deadline.enabled ? expired : nullptr, &deadline);
      SextantPreorderWalk* walk = sextant_preorder_walk_new(root);
      TSNode node;
      uint32_t depth = 0, visited = 0;
      while (sextant_preorder_walk_next(walk, &node, &depth)) {
        // The query cursor's progress callback ran about this often.
        if ((++visited & 1023) == 0 && deadline.passed()) break;
        lang_.matcher->matchAt(node, scratch, onMatch);
        if (scratch.interrupted()) break;
      }
      sextant_preorder_walk_delete(walk);
      scratch.setInterrupt(nullptr, nullptr); // `deadline` lives on this stack only
      return !deadline.expired;
    }
    TSQueryCursorOptions options{&deadline, deadline.enabled ? queryProgress : nullptr};
    ts_query_cursor_exec_with_options(cursor, lang_.query.get(), root, &options);
    TSQueryMatch match;
    while (ts_query_cursor_next_match(cursor, &match)) addMatch(match);
    return !deadline.expired;
  }

  // The outline and the function nodes for the CFGs come from the walk that gives definitions and
  // references their context (parsers/Outline.h).
  void finish(TSNode root, std::vector<FunctionNode>& functions) {
    dedupe(defs_, [](const RawDefinition& d) { return std::pair{d.leafStart, d.leafEnd}; });
    dedupe(refs_, [](const RawReference& r) { return std::pair{r.start, r.end}; });
    std::erase_if(refs_, [](const RawReference& r) { return r.suppressed; });
    const Language language = lang_.spec->language;
    if (language == Language::C || language == Language::Cpp) {
      // What no configuration compiles is not indexed (clangd's inactive regions).
      const std::vector<InactiveRange> inactive = alwaysInactiveRanges(root, source_);
      if (!inactive.empty()) {
        std::erase_if(defs_, [&](const RawDefinition& d) { return insideAny(inactive, d.leafStart); });
        std::erase_if(refs_, [&](const RawReference& r) { return insideAny(inactive, r.start); });
        std::erase_if(imports_, [&](const RawImport& i) { return insideAny(inactive, ts_node_start_byte(i.statement)); });
      }
    }
    computeContext(root, functions);
    shapeDefinitions();
    shapeReferences();
    shapeImports();
  }

private:
  static bool usableName(TSNode leaf) {
    return !ts_node_is_null(leaf) && !ts_node_is_missing(leaf) && !ts_node_has_error(leaf) &&
           ts_node_end_byte(leaf) > ts_node_start_byte(leaf);
  }

  void addMatch(const TSQueryMatch& match) {
    const CaptureInfo* main = nullptr;
    TSNode mainNode{}, name{}, path{}, callee{}, region{};
    bool system = false;
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      const TSQueryCapture& capture = match.captures[i];
      const CaptureInfo& info = lang_.captures[capture.index];
      switch (info.cls) {
      case CaptureClass::Definition:
      case CaptureClass::Reference:
      case CaptureClass::Import: main = &info, mainNode = capture.node; break;
      case CaptureClass::Name: name = capture.node; break;
      case CaptureClass::ImportPath: path = capture.node; break;
      case CaptureClass::ImportSystem: path = capture.node, system = true; break;
      case CaptureClass::ImportCallee: callee = capture.node; break;
      case CaptureClass::LocalScope: scopes_.push_back({ts_node_start_byte(capture.node), ts_node_end_byte(capture.node)}); break;
      case CaptureClass::LocalRegion: region = capture.node; break;
      case CaptureClass::Ignored: break;
      }
    }
    if (!main) return;
    if (main->cls == CaptureClass::Import) {
      if (!ts_node_is_null(callee) && ts::nodeText(source_, callee) != lang_.spec->importCallee) return;
      if (!ts_node_is_null(path)) imports_.push_back({mainNode, path, system});
      return;
    }
    const TSNode leaf = lang_.syntax.nameLeaf(ts_node_is_null(name) ? mainNode : name);
    if (!usableName(leaf)) return;
    if (main->cls == CaptureClass::Definition) {
      RawDefinition& d = defs_.emplace_back();
      d.construct = mainNode, d.leaf = leaf;
      d.start = ts_node_start_byte(mainNode), d.end = ts_node_end_byte(mainNode);
      d.leafStart = ts_node_start_byte(leaf), d.leafEnd = ts_node_end_byte(leaf);
      d.pattern = match.pattern_index, d.info = main, d.kind = main->kind;
      d.local = main->local || main->selfMember;
      if (!ts_node_is_null(region)) d.regionStart = ts_node_start_byte(region), d.regionEnd = ts_node_end_byte(region);
    } else {
      refs_.push_back(
          {leaf, ts_node_start_byte(leaf), ts_node_end_byte(leaf), match.pattern_index, main->role, {}, main->suppress});
    }
  }

  // Several patterns may name the same node (a specific one and a catch-all): the pattern written
  // first in the query wins.
  template <typename T, typename Key>
  static void dedupe(std::vector<T>& items, Key key) {
    const auto less = [&](const T& a, const T& b) { return std::pair{key(a), a.pattern} < std::pair{key(b), b.pattern}; };
    // Matches mostly arrive in document order already.
    // Stable: equal keys of one pattern keep their arrival order, which is document order.
    if (!std::is_sorted(items.begin(), items.end(), less)) std::stable_sort(items.begin(), items.end(), less);
    items.erase(std::unique(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) == key(b); }),
                items.end());
  }

  // Qualifiers, signatures and receivers need a node's ancestors; one walk serves them all.
  void computeContext(TSNode root, std::vector<FunctionNode>& functions) {
    struct Target {
      TSNode node;
      uint32_t start, end; // bytes, kept here: ts_node_end_byte reads the subtree
      int32_t code;        // >= 0: definition index; < 0: reference -1-index
    };
    const auto less = [](const Target& a, const Target& b) { return a.start != b.start ? a.start < b.start : a.end > b.end; };
    // Both lists are in start order since dedupe: merged, they are sorted unless two names share a
    // start (then sorted once more).
    std::vector<Target> defTargets, refTargets, targets;
    defTargets.reserve(defs_.size());
    refTargets.reserve(refs_.size());
    for (size_t i = 0; i < defs_.size(); ++i)
      defTargets.push_back({defs_[i].leaf, defs_[i].leafStart, defs_[i].leafEnd, static_cast<int32_t>(i)});
    for (size_t i = 0; i < refs_.size(); ++i)
      refTargets.push_back({refs_[i].leaf, refs_[i].start, refs_[i].end, -1 - static_cast<int32_t>(i)});
    targets.resize(defTargets.size() + refTargets.size());
    std::merge(defTargets.begin(), defTargets.end(), refTargets.begin(), refTargets.end(), targets.begin(), less);
    if (!std::is_sorted(targets.begin(), targets.end(), less)) std::sort(targets.begin(), targets.end(), less);
    std::vector<TSNode> nodes;
    nodes.reserve(targets.size());
    for (const auto& t : targets) nodes.push_back(t.node);
    const Syntax& syntax = lang_.syntax;
    const Language language = lang_.spec->language;
    const bool cFamily = language == Language::C || language == Language::Cpp;
    const bool countsArguments = syntax.countsArguments();
    const bool moduleFile = (language == Language::JavaScript || language == Language::TypeScript ||
                             language == Language::Tsx) && isModuleFile(root);
    AncestorTargets walk{nodes, [&](size_t index, std::span<const TSNode> ancestors) {
      const int32_t code = targets[index].code;
      if (code < 0) {
        RawReference& ref = refs_[static_cast<size_t>(-1 - code)];
        ref.receiver = syntax.receiver(source_, ref.leaf, ancestors);
        if (ref.role == RefRole::Call && countsArguments) ref.arguments = syntax.argumentCount(ref.leaf, ancestors);
        if (syntax.insideImport(ancestors)) ref.role = RefRole::Import;
        return;
      }
      RawDefinition& def = defs_[static_cast<size_t>(code)];
      def.qualifier = syntax.qualifier(source_, def.leaf, ancestors);
      if (def.info->selfMember) def.receiver = syntax.receiver(source_, def.leaf, ancestors);
      if (isCallable(def.kind)) def.signature = syntax.parameters(source_, def.leaf, def.construct, ancestors);
      // The construct's own ancestors: the leaf's, cut above the construct.
      std::span<const TSNode> above = ancestors;
      if (!ts_node_eq(def.construct, def.leaf)) {
        size_t k = ancestors.size();
        while (k > 0 && !ts_node_eq(ancestors[k - 1], def.construct)) --k;
        if (k > 0) above = ancestors.first(k - 1);
      }
      def.docStart = docAnchor(language, def.construct, above);
      if (def.info->selfMember) // `self.x`: named like any attribute of the class
        def.visibility = visibilityOf(language, source_, def.construct, def.leaf, {}, def.kind, false, moduleFile, access_);
      else if (!(cFamily && !def.qualifier.empty())) // out-of-line members: only the class knows
        def.visibility =
            visibilityOf(language, source_, def.construct, def.leaf, above, def.kind, def.local, moduleFile, access_);
    }};
    walkStructure(lang_.flow, root, source_, result_.outline, functions, walk);
  }

  void shapeDefinitions() {
    std::sort(defs_.begin(), defs_.end(), [](const RawDefinition& a, const RawDefinition& b) {
      if (a.start != b.start) return a.start < b.start;
      if (a.end != b.end) return a.end > b.end;
      return a.leafStart < b.leafStart;
    });
    dropLocals();
    assignParents();
    dropOrphanLocals();
    if (lang_.spec->qualifiedMembersJoinType) joinQualifiedMembers();
    refineKinds();
    bindSelfMembers();
    if (lang_.spec->firstBindingDefines) dropRebindings();

    std::vector<int32_t> newIndex(defs_.size(), -1);
    int32_t next = 0;
    for (size_t i = 0; i < defs_.size(); ++i)
      if (!defs_[i].dropped) newIndex[i] = next++;
    result_.definitions.reserve(static_cast<size_t>(next));
    for (size_t i = 0; i < defs_.size(); ++i) {
      const RawDefinition& d = defs_[i];
      if (d.dropped) continue;
      Definition out;
      out.name = std::string(ts::nodeText(source_, d.leaf));
      out.kind = d.kind;
      out.range = constructSpanOf(d.construct, source_);
      out.selectionRange = spanOf(d.leaf);
      out.parent = d.parent < 0 ? -1 : newIndex[static_cast<size_t>(d.parent)];
      out.qualifier = std::string(d.qualifier);
      out.signature = std::string(d.signature);
      out.isDeclaration = d.info->declaration;
      out.inOutline = !d.local;
      out.regionStartByte = d.regionStart, out.regionEndByte = d.regionEnd;
      // Typedefs and aliases (Class, not containers) too: the type they stand for.
      if (d.kind == SymbolKind::Variable || d.kind == SymbolKind::Constant || d.kind == SymbolKind::Field ||
          d.kind == SymbolKind::Property || (d.kind == SymbolKind::Class && !d.info->container))
        out.type = lang_.syntax.declaredType(source_, d.construct, d.leaf);
      // Locals have neither (a C local is known as one only after dropLocals); `self.x` keeps its visibility.
      if (!d.local) out.doc = docComment(lang_.spec->language, source_, d.docStart, d.construct, d.kind);
      out.visibility = d.local && !d.info->selfMember ? Visibility::Unknown : d.visibility;
      result_.definitions.push_back(std::move(out));
      kept_.push_back(i);
    }
  }

  // Queries mark function bodies `@local.scope`: clangd lists nothing declared inside a function.
  // C/C++ keep the variables there as locals (resolution needs them; inOutline=false); other
  // definitions inside (local structs, typedefs, prototypes, `extern` re-declarations) are dropped.
  void dropLocals() {
    if (scopes_.empty()) return;
    const bool keepVariables = lang_.spec->localVariables;
    std::sort(scopes_.begin(), scopes_.end(), [](ByteRange a, ByteRange b) {
      return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
    std::vector<uint32_t> open; // ends of the scopes around the current position
    size_t j = 0;
    for (auto& d : defs_) {
      for (; j < scopes_.size() && scopes_[j].start <= d.start; ++j) {
        while (!open.empty() && open.back() <= scopes_[j].start) open.pop_back();
        open.push_back(scopes_[j].end);
      }
      while (!open.empty() && open.back() <= d.start) open.pop_back();
      if (open.empty() || d.local) continue;
      const bool any = lang_.spec->localBindings;
      const bool binding = d.kind == SymbolKind::Variable || (any && d.kind == SymbolKind::Constant);
      if (keepVariables && binding && (!d.info->container || any) && !d.info->declaration)
        d.local = true;
      else
        d.dropped = true;
    }
  }

  // A local belongs to a function: one at file or class scope (a lambda's parameter in a global
  // initializer) would otherwise be visible everywhere. One bounded by its own region (a Python
  // comprehension's variable) is visible only there, wherever that is.
  void dropOrphanLocals() {
    for (auto& d : defs_)
      if (d.local && !d.dropped && !d.info->selfMember && d.regionEnd == 0 &&
          (d.parent < 0 || !isCallable(defs_[static_cast<size_t>(d.parent)].kind)))
        d.dropped = true;
  }

  // Python: `self.x = …` in a method defines the attribute x of the method's class; pyright's
  // go-to-definition lands on the first such assignment. Only the first per class and name is a
  // definition (a later one, or one shadowed by a class-body binding, stays a Write reference);
  // the object must be the method's first parameter (`self`, `cls`, or whatever it is named).
  void bindSelfMembers() {
    bool any = false;
    for (const auto& d : defs_) any |= d.info->selfMember;
    if (!any) return;
    std::set<std::pair<int32_t, std::string_view>> seen; // (class, name)
    for (const auto& d : defs_)
      if (!d.dropped && !d.info->selfMember && d.parent >= 0 && isClassLike(defs_[static_cast<size_t>(d.parent)].kind))
        seen.emplace(d.parent, nameOf(d));
    for (auto& d : defs_) {
      if (!d.info->selfMember || d.dropped) continue;
      d.dropped = true;
      const int32_t method = d.parent;
      if (method < 0 || !isCallable(defs_[static_cast<size_t>(method)].kind)) continue;
      const int32_t cls = defs_[static_cast<size_t>(method)].parent;
      if (cls < 0 || !isClassLike(defs_[static_cast<size_t>(cls)].kind)) continue;
      if (d.receiver.empty() || d.receiver != firstParameter(static_cast<size_t>(method))) continue;
      if (!seen.emplace(cls, nameOf(d)).second) continue;
      d.dropped = false;
      d.parent = cls;
    }
  }

  std::string_view firstParameter(size_t callable) const {
    const RawDefinition& f = defs_[callable];
    for (size_t j = callable + 1; j < defs_.size() && defs_[j].start < f.end; ++j)
      if (!defs_[j].dropped && defs_[j].parent == static_cast<int32_t>(callable) && defs_[j].info->parameter)
        return nameOf(defs_[j]);
    return {};
  }

  void assignParents() {
    const bool cFamily = lang_.spec->language == Language::C || lang_.spec->language == Language::Cpp;
    std::vector<size_t> stack; // open containers, outermost first
    for (size_t i = 0; i < defs_.size(); ++i) {
      RawDefinition& d = defs_[i];
      if (d.dropped) continue;
      while (!stack.empty()) {
        const RawDefinition& top = defs_[stack.back()];
        const bool same = top.start == d.start && top.end == d.end; // e.g. `typedef struct {..} A, *PA;`
        if (top.start <= d.start && d.end <= top.end && !same) break;
        stack.pop_back();
      }
      d.parent = stack.empty() ? -1 : static_cast<int32_t>(stack.back());
      if (d.info->container || (cFamily && d.kind == SymbolKind::Field && declaresRecordBody(d.construct)))
        stack.push_back(i);
    }
  }

  // `struct { uint8_t type; } shift;`: the members belong to the field, as `action.shift.type`
  // reaches them, not to the enclosing record (where a member `type` may sit beside `shift`).
  static bool declaresRecordBody(TSNode field) {
    const TSNode type = ts_node_child_by_field_name(field, "type", 4);
    if (ts_node_is_null(type)) return false;
    const std::string_view kind = ts_node_type(type);
    return (kind == "struct_specifier" || kind == "union_specifier") &&
           !ts_node_is_null(ts_node_child_by_field_name(type, "body", 4));
  }

  std::string_view nameOf(const RawDefinition& d) const { return ts::nodeText(source_, d.leaf); }

  // Rust: `impl Stack { fn push() }` members become children of `struct Stack` when it is defined
  // earlier in the same scope, so the container chain reads Stack::push. A later or foreign type
  // stays a qualifier: parents must precede their children.
  void joinQualifiedMembers() {
    std::vector<std::pair<std::string_view, size_t>> types; // (name, index), in document order
    for (size_t i = 0; i < defs_.size(); ++i) {
      RawDefinition& d = defs_[i];
      if (d.dropped) continue;
      if (d.qualifier.empty()) {
        if (d.kind == SymbolKind::Struct || d.kind == SymbolKind::Enum || d.kind == SymbolKind::Interface ||
            d.kind == SymbolKind::Class)
          types.emplace_back(nameOf(d), i);
        continue;
      }
      for (auto it = types.rbegin(); it != types.rend(); ++it) {
        if (it->first != d.qualifier || defs_[it->second].parent != d.parent) continue;
        d.parent = static_cast<int32_t>(it->second);
        d.qualifier = {};
        break;
      }
    }
  }

  // Rules a query cannot express because they compare names or look at the parent's kind.
  void refineKinds() {
    const LanguageSpec& spec = *lang_.spec;
    for (auto& d : defs_) {
      if (d.dropped) continue;
      const RawDefinition* parent = d.parent >= 0 ? &defs_[static_cast<size_t>(d.parent)] : nullptr;
      if (d.kind == SymbolKind::Function && parent && isClassLike(parent->kind)) d.kind = SymbolKind::Method;
      if (d.kind == SymbolKind::Function && spec.qualifiedFunctionsAreMethods && !d.qualifier.empty())
        d.kind = SymbolKind::Method;
      if (d.kind != SymbolKind::Method) continue;
      const std::string_view name = nameOf(d);
      switch (spec.constructors) {
      case ConstructorRule::None: break;
      case ConstructorRule::InitMethod:
        if (name == "__init__") d.kind = SymbolKind::Constructor;
        break;
      case ConstructorRule::NamedConstructor:
        if (name == "constructor") d.kind = SymbolKind::Constructor;
        break;
      case ConstructorRule::SameNameAsClass:
        if (name.starts_with('~') ||
            (!d.qualifier.empty() ? lastScopeComponent(d.qualifier) == name : parent && nameOf(*parent) == name))
          d.kind = SymbolKind::Constructor;
        break;
      }
    }
    if (!spec.upperCaseConstants) return;
    for (auto& d : defs_)
      if (!d.dropped && d.kind == SymbolKind::Variable && !d.info->parameter && isAllCaps(nameOf(d)))
        d.kind = SymbolKind::Constant;
  }

  // Python: a later binding of a name already bound in the same scope is a Write reference only.
  void dropRebindings() {
    struct Binding {
      int32_t scope;
      std::string_view name;
      uint32_t position;
      size_t index;
    };
    std::vector<Binding> bindings;
    for (size_t i = 0; i < defs_.size(); ++i) {
      const RawDefinition& d = defs_[i];
      // A comprehension or lambda is a scope of its own (its region): not a rebinding of the name.
      if (!d.dropped && !d.info->container && d.regionEnd == 0 &&
          (d.kind == SymbolKind::Variable || d.kind == SymbolKind::Constant))
        bindings.push_back({d.parent, nameOf(d), d.leafStart, i});
    }
    std::sort(bindings.begin(), bindings.end(), [](const Binding& a, const Binding& b) {
      if (a.scope != b.scope) return a.scope < b.scope;
      if (a.name != b.name) return a.name < b.name;
      return a.position < b.position;
    });
    for (size_t i = 1; i < bindings.size(); ++i)
      if (bindings[i].scope == bindings[i - 1].scope && bindings[i].name == bindings[i - 1].name)
        defs_[bindings[i].index].dropped = true;
  }

  void shapeReferences() {
    // Names of kept definitions are not references (destructor_name holds an identifier: use containment).
    std::vector<ByteRange> names;
    names.reserve(kept_.size());
    for (size_t i : kept_) names.push_back({defs_[i].leafStart, defs_[i].leafEnd});
    std::sort(names.begin(), names.end(), [](ByteRange a, ByteRange b) { return a.start < b.start; });

    // refs_ are in start order since dedupe.
    const auto& defs = result_.definitions;
    std::vector<int32_t> open; // containers around the current position, as result indices
    size_t n = 0, d = 0, m = 0;
    auto enclosingAt = [&](uint32_t position) {
      for (; d < defs.size() && defs[d].range.startByte <= position; ++d) {
        while (!open.empty() && defs[static_cast<size_t>(open.back())].range.endByte <= defs[d].range.startByte)
          open.pop_back();
        if (defs_[kept_[d]].info->container) open.push_back(static_cast<int32_t>(d));
      }
      while (!open.empty() && defs[static_cast<size_t>(open.back())].range.endByte <= position) open.pop_back();
      return open.empty() ? -1 : open.back();
    };
    // Macro names blanked before parsing (parsers/MacroMask.h) are read references too.
    auto maskedUpTo = [&](uint32_t position) {
      for (; m < maskedNames_.size() && maskedNames_[m].startByte < position; ++m) {
        const Span& span = maskedNames_[m];
        Reference out;
        out.name = std::string(source_.substr(span.startByte, span.endByte - span.startByte));
        out.span = span;
        out.enclosing = enclosingAt(span.startByte);
        result_.references.push_back(std::move(out));
      }
    };
    result_.references.reserve(refs_.size() + maskedNames_.size());
    for (const RawReference& r : refs_) {
      maskedUpTo(r.start);
      while (n < names.size() && names[n].end <= r.start) ++n;
      if (n < names.size() && names[n].start <= r.start && r.end <= names[n].end) continue;
      const int32_t enclosing = enclosingAt(r.start);
      Reference out;
      out.name = std::string(ts::nodeText(source_, r.leaf));
      out.role = r.role;
      out.span = spanOf(r.leaf);
      out.enclosing = enclosing;
      out.receiver = std::string(r.receiver);
      out.arguments = r.arguments;
      result_.references.push_back(std::move(out));
    }
    maskedUpTo(std::numeric_limits<uint32_t>::max());
  }

  void shapeImports() {
    std::sort(imports_.begin(), imports_.end(), [](const RawImport& a, const RawImport& b) {
      return std::pair{ts_node_start_byte(a.statement), ts_node_start_byte(a.path)} <
             std::pair{ts_node_start_byte(b.statement), ts_node_start_byte(b.path)};
    });
    imports_.erase(std::unique(imports_.begin(), imports_.end(),
                               [](const RawImport& a, const RawImport& b) { return ts_node_eq(a.path, b.path); }),
                   imports_.end());
    for (const RawImport& i : imports_) {
      if (ts_node_is_missing(i.path)) continue;
      result_.imports.push_back(
          {importTarget(ts::nodeText(source_, i.path), i.system), constructSpanOf(i.statement, source_), i.system});
    }
  }

  const CompiledLanguage& lang_;
  std::string_view source_;
  std::span<const Span> maskedNames_; // blanked before parsing, in document order
  ExtractionResult& result_;
  std::vector<RawDefinition> defs_;
  std::vector<RawReference> refs_;
  std::vector<RawImport> imports_;
  std::vector<ByteRange> scopes_;
  std::vector<size_t> kept_; // defs_ index of each result definition
  AccessSpecifiers access_;  // C++ class bodies' access specifiers, read once per body
};

} // namespace

struct Extractor::Impl {
  ts::ParserPtr parser{ts_parser_new()};
  ts::QueryCursorPtr cursor{ts_query_cursor_new()};
  PatternMatcher::Scratch scratch;
  const TSLanguage* grammar = nullptr;
};

struct DocumentTree::Impl {
  ts::TreePtr tree;
  Language language = Language::C;
  bool masked = false; // parsed from maskStatementMacros' copy
};

DocumentTree::DocumentTree() : impl_(std::make_unique<Impl>()) {}
DocumentTree::~DocumentTree() = default;
DocumentTree::DocumentTree(DocumentTree&&) noexcept = default;
DocumentTree& DocumentTree::operator=(DocumentTree&&) noexcept = default;

bool DocumentTree::empty() const { return !impl_ || !impl_->tree; }

void DocumentTree::edit(const TextEdit& e) {
  if (empty()) return;
  TSInputEdit edit{e.startByte,           e.oldEndByte,
                   e.newEndByte,          {e.start.line, e.start.column},
                   {e.oldEnd.line, e.oldEnd.column}, {e.newEnd.line, e.newEnd.column}};
  ts_tree_edit(impl_->tree.get(), &edit);
}

void DocumentTree::reset() {
  if (impl_) impl_->tree.reset();
}

namespace {
// The point just past `bytes` when they start at `from`.
Point advance(Point from, std::string_view bytes) {
  size_t lastNewline = bytes.rfind('\n');
  if (lastNewline == std::string_view::npos) return {from.line, from.column + static_cast<uint32_t>(bytes.size())};
  auto lines = static_cast<uint32_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  return {from.line + lines, static_cast<uint32_t>(bytes.size() - lastNewline - 1)};
}
} // namespace

TextEdit textEditFor(std::string_view before, size_t begin, size_t end, std::string_view replacement) {
  TextEdit e;
  e.startByte = static_cast<uint32_t>(begin);
  e.oldEndByte = static_cast<uint32_t>(end);
  e.newEndByte = static_cast<uint32_t>(begin + replacement.size());
  e.start = advance({}, before.substr(0, begin));
  e.oldEnd = advance(e.start, before.substr(begin, end - begin));
  e.newEnd = advance(e.start, replacement);
  return e;
}

Extractor::Extractor() : impl_(std::make_unique<Impl>()) {}
Extractor::~Extractor() = default;

ExtractionResult Extractor::extract(Language language, std::string_view source, uint64_t timeoutMicros) {
  return run(language, source, nullptr, timeoutMicros);
}

ExtractionResult Extractor::extract(Language language, std::string_view source, DocumentTree& tree,
                                    uint64_t timeoutMicros) {
  return run(language, source, &tree, timeoutMicros);
}

ExtractionResult Extractor::run(Language language, std::string_view source, DocumentTree* kept, uint64_t timeoutMicros) {
  ExtractionResult result;
  result.language = language;
  const CompiledLanguage& lang = compiledLanguage(language);
  if (kept && !kept->impl_) kept->impl_ = std::make_unique<DocumentTree::Impl>(); // moved from
  if (kept && !kept->empty() && kept->impl_->language != language) kept->reset();
  if (source.size() >= std::numeric_limits<uint32_t>::max()) {
    // tree-sitter offsets are 32-bit; such a file is no source code we can index.
    if (kept) kept->reset();
    result.errors.push_back({{}, false, "file too large to parse"});
    return result;
  }
  if (impl_->grammar != lang.grammar) {
    ts_parser_set_language(impl_->parser.get(), lang.grammar);
    impl_->grammar = lang.grammar;
  }

  // The tree is parsed from a copy with statement macros blanked (same offsets); names and spans
  // are still read from `source`. A blanked line may change without being edited (its #define
  // was), so a masked parse never reuses an old tree, nor does the parse after one.
  const bool cFamily = language == Language::C || language == Language::Cpp;
  MaskedSource masked = cFamily ? maskStatementMacros(source) : MaskedSource{};
  std::string_view parsed = masked.text.empty() ? source : std::string_view(masked.text);
  const bool reuse = kept && !kept->empty() && masked.text.empty() && !kept->impl_->masked;

  Deadline deadline(timeoutMicros);
  TSInput input{&parsed, readString, TSInputEncodingUTF8, nullptr};
  TSParseOptions options{&deadline, deadline.enabled ? parseProgress : nullptr};
  const TSTree* old = reuse ? kept->impl_->tree.get() : nullptr;
  ts::TreePtr tree(ts_parser_parse_with_options(impl_->parser.get(), old, input, options));
  if (tree && old && ts_node_has_error(ts_tree_root_node(tree.get()))) {
    // Error recovery reusing old subtrees can differ from a fresh parse's (seen on C: `else`
    // read as a type name). Only error-free trees are trusted to equal a fresh parse; the rest
    // are parsed again from scratch, so incremental extraction never differs.
    tree.reset(ts_parser_parse_with_options(impl_->parser.get(), nullptr, input, options));
  }
  // `ABSL_FLAG(int, n, 1 << 10, "…");` derails the parse: blanked, the file is parsed again,
  // incrementally (only around the blanked invocations). Always from the same first parse, so
  // the result does not depend on an editor's earlier trees.
  if (tree && cFamily && maskFailedMacroCalls(source, ts_tree_root_node(tree.get()), masked)) {
    parsed = masked.text;
    for (const Span& s : masked.invocations) {
      const TSPoint start{s.start.line, s.start.column}, end{s.end.line, s.end.column};
      const TSInputEdit edit{s.startByte, s.endByte, s.endByte, start, end, end};
      ts_tree_edit(tree.get(), &edit);
    }
    tree.reset(ts_parser_parse_with_options(impl_->parser.get(), tree.get(), input, options));
  }
  if (!tree) {
    // Without a reset the next parse would resume this one.
    ts_parser_reset(impl_->parser.get());
    if (kept) kept->reset();
    result.timedOut = true;
    return result;
  }
  const TSNode root = ts_tree_root_node(tree.get());
  Extraction extraction(lang, source, masked.names, result);
  const bool collected = extraction.collect(impl_->cursor.get(), impl_->scratch, root, deadline);
  if (collected) {
    // The outline and the CFGs come from the same tree: the outline and the function nodes from
    // finish's walk, then one graph per function node (parsers/Outline.h, parsers/Cfg.h).
    std::vector<FunctionNode> functions;
    extraction.finish(root, functions);
    collectSyntaxErrors(root, source, result.errors);
    buildCfgs(lang.flow, source, functions, result.definitions, result.cfgs);
  }
  if (kept) {
    kept->impl_->tree = std::move(tree);
    kept->impl_->language = language;
    kept->impl_->masked = !masked.text.empty();
  }
  if (!collected) {
    result = ExtractionResult{};
    result.language = language;
    result.timedOut = true;
  }
  return result;
}

} // namespace sextant::parse
