// Language names and the file-extension table.
#include "parsers/Extraction.h"

#include <array>
#include <utility>

namespace sextant::parse {

std::string_view languageName(Language language) {
  switch (language) {
  case Language::C: return "c";
  case Language::Cpp: return "cpp";
  case Language::Python: return "python";
  }
  return "unknown";
}

std::optional<Language> languageFromName(std::string_view name) {
  for (Language l : {Language::C, Language::Cpp, Language::Python})
    if (languageName(l) == name) return l;
  return std::nullopt;
}

std::optional<Language> languageForPath(const std::filesystem::path& path) {
  // Case-sensitive like GCC, which is why `.C` and `.H` are C++ while `.c` and `.h` are C.
  static constexpr std::array<std::pair<std::string_view, Language>, 17> kExtensions{{
      {".c", Language::C},       {".h", Language::C},       {".cc", Language::Cpp},
      {".cpp", Language::Cpp},   {".cxx", Language::Cpp},   {".c++", Language::Cpp},
      {".hh", Language::Cpp},    {".hpp", Language::Cpp},   {".hxx", Language::Cpp},
      {".h++", Language::Cpp},   {".ipp", Language::Cpp},   {".tcc", Language::Cpp},
      {".inl", Language::Cpp},   {".C", Language::Cpp},     {".H", Language::Cpp},
      {".py", Language::Python}, {".pyi", Language::Python},
  }};
  const std::string ext = path.extension().string();
  for (const auto& [e, language] : kExtensions)
    if (e == ext) return language;
  return std::nullopt;
}

} // namespace sextant::parse
