// Builds control-flow graphs statement by statement from the FlowTable's constructs.
//
// Depth-bounded recursion over statements (kMaxCfgDepth), never over expressions: a nested
// function is an opaque statement here and gets its own graph. Blocks are created eagerly
// (joins, loop exits) and the empty ones are folded away at the end (simplify()).
#include "parsers/Cfg.h"

#include "parsers/SyntaxErrors.h"

#include <algorithm>
#include <utility>

namespace sextant::parse {
namespace {

struct TooDeep {};

constexpr int32_t kEntry = 0, kExit = 1;
constexpr size_t kMaxLabel = 80;

bool isNull(TSNode n) { return ts_node_is_null(n); }

Point pointOf(TSPoint p) { return {p.row, p.column}; }

Span emptySpanAt(TSNode node, bool atEnd) {
  const Point p = pointOf(atEnd ? ts_node_end_point(node) : ts_node_start_point(node));
  const uint32_t b = atEnd ? ts_node_end_byte(node) : ts_node_start_byte(node);
  return {p, p, b, b};
}

// The first line of a node's text, blanks trimmed, at most kMaxLabel bytes (cut on a UTF-8
// character boundary).
std::string snippet(std::string_view source, TSNode node) {
  std::string_view text = ts::nodeText(source, node);
  if (size_t nl = text.find_first_of("\r\n"); nl != std::string_view::npos) text = text.substr(0, nl);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  if (text.size() > kMaxLabel) {
    size_t cut = kMaxLabel;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  return std::string(text);
}

class Builder {
public:
  Builder(const FlowTable& table, std::string_view source, FunctionCfg& g) : t_(table), src_(source), g_(g) {}

  void build(TSNode fn) {
    const TSNode body = ts_node_child_by_field_id(fn, t_.body);
    Span entry = spanOf(fn);
    entry.end = pointOf(ts_node_start_point(body)), entry.endByte = ts_node_start_byte(body);
    newBlock(BlockKind::Entry, entry);
    newBlock(BlockKind::Exit, emptySpanAt(fn, true));
    try {
      cur_ = newBlock(BlockKind::Plain, emptySpanAt(body, false));
      edge(kEntry, cur_, EdgeKind::Fallthrough);
      stmt(body, 0);
      edge(cur_, kExit, EdgeKind::Fallthrough);
      resolveGotos();
      simplify();
    } catch (const TooDeep&) {
      g_.truncated = true;
      g_.blocks.resize(2);
      g_.edges.clear();
      CfgBlock whole{BlockKind::Plain, spanOf(body), {}, {}};
      g_.blocks.push_back(std::move(whole));
      g_.edges = {{kEntry, 2, EdgeKind::Fallthrough}, {2, kExit, EdgeKind::Fallthrough}};
    }
  }

private:
  struct Jump {
    std::string_view label;
    int32_t breakTo = -1, continueTo = -1; // continueTo < 0: not a loop
    bool unlabeledBreak = true;            // false for a labeled block (JS `a: { … }`)
  };
  struct TryContext {
    std::vector<int32_t> handlers;
    int32_t finallyBlock = -1;
    bool inBody = true;
    bool returns = false, throws = false;
  };
  struct Child {
    TSNode node;
    TSFieldId field;
  };

  // ---- graph primitives

  int32_t newBlock(BlockKind kind, Span span, std::string_view terminator = {}, std::string label = {}) {
    g_.blocks.push_back({kind, span, terminator, std::move(label)});
    hasCode_.push_back(kind != BlockKind::Plain && kind != BlockKind::Entry && kind != BlockKind::Exit);
    return static_cast<int32_t>(g_.blocks.size() - 1);
  }

  void edge(int32_t from, int32_t to, EdgeKind kind) {
    if (from < 0 || to < 0) return;
    g_.edges.push_back({static_cast<uint32_t>(from), static_cast<uint32_t>(to), kind});
  }

  // The block statements go into; code after a jump starts an unreachable block.
  int32_t current(const Span& at) {
    if (cur_ < 0) cur_ = newBlock(BlockKind::Plain, at);
    return cur_;
  }

  void appendSpan(const Span& span) {
    const int32_t b = current(span);
    CfgBlock& block = g_.blocks[static_cast<size_t>(b)];
    if (!hasCode_[static_cast<size_t>(b)] && block.kind == BlockKind::Plain) {
      block.span = span;
    } else if (span.endByte > block.span.endByte) {
      block.span.end = span.end;
      block.span.endByte = span.endByte;
    }
    hasCode_[static_cast<size_t>(b)] = true;
  }
  void append(TSNode node) { appendSpan(spanOf(node)); }

  void terminate(int32_t b, TSNode node, BlockKind upgrade) {
    CfgBlock& block = g_.blocks[static_cast<size_t>(b)];
    block.terminator = ts_node_type(node);
    // Arms, handlers and try blocks keep their own label ("case 2:", "except E:").
    if (block.kind == BlockKind::Plain || block.kind == BlockKind::Return || block.kind == BlockKind::Throw)
      block.label = snippet(src_, node);
    if (block.kind == BlockKind::Plain) block.kind = upgrade;
  }

  // A test (if condition, switch subject, loop header) reached from the current block.
  int32_t test(BlockKind kind, TSNode construct, TSNode condition) {
    const TSNode shown = isNull(condition) ? construct : condition;
    Span span = spanOf(shown);
    if (isNull(condition) && span.end.line > span.start.line) span = emptySpanAt(construct, false);
    const int32_t b = newBlock(kind, span, ts_node_type(construct), snippet(src_, shown));
    edge(cur_, b, EdgeKind::Fallthrough);
    return b;
  }

  // ---- tree helpers

  TSNode field(TSNode node, TSFieldId id) const { return id ? ts_node_child_by_field_id(node, id) : TSNode{}; }

  std::vector<Child> children(TSNode node) {
    std::vector<Child> out;
    TSTreeCursor c = ts_tree_cursor_new(node);
    if (ts_tree_cursor_goto_first_child(&c)) {
      do {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (ts_node_is_named(n)) out.push_back({n, ts_tree_cursor_current_field_id(&c)});
      } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return out;
  }

  // The `body` field, else the last named child (else_clause, finally_clause, except_clause).
  TSNode bodyOf(TSNode node) {
    TSNode b = field(node, t_.body);
    if (!isNull(b)) return b;
    const uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = n; i > 0; --i) {
      TSNode child = ts_node_named_child(node, i - 1);
      if (t_.info(child).construct != Construct::Ignore) return child;
    }
    return {};
  }

  TSNode labelRef(TSNode node) {
    TSNode l = field(node, t_.label);
    if (!isNull(l)) return l;
    for (const Child& c : children(node))
      if (t_.info(c.node).isLabelRef) return c.node;
    return {};
  }

  // Rust: a `?` or `return` nested in a plain statement (closures and macros not entered).
  bool hasNestedJump(TSNode node) {
    TSTreeCursor c = ts_tree_cursor_new(node);
    bool found = false;
    unsigned depth = 0;
    for (bool down = true;;) {
      TSNode n = ts_tree_cursor_current_node(&c);
      const NodeInfo& info = t_.info(n);
      if (info.jumpInside) {
        found = true;
        break;
      }
      if (down && !(depth > 0 && info.opaque) && ts_tree_cursor_goto_first_child(&c)) {
        ++depth;
        continue;
      }
      if (depth == 0) break;
      if (ts_tree_cursor_goto_next_sibling(&c)) {
        down = true;
        continue;
      }
      ts_tree_cursor_goto_parent(&c);
      --depth;
      down = false;
    }
    ts_tree_cursor_delete(&c);
    return found;
  }

  // ---- statements

  void stmt(TSNode node, unsigned depth) {
    if (isNull(node)) return;
    if (depth > kMaxCfgDepth) throw TooDeep{};
    const std::string_view label = std::exchange(pendingLabel_, {});
    const NodeInfo& info = t_.info(node);
    switch (info.construct) {
    case Construct::Ignore: return;
    case Construct::None:
    case Construct::Function:
    case Construct::Case: plain(node); return;
    case Construct::Sequence: sequence(node, depth, {}); return;
    case Construct::Else: stmt(bodyOf(node), depth + 1); return;
    case Construct::If: doIf(node, depth); return;
    case Construct::PreprocIf: doPreprocIf(node, depth); return;
    case Construct::While:
      loop(node, field(node, t_.condition), true, label, field(node, t_.body), field(node, t_.alternative), depth);
      return;
    case Construct::ForEach: {
      TSNode iterable = field(node, t_.right);
      if (isNull(iterable)) iterable = field(node, t_.value);
      loop(node, iterable, true, label, field(node, t_.body), field(node, t_.alternative), depth);
      return;
    }
    case Construct::For: doFor(node, label, depth); return;
    case Construct::Loop: loop(node, {}, false, label, field(node, t_.body), {}, depth); return;
    case Construct::GoFor: doGoFor(node, label, depth); return;
    case Construct::DoWhile: doWhile(node, label, depth); return;
    case Construct::Switch: doSwitch(node, label, depth); return;
    case Construct::Break: doBreak(node, false); return;
    case Construct::Continue: doBreak(node, true); return;
    case Construct::Return: {
      append(node);
      terminate(cur_, node, BlockKind::Return);
      returnEdge(cur_);
      cur_ = -1;
      return;
    }
    case Construct::Throw: {
      append(node);
      terminate(cur_, node, BlockKind::Throw);
      throwEdge(cur_);
      cur_ = -1;
      return;
    }
    case Construct::Goto: doGoto(node); return;
    case Construct::Labeled: doLabeled(node, depth); return;
    case Construct::Try: doTry(node, depth); return;
    case Construct::Wrapper: {
      const TSNode body = bodyOf(node);
      if (isNull(body) || ts_node_eq(body, node)) return plain(node);
      Span header = spanOf(node);
      header.end = pointOf(ts_node_start_point(body)), header.endByte = ts_node_start_byte(body);
      appendSpan(header);
      stmt(body, depth + 1);
      return;
    }
    case Construct::ExprStatement: {
      const TSNode inner = ts_node_named_child(node, 0);
      const Construct c = isNull(inner) ? Construct::None : t_.info(inner).construct;
      if (c == Construct::None || c == Construct::Function || c == Construct::Ignore) return plain(node);
      pendingLabel_ = label;
      stmt(inner, depth + 1);
      return;
    }
    case Construct::Let: doLet(node, depth); return;
    case Construct::Fallthrough: {
      append(node);
      terminate(cur_, node, BlockKind::Plain);
      goFallthrough_ = cur_;
      cur_ = -1;
      return;
    }
    }
  }

  // `scan`: the part of `node` that may hold a Rust `?` or `return` (the whole node by default).
  void plain(TSNode node, TSNode scan = {}) {
    append(node);
    if (t_.language == Language::Rust && hasNestedJump(isNull(scan) ? node : scan)) {
      // `x?` / `return` inside an expression: the statement may leave the function.
      terminate(cur_, node, BlockKind::Plain);
      returnEdge(cur_);
      const int32_t next = newBlock(BlockKind::Plain, emptySpanAt(node, true));
      edge(cur_, next, EdgeKind::Fallthrough);
      cur_ = next;
    }
  }

  // A block: its named children in order. `skip` fields are not statements (PreprocIf's test).
  void sequence(TSNode node, unsigned depth, std::initializer_list<TSFieldId> skip) {
    for (const Child& c : children(node)) {
      if (c.field && std::find(skip.begin(), skip.end(), c.field) != skip.end()) continue;
      stmt(c.node, depth + 1);
    }
  }

  void doIf(TSNode node, unsigned depth) {
    struct Arm {
      TSNode ifNode, condition, consequence;
    };
    std::vector<Arm> arms;
    TSNode elseBody{};
    // Flatten else-if chains so that a long chain costs no depth.
    for (TSNode n = node;;) {
      arms.push_back({n, field(n, t_.condition), field(n, t_.consequence)});
      std::vector<TSNode> alternatives;
      for (const Child& c : children(n))
        if (c.field == t_.alternative && t_.alternative) alternatives.push_back(c.node);
      if (alternatives.empty()) break;
      if (t_.language == Language::Python) {
        for (TSNode alt : alternatives) {
          if (std::string_view(ts_node_type(alt)) == "elif_clause")
            arms.push_back({alt, field(alt, t_.condition), field(alt, t_.consequence)});
          else
            elseBody = bodyOf(alt);
        }
        break;
      }
      TSNode inner = alternatives.front();
      if (t_.info(inner).construct == Construct::Else) inner = bodyOf(inner);
      if (!isNull(inner) && t_.info(inner).construct == Construct::If) {
        n = inner;
        continue;
      }
      elseBody = inner;
      break;
    }
    std::vector<int32_t> ends;
    int32_t falseFrom = -1;
    for (size_t i = 0; i < arms.size(); ++i) {
      const Arm& arm = arms[i];
      if (i > 0) cur_ = -1;
      if (TSNode init = field(arm.ifNode, t_.initializer); !isNull(init)) {
        if (i > 0) {
          cur_ = newBlock(BlockKind::Plain, spanOf(init));
          edge(falseFrom, cur_, EdgeKind::False);
          falseFrom = -1;
        }
        append(init);
      }
      const int32_t cond = test(BlockKind::Condition, arm.ifNode, arm.condition);
      edge(falseFrom, cond, EdgeKind::False);
      cur_ = newBlock(BlockKind::Plain, emptySpanAt(isNull(arm.consequence) ? arm.ifNode : arm.consequence, false));
      edge(cond, cur_, EdgeKind::True);
      stmt(arm.consequence, depth + 1);
      ends.push_back(cur_);
      falseFrom = cond;
    }
    if (!isNull(elseBody)) {
      cur_ = newBlock(BlockKind::Plain, emptySpanAt(elseBody, false));
      edge(falseFrom, cur_, EdgeKind::False);
      falseFrom = -1;
      stmt(elseBody, depth + 1);
      ends.push_back(cur_);
    }
    join(node, ends, falseFrom, EdgeKind::False);
  }

  void join(TSNode node, const std::vector<int32_t>& ends, int32_t extra, EdgeKind extraKind) {
    const int32_t after = newBlock(BlockKind::Plain, emptySpanAt(node, true));
    for (int32_t e : ends) edge(e, after, EdgeKind::Fallthrough);
    edge(extra, after, extraKind);
    cur_ = after;
  }

  void doPreprocIf(TSNode node, unsigned depth) {
    const int32_t cond = test(BlockKind::Condition, node, {});
    cur_ = newBlock(BlockKind::Plain, emptySpanAt(node, false));
    edge(cond, cur_, EdgeKind::True);
    sequence(node, depth, {t_.condition, t_.name, t_.alternative});
    std::vector<int32_t> ends{cur_};
    const TSNode alt = field(node, t_.alternative);
    if (!isNull(alt)) {
      cur_ = newBlock(BlockKind::Plain, emptySpanAt(alt, false));
      edge(cond, cur_, EdgeKind::False);
      stmt(alt, depth + 1);
      ends.push_back(cur_);
    }
    join(node, ends, isNull(alt) ? cond : -1, EdgeKind::False);
  }

  std::string_view loopLabel(TSNode node, std::string_view label) {
    if (!label.empty() || t_.language != Language::Rust) return label;
    for (const Child& c : children(node))
      if (t_.info(c.node).isLabelRef) return ts::nodeText(src_, c.node);
    return {};
  }

  // while / for-each / Rust loop / Go for: header -> body -> back to header; `conditional`
  // adds the false exit (else the loop leaves only by break).
  void loop(TSNode node, TSNode condition, bool conditional, std::string_view label, TSNode body, TSNode elseClause,
            unsigned depth) {
    label = loopLabel(node, label);
    const int32_t header = test(BlockKind::LoopHeader, node, condition);
    const int32_t after = newBlock(BlockKind::Plain, emptySpanAt(node, true));
    cur_ = newBlock(BlockKind::Plain, emptySpanAt(isNull(body) ? node : body, false));
    edge(header, cur_, conditional ? EdgeKind::True : EdgeKind::Fallthrough);
    jumps_.push_back({label, after, header, true});
    stmt(body, depth + 1);
    edge(cur_, header, EdgeKind::Back);
    jumps_.pop_back();
    if (conditional && !isNull(elseClause)) {
      // Python while/for … else: runs when the loop ends without break.
      cur_ = newBlock(BlockKind::Plain, emptySpanAt(elseClause, false));
      edge(header, cur_, EdgeKind::False);
      stmt(bodyOf(elseClause), depth + 1);
      edge(cur_, after, EdgeKind::Fallthrough);
    } else if (conditional) {
      edge(header, after, EdgeKind::False);
    }
    cur_ = after;
  }

  void doFor(TSNode node, std::string_view label, unsigned depth) {
    for (const Child& c : children(node))
      if (c.field && (c.field == t_.initializer || c.field == t_.init)) append(c.node);
    TSNode cond = field(node, t_.condition);
    if (!isNull(cond) && (!ts_node_is_named(cond) || t_.info(cond).construct == Construct::Ignore)) cond = {};
    loop(node, cond, !isNull(cond), label, field(node, t_.body), {}, depth);
  }

  void doGoFor(TSNode node, std::string_view label, unsigned depth) {
    const TSNode body = field(node, t_.body);
    for (const Child& c : children(node)) {
      if (ts_node_eq(c.node, body)) continue;
      const std::string_view type = ts_node_type(c.node);
      if (type == "for_clause") {
        if (TSNode init = field(c.node, t_.initializer); !isNull(init)) append(init);
        const TSNode cond = field(c.node, t_.condition);
        return loop(node, cond, !isNull(cond), label, body, {}, depth);
      }
      if (type == "range_clause") return loop(node, field(c.node, t_.right), true, label, body, {}, depth);
      if (t_.info(c.node).construct != Construct::Ignore) return loop(node, c.node, true, label, body, {}, depth);
    }
    loop(node, {}, false, label, body, {}, depth);
  }

  void doWhile(TSNode node, std::string_view label, unsigned depth) {
    const int32_t body = newBlock(BlockKind::Plain, emptySpanAt(node, false));
    edge(cur_, body, EdgeKind::Fallthrough);
    const TSNode cond = field(node, t_.condition);
    const int32_t header = newBlock(BlockKind::LoopHeader, spanOf(isNull(cond) ? node : cond), ts_node_type(node),
                                    snippet(src_, isNull(cond) ? node : cond));
    const int32_t after = newBlock(BlockKind::Plain, emptySpanAt(node, true));
    jumps_.push_back({label, after, header, true});
    cur_ = body;
    stmt(field(node, t_.body), depth + 1);
    edge(cur_, header, EdgeKind::Fallthrough);
    jumps_.pop_back();
    edge(header, body, EdgeKind::Back);
    edge(header, after, EdgeKind::False);
    cur_ = after;
  }

  bool isDefaultCase(TSNode c) {
    if (t_.info(c).isDefault) return true;
    const std::string_view type = ts_node_type(c);
    if (type == "case_statement") return isNull(field(c, t_.value));
    if (type == "switch_block_statement_group" || type == "switch_rule" || type == "case_clause") {
      for (const Child& child : children(c)) {
        const std::string_view ct = ts_node_type(child.node);
        const std::string_view text = ts::nodeText(src_, child.node);
        if (ct == "switch_label" && text.starts_with("default")) return true;
        if (ct == "case_pattern" && text == "_") return true;
      }
    }
    return false;
  }

  void caseBody(TSNode c, unsigned depth) {
    const std::string_view type = ts_node_type(c);
    if (type == "match_arm") return stmt(field(c, t_.value), depth + 1);
    for (const Child& child : children(c)) {
      if (child.field && (child.field == t_.value || child.field == t_.pattern || child.field == t_.type ||
                          child.field == t_.communication || child.field == t_.guard || child.field == t_.alias))
        continue;
      const std::string_view ct = ts_node_type(child.node);
      if (ct == "switch_label" || ct == "case_pattern") continue;
      stmt(child.node, depth + 1);
    }
  }

  void doSwitch(TSNode node, std::string_view label, unsigned depth) {
    if (TSNode init = field(node, t_.initializer); !isNull(init)) append(init);
    TSNode subject = field(node, t_.condition);
    if (isNull(subject)) subject = field(node, t_.value);
    if (isNull(subject)) subject = field(node, t_.subject);
    const std::string_view type = ts_node_type(node);
    const bool exhaustive = type == "match_expression" || type == "select_statement";
    const bool breakable = type != "match_expression" && type != "match_statement";
    const int32_t cond = test(BlockKind::Condition, node, subject);
    const int32_t after = newBlock(BlockKind::Plain, emptySpanAt(node, true));
    TSNode body = field(node, t_.body);
    const bool casesInline = isNull(body); // Go: the cases are the switch's own children
    if (casesInline) body = node;
    if (breakable) jumps_.push_back({label, after, -1, true});
    const int32_t savedFallthrough = std::exchange(goFallthrough_, -1);
    cur_ = -1;
    int32_t prevEnd = -1;
    bool hasDefault = false;
    for (const Child& c : children(body)) {
      const NodeInfo& info = t_.info(c.node);
      if (info.construct != Construct::Case) {
        if (!casesInline && info.construct != Construct::Ignore) stmt(c.node, depth + 1);
        continue;
      }
      const int32_t arm = newBlock(BlockKind::Arm, emptySpanAt(c.node, false), {}, snippet(src_, c.node));
      edge(cond, arm, EdgeKind::Case);
      edge(prevEnd, arm, EdgeKind::Fallthrough);
      edge(cur_, arm, EdgeKind::Fallthrough); // statements before the first case (C)
      hasDefault |= isDefaultCase(c.node);
      cur_ = arm;
      goFallthrough_ = -1;
      caseBody(c.node, depth);
      if (info.fallsThrough) {
        prevEnd = cur_;
      } else {
        edge(cur_, after, EdgeKind::Fallthrough);
        prevEnd = goFallthrough_;
      }
      cur_ = -1;
    }
    goFallthrough_ = savedFallthrough;
    edge(prevEnd, after, EdgeKind::Fallthrough);
    if (!hasDefault && !exhaustive) edge(cond, after, EdgeKind::False);
    if (breakable) jumps_.pop_back();
    cur_ = after;
  }

  void doBreak(TSNode node, bool isContinue) {
    const TSNode labelNode = labelRef(node);
    const std::string_view label = isNull(labelNode) ? std::string_view() : ts::nodeText(src_, labelNode);
    append(node);
    terminate(cur_, node, BlockKind::Plain);
    int32_t target = kExit;
    for (auto it = jumps_.rbegin(); it != jumps_.rend(); ++it) {
      if (!label.empty() ? it->label != label : !it->unlabeledBreak) continue;
      if (isContinue && it->continueTo < 0) {
        if (!label.empty()) break;
        continue;
      }
      target = isContinue ? it->continueTo : it->breakTo;
      break;
    }
    edge(cur_, target, isContinue ? EdgeKind::Continue : EdgeKind::Break);
    cur_ = -1;
  }

  void doGoto(TSNode node) {
    append(node);
    terminate(cur_, node, BlockKind::Plain);
    const TSNode labelNode = labelRef(node);
    if (isNull(labelNode)) edge(cur_, kExit, EdgeKind::Goto); // computed goto: target unknown
    else gotos_.push_back({ts::nodeText(src_, labelNode), cur_});
    cur_ = -1;
  }

  void resolveGotos() {
    for (const auto& [label, from] : gotos_) {
      int32_t to = kExit;
      for (const auto& [name, block] : labels_)
        if (name == label) to = block;
      edge(from, to, EdgeKind::Goto);
    }
  }

  void doLabeled(TSNode node, unsigned depth) {
    const TSNode labelNode = labelRef(node);
    TSNode inner{};
    for (const Child& c : children(node))
      if (!ts_node_eq(c.node, labelNode) && t_.info(c.node).construct != Construct::Ignore) inner = c.node;
    const std::string_view name = isNull(labelNode) ? std::string_view() : ts::nodeText(src_, labelNode);
    if (t_.language == Language::C || t_.language == Language::Cpp || t_.language == Language::Go) {
      const int32_t target = newBlock(BlockKind::Plain, emptySpanAt(node, false));
      edge(cur_, target, EdgeKind::Fallthrough);
      cur_ = target;
      labels_.push_back({name, target});
    }
    if (isNull(inner)) return;
    switch (t_.info(inner).construct) {
    case Construct::While:
    case Construct::ForEach:
    case Construct::For:
    case Construct::Loop:
    case Construct::GoFor:
    case Construct::DoWhile:
    case Construct::Switch:
      pendingLabel_ = name;
      stmt(inner, depth + 1);
      return;
    default: break;
    }
    if (t_.language == Language::C || t_.language == Language::Cpp) return stmt(inner, depth + 1);
    const int32_t after = newBlock(BlockKind::Plain, emptySpanAt(node, true));
    jumps_.push_back({name, after, -1, false});
    stmt(inner, depth + 1);
    jumps_.pop_back();
    edge(cur_, after, EdgeKind::Fallthrough);
    cur_ = after;
  }

  void doLet(TSNode node, unsigned depth) {
    const TSNode value = field(node, t_.value);
    const Construct c = isNull(value) ? Construct::None : t_.info(value).construct;
    const bool control = c != Construct::None && c != Construct::Function && c != Construct::Ignore;
    if (control) {
      stmt(value, depth + 1);
      Span tail = spanOf(node);
      tail.start = pointOf(ts_node_end_point(value)), tail.startByte = ts_node_end_byte(value);
      appendSpan(tail);
    } else if (!isNull(value)) {
      plain(node, value); // not the let-else block: it is a branch of its own
    } else {
      append(node);
    }
    const TSNode alt = field(node, t_.alternative);
    if (isNull(alt)) return;
    // let-else: the pattern may not match, then the else block (which must diverge) runs.
    const int32_t from = cur_;
    terminate(from, node, BlockKind::Plain);
    cur_ = newBlock(BlockKind::Plain, emptySpanAt(alt, false));
    edge(from, cur_, EdgeKind::False);
    stmt(alt, depth + 1);
    const int32_t elseEnd = cur_;
    cur_ = newBlock(BlockKind::Plain, emptySpanAt(node, true));
    edge(from, cur_, EdgeKind::True);
    edge(elseEnd, cur_, EdgeKind::Fallthrough);
  }

  // ---- exceptions

  void returnEdge(int32_t from) {
    for (auto it = tries_.rbegin(); it != tries_.rend(); ++it)
      if (it->finallyBlock >= 0) {
        it->returns = true;
        return edge(from, it->finallyBlock, EdgeKind::Return);
      }
    edge(from, kExit, EdgeKind::Return);
  }

  // Where an exception raised at `from` goes: the handlers of the innermost try whose body it
  // is in, else the innermost finally, else out of the function.
  void throwEdge(int32_t from, size_t levels) {
    for (size_t i = levels; i > 0; --i) {
      TryContext& t = tries_[i - 1];
      if (t.inBody && !t.handlers.empty()) {
        for (int32_t h : t.handlers) edge(from, h, EdgeKind::Exception);
        return;
      }
      if (t.finallyBlock >= 0) {
        t.throws = true;
        return edge(from, t.finallyBlock, EdgeKind::Exception);
      }
    }
    edge(from, kExit, EdgeKind::Exception);
  }
  void throwEdge(int32_t from) { throwEdge(from, tries_.size()); }

  void doTry(TSNode node, unsigned depth) {
    const TSNode body = field(node, t_.body);
    TryContext context;
    std::vector<TSNode> handlerNodes;
    TSNode finallyNode{}, elseNode{};
    for (const Child& c : children(node)) {
      const NodeInfo& info = t_.info(c.node);
      if (info.isCatch) {
        handlerNodes.push_back(c.node);
        TSNode handlerBody = bodyOf(c.node);
        Span header = spanOf(c.node);
        if (!isNull(handlerBody))
          header.end = pointOf(ts_node_start_point(handlerBody)), header.endByte = ts_node_start_byte(handlerBody);
        context.handlers.push_back(newBlock(BlockKind::Catch, header, ts_node_type(c.node), snippet(src_, c.node)));
      } else if (info.isFinally) {
        finallyNode = c.node;
        context.finallyBlock = newBlock(BlockKind::Finally, emptySpanAt(c.node, false), ts_node_type(c.node), "finally");
      } else if (info.construct == Construct::Else) {
        elseNode = c.node;
      }
    }
    Span header = spanOf(node);
    if (!isNull(body)) header.end = pointOf(ts_node_start_point(body)), header.endByte = ts_node_start_byte(body);
    const int32_t tryBlock = newBlock(BlockKind::Try, header, ts_node_type(node), "try");
    edge(cur_, tryBlock, EdgeKind::Fallthrough);
    cur_ = tryBlock;
    const size_t firstBodyBlock = g_.blocks.size();
    tries_.push_back(std::move(context));
    stmt(body, depth + 1);
    // Anything in the body may throw: one edge per handler from every block with code.
    const size_t level = tries_.size();
    for (size_t b = firstBodyBlock - 1; b < g_.blocks.size(); ++b) {
      if (b != static_cast<size_t>(tryBlock) && b < firstBodyBlock) continue;
      if (!hasCode_[b] || g_.blocks[b].kind == BlockKind::Catch || g_.blocks[b].kind == BlockKind::Finally) continue;
      if (b == static_cast<size_t>(tries_.back().finallyBlock)) continue;
      throwEdge(static_cast<int32_t>(b), level);
    }
    std::vector<int32_t> ends;
    if (!isNull(elseNode)) {
      tries_.back().inBody = false;
      const int32_t e = newBlock(BlockKind::Plain, emptySpanAt(elseNode, false));
      edge(cur_, e, EdgeKind::Fallthrough);
      cur_ = e;
      stmt(bodyOf(elseNode), depth + 1);
    }
    ends.push_back(cur_);
    tries_.back().inBody = false;
    for (size_t i = 0; i < handlerNodes.size(); ++i) {
      cur_ = tries_.back().handlers[i];
      stmt(bodyOf(handlerNodes[i]), depth + 1);
      ends.push_back(cur_);
    }
    TryContext done = std::move(tries_.back());
    tries_.pop_back();
    const int32_t after = newBlock(BlockKind::Plain, emptySpanAt(node, true));
    if (done.finallyBlock < 0) {
      for (int32_t e : ends) edge(e, after, EdgeKind::Fallthrough);
      cur_ = after;
      return;
    }
    for (int32_t e : ends) edge(e, done.finallyBlock, EdgeKind::Fallthrough);
    cur_ = done.finallyBlock;
    stmt(bodyOf(finallyNode), depth + 1);
    if (cur_ >= 0) {
      if (done.returns) returnEdge(cur_);
      if (done.throws) throwEdge(cur_);
    }
    edge(cur_, after, EdgeKind::Fallthrough);
    cur_ = after;
  }

  // ---- clean-up

  // Folds empty plain blocks (joins, loop exits, labels) into their single successor and drops
  // unreachable empty ones, then renumbers and sorts the edges.
  void simplify() {
    const size_t n = g_.blocks.size();
    std::vector<int32_t> forward(n, -1);
    std::vector<uint32_t> outCount(n, 0);
    for (const CfgEdge& e : g_.edges) ++outCount[e.from];
    for (const CfgEdge& e : g_.edges)
      if (e.from > 1 && !hasCode_[e.from] && g_.blocks[e.from].kind == BlockKind::Plain && outCount[e.from] == 1 &&
          e.kind == EdgeKind::Fallthrough && e.to != e.from)
        forward[e.from] = static_cast<int32_t>(e.to);
    auto resolve = [&](uint32_t b) {
      uint32_t x = b;
      for (size_t steps = 0; forward[x] >= 0 && steps <= n; ++steps) x = static_cast<uint32_t>(forward[x]);
      return forward[x] >= 0 ? b : x; // a cycle of empty blocks (`for(;;);`) stays as it is
    };
    std::vector<bool> removed(n, false);
    for (size_t b = 0; b < n; ++b)
      if (forward[b] >= 0 && resolve(static_cast<uint32_t>(b)) != b) removed[b] = true;
    std::vector<CfgEdge> edges;
    edges.reserve(g_.edges.size());
    for (CfgEdge e : g_.edges) {
      if (removed[e.from]) continue;
      e.to = resolve(e.to);
      edges.push_back(e);
    }
    // Unreachable empty blocks (the join after `if … return; else return;`).
    for (bool changed = true; changed;) {
      changed = false;
      std::vector<uint32_t> inCount(n, 0);
      for (const CfgEdge& e : edges) inCount[e.to] += e.to != e.from;
      for (size_t b = 2; b < n; ++b)
        if (!removed[b] && !hasCode_[b] && g_.blocks[b].kind == BlockKind::Plain && inCount[b] == 0) {
          removed[b] = true;
          changed = true;
        }
      if (changed) std::erase_if(edges, [&](const CfgEdge& e) { return removed[e.from]; });
    }
    // Entry and exit first, the rest in document order (blocks are created out of order: a
    // try's handlers before its body, a loop's exit before its body).
    std::vector<uint32_t> order;
    for (uint32_t b = 2; b < n; ++b)
      if (!removed[b]) order.push_back(b);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return g_.blocks[a].span.startByte < g_.blocks[b].span.startByte;
    });
    order.insert(order.begin(), {0u, 1u});
    std::vector<uint32_t> index(n, 0);
    std::vector<CfgBlock> blocks;
    blocks.reserve(order.size());
    for (uint32_t b : order) {
      index[b] = static_cast<uint32_t>(blocks.size());
      blocks.push_back(std::move(g_.blocks[b]));
    }
    for (CfgEdge& e : edges) e.from = index[e.from], e.to = index[e.to];
    std::sort(edges.begin(), edges.end(), [](const CfgEdge& a, const CfgEdge& b) {
      return std::tuple(a.from, a.to, a.kind) < std::tuple(b.from, b.to, b.kind);
    });
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    g_.blocks = std::move(blocks);
    g_.edges = std::move(edges);
  }

