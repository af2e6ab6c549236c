// The query files of parsers/queries/, compiled into the library by EmbedQueries.cmake.
#pragma once

#include <span>
#include <string_view>

namespace sextant::parse {

/// One embedded `.scm` file.
struct EmbeddedQueryFile {
  std::string_view language; ///< folder name: "c", "cpp", "python"
  std::string_view path;     ///< "<language>/<file>.scm", used in error messages
  std::string_view text;     ///< the file's bytes
};

/// Every embedded query file, sorted by language then file name. Static storage; thread-safe.
std::span<const EmbeddedQueryFile> embeddedQueryFiles();

} // namespace sextant::parse
