// Workspace-relative paths as text ("dir/file.c", '/'-separated, no leading slash).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// `a/./b/../c` -> `a/c`; "" when it climbs above the workspace root. Lexical only: symlinks are
/// not followed (indexed paths are what the walker saw).
inline std::string normalizedPath(const std::string& path) {
  // Called for every include probe of a link (millions on the kernel): segments are views and the
  // output is built in place, with no allocation but the result's.
  std::string out;
  out.reserve(path.size());
  std::vector<size_t> starts; // where each kept segment begins in `out`
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    size_t end = slash == std::string::npos ? path.size() : slash;
    std::string_view part(path.data() + start, end - start);
    if (part == "..") {
      if (starts.empty()) return {};
      out.resize(starts.back() == 0 ? 0 : starts.back() - 1);
      starts.pop_back();
    } else if (!part.empty() && part != ".") {
      if (!out.empty()) out.push_back('/');
      starts.push_back(out.size());
      out += part;
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

} // namespace sextant::graph
