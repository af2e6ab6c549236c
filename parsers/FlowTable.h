// Per-grammar node-type tables for the AST outline and control-flow graphs (internal to parsers/).
#pragma once

#include "parsers/Extraction.h"
#include "parsers/TreeSitter.h"

#include <string_view>
#include <vector>

namespace sextant::parse {

/// What a node type means to the CFG builder (parsers/Cfg.cpp). One table for all grammars,
/// keyed by node-type name (FlowTable.cpp); the few names whose meaning differs per language
/// (Python/Go `for_statement`, Rust `expression_statement`) are overridden per language.
enum class Construct : uint8_t {
  None,          ///< a plain statement (opaque: its expressions are not entered)
  Ignore,        ///< a comment, empty statement, attribute or loop label inside a block
  Sequence,      ///< a block: its named children in order
  If,            ///< condition / consequence / alternative (+ Python elif_clause, Go initializer)
  Else,          ///< else_clause: its `body` field or last named child
  PreprocIf,     ///< #if/#ifdef/#elif: the directive line is the test, children the true branch
  While,         ///< condition / body (+ Python `else`)
  DoWhile,       ///< body / condition
  For,           ///< C-style: initializer / condition / update / body
  ForEach,       ///< for-in, range-for, enhanced for, Python and Rust `for` (+ Python `else`)
  Loop,          ///< Rust `loop`
  GoFor,         ///< Go `for`: for_clause, range_clause, a bare condition or nothing
  Switch,        ///< switch/match/select: a subject and cases
  Case,          ///< one case / arm (see NodeInfo::fallsThrough, isDefault)
  Break,
  Continue,
  Return,
  Throw,
  Goto,
  Labeled,       ///< label + statement: goto target, and the label of a loop/switch/block
  Try,
  Wrapper,       ///< with/synchronized/unsafe/attributed: header, then the `body` (or last named child)
  ExprStatement, ///< Rust expression_statement: its expression may be control flow
  Let,           ///< Rust let: a control-flow value, then the binding, then `else` (let-else)
  Function,      ///< a nested function/lambda/closure: opaque here, its own CFG
  Fallthrough,   ///< Go `fallthrough`
};

struct NodeInfo {
  Construct construct = Construct::None;
  bool outline = false;      ///< an AST outline node
  bool fallsThrough = false; ///< Case: the end of the arm runs into the next one (C, Java ':' groups, JS)
  bool isDefault = false;    ///< Case: always a default arm (switch_default, Go default_case)
  bool isLabelRef = false;   ///< the label of a labeled statement / break / continue / goto
  bool isCatch = false;      ///< catch_clause, except_clause, except_group_clause, seh_except_clause
  bool isFinally = false;    ///< finally_clause, seh_finally_clause
  bool jumpInside = false;   ///< Rust: `?` (try_expression) or `return` inside a plain statement
  bool opaque = false;       ///< nodes the jump scan does not enter (closures, nested items)
};

/// Node symbols and field ids of one grammar, resolved once by name. Immutable; thread-safe.
class FlowTable {
public:
  FlowTable(Language language, const TSLanguage* grammar);

  const NodeInfo& info(TSSymbol symbol) const {
    return symbol < infos_.size() ? infos_[symbol] : none_;
  }
  const NodeInfo& info(TSNode node) const { return info(ts_node_symbol(node)); }
  /// The grammar's name of a node type (static storage).
  std::string_view typeName(TSNode node) const { return ts_node_type(node); }

  Language language;
  /// Field ids (0 when the grammar has no such field).
  TSFieldId condition = 0, consequence = 0, alternative = 0, body = 0, value = 0, subject = 0, initializer = 0,
            init = 0, update = 0, increment = 0, label = 0, pattern = 0, type = 0, communication = 0, guard = 0,
            alias = 0, handler = 0, finalizer = 0, right = 0, name = 0;
  /// Switch constructs whose `break` leaves them (C, C++, Java, JS/TS, Go); not Rust or Python match.
  bool breakableSwitch = true;

private:
  std::vector<NodeInfo> infos_;
  NodeInfo none_;
};

} // namespace sextant::parse
