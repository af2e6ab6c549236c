// Per-grammar node-type tables: finding the name node of a capture, receivers, qualifiers, parameters.
#pragma once

#include "parsers/Extraction.h"
#include "parsers/TreeSitter.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::parse {

/// Node symbols and field ids of one grammar, resolved once (ts_language_symbol_for_name) so the
/// hot path compares integers, never type-name strings. Immutable after construction; thread-safe.
class Syntax {
public:
  Syntax(Language language, const TSLanguage* grammar);

  /// True for the node types that carry a name (identifier, field_identifier, operator_name...).
  bool isNameLeaf(TSNode node) const;

  /// The name node a capture designates: `node` itself when it is a name leaf, otherwise the name
  /// reached through declarators (`*p`, `f(...)`, `a[3]`), qualified names (`a::b` -> `b`), template
  /// names, member accesses (`obj->f` -> `f`, `obj.f` -> `f`). A null node when there is none
  /// (e.g. a call through `(*fp)(x)`).
  TSNode nameLeaf(TSNode node) const;

  /// The written scope of the definition named `leaf`: `ns::Foo` for C++ `ns::Foo::bar`, the
  /// impl's type name for a Rust impl member, the receiver type name of a Go method, the leading
  /// part of a dotted name (`com.ex` in Java `package com.ex.foo`, `A` in TS `namespace A.B`).
  /// Empty when none. `ancestors`: root first, the leaf's parent last.
  std::string_view qualifier(std::string_view source, TSNode leaf, std::span<const TSNode> ancestors) const;

  /// The receiver of a reference: the object of a member access (`obj->next` for `obj->next->val`,
  /// `self` for `self.x`, `pkg` for Go `pkg.F`, `this` for `this.x`), the path of a scoped name
  /// (`std::io` for Rust `std::io::stdin`), else the qualifier, else (Python) the module of a
  /// `from m import x` name or the leading part of a dotted module path; for a C/C++ designated
  /// initializer `.x = 1`, the name of the initialized type (`T` in `(T){.x = 1}`, `T v = {.x = 1}`,
  /// `struct T v[] = {{.x = 1}}`). Empty when none.
  std::string_view receiver(std::string_view source, TSNode leaf, std::span<const TSNode> ancestors) const;

  /// C/C++ and Java: the number of arguments of the call whose callee `leaf` names (`f` in
  /// `f(a, b)`, `obj.f(a)`, `ns::f<T>(a)`, Java `obj.f(a)` and `new T(a)`), counted as the argument
  /// list's named children other than comments; -1 when `leaf` is not a callee, the language is
  /// another, or an argument is a pack expansion (`f(args...)`: any count). Source: tree-sitter-c/cpp
  /// `call_expression` (fields `function`, `arguments`); tree-sitter-java `method_invocation`
  /// (`name`, `arguments`) and `object_creation_expression` (`type`, `arguments`).
  int32_t argumentCount(TSNode leaf, std::span<const TSNode> ancestors) const;
  /// Whether argumentCount() can tell anything in this language.
  bool countsArguments() const { return !callShapes_.empty(); }

  /// True when one of `ancestors` is an import statement whose names are all imports (Rust `use`,
  /// Go import specs, Java `import`, JS/TS `import`): references there take the Import role.
  bool insideImport(std::span<const TSNode> ancestors) const;

  /// The parameter list text of the callable named by `leaf` inside `construct`, e.g. "(int a)";
  /// empty when none is found between the leaf and the construct. A construct binding a function
  /// value (JS `const f = (a) => a`) gives the value's parameters ("(a)", or "a" unparenthesised).
  std::string_view parameters(std::string_view source, TSNode leaf, TSNode construct,
                              std::span<const TSNode> ancestors) const;

