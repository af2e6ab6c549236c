// Grammar node tables and the tree walks that need a node's ancestors.
#include "parsers/Syntax.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <utility>

namespace sextant::parse {
namespace {

std::string_view trimRight(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

std::string_view slice(std::string_view source, uint32_t start, uint32_t end) {
  if (start > end || end > source.size()) return {};
  return source.substr(start, end - start);
}

} // namespace

TSSymbol Syntax::symbol(const char* name) const {
  return ts_language_symbol_for_name(grammar_, name, static_cast<uint32_t>(std::strlen(name)), true);
}

TSFieldId Syntax::field(const char* name) const {
  return ts_language_field_id_for_name(grammar_, name, static_cast<uint32_t>(std::strlen(name)));
}

void Syntax::markLeaf(const char* name, bool named) {
  const TSSymbol s = ts_language_symbol_for_name(grammar_, name, static_cast<uint32_t>(std::strlen(name)), named);
  if (s) leaf_[s] = 1;
}
void Syntax::viaField(const char* name, const char* fieldName) {
  if (TSSymbol s = symbol(name); s && field(fieldName)) descend_[s] = {Step::Field, field(fieldName)};
}
void Syntax::viaFirstNamed(const char* name) {
  if (TSSymbol s = symbol(name)) descend_[s] = {Step::FirstNamedChild, 0};
}
void Syntax::viaLastNamed(const char* name) {
  if (TSSymbol s = symbol(name)) descend_[s] = {Step::LastNamedChild, 0};
}
// A member node is also descended through its member field: a capture on `obj.f` designates `f`.
void Syntax::member(const char* name, const char* memberField, const char* objectField) {
  if (TSSymbol s = symbol(name); s && field(memberField) && field(objectField)) {
    member_[s] = {field(memberField), field(objectField), false};
    descend_[s] = {Step::Field, field(memberField)};
  }
}
void Syntax::prefixMember(const char* name) {
  if (TSSymbol s = symbol(name)) {
    member_[s] = {0, 0, true};
    descend_[s] = {Step::LastNamedChild, 0};
  }
}
void Syntax::importContext(const char* name) {
  if (TSSymbol s = symbol(name)) import_[s] = 1, anyImportContext_ = true;
}

Syntax::Syntax(Language language, const TSLanguage* grammar) : language_(language), grammar_(grammar) {
  const size_t symbols = ts_language_symbol_count(grammar);
  leaf_.assign(symbols, 0);
  descend_.assign(symbols, {});
  template_.assign(symbols, 0);
  member_.assign(symbols, {});
  import_.assign(symbols, 0);

  fName_ = field("name");
  fScope_ = field("scope");
  fAttribute_ = field("attribute");
  fObject_ = field("object");
  fParameters_ = field("parameters");
  fModuleName_ = field("module_name");
  fType_ = field("type");
  fReceiver_ = field("receiver");
  fValue_ = field("value");
  fParameter_ = field("parameter");

  switch (language) {
  case Language::C:
  case Language::Cpp: setUpC(); break;
  case Language::Python: setUpPython(); break;
  case Language::Rust: setUpRust(); break;
  case Language::Go: setUpGo(); break;
  case Language::Java: setUpJava(); break;
  case Language::JavaScript:
  case Language::TypeScript:
  case Language::Tsx: setUpEcmaScript(); break;
  }
}

void Syntax::setUpPython() {
  markLeaf("identifier");
  viaField("attribute", "attribute");
  viaFirstNamed("generic_type");
  viaFirstNamed("type");
  attribute_ = symbol("attribute");
  dottedName_ = symbol("dotted_name");
  aliasedImport_ = symbol("aliased_import");
  importFrom_ = symbol("import_from_statement");
}

void Syntax::setUpC() {
  for (const char* leaf : {"identifier", "field_identifier", "type_identifier", "namespace_identifier",
                           "operator_name", "destructor_name", "operator_cast"})
    markLeaf(leaf);
  for (const char* declarator : {"pointer_declarator", "array_declarator", "init_declarator",
                                 "function_declarator", "attributed_declarator"})
    viaField(declarator, "declarator");
  viaFirstNamed("parenthesized_declarator");
  viaFirstNamed("reference_declarator");
  viaFirstNamed("variadic_declarator"); // C++ `Args... args`
  member("field_expression", "field", "argument");
  viaField("qualified_identifier", "name");
  for (const char* t : {"template_function", "template_type", "template_method"}) {
    viaField(t, "name");
    if (TSSymbol s = symbol(t)) template_[s] = 1;
  }
  qualifiedIdentifier_ = symbol("qualified_identifier");
  typeQualifier_ = symbol("type_qualifier");
  initDeclarator_ = symbol("init_declarator");
  fieldDesignator_ = symbol("field_designator");
  initializerPair_ = symbol("initializer_pair");
  initializerList_ = symbol("initializer_list");
  compoundLiteral_ = symbol("compound_literal_expression");
  declaration_ = symbol("declaration");
  typeDescriptor_ = symbol("type_descriptor");
  structSpecifier_ = symbol("struct_specifier");
  unionSpecifier_ = symbol("union_specifier");
  typeIdentifier_ = symbol("type_identifier");
  fDesignator_ = field("designator");
  structuredBinding_ = symbol("structured_binding_declarator");
  fDeclarator_ = field("declarator");
  fBody_ = field("body");
  callShape("call_expression", "function", "arguments");
  comments_ = {symbol("comment")};
  parameterPackExpansion_ = symbol("parameter_pack_expansion");
}

void Syntax::setUpRust() {
  for (const char* leaf : {"identifier", "type_identifier", "field_identifier", "shorthand_field_identifier"})
    markLeaf(leaf);
  member("field_expression", "field", "value");
  member("scoped_identifier", "name", "path");
  member("scoped_type_identifier", "name", "path");
  viaField("generic_function", "function");
  viaField("generic_type", "type");
  viaField("generic_type_with_turbofish", "type");
  viaField("reference_type", "type");
  importContext("use_declaration");
  importContext("extern_crate_declaration");
  implItem_ = symbol("impl_item");
  useList_ = symbol("use_list");
  scopedUseList_ = symbol("scoped_use_list");
  fPath_ = field("path");
  declarationList_ = symbol("declaration_list");
}

void Syntax::setUpGo() {
  for (const char* leaf : {"identifier", "type_identifier", "field_identifier", "package_identifier"}) markLeaf(leaf);
  member("selector_expression", "field", "operand");
  member("qualified_type", "name", "package");
  viaField("generic_type", "type");
  viaFirstNamed("pointer_type");
  viaFirstNamed("parenthesized_type");
  viaField("index_expression", "operand"); // an instantiation `f[int](x)`
  importContext("import_spec");
  methodDeclaration_ = symbol("method_declaration");
}

void Syntax::setUpJava() {
  markLeaf("identifier");
  markLeaf("type_identifier");
  member("field_access", "field", "object");
  member("method_invocation", "name", "object");
  member("scoped_identifier", "name", "scope");
  prefixMember("scoped_type_identifier");
  viaFirstNamed("generic_type");
  importContext("import_declaration");
  callShape("method_invocation", "name", "arguments");
  callShape("object_creation_expression", "type", "arguments");
  comments_ = {symbol("line_comment"), symbol("block_comment")};
}

void Syntax::callShape(const char* call, const char* callee, const char* arguments) {
  const CallShape shape{symbol(call), field(callee), field(arguments)};
  if (shape.call && shape.callee && shape.arguments) callShapes_.push_back(shape);
}

void Syntax::setUpEcmaScript() {
  for (const char* leaf : {"identifier", "property_identifier", "private_property_identifier", "type_identifier",
                           "shorthand_property_identifier", "shorthand_property_identifier_pattern"})
    markLeaf(leaf);
  markLeaf("default", false); // `export default function () {}` is named by its keyword, as tsserver does
  member("member_expression", "property", "object");
  member("nested_identifier", "property", "object");
  member("nested_type_identifier", "name", "module");
  viaField("generic_type", "name");
  viaField("instantiation_expression", "function");
  viaFirstNamed("parenthesized_expression");
  importContext("import_statement");
}

bool Syntax::isNameLeaf(TSNode node) const {
  const TSSymbol s = ts_node_symbol(node);
  return s < leaf_.size() && leaf_[s];
}

bool Syntax::isField(TSNode parent, TSFieldId field, TSNode child) const {
  if (field == 0) return false;
  return ts_node_eq(ts_node_child_by_field_id(parent, field), child);
}

TSNode Syntax::nameLeaf(TSNode node) const {
  // Bounded: declarator chains are short; a cycle is impossible but a deep chain is not worth it.
  for (int depth = 0; depth < 32 && !ts_node_is_null(node); ++depth) {
    const TSSymbol s = ts_node_symbol(node);
    if (s < leaf_.size() && leaf_[s]) return node;
    const Descend d = s < descend_.size() ? descend_[s] : Descend{};
    switch (d.step) {
    case Step::Stop: return TSNode{};
    case Step::Field: node = ts_node_child_by_field_id(node, d.field); break;
    case Step::FirstNamedChild: node = ts_node_named_child(node, 0); break;
    case Step::LastNamedChild: {
      const uint32_t n = ts_node_named_child_count(node);
      node = n ? ts_node_named_child(node, n - 1) : TSNode{};
      break;
    }
    }
  }
  return TSNode{};
}

std::string_view Syntax::qualifiedScope(std::string_view source, TSNode leaf, TSNode cur, size_t parentIndex,
                                        std::span<const TSNode> ancestors) const {
  // cur is the leaf or its template wrapper; ancestors[parentIndex] is cur's parent.
  if (qualifiedIdentifier_ == 0 || parentIndex >= ancestors.size()) return {};
  TSNode parent = ancestors[parentIndex];
  if (!is(parent, qualifiedIdentifier_)) return {};
  if (!isField(parent, fName_, cur) && !isField(parent, fScope_, cur)) return {};
  TSNode top = parent;
  // `a::b::c` nests to the right: climb while we are the `name` of an enclosing qualified name.
  for (size_t i = parentIndex; i-- > 0;) {
    if (!is(ancestors[i], qualifiedIdentifier_) || !isField(ancestors[i], fName_, top)) break;
    top = ancestors[i];
  }
  std::string_view scope = slice(source, ts_node_start_byte(top), ts_node_start_byte(leaf));
  return trimRight(trimRight(trimRight(scope, " \t\r\n"), ":"), " \t\r\n");
}

std::string_view Syntax::memberObject(std::string_view source, TSNode cur, TSNode parent) const {
  const TSSymbol s = ts_node_symbol(parent);
  if (s >= member_.size()) return {};
  const Member& m = member_[s];
  if (m.prefix) {
    const uint32_t n = ts_node_named_child_count(parent);
    if (n < 2 || !ts_node_eq(ts_node_named_child(parent, n - 1), cur)) return {};
    return trimRight(trimRight(slice(source, ts_node_start_byte(parent), ts_node_start_byte(cur)), " \t\r\n."),
                     " \t\r\n");
  }
  if (m.member == 0 || !isField(parent, m.member, cur)) return {};
  const TSNode object = ts_node_child_by_field_id(parent, m.object); // absent in Java `f()`
  return ts_node_is_null(object) ? std::string_view{} : ts::nodeText(source, object);
}

// `(T){.x = 1}`, `T v = {.x = 1}`, `T v[] = {[0] = {.x = 1}}`: the type whose member `.x` names.
// A nested member's initializer (`{.a = {.x = 1}}`) would need the type of `a`: not followed.
std::string_view Syntax::designatedType(std::string_view source, size_t parentIndex,
                                        std::span<const TSNode> ancestors) const {
  size_t i = parentIndex;
  if (i < 2 || !is(ancestors[i - 1], initializerPair_) || !is(ancestors[i - 2], initializerList_)) return {};
  i -= 2;
  for (;;) { // up through array elements
    if (i == 0) return {};
    const TSNode up = ancestors[i - 1];
    if (is(up, initializerList_)) {
      --i;
      continue;
    }
    if (!is(up, initializerPair_)) break;
    const TSNode designator = ts_node_child_by_field_id(up, fDesignator_);
    if (ts_node_is_null(designator) || is(designator, fieldDesignator_)) return {};
    --i;
  }
  TSNode type{};
  const TSNode holder = ancestors[i - 1];
  if (is(holder, compoundLiteral_)) {
    type = ts_node_child_by_field_id(holder, fType_);
    if (is(type, typeDescriptor_)) type = ts_node_child_by_field_id(type, fType_);
  } else if (is(holder, initDeclarator_) && i >= 2 && is(ancestors[i - 2], declaration_)) {
    type = ts_node_child_by_field_id(ancestors[i - 2], fType_);
  }
  if (ts_node_is_null(type)) return {};
  if (is(type, structSpecifier_) || is(type, unionSpecifier_)) type = ts_node_child_by_field_id(type, fName_);
  if (ts_node_is_null(type) || !is(type, typeIdentifier_)) return {};
  return ts::nodeText(source, type);
}

// `impl<T> Trait for path::Type<T> { fn f() }`: the member's grandparent is the impl.
std::string_view Syntax::rustImplType(std::string_view source, std::span<const TSNode> ancestors) const {
  const size_t n = ancestors.size();
  if (implItem_ == 0 || n < 3 || !is(ancestors[n - 3], implItem_) || !is(ancestors[n - 2], declarationList_)) return {};
  const TSNode type = nameLeaf(ts_node_child_by_field_id(ancestors[n - 3], fType_));
  return ts_node_is_null(type) ? std::string_view{} : ts::nodeText(source, type);
}

// `func (s *Stack[T]) Push()`: the type of the receiver's only parameter, without `*` and arguments.
std::string_view Syntax::goReceiverType(std::string_view source, TSNode leaf, std::span<const TSNode> ancestors) const {
  if (methodDeclaration_ == 0 || ancestors.empty()) return {};
  const TSNode method = ancestors.back();
  if (!is(method, methodDeclaration_) || !isField(method, fName_, leaf)) return {};
  const TSNode receiver = ts_node_child_by_field_id(method, fReceiver_);
  if (ts_node_is_null(receiver) || ts_node_named_child_count(receiver) == 0) return {};
  const TSNode type = nameLeaf(ts_node_child_by_field_id(ts_node_named_child(receiver, 0), fType_));
  return ts_node_is_null(type) ? std::string_view{} : ts::nodeText(source, type);
}

std::string_view Syntax::qualifier(std::string_view source, TSNode leaf, std::span<const TSNode> ancestors) const {
  if (ancestors.empty()) return {};
  switch (language_) {
  case Language::Python: return {};
  case Language::Rust: return rustImplType(source, ancestors);
  case Language::Go: return goReceiverType(source, leaf, ancestors);
  case Language::C:
  case Language::Cpp: break;
  default: return memberObject(source, leaf, ancestors.back());
  }
  TSNode cur = leaf;
  size_t parentIndex = ancestors.size() - 1;
  if (isTemplate(ancestors[parentIndex]) && isField(ancestors[parentIndex], fName_, cur)) {
    if (parentIndex == 0) return {};
    cur = ancestors[parentIndex--];
  }
  return qualifiedScope(source, leaf, cur, parentIndex, ancestors);
}

std::string_view Syntax::receiver(std::string_view source, TSNode leaf, std::span<const TSNode> ancestors) const {
  if (ancestors.empty()) return {};
  size_t parentIndex = ancestors.size() - 1;
  TSNode parent = ancestors[parentIndex];
  if (language_ == Language::Python) {
    if (is(parent, attribute_) && isField(parent, fAttribute_, leaf))
      return ts::nodeText(source, ts_node_child_by_field_id(parent, fObject_));
    if (!is(parent, dottedName_)) return {};
    std::string_view prefix = slice(source, ts_node_start_byte(parent), ts_node_start_byte(leaf));
    prefix = trimRight(trimRight(trimRight(prefix, " \t\r\n\\"), "."), " \t\r\n\\");
    if (!prefix.empty() || parentIndex == 0) return prefix;
    // `from m import x` / `from m import x as y`: the receiver of x is the module.
    size_t i = parentIndex - 1;
    if (is(ancestors[i], aliasedImport_)) {
      if (i == 0) return {};
      --i;
    }
    if (is(ancestors[i], importFrom_) && !isField(ancestors[i], fModuleName_, parent))
      return ts::nodeText(source, ts_node_child_by_field_id(ancestors[i], fModuleName_));
    return {};
  }
  TSNode cur = leaf;
  if (isTemplate(parent) && isField(parent, fName_, cur)) {
    if (parentIndex == 0) return {};
    cur = parent;
    parent = ancestors[--parentIndex];
  }
  if (std::string_view object = memberObject(source, cur, parent); !object.empty()) return object;
  if (is(parent, fieldDesignator_)) return designatedType(source, parentIndex, ancestors);
  // Rust `use a::b::{c, d}`: the receiver of c is the list's path.
  if (is(parent, useList_) && parentIndex > 0 && is(ancestors[parentIndex - 1], scopedUseList_)) {
    const TSNode path = ts_node_child_by_field_id(ancestors[parentIndex - 1], fPath_);
    return ts_node_is_null(path) ? std::string_view{} : ts::nodeText(source, path);
  }
  return qualifiedScope(source, leaf, cur, parentIndex, ancestors);
}

int32_t Syntax::argumentCount(TSNode leaf, std::span<const TSNode> ancestors) const {
  if (callShapes_.empty()) return -1;
  // Up from the name through what can wrap a callee (`obj.f`, `ns::f`, `f<T>`, `a.b.T`), to the call.
  TSNode cur = leaf;
  for (size_t i = ancestors.size(); i-- > 0 && ancestors.size() - i <= 4;) {
    const TSNode parent = ancestors[i];
    const TSSymbol symbol = ts_node_symbol(parent);
    const auto shape = std::find_if(callShapes_.begin(), callShapes_.end(),
                                    [&](const CallShape& c) { return c.call == symbol; });
    if (shape != callShapes_.end()) {
      if (!isField(parent, shape->callee, cur)) return -1; // inside the arguments, not the callee
      const TSNode args = ts_node_child_by_field_id(parent, shape->arguments);
      if (ts_node_is_null(args)) return -1;
      int32_t count = 0;
      for (uint32_t k = 0, n = ts_node_named_child_count(args); k < n; ++k) {
        const TSNode arg = ts_node_named_child(args, k);
        const TSSymbol s = ts_node_symbol(arg);
        if (std::find(comments_.begin(), comments_.end(), s) != comments_.end()) continue;
        if (parameterPackExpansion_ && s == parameterPackExpansion_) return -1;
        ++count;
      }
      return count;
    }
    cur = parent;
  }
  return -1;
}

bool Syntax::insideImport(std::span<const TSNode> ancestors) const {
  if (!anyImportContext_) return false;
  for (const TSNode& node : ancestors) {
    const TSSymbol s = ts_node_symbol(node);
    if (s < import_.size() && import_[s]) return true;
  }
  return false;
}

std::string_view Syntax::parameters(std::string_view source, TSNode leaf, TSNode construct,
                                    std::span<const TSNode> ancestors) const {
  if (fParameters_ == 0) return {};
  TSNode node = leaf;
  for (size_t i = ancestors.size();;) {
    TSNode params = ts_node_child_by_field_id(node, fParameters_);
    if (!ts_node_is_null(params)) return ts::nodeText(source, params);
    if (ts_node_eq(node, construct) || i == 0) break;
    node = ancestors[--i];
  }
  // A binding of a function value: `const f = (a) => a`, `{ m: function (a) {} }`, `h = x => x`.
  if (fValue_ == 0) return {};
  const TSNode value = ts_node_child_by_field_id(construct, fValue_);
  if (ts_node_is_null(value)) return {};
  TSNode params = ts_node_child_by_field_id(value, fParameters_);
  if (ts_node_is_null(params) && fParameter_ != 0) params = ts_node_child_by_field_id(value, fParameter_);
  return ts_node_is_null(params) ? std::string_view{} : ts::nodeText(source, params);
}

namespace {

// Appends `text` with every run of blanks collapsed to one space (types may span lines).
void appendCollapsed(std::string& out, std::string_view text) {
  for (char c : text) {
    const bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\';
    if (!blank) out.push_back(c);
    else if (!out.empty() && out.back() != ' ') out.push_back(' ');
  }
}

void trimSpaces(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  size_t lead = 0;
  while (lead < s.size() && s[lead] == ' ') ++lead;
  s.erase(0, lead);
}

} // namespace

std::string Syntax::declaredType(std::string_view source, TSNode construct, TSNode leaf) const {
  if (fType_ == 0 || ts_node_is_null(construct)) return {};
  const TSNode type = ts_node_child_by_field_id(construct, fType_);
  if (ts_node_is_null(type)) return {};
  std::string out;
  if (language_ != Language::C && language_ != Language::Cpp) {
    std::string_view text = ts::nodeText(source, type);
    while (!text.empty() && (text.front() == ':' || text.front() == ' ')) text.remove_prefix(1); // TS `: T`
    appendCollapsed(out, text);
    trimSpaces(out);
    return out;
  }
  // Specifiers (qualifiers on either side of the type, storage classes left out), then the
  // declarator that holds the leaf, with the name cut out: `*`, `&`, `[N]`, `(*)(int)`.
  const uint32_t leafStart = ts_node_start_byte(leaf), leafEnd = ts_node_end_byte(leaf);
  uint32_t specifiersEnd = 0; // a blank between the specifiers and the declarator is kept: `T &x` vs `T& x`
  TSNode declarator{};
  const uint32_t n = ts_node_child_count(construct);
  for (uint32_t i = 0; i < n; ++i) {
    const TSNode child = ts_node_child(construct, i);
    if (ts_node_eq(child, type)) {
      if (!out.empty()) out.push_back(' ');
      const TSNode body = fBody_ ? ts_node_child_by_field_id(type, fBody_) : TSNode{};
      if (ts_node_is_null(body)) {
        appendCollapsed(out, ts::nodeText(source, type));
      } else { // `struct S { … } s;`: the tag, not the body
        appendCollapsed(out, slice(source, ts_node_start_byte(type), ts_node_start_byte(body)));
        trimSpaces(out);
        if (ts_node_is_null(ts_node_child_by_field_id(type, fName_))) out += " {...}";
      }
      trimSpaces(out);
      specifiersEnd = ts_node_end_byte(child);
    } else if (is(child, typeQualifier_)) {
      if (!out.empty()) out.push_back(' ');
      appendCollapsed(out, ts::nodeText(source, child));
      specifiersEnd = ts_node_end_byte(child);
    } else if (ts_node_start_byte(child) <= leafStart && leafEnd <= ts_node_end_byte(child)) {
      declarator = child;
      break;
    }
  }
  if (ts_node_is_null(declarator)) return out;
  if (is(declarator, initDeclarator_)) declarator = ts_node_child_by_field_id(declarator, fDeclarator_);
  if (ts_node_is_null(declarator)) return out;
  uint32_t cutStart = leafStart, cutEnd = leafEnd;
  // `auto& [k, v]`: the binding list is no part of each name's type.
  for (TSNode node = declarator; !ts_node_is_null(node) && ts_node_named_child_count(node) > 0;
       node = ts_node_named_child(node, 0))
    if (is(node, structuredBinding_)) {
      cutStart = ts_node_start_byte(node), cutEnd = ts_node_end_byte(declarator);
      break;
    }
  const bool blank = ts_node_start_byte(declarator) > specifiersEnd;
  std::string rest;
  appendCollapsed(rest, slice(source, ts_node_start_byte(declarator), cutStart));
  appendCollapsed(rest, slice(source, cutEnd, ts_node_end_byte(declarator)));
  trimSpaces(rest);
  if (!rest.empty()) {
    if (blank && rest.front() != '[' && !out.empty()) out.push_back(' ');
    out += rest;
  }
  return out;
}

} // namespace sextant::parse
