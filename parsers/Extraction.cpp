// Language names and the file-extension table.
#include "parsers/Extraction.h"

#include <utility>

namespace sextant::parse {

std::string_view languageName(Language language) {
  switch (language) {
  case Language::C: return "c";
  case Language::Cpp: return "cpp";
  case Language::Python: return "python";
  case Language::Rust: return "rust";
  case Language::Go: return "go";
  case Language::Java: return "java";
  case Language::JavaScript: return "javascript";
  case Language::TypeScript: return "typescript";
  case Language::Tsx: return "tsx";
  }
  return "unknown";
}

std::string_view visibilityName(Visibility visibility) {
  switch (visibility) {
  case Visibility::Unknown: return "unknown";
  case Visibility::Public: return "public";
  case Visibility::Protected: return "protected";
  case Visibility::Private: return "private";
  case Visibility::Package: return "package";
  case Visibility::Exported: return "exported";
  }
  return "unknown";
}

std::string_view blockKindName(BlockKind kind) {
  switch (kind) {
  case BlockKind::Entry: return "entry";
  case BlockKind::Exit: return "exit";
  case BlockKind::Plain: return "plain";
  case BlockKind::Condition: return "condition";
  case BlockKind::LoopHeader: return "loop";
  case BlockKind::Arm: return "arm";
  case BlockKind::Return: return "return";
  case BlockKind::Throw: return "throw";
  case BlockKind::Try: return "try";
  case BlockKind::Catch: return "catch";
  case BlockKind::Finally: return "finally";
  }
  return "?";
}

std::string_view edgeKindName(EdgeKind kind) {
  switch (kind) {
  case EdgeKind::Fallthrough: return "fallthrough";
  case EdgeKind::True: return "true";
  case EdgeKind::False: return "false";
  case EdgeKind::Back: return "back";
  case EdgeKind::Break: return "break";
  case EdgeKind::Continue: return "continue";
  case EdgeKind::Return: return "return";
  case EdgeKind::Exception: return "exception";
  case EdgeKind::Case: return "case";
  case EdgeKind::Goto: return "goto";
  }
  return "?";
}

std::optional<Language> languageFromName(std::string_view name) {
  for (Language l : kAllLanguages)
    if (languageName(l) == name) return l;
  return std::nullopt;
}

std::optional<Language> languageForPath(const std::filesystem::path& path) {
  // Case-sensitive like GCC, which is why `.C` and `.H` are C++ while `.c` and `.h` are C.
  static constexpr std::pair<std::string_view, Language> kExtensions[] = {
      {".c", Language::C},       {".h", Language::C},       {".cc", Language::Cpp},
      {".cpp", Language::Cpp},   {".cxx", Language::Cpp},   {".c++", Language::Cpp},
      {".hh", Language::Cpp},    {".hpp", Language::Cpp},   {".hxx", Language::Cpp},
      {".h++", Language::Cpp},   {".ipp", Language::Cpp},   {".tcc", Language::Cpp},
      {".inl", Language::Cpp},   {".C", Language::Cpp},     {".H", Language::Cpp},
      {".py", Language::Python}, {".pyi", Language::Python},
      {".rs", Language::Rust},   {".go", Language::Go},     {".java", Language::Java},
      {".js", Language::JavaScript}, {".mjs", Language::JavaScript}, {".cjs", Language::JavaScript},
      {".jsx", Language::JavaScript}, {".ts", Language::TypeScript}, {".mts", Language::TypeScript},
      {".cts", Language::TypeScript}, {".tsx", Language::Tsx},
  };
  const std::string ext = path.extension().string();
  for (const auto& [e, language] : kExtensions)
    if (e == ext) return language;
  return std::nullopt;
}

Language languageForContent(const std::filesystem::path& path, std::string_view content, Language byExtension) {
  if (byExtension != Language::C || path.extension() != ".h") return byExtension;
  static constexpr std::string_view kLineStarts[] = {"class ", "namespace ", "namespace{", "template<", "template <",
                                                     "public:", "protected:", "private:", "using namespace ",
                                                     "extern \"C++\""};
  bool inBlockComment = false;
  for (size_t pos = 0; pos < content.size();) {
    size_t eol = content.find('\n', pos);
    std::string_view line = content.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? content.size() : eol + 1;
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    line.remove_prefix(first);
    if (inBlockComment) {
      size_t close = line.find("*/");
      if (close == std::string_view::npos) continue;
      inBlockComment = false;
      line.remove_prefix(close + 2);
    }
    if (line.starts_with("//")) continue;
    if (line.starts_with("/*")) {
      inBlockComment = line.find("*/", 2) == std::string_view::npos;
      continue;
    }
    for (std::string_view start : kLineStarts)
      if (line.starts_with(start)) return Language::Cpp;
    if (line.find("std::") != std::string_view::npos) return Language::Cpp;
  }
  return Language::C;
}

} // namespace sextant::parse
