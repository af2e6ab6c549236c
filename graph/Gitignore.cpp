// gitignore(5) pattern matching on top of fnmatch(3).
#include "graph/Gitignore.h"

#include <fnmatch.h>

namespace sextant::graph {

GitignoreRules::GitignoreRules(std::string_view text) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // Trailing spaces are ignored unless escaped with a backslash.
    while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
      line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    Pattern p;
    if (line.front() == '!') {
      p.negate = true;
      line.remove_prefix(1);
    } else if (line.starts_with("\\#") || line.starts_with("\\!")) {
      line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
      p.dirOnly = true;
      line.remove_suffix(1);
    }
    if (line.starts_with("**/")) {
      line.remove_prefix(3);
    } else if (line.find('/') != std::string_view::npos) {
      p.anchored = true;
    }
    if (line.starts_with("/")) line.remove_prefix(1);
    if (line.ends_with("/**")) {
      p.contents = true;
      line.remove_suffix(3);
      p.anchored = true;
    }
    if (line.empty()) continue;
    p.glob.assign(line);
    // `**` elsewhere degrades to `*`, which FNM_PATHNAME keeps within one component.
    for (size_t i; (i = p.glob.find("**")) != std::string::npos;) p.glob.erase(i, 1);
    patterns_.push_back(std::move(p));
  }
}

GitignoreRules::Verdict GitignoreRules::match(std::string_view relPath, bool isDir) const {
  std::string path(relPath);
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  Verdict verdict = Verdict::None;
  for (const auto& p : patterns_) {
    bool hit = false;
    if (p.contents) {
      // `dir/**` matches every path strictly below `dir`.
      size_t slash = path.find('/');
      while (!hit && slash != std::string::npos) {
        hit = fnmatch(p.glob.c_str(), path.substr(0, slash).c_str(), FNM_PATHNAME) == 0;
        slash = path.find('/', slash + 1);
      }
    } else if (!p.dirOnly || isDir) {
      const std::string& subject = p.anchored ? path : base;
      hit = fnmatch(p.glob.c_str(), subject.c_str(), FNM_PATHNAME) == 0;
    }
    if (hit) verdict = p.negate ? Verdict::Include : Verdict::Ignore;
  }
  return verdict;
}

} // namespace sextant::graph
