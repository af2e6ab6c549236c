// A .gitignore matcher for workspaces that are not git work trees.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// The patterns of one .gitignore file, matched against paths relative to the folder holding it.
/// Supported (gitignore(5)): blank lines and `#` comments, `\#`/`\!` escapes, `!` negation,
/// trailing `/` (folders only), a `/` at the start or in the middle anchors the pattern to the
/// folder, otherwise it matches the last path component at any depth; `*`, `?`, `[...]` via
/// fnmatch(3) with FNM_PATHNAME; `**/` at the start, `/**` at the end. Not supported: `**` in the
/// middle of a pattern (treated as `*`).
class GitignoreRules {
public:
  /// Parses the text of a .gitignore file.
  explicit GitignoreRules(std::string_view text);

  enum class Verdict { None, Ignore, Include };
  /// The last matching pattern's verdict for `relPath` (relative to the .gitignore's folder,
  /// '/'-separated), or None when no pattern matches.
  Verdict match(std::string_view relPath, bool isDir) const;

  bool empty() const { return patterns_.empty(); }

private:
  struct Pattern {
    std::string glob;
    bool negate = false;
    bool dirOnly = false;
    bool anchored = false;  ///< match the whole relative path, not just the last component
    bool contents = false;  ///< `dir/**`: matches everything below dir
  };
  std::vector<Pattern> patterns_;
};

} // namespace sextant::graph
