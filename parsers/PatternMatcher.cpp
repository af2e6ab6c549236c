// Re-reads a query's patterns from its text and matches them by descent (see PatternMatcher.h).
#include "parsers/PatternMatcher.h"

#include "parsers/PreorderWalk.h"

#include <cctype>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <unordered_map>

namespace sextant::parse {

struct PatternMatcher::Step {
  enum class Kind : uint8_t { Symbol, NamedWildcard, AnyWildcard, Alternation };
  Kind kind = Kind::Symbol;
  TSSymbol symbol = 0;
  TSFieldId field = 0;             ///< required field in the parent; 0: any
  bool anchorBefore = false;       ///< `.` before: no named sibling since the previous child pattern
  bool anchorAfter = false;        ///< `.` after the last child pattern: no named sibling after
  std::vector<TSFieldId> negated;  ///< `!field`
  std::vector<uint32_t> captures;  ///< capture ids
  std::vector<Step> children;      ///< child patterns, in order
  std::vector<Step> alternatives;  ///< Kind::Alternation
};

namespace {

// A function reference: continuations of the descent, without std::function's allocation.
class Next {
public:
  template <typename F>
    requires(!std::is_same_v<std::remove_cv_t<F>, Next>)
  Next(F& f) : context_(&f), call_([](void* c) { (*static_cast<F*>(c))(); }) {} // NOLINT: implicit by design
  Next(const Next&) = default;
  void operator()() const { call_(context_); }

private:
  void* context_;
  void (*call_)(void*);
};

// Reads one pattern of the query language, or gives up on anything outside the subset.
class Reader {
public:
  using Step = PatternMatcher::Step;
  Reader(std::string_view text, size_t at, const TSLanguage* language,
         const std::unordered_map<std::string, uint32_t>& captureIds)
      : text_(text), at_(at), language_(language), captureIds_(captureIds) {}

  /// One pattern, which must end where tree-sitter says it does (`end`, a byte offset).
  std::optional<Step> pattern(size_t end) {
    Step root;
    if (!step(root) || !captures(root)) return std::nullopt;
    // query.c skips a `_` root when a child follows and never checks its negations: decline.
    if (root.kind == Step::Kind::AnyWildcard || (root.kind == Step::Kind::NamedWildcard && !root.negated.empty()))
      return std::nullopt;
    space();
    const size_t stop = at_;
    at_ = end;
    space();
    if (at_ != stop) return std::nullopt;
    return root;
  }

private:
  void space() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == ';') {
        while (at_ < text_.size() && text_[at_] != '\n') ++at_;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++at_;
      } else {
        break;
      }
    }
  }
  char peek() {
    space();
    return at_ < text_.size() ? text_[at_] : '\0';
  }
  // query.c's stream_scan_identifier: the first character any of these but `.`, `?` and `!`.
  static bool identifierChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '?' || c == '!';
  }
  std::string_view identifier() {
    const size_t start = at_;
    if (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_' ||
                               text_[at_] == '-'))
      for (++at_; at_ < text_.size() && identifierChar(text_[at_]);) ++at_;
    return text_.substr(start, at_ - start);
  }
  bool captures(Step& s) {
    for (;;) {
      const char c = peek();
      if (c == '*' || c == '+' || c == '?') return false; // quantifiers
      if (c != '@') return true;
      ++at_;
      const size_t start = at_;
      while (at_ < text_.size() && identifierChar(text_[at_])) ++at_;
      auto it = captureIds_.find(std::string(text_.substr(start, at_ - start)));
      if (it == captureIds_.end()) return false;
      s.captures.push_back(it->second);
    }
  }
  // Supertypes (`expression`) are hidden: query.c turns them into a wildcard with a check the
  // matcher does not make, so decline them.
  bool symbolFor(std::string_view name, bool named, TSSymbol& out) {
    out = ts_language_symbol_for_name(language_, name.data(), static_cast<uint32_t>(name.size()), named);
    return out != 0 && ts_language_symbol_type(language_, out) != TSSymbolTypeSupertype;
  }
  bool step(Step& s) {
    const char c = peek();
    if (c == '_') {
      ++at_;
      s.kind = Step::Kind::AnyWildcard;
      return true;
    }
    if (c == '"') {
      std::string literal;
      for (++at_; at_ < text_.size() && text_[at_] != '"'; ++at_) {
        if (text_[at_] == '\\' && at_ + 1 < text_.size()) {
          const char e = text_[++at_];
          literal.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == '0' ? '\0' : e);
        } else {
          literal.push_back(text_[at_]);
        }
      }
      if (at_ >= text_.size()) return false;
      ++at_;
      s.kind = Step::Kind::Symbol;
      return symbolFor(literal, false, s.symbol);
    }
    if (c == '[') {
      ++at_;
      s.kind = Step::Kind::Alternation;
      while (peek() != ']') {
        if (at_ >= text_.size()) return false;
        Step& alternative = s.alternatives.emplace_back();
        if (!step(alternative) || !captures(alternative)) return false;
      }
      ++at_;
      return !s.alternatives.empty();
    }
    if (c != '(') return false;
    ++at_;
    space();
    const std::string_view type = identifier();
    if (type.empty() || type == "MISSING" || (at_ < text_.size() && text_[at_] == '/')) return false;
    if (type == "_") {
      s.kind = Step::Kind::NamedWildcard;
    } else {
      s.kind = Step::Kind::Symbol;
      if (!symbolFor(type, true, s.symbol)) return false;
    }
    bool anchor = false;
    for (;;) {
      const char d = peek();
      if (d == ')') {
        ++at_;
        if (anchor) {
          if (s.children.empty()) return false;
          s.children.back().anchorAfter = true;
        }
        return true;
      }
      if (d == '\0' || d == '#') return false;
      if (d == '.') {
        ++at_;
        anchor = true;
        continue;
      }
      if (d == '!') {
        ++at_;
        const std::string_view name = identifier();
        const TSFieldId id = ts_language_field_id_for_name(language_, name.data(), static_cast<uint32_t>(name.size()));
        if (!id) return false;
        s.negated.push_back(id);
        continue;
      }
      TSFieldId field = 0;
      if (std::isalpha(static_cast<unsigned char>(d)) || d == '_') {
        const size_t before = at_;
        const std::string_view name = identifier();
        if (peek() == ':') {
          ++at_;
          field = ts_language_field_id_for_name(language_, name.data(), static_cast<uint32_t>(name.size()));
          if (!field) return false;
        } else {
          at_ = before;
        }
      }
      // `(a) . (b)`: query.c forks a state only on capturing or fallible steps, so which `b`
      // counts as adjacent can differ from "every way"; only first and last anchors are kept.
      if (anchor && !s.children.empty()) return false;
      Step& child = s.children.emplace_back();
      if (!step(child) || !captures(child)) return false;
      child.field = field;
      child.anchorBefore = anchor;
      anchor = false;
    }
  }

  std::string_view text_;
  size_t at_;
  const TSLanguage* language_;
  const std::unordered_map<std::string, uint32_t>& captureIds_;
};

