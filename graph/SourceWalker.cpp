// Workspace file discovery: git's own file list when available, a .gitignore-aware walk otherwise.
#include "graph/SourceWalker.h"

#include "graph/Gitignore.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace sextant::graph {
namespace fs = std::filesystem;

bool isSkippedFolderName(std::string_view name) {
  static constexpr std::string_view kNames[] = {".git", ".hg", ".svn", ".sextant", "node_modules",
                                                "__pycache__", "build", ".cache"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames) ||
         name.starts_with("build-") || name.starts_with("cmake-build-");
}

namespace {

/// Runs argv (PATH lookup), returns its stdout when it exits 0, nullopt otherwise. stderr is
/// discarded: a failing git only means "not a git tree, walk instead".
std::optional<std::string> captureOutput(const std::vector<std::string>& argv) {
  int out[2];
  if (pipe(out) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    return std::nullopt;
  }
  std::string text;
  char buf[65536];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    text.append(buf, static_cast<size_t>(n));
  }
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return text;
}

/// True when `file` resolves (symlinks followed) to a path inside `root`: a symlink leading out of
/// the workspace is never followed.
bool resolvesInside(const fs::path& root, const fs::path& file) {
  std::error_code ec;
  fs::path target = fs::canonical(file, ec);
  if (ec) return false;
  fs::path base = fs::canonical(root, ec);
  if (ec) return false;
  fs::path rel = target.lexically_relative(base);
  return !rel.empty() && *rel.begin() != "..";
}

bool underSkippedFolder(std::string_view relPath) {
  size_t start = 0;
  for (size_t slash; (slash = relPath.find('/', start)) != std::string_view::npos; start = slash + 1)
    if (isSkippedFolderName(relPath.substr(start, slash - start))) return true;
  return false;
}

std::optional<WalkResult> walkWithGit(const fs::path& root) {
  auto inside = captureOutput({"git", "-C", root.string(), "rev-parse", "--is-inside-work-tree"});
  if (!inside || inside->rfind("true", 0) != 0) return std::nullopt;
  // Paths come out relative to `root` even when root is a subfolder of the work tree.
  auto listing = captureOutput({"git", "-C", root.string(), "-c", "core.quotepath=off", "ls-files", "-z",
                                "--cached", "--others", "--exclude-standard"});
  if (!listing) return std::nullopt;
  WalkResult result;
  result.usedGit = true;
  std::string_view rest = *listing;
  while (!rest.empty()) {
    size_t nul = rest.find('\0');
    std::string_view rel = rest.substr(0, nul);
    rest.remove_prefix(nul == std::string_view::npos ? rest.size() : nul + 1);
    if (rel.empty() || underSkippedFolder(rel)) continue;
    auto language = parse::languageForPath(fs::path(rel));
    if (!language) continue;
    std::error_code ec;
    // --cached lists deleted files and submodules too: keep regular files only.
    if (!fs::is_regular_file(root / rel, ec)) continue;
    if (fs::is_symlink(root / rel, ec) && !resolvesInside(root, root / rel)) {
      result.skipped.push_back({std::string(rel), "symlink to a file outside the workspace"});
      continue;
    }
    result.files.push_back({std::string(rel), *language});
  }
  std::sort(result.files.begin(), result.files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  // ls-files lists a path twice when it is both cached and modified: keep one.
  result.files.erase(std::unique(result.files.begin(), result.files.end(),
                                 [](const SourceFile& a, const SourceFile& b) { return a.path == b.path; }),
                     result.files.end());
  return result;
}

struct RuleSet {
  std::string base; ///< folder of the .gitignore, relative to root ("" for root), with trailing '/'
  GitignoreRules rules;
};

bool ignored(const std::vector<RuleSet>& chain, const std::string& rel, bool isDir) {
  // Deeper .gitignore files override shallower ones: the last verdict wins.
  GitignoreRules::Verdict verdict = GitignoreRules::Verdict::None;
  for (const auto& set : chain) {
    auto v = set.rules.match(std::string_view(rel).substr(set.base.size()), isDir);
    if (v != GitignoreRules::Verdict::None) verdict = v;
  }
  return verdict == GitignoreRules::Verdict::Ignore;
}

void walkFolder(const fs::path& root, const std::string& relDir, std::vector<RuleSet>& chain, WalkResult& out) {
  fs::path dir = relDir.empty() ? root : root / relDir;
  bool pushed = false;
  {
    std::ifstream in(dir / ".gitignore", std::ios::binary);
    if (in) {
      std::stringstream text;
      text << in.rdbuf();
      GitignoreRules rules(text.str());
      if (!rules.empty()) {
        chain.push_back({relDir.empty() ? "" : relDir + "/", std::move(rules)});
        pushed = true;
      }
    }
  }
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    if (relDir.empty()) throw fs::filesystem_error("cannot list workspace root", dir, ec);
    out.skipped.push_back({relDir, "unreadable: " + ec.message()});
  } else {
    std::vector<std::pair<std::string, bool>> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) {
        out.skipped.push_back({relDir, "unreadable: " + ec.message()});
        break;
      }
      std::string name = it->path().filename().string();
      std::error_code typeEc;
      bool isLink = it->is_symlink(typeEc);
      bool isDir = !isLink && it->is_directory(typeEc);
      bool isFile = it->is_regular_file(typeEc); // follows symlinks to files
      if (isFile && isLink && !resolvesInside(root, it->path())) {
        out.skipped.push_back({relDir.empty() ? name : relDir + "/" + name, "symlink to a file outside the workspace"});
        isFile = false;
      }
      if (isDir || isFile) entries.emplace_back(std::move(name), isDir);
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& [name, isDir] : entries) {
      std::string rel = relDir.empty() ? name : relDir + "/" + name;
      if (isDir && isSkippedFolderName(name)) continue;
      if (ignored(chain, rel, isDir)) continue;
      if (isDir) {
        walkFolder(root, rel, chain, out);
      } else if (auto language = parse::languageForPath(fs::path(name))) {
        out.files.push_back({rel, *language});
      }
    }
  }
  if (pushed) chain.pop_back();
}

} // namespace

WalkResult walkSources(const fs::path& root) {
  if (auto viaGit = walkWithGit(root)) return std::move(*viaGit);
  WalkResult result;
  std::vector<RuleSet> chain;
  walkFolder(root, "", chain, result);
  std::sort(result.files.begin(), result.files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  return result;
}

} // namespace sextant::graph
