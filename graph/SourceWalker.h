// Finds the source files of a workspace, honouring .gitignore and skipping tool folders.
#pragma once

#include "parsers/Extraction.h"

#include <filesystem>
#include <string>
#include <vector>

namespace sextant::graph {

struct SourceFile {
  std::string path;                 ///< workspace-relative, '/'-separated
  parse::Language language;
};

/// A file or folder left out, with a one-line reason ("binary", "unreadable: Permission denied").
struct SkippedFile {
  std::string path;
  std::string reason;
};

struct WalkResult {
  std::vector<SourceFile> files;    ///< sorted by path
  std::vector<SkippedFile> skipped; ///< folders that could not be read
  bool usedGit = false;             ///< the list came from `git ls-files`
};

/// Lists the files under `root` whose language Sextant supports (parse::languageForPath).
/// Never descends into `.git`, `.hg`, `.svn`, `.sextant`, `node_modules`, `__pycache__`, or build
/// folders (`build`, `build-*`, `cmake-build-*`). Ignore rules: when `root` is inside a git work
/// tree, the list is `git ls-files --cached --others --exclude-standard` (git's own rules, exactly);
/// otherwise every `.gitignore` met on the way down is applied (patterns with `*`, `?`, `[...]`,
/// leading `**/`, trailing `/**`, `!` negation, trailing `/` for folders; see Gitignore.h).
/// Symlinked folders are not followed; a symlink to a file is followed only when the file lies
/// inside `root` (else it is listed in `skipped`). Throws std::filesystem::filesystem_error when `root`
/// itself cannot be listed.
WalkResult walkSources(const std::filesystem::path& root);

/// True for folder names the walker never enters.
bool isSkippedFolderName(std::string_view name);

} // namespace sextant::graph
