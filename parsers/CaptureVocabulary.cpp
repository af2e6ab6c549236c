// The one table mapping capture names to {kind or role, definition?, container?}.
#include "parsers/CaptureVocabulary.h"

#include <array>

namespace sextant::parse {
namespace {

using C = CaptureClass;
using K = SymbolKind;
using R = RefRole;

constexpr CaptureInfo def(K kind, bool container = false) { return {C::Definition, kind, R::Read, false, container, false, false, false}; }
constexpr CaptureInfo decl(K kind, bool container = false) { return {C::Definition, kind, R::Read, true, container, false, false, false}; }
constexpr CaptureInfo ref(R role) { return {C::Reference, K::Variable, role, false, false, false, false, false}; }
constexpr CaptureInfo only(C cls) { return {cls, K::Variable, R::Read, false, false, false, false, false}; }

// Containers are the constructs whose range may hold other definitions; typedefs and variables
// are not, so `typedef struct S {..} S;` keeps the struct and the alias as siblings.
constexpr std::array kVocabulary{
    VocabularyEntry{"definition.function", def(K::Function, true)},
    VocabularyEntry{"declaration.function", decl(K::Function, true)},
    VocabularyEntry{"definition.method", def(K::Method, true)},
    VocabularyEntry{"declaration.method", decl(K::Method, true)},
    VocabularyEntry{"definition.constructor", def(K::Constructor, true)},
    VocabularyEntry{"declaration.constructor", decl(K::Constructor, true)},
    VocabularyEntry{"definition.class", def(K::Class, true)},
    VocabularyEntry{"definition.struct", def(K::Struct, true)},
    VocabularyEntry{"definition.union", def(K::Struct, true)},
    VocabularyEntry{"definition.interface", def(K::Interface, true)},
    VocabularyEntry{"definition.enum", def(K::Enum, true)},
    VocabularyEntry{"definition.enum_member", def(K::EnumMember)},
    VocabularyEntry{"definition.enumerator", def(K::EnumMember)},
    VocabularyEntry{"definition.field", def(K::Field)},
    VocabularyEntry{"definition.property", def(K::Property)},
    VocabularyEntry{"definition.variable", def(K::Variable)},
    VocabularyEntry{"declaration.variable", decl(K::Variable)},
    VocabularyEntry{"definition.parameter", {C::Definition, K::Variable, R::Read, false, false, true, false, false}},
    // Parameters and locals that serve resolution only (not in documentSymbol).
    VocabularyEntry{"local.definition", {C::Definition, K::Variable, R::Read, false, false, true, true, false}},
    // Python `self.x = …`: a Field of the method's class.
    VocabularyEntry{"definition.field.self", {C::Definition, K::Field, R::Read, false, false, false, false, true}},
    VocabularyEntry{"definition.constant", def(K::Constant)},
    // JavaScript/TypeScript bindings: containers, so that object-literal methods are their
    // children and calls in an initializer have an enclosing definition.
    VocabularyEntry{"definition.constant.container", def(K::Constant, true)},
    VocabularyEntry{"definition.variable.container", def(K::Variable, true)},
    VocabularyEntry{"definition.package", def(K::Package)},
    VocabularyEntry{"definition.type_parameter", def(K::TypeParameter)},
    VocabularyEntry{"definition.module", def(K::Module, true)},
    VocabularyEntry{"definition.namespace", def(K::Namespace, true)},
    // clangd reports typedef/using aliases as Class.
    VocabularyEntry{"definition.type", def(K::Class)},
    // Object-like macros; function-like macros are `@definition.function`.
    VocabularyEntry{"definition.macro", def(K::Constant)},
    VocabularyEntry{"reference.call", ref(R::Call)},
    VocabularyEntry{"reference.read", ref(R::Read)},
    VocabularyEntry{"reference.write", ref(R::Write)},
    VocabularyEntry{"reference.type", ref(R::Type)},
    VocabularyEntry{"reference.import", ref(R::Import)},
    VocabularyEntry{"reference.inheritance", ref(R::Inherit)},
    VocabularyEntry{"reference.none", {C::Reference, K::Variable, R::Read, false, false, false, false, false, true}},
    VocabularyEntry{"name", only(C::Name)},
    VocabularyEntry{"doc", only(C::Ignored)},
    VocabularyEntry{"import", only(C::Import)},
    VocabularyEntry{"import.path", only(C::ImportPath)},
    VocabularyEntry{"import.system", only(C::ImportSystem)},
    VocabularyEntry{"import.callee", only(C::ImportCallee)},
    VocabularyEntry{"local.scope", only(C::LocalScope)},
    VocabularyEntry{"local.region", only(C::LocalRegion)},
};

} // namespace

std::optional<CaptureInfo> lookupCapture(std::string_view captureName) {
  if (captureName.starts_with('_')) return only(C::Ignored);
  for (const auto& entry : kVocabulary)
    if (entry.name == captureName) return entry.info;
  return std::nullopt;
}

std::span<const VocabularyEntry> captureVocabulary() { return kVocabulary; }

} // namespace sextant::parse
