// Runs a compiled TSQuery's patterns over a tree without TSQueryCursor (internal to parsers/).
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

namespace sextant::parse {

/// The patterns of a TSQuery re-read from its source text and matched by descending from each
/// candidate root node: the same matches as ts_query_cursor_next_match (pattern index, capture
/// ids and nodes; order may differ) for the subset of the query language our query files use —
/// node types, `_` and `(_)`, anonymous "strings", fields, `!field`, `.` anchors, `[…]`
/// alternations and captures. Why: tree-sitter's cursor re-derives sibling and field state at
/// every node whatever the patterns; on rxjs (JavaScript, 250 files) its pass took 263 M
/// instructions against 150 M for this one with its walk (parsers/PreorderWalk.h), callgrind.
///
/// Semantics follow lib/src/query.c of the pinned runtime: child patterns match visible children
/// in order, not necessarily adjacent, and every way of matching is a match; wildcards never
/// match ERROR nodes; a `(_ …)` root is never an ERROR node; `.` before the first child pattern
/// means no named sibling before it, after the last, none after (an anchor between two child
/// patterns is declined: query.c forks only on capturing or fallible steps there).
/// tests/parsers/PatternMatcherTests.cpp compares it with TSQueryCursor on real code.
///
/// One known difference, kept on purpose: when a field covers a hidden repeat (Go's
/// `const a, b = 1, 2`, `name:` around `commaSep1`), the cursor stops at the first name (its
/// can_have_later_siblings_with_this_field only looks at the parent's field map); every name
/// matches here, so `b` is a constant, not a read.
class PatternMatcher {
public:
  /// Null when a pattern uses anything outside the subset (quantifiers, predicates, supertypes,
  /// MISSING, top-level sequences, anchors between child patterns, a `_` root, negations on a
  /// `(_)` root): the caller then keeps TSQueryCursor. `text` is the exact text
  /// `query` was compiled from (ts_query_start_byte_for_pattern offsets point into it).
  static std::unique_ptr<PatternMatcher> compile(const TSQuery* query, const TSLanguage* language,
                                                 std::string_view text);
  ~PatternMatcher();

  /// A match as TSQueryCursor gives it; `captures` is valid during the callback only.
  struct Match {
    uint32_t pattern;
    const TSQueryCapture* captures;
    uint32_t captureCount;
  };

  /// Scratch space for one thread's runs (children lists, the captures of a match in progress).
  class Scratch {
  public:
    Scratch();
    ~Scratch();
    /// `check(context)` is asked every few thousand steps of a match in progress; once it says
    /// true, matching stops (one pattern can match a node's children in quadratically many
    /// ways) and interrupted() holds until the next setInterrupt. Null: never interrupted.
    void setInterrupt(bool (*check)(void*), void* context);
    bool interrupted() const;
    struct Impl; ///< opaque (PatternMatcher.cpp)

  private:
    friend class PatternMatcher;
    std::unique_ptr<Impl> impl_;
  };

  /// Every match whose root is `node` (patterns whose root may be `node`'s type, and the
  /// wildcard-rooted ones), each passed to `onMatch`. Called for every node of a pre-order walk,
  /// it gives what a query cursor run over the whole tree gives.
  template <typename F>
  void matchAt(TSNode node, Scratch& scratch, F&& onMatch) const {
    const TSSymbol symbol = ts_node_symbol(node);
    if (symbol >= bySymbol_.size() && wildcardRoots_.empty()) return;
    using Callback = std::remove_reference_t<F>;
    matchRoots(node, symbol, scratch, const_cast<void*>(static_cast<const void*>(&onMatch)),
               [](void* f, const Match& m) { (*static_cast<Callback*>(f))(m); });
  }

  size_t patternCount() const { return patterns_.size(); }

  struct Step; ///< one node of a pattern (defined in PatternMatcher.cpp)

private:
  PatternMatcher() = default;
  using Emit = void (*)(void*, const Match&);
  void matchRoots(TSNode node, TSSymbol symbol, Scratch& scratch, void* context, Emit emit) const;

  std::vector<std::unique_ptr<Step>> patterns_;     ///< by pattern index
  std::vector<std::vector<uint32_t>> bySymbol_;     ///< root symbol -> pattern indices, ascending
  std::vector<uint32_t> wildcardRoots_;             ///< patterns whose root is `_` or `(_ …)`
};

} // namespace sextant::parse
