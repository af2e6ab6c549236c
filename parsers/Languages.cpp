// The table of supported languages and the grammar ABI check.
#include "parsers/Languages.h"

#include <stdexcept>
#include <string>

namespace sextant::parse {
namespace {

const LanguageSpec kSpecs[] = {
    {Language::C, tree_sitter_c, false, false, ConstructorRule::None, false},
    {Language::Cpp, tree_sitter_cpp, false, false, ConstructorRule::SameNameAsClass, true},
    {Language::Python, tree_sitter_python, true, true, ConstructorRule::InitMethod, false},
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