  /// The declared type of the variable, parameter or field named `leaf` whose definition captured
  /// `construct` (Definition::type): C/C++ the type qualifiers and type specifier of `construct`
  /// plus the leaf's declarator with the name removed (`const TSLanguage *` for
  /// `const TSLanguage *self`); other grammars the text of the construct's `type` child (a
  /// TypeScript annotation without its `:`). Blanks are collapsed to one space. Empty when the
  /// construct has no type.
  std::string declaredType(std::string_view source, TSNode construct, TSNode leaf) const;

private:
  enum class Step : uint8_t { Stop, Field, FirstNamedChild, LastNamedChild };
  struct Descend {
    Step step = Step::Stop;
    TSFieldId field = 0;
  };
  /// A member access or scoped path: the `member` child's receiver is the `object` child; with
  /// `prefix`, the last named child's receiver is the text before it (Java `a.b.C` types).
  struct Member {
    TSFieldId member = 0, object = 0;
    bool prefix = false;
  };
  void setUpC();
  void setUpPython();
  void setUpRust();
  void setUpGo();
  void setUpJava();
  void setUpEcmaScript();
  void markLeaf(const char* name, bool named = true);
  void viaField(const char* name, const char* fieldName);
  void viaFirstNamed(const char* name);
  void viaLastNamed(const char* name);
  void member(const char* name, const char* memberField, const char* objectField);
  void prefixMember(const char* name);
  void importContext(const char* name);
  std::string_view memberObject(std::string_view source, TSNode cur, TSNode parent) const;
  std::string_view rustImplType(std::string_view source, std::span<const TSNode> ancestors) const;
  std::string_view goReceiverType(std::string_view source, TSNode leaf, std::span<const TSNode> ancestors) const;
  std::string_view designatedType(std::string_view source, size_t parentIndex,
                                  std::span<const TSNode> ancestors) const;
  TSSymbol symbol(const char* name) const;
  TSFieldId field(const char* name) const;
  bool is(TSNode node, TSSymbol sym) const { return sym != 0 && ts_node_symbol(node) == sym; }
  bool isField(TSNode parent, TSFieldId field, TSNode child) const;
  // ERROR nodes have symbol 65535, past every table: always bounds-check.
  bool isTemplate(TSNode node) const {
    const TSSymbol s = ts_node_symbol(node);
    return s < template_.size() && template_[s];
  }
  std::string_view qualifiedScope(std::string_view source, TSNode leaf, TSNode cur, size_t parentIndex,
                                  std::span<const TSNode> ancestors) const;

  Language language_;
  const TSLanguage* grammar_;
  std::vector<uint8_t> leaf_;       // by symbol
  std::vector<Descend> descend_;    // by symbol
  std::vector<uint8_t> template_;   // by symbol: template_function / template_type / template_method
  std::vector<Member> member_;      // by symbol
  std::vector<uint8_t> import_;     // by symbol: import statements (insideImport)
  bool anyImportContext_ = false;
  TSSymbol typeQualifier_ = 0, initDeclarator_ = 0, structuredBinding_ = 0;
  TSSymbol fieldDesignator_ = 0, initializerPair_ = 0, initializerList_ = 0, compoundLiteral_ = 0, declaration_ = 0,
           typeDescriptor_ = 0, structSpecifier_ = 0, unionSpecifier_ = 0, typeIdentifier_ = 0;
  TSFieldId fDesignator_ = 0;
  TSFieldId fDeclarator_ = 0, fBody_ = 0;
  struct CallShape {
    TSSymbol call;
    TSFieldId callee, arguments;
  };
  std::vector<CallShape> callShapes_; // the call nodes argumentCount() knows
  void callShape(const char* call, const char* callee, const char* arguments);
  std::vector<TSSymbol> comments_;
  TSSymbol parameterPackExpansion_ = 0;
  TSSymbol qualifiedIdentifier_ = 0, attribute_ = 0, dottedName_ = 0, aliasedImport_ = 0, importFrom_ = 0,
           implItem_ = 0, declarationList_ = 0, methodDeclaration_ = 0, useList_ = 0, scopedUseList_ = 0;
  TSFieldId fName_ = 0, fScope_ = 0, fAttribute_ = 0, fObject_ = 0, fParameters_ = 0, fModuleName_ = 0,
            fType_ = 0, fReceiver_ = 0, fValue_ = 0, fParameter_ = 0, fPath_ = 0;
};

} // namespace sextant::parse