  const FlowTable& t_;
  std::string_view src_;
  FunctionCfg& g_;
  std::vector<bool> hasCode_;
  int32_t cur_ = -1;
  std::vector<Jump> jumps_;
  std::vector<TryContext> tries_;
  std::vector<std::pair<std::string_view, int32_t>> labels_, gotos_;
  std::string_view pendingLabel_;
  int32_t goFallthrough_ = -1;
};

bool isCallable(const Definition& d) {
  return !d.isDeclaration &&
         (d.kind == SymbolKind::Function || d.kind == SymbolKind::Method || d.kind == SymbolKind::Constructor);
}

} // namespace

void buildCfgs(const FlowTable& table, std::string_view source, std::span<const FunctionNode> functions,
               std::span<const Definition> definitions, std::vector<FunctionCfg>& out) {
  out.reserve(out.size() + functions.size());
  std::vector<size_t> open; // callable definitions around the current position
  std::vector<bool> ownTaken(definitions.size(), false);
  size_t d = 0;
  const size_t first = out.size();
  for (const FunctionNode& f : functions) {
    const uint32_t start = ts_node_start_byte(f.node), end = ts_node_end_byte(f.node);
    for (; d < definitions.size() && definitions[d].range.startByte <= start; ++d) {
      while (!open.empty() && definitions[open.back()].range.endByte <= definitions[d].range.startByte) open.pop_back();
      if (isCallable(definitions[d])) open.push_back(d);
    }
    while (!open.empty() && definitions[open.back()].range.endByte <= start) open.pop_back();
    int32_t symbol = -1;
    for (auto it = open.rbegin(); it != open.rend(); ++it)
      if (definitions[*it].range.endByte >= end) {
        symbol = static_cast<int32_t>(*it);
        break;
      }
    FunctionCfg& g = out.emplace_back();
    g.nodeType = ts_node_type(f.node);
    g.range = spanOf(f.node);
    g.symbol = symbol;
    if (symbol >= 0) {
      const Definition& def = definitions[static_cast<size_t>(symbol)];
      // Its own body unless it sits inside another function node that the definition contains.
      const bool nested =
          f.enclosing >= 0 && out[first + static_cast<size_t>(f.enclosing)].range.startByte >= def.range.startByte;
      if (!nested && !ownTaken[static_cast<size_t>(symbol)]) {
        g.own = true;
        ownTaken[static_cast<size_t>(symbol)] = true;
        g.name = def.name;
      }
    }
    Builder(table, source, g).build(f.node);
  }
}

} // namespace sextant::parse