// The symbols a root step may have; nullopt when it may be any (wildcards).
bool rootSymbols(const PatternMatcher::Step& s, std::vector<TSSymbol>& out) {
  using Kind = PatternMatcher::Step::Kind;
  if (s.kind == Kind::Symbol) {
    out.push_back(s.symbol);
    return true;
  }
  if (s.kind == Kind::Alternation) {
    for (const auto& a : s.alternatives)
      if (!rootSymbols(a, out)) return false;
    return true;
  }
  return false;
}

} // namespace

struct PatternMatcher::Scratch::Impl {
  std::vector<TSQueryCapture> captures;
  std::deque<std::vector<SextantChild>> lists; // one per nested children listing; deque: stable
  size_t depth = 0;
  bool (*check)(void*) = nullptr;
  void* checkContext = nullptr;
  uint32_t steps = 0;
  bool stopped = false;
};

PatternMatcher::Scratch::Scratch() : impl_(std::make_unique<Impl>()) {}
PatternMatcher::Scratch::~Scratch() = default;

void PatternMatcher::Scratch::setInterrupt(bool (*check)(void*), void* context) {
  impl_->check = check;
  impl_->checkContext = context;
  impl_->steps = 0;
  impl_->stopped = false;
}

bool PatternMatcher::Scratch::interrupted() const { return impl_->stopped; }
PatternMatcher::~PatternMatcher() = default;

std::unique_ptr<PatternMatcher> PatternMatcher::compile(const TSQuery* query, const TSLanguage* language,
                                                       std::string_view text) {
  std::unordered_map<std::string, uint32_t> captureIds;
  for (uint32_t id = 0; id < ts_query_capture_count(query); ++id) {
    uint32_t length = 0;
    const char* name = ts_query_capture_name_for_id(query, id, &length);
    captureIds.emplace(std::string(name, length), id);
  }
  std::unique_ptr<PatternMatcher> m(new PatternMatcher);
  const uint32_t count = ts_query_pattern_count(query);
  for (uint32_t p = 0; p < count; ++p) {
    uint32_t steps = 0;
    ts_query_predicates_for_pattern(query, p, &steps);
    if (steps > 0) return nullptr;
    Reader reader(text, ts_query_start_byte_for_pattern(query, p), language, captureIds);
    std::optional<Step> root = reader.pattern(ts_query_end_byte_for_pattern(query, p));
    if (!root) return nullptr;
    std::vector<TSSymbol> symbols;
    if (rootSymbols(*root, symbols)) {
      for (TSSymbol s : symbols) {
        if (s >= m->bySymbol_.size()) m->bySymbol_.resize(s + 1);
        auto& list = m->bySymbol_[s];
        if (list.empty() || list.back() != p) list.push_back(p);
      }
    } else {
      m->wildcardRoots_.push_back(p);
    }
    m->patterns_.push_back(std::make_unique<Step>(std::move(*root)));
  }
  return m;
}

