// The node-type tables behind the AST outline and the CFG builder, resolved per grammar by name.
#include "parsers/FlowTable.h"

#include <cstring>
#include <utility>

namespace sextant::parse {
namespace {

struct Entry {
  std::string_view name;
  Construct construct;
};

// Names shared by several grammars mean the same construct in all of them, except the
// per-language overrides in FlowTable's constructor. A name a grammar lacks is simply unused.
constexpr Entry kConstructs[] = {
    // blocks
    {"compound_statement", Construct::Sequence}, {"block", Construct::Sequence},
    {"statement_block", Construct::Sequence}, {"statement_list", Construct::Sequence},
    {"constructor_body", Construct::Sequence}, {"preproc_else", Construct::Sequence},
    {"else_clause", Construct::Else},
    // branches
    {"if_statement", Construct::If}, {"if_expression", Construct::If},
    {"preproc_if", Construct::PreprocIf}, {"preproc_ifdef", Construct::PreprocIf},
    {"preproc_elif", Construct::PreprocIf}, {"preproc_elifdef", Construct::PreprocIf},
    // loops
    {"while_statement", Construct::While}, {"while_expression", Construct::While},
    {"do_statement", Construct::DoWhile}, {"for_statement", Construct::For},
    {"for_range_loop", Construct::ForEach}, {"enhanced_for_statement", Construct::ForEach},
    {"for_in_statement", Construct::ForEach}, {"for_expression", Construct::ForEach},
    {"loop_expression", Construct::Loop},
    // multi-way branches
    {"switch_statement", Construct::Switch}, {"switch_expression", Construct::Switch},
    {"expression_switch_statement", Construct::Switch}, {"type_switch_statement", Construct::Switch},
    {"select_statement", Construct::Switch}, {"match_expression", Construct::Switch},
    {"match_statement", Construct::Switch},
    {"case_statement", Construct::Case}, {"switch_case", Construct::Case}, {"switch_default", Construct::Case},
    {"switch_block_statement_group", Construct::Case}, {"switch_rule", Construct::Case},
    {"expression_case", Construct::Case}, {"type_case", Construct::Case}, {"communication_case", Construct::Case},
    {"default_case", Construct::Case}, {"match_arm", Construct::Case}, {"case_clause", Construct::Case},
    // jumps
    {"break_statement", Construct::Break}, {"break_expression", Construct::Break},
    {"continue_statement", Construct::Continue}, {"continue_expression", Construct::Continue},
    {"return_statement", Construct::Return}, {"return_expression", Construct::Return},
    {"co_return_statement", Construct::Return},
    {"throw_statement", Construct::Throw}, {"raise_statement", Construct::Throw},
    {"goto_statement", Construct::Goto}, {"labeled_statement", Construct::Labeled},
    {"fallthrough_statement", Construct::Fallthrough},
    // exceptions and wrappers
    {"try_statement", Construct::Try}, {"try_with_resources_statement", Construct::Try},
    {"seh_try_statement", Construct::Try},
    {"with_statement", Construct::Wrapper}, {"synchronized_statement", Construct::Wrapper},
    {"unsafe_block", Construct::Wrapper}, {"attributed_statement", Construct::Wrapper},
    {"let_declaration", Construct::Let},
    // skipped inside blocks
    {"comment", Construct::Ignore}, {"line_comment", Construct::Ignore}, {"block_comment", Construct::Ignore},
    {"empty_statement", Construct::Ignore}, {"attribute_item", Construct::Ignore},
    {"inner_attribute_item", Construct::Ignore}, {"label", Construct::Ignore},
};

// Function nodes per language: each gets its own CFG (when it has a body) and is opaque to the
// CFG of the function around it.
std::vector<std::string_view> functionTypes(Language language) {
  switch (language) {
  case Language::C: return {"function_definition"};
  case Language::Cpp: return {"function_definition", "lambda_expression"};
  case Language::Python: return {"function_definition", "lambda"};
  case Language::Rust: return {"function_item", "closure_expression"};
  case Language::Go: return {"function_declaration", "method_declaration", "func_literal"};
  case Language::Java:
    return {"method_declaration", "constructor_declaration", "compact_constructor_declaration", "lambda_expression"};
  case Language::JavaScript:
  case Language::TypeScript:
  case Language::Tsx:
    return {"function_declaration", "function_expression", "function", "arrow_function", "method_definition",
            "generator_function", "generator_function_declaration"};
  }
  return {};
}

// Outline nodes besides the constructs above: declarations and the blocks that hold them.
constexpr std::string_view kOutlineExtra[] = {
    "declaration_list", "field_declaration_list", "class_body", "interface_body", "enum_body", "switch_body",
    "switch_block", "match_block", "enum_variant_list", "field_declaration", "declaration", "type_definition",
    "class_specifier", "struct_specifier", "union_specifier", "enum_specifier", "namespace_definition",
    "template_declaration", "linkage_specification", "preproc_def", "preproc_function_def", "preproc_include",
    "preproc_call", "elif_clause", "except_clause", "except_group_clause", "finally_clause", "catch_clause",
    "seh_except_clause", "seh_finally_clause", "class_static_block", "static_initializer", "decorated_definition",
    "impl_item", "trait_item", "mod_item", "struct_item", "enum_item", "union_item",
};

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Statement- and declaration-level by name; parameters, attributes and expression-level
// "clauses" are not.
bool outlineByName(std::string_view name) {
  if (name.find("parameter") != std::string_view::npos || name.find("attribute") != std::string_view::npos ||
      name.find("expression") != std::string_view::npos)
    return false;
  return endsWith(name, "_statement") || endsWith(name, "_declaration") || endsWith(name, "_definition") ||
         endsWith(name, "_item") || endsWith(name, "_signature");
}

} // namespace

FlowTable::FlowTable(Language lang, const TSLanguage* grammar) : language(lang) {
  auto field = [&](const char* n) { return ts_language_field_id_for_name(grammar, n, static_cast<uint32_t>(std::strlen(n))); };
  condition = field("condition"), consequence = field("consequence"), alternative = field("alternative");
  body = field("body"), value = field("value"), subject = field("subject"), initializer = field("initializer");
  init = field("init"), update = field("update"), increment = field("increment"), label = field("label");
  pattern = field("pattern"), type = field("type"), communication = field("communication"), guard = field("guard");
  alias = field("alias"), handler = field("handler"), finalizer = field("finalizer"), right = field("right");
  name = field("name");
  breakableSwitch = true;

  const std::vector<std::string_view> functions = functionTypes(lang);
  const uint32_t count = ts_language_symbol_count(grammar);
  infos_.resize(count);
  for (TSSymbol symbol = 0; symbol < count; ++symbol) {
    if (ts_language_symbol_type(grammar, symbol) != TSSymbolTypeRegular) continue; // named nodes only
    const std::string_view n = ts_language_symbol_name(grammar, symbol);
    NodeInfo& info = infos_[symbol];
    for (const Entry& e : kConstructs)
      if (e.name == n) info.construct = e.construct;
    for (std::string_view f : functions)
      if (f == n) info.construct = Construct::Function;
    // Per-language meanings of shared names.
    if (n == "for_statement" && lang == Language::Python) info.construct = Construct::ForEach;
    if (n == "for_statement" && lang == Language::Go) info.construct = Construct::GoFor;
    if (n == "expression_statement" && lang == Language::Rust) info.construct = Construct::ExprStatement;
    if (n == "label" && lang != Language::Rust) info.construct = Construct::None;
    if (n == "function_definition" && lang == Language::C) info.construct = Construct::Function;

    info.fallsThrough = n == "case_statement" || n == "switch_case" || n == "switch_default" ||
                        n == "switch_block_statement_group";
    info.isDefault = n == "switch_default" || n == "default_case";
    info.isLabelRef = n == "label_name" || n == "statement_identifier" || (n == "label" && lang == Language::Rust) ||
                      (n == "identifier" && lang == Language::Java);
    info.isCatch = n == "catch_clause" || n == "except_clause" || n == "except_group_clause" || n == "seh_except_clause";
    info.isFinally = n == "finally_clause" || n == "seh_finally_clause";
    info.jumpInside = lang == Language::Rust && (n == "try_expression" || n == "return_expression");
    info.opaque = info.construct == Construct::Function || n == "async_block" || n == "gen_block" ||
                  n == "macro_invocation";

    bool outline = outlineByName(n);
    for (std::string_view extra : kOutlineExtra) outline |= extra == n;
    switch (info.construct) {
    case Construct::None:
    case Construct::Ignore: break;
    case Construct::ExprStatement: outline = true; break;
    default: outline = true; break;
    }
    if (n == "comment" || n == "line_comment" || n == "block_comment" || n == "empty_statement" || n == "label")
      outline = false;
    info.outline = outline;
  }
}

} // namespace sextant::parse
