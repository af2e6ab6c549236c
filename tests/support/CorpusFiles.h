// Real-code corpora for parser tests: the files of one language under a folder.
#pragma once

#include "parsers/Languages.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace sextant::test {

inline std::string readFileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Calls `visit(path, text)` for the first `limit` files under `dir` that Sextant reads as
/// `language` (by extension, then content), until `visit` returns false. A missing `dir` is
/// reported with a doctest MESSAGE and skipped (optional corpora).
template <typename Visit>
void forEachCorpusFile(const std::filesystem::path& dir, parse::Language language, size_t limit, Visit&& visit) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    MESSAGE("skipped, not installed: " << dir.string());
    return;
  }
  size_t files = 0;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator() && files < limit; it.increment(ec)) {
    if (ec || !it->is_regular_file(ec)) continue;
    const std::optional<parse::Language> byPath = parse::languageForPath(it->path());
    if (!byPath) continue;
    const std::string text = readFileBytes(it->path());
    if (parse::languageForContent(it->path(), text, *byPath) != language) continue;
    ++files;
    if (!visit(it->path(), text)) return;
  }
}

} // namespace sextant::test