namespace {

bool isError(TSNode n) { return ts_node_symbol(n) == static_cast<TSSymbol>(-1); }

void matchStep(const PatternMatcher::Step& s, TSNode n, PatternMatcher::Scratch::Impl& run, Next next);

// Child patterns k.. of `s` against children from `from` on, then `next`.
void matchChildren(const PatternMatcher::Step& s, size_t k, std::span<const SextantChild> children, size_t from,
                   size_t lastNamed, PatternMatcher::Scratch::Impl& run, Next next) {
  if (k == s.children.size()) {
    next();
    return;
  }
  const PatternMatcher::Step& c = s.children[k];
  for (size_t i = from; i < children.size(); ++i) {
    if (run.stopped) return;
    if ((++run.steps & 4095) == 0 && run.check && run.check(run.checkContext)) {
      run.stopped = true;
      return;
    }
    const bool named = ts_node_is_named(children[i].node);
    if (c.anchorAfter && lastNamed != SIZE_MAX && i < lastNamed) {
      if (c.anchorBefore && named) break;
      continue;
    }
    if (!c.field || children[i].field == c.field) {
      auto rest = [&] { matchChildren(s, k + 1, children, i + 1, lastNamed, run, next); };
      matchStep(c, children[i].node, run, Next(rest));
    }
    if (c.anchorBefore && named) break; // the next candidate would have a named sibling before it
  }
}

void matchStep(const PatternMatcher::Step& s, TSNode n, PatternMatcher::Scratch::Impl& run, Next next) {
  using Kind = PatternMatcher::Step::Kind;
  if (run.stopped) return;
  const size_t mark = run.captures.size();
  switch (s.kind) {
  case Kind::Alternation:
    for (const auto& alternative : s.alternatives) {
      for (uint32_t id : s.captures) run.captures.push_back({n, id});
      matchStep(alternative, n, run, next);
      run.captures.resize(mark);
    }
    return;
  case Kind::Symbol:
    if (ts_node_symbol(n) != s.symbol) return;
    break;
  case Kind::NamedWildcard:
    if (!ts_node_is_named(n) || isError(n)) return;
    break;
  case Kind::AnyWildcard:
    if (isError(n)) return;
    break;
  }
  for (TSFieldId f : s.negated)
    if (!ts_node_is_null(ts_node_child_by_field_id(n, f))) return;
  for (uint32_t id : s.captures) run.captures.push_back({n, id});
  if (s.children.empty()) {
    next();
  } else {
    if (run.depth == run.lists.size()) run.lists.emplace_back();
    std::vector<SextantChild>& buffer = run.lists[run.depth++];
    if (buffer.empty()) buffer.resize(16);
    uint32_t count = sextant_visible_children(n, buffer.data(), static_cast<uint32_t>(buffer.size()));
    if (count > buffer.size()) {
      buffer.resize(count);
      count = sextant_visible_children(n, buffer.data(), count);
    }
    const std::span<const SextantChild> children(buffer.data(), count);
    size_t lastNamed = SIZE_MAX;
    for (size_t i = count; i-- > 0;)
      if (ts_node_is_named(children[i].node)) {
        lastNamed = i;
        break;
      }
    matchChildren(s, 0, children, 0, lastNamed, run, next);
    --run.depth;
  }
  run.captures.resize(mark);
}

} // namespace

void PatternMatcher::matchRoots(TSNode node, TSSymbol symbol, Scratch& scratch, void* context, Emit emit) const {
  Scratch::Impl& run = *scratch.impl_;
  if (run.stopped) return;
  const auto attempt = [&](uint32_t p) {
    run.captures.clear();
    auto done = [&] { emit(context, Match{p, run.captures.data(), static_cast<uint32_t>(run.captures.size())}); };
    matchStep(*patterns_[p], node, run, Next(done));
  };
  if (wildcardRoots_.empty()) {
    for (uint32_t p : bySymbol_[symbol]) attempt(p);
    return;
  }
  // Both lists ascend: merge, so patterns are tried in query order.
  static const std::vector<uint32_t> none;
  const std::vector<uint32_t>& specific = symbol < bySymbol_.size() ? bySymbol_[symbol] : none;
  size_t a = 0, b = 0;
  while (a < specific.size() || b < wildcardRoots_.size()) {
    if (b == wildcardRoots_.size() || (a < specific.size() && specific[a] < wildcardRoots_[b])) {
      attempt(specific[a++]);
      continue;
    }
    const uint32_t p = wildcardRoots_[b++];
    const Step& root = *patterns_[p];
    // A `(_ field: …)` root: skip nodes whose production has no such field, without listing children.
    if (!root.children.empty() && root.children.front().field &&
        !sextant_node_may_have_field(node, root.children.front().field))
      continue;
    attempt(p);
  }
}

} // namespace sextant::parse
