// The table of supported languages and the grammar ABI check.
#include "parsers/Languages.h"

#include <stdexcept>
#include <string>

namespace sextant::parse {
namespace {

LanguageSpec spec(Language language, const TSLanguage* (*grammar)(), std::array<std::string_view, 3> folders) {
  LanguageSpec s;
  s.language = language;
  s.grammar = grammar;
  s.queryFolders = folders;
  return s;
}

// JavaScript, TypeScript and TSX share `ecmascript/` (patterns valid in all three grammars), read
// after their own folders so that its catch-alls come last. (Built by functions: GCC 12 warns
// about designated initializers that leave members to their defaults.)
LanguageSpec ecmaScript(Language language, const TSLanguage* (*grammar)(), std::string_view folder) {
  LanguageSpec s = spec(language, grammar, {folder, "ecmascript"});
  s.constructors = ConstructorRule::NamedConstructor;
  s.importCallee = "require";
  s.localVariables = true;
  s.localBindings = true;
  return s;
}

const LanguageSpec kSpecs[] = {
    [] {
      LanguageSpec s = spec(Language::C, tree_sitter_c, {"c"});
      s.localVariables = true;
      return s;
    }(),
    [] {
      LanguageSpec s = spec(Language::Cpp, tree_sitter_cpp, {"cpp"});
      s.localVariables = true;
      s.constructors = ConstructorRule::SameNameAsClass;
      s.qualifiedFunctionsAreMethods = true;
      return s;
    }(),
    [] {
      LanguageSpec s = spec(Language::Python, tree_sitter_python, {"python"});
      s.firstBindingDefines = true;
      s.upperCaseConstants = true;
      s.constructors = ConstructorRule::InitMethod;
      return s;
    }(),
    [] {
      LanguageSpec s = spec(Language::Rust, tree_sitter_rust, {"rust"});
      s.qualifiedMembersJoinType = true;
      return s;
    }(),
    spec(Language::Go, tree_sitter_go, {"go"}),
    spec(Language::Java, tree_sitter_java, {"java"}),
    ecmaScript(Language::JavaScript, tree_sitter_javascript, "javascript"),
    ecmaScript(Language::TypeScript, tree_sitter_typescript, "typescript"),
    ecmaScript(Language::Tsx, tree_sitter_tsx, "typescript"),
};

} // namespace

const LanguageSpec& languageSpec(Language language) {
  for (const auto& spec : kSpecs)
    if (spec.language == language) return spec;
  throw std::invalid_argument("unsupported language " + std::to_string(static_cast<int>(language)));
}

const TSLanguage* checkedGrammar(const LanguageSpec& spec) {
  const TSLanguage* grammar = spec.grammar();
  const uint32_t abi = ts_language_abi_version(grammar);
  if (abi < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION || abi > TREE_SITTER_LANGUAGE_VERSION)
    throw std::runtime_error("tree-sitter grammar for " + std::string(languageName(spec.language)) +
                             " has ABI version " + std::to_string(abi) + "; this runtime supports " +
                             std::to_string(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) + ".." +
                             std::to_string(TREE_SITTER_LANGUAGE_VERSION));
  return grammar;
}

} // namespace sextant::parse
