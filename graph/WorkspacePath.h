// Workspace-relative paths as text ("dir/file.c", '/'-separated, no leading slash).
#pragma once

#include <string>
#include <vector>

namespace sextant::graph {

/// `a/./b/../c` -> `a/c`; "" when it climbs above the workspace root. Lexical only: symlinks are
/// not followed (indexed paths are what the walker saw).
inline std::string normalizedPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part == "..") {
      if (parts.empty()) return {};
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(std::move(part));
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

} // namespace sextant::graph
