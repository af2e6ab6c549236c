// Include search folders from a JSON compilation database (`compile_commands.json`), the format
// of clang tooling: https://clang.llvm.org/docs/JSONCompilationDatabase.html. Reading the JSON
// is the front end's job (lsp/CompileDatabase.h); this module takes the parsed commands, keeps
// the include flags, and stores them as `inc:` records for the resolver.
#pragma once

#include "kvstore/Store.h"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::graph {

/// One entry of a compilation database.
struct CompileCommand {
  std::string directory;               ///< working directory of the compile, absolute
  std::string file;                    ///< the main source file, absolute or relative to `directory`
  std::vector<std::string> arguments;  ///< argv; arguments[0] is the compiler
};

/// `folder` lexically normal and without a trailing separator (`/w/build/.` -> `/w/build`).
std::filesystem::path normalFolder(const std::filesystem::path& folder);

/// Splits an entry's `command` string into argv the way a POSIX shell does for plain words:
/// blanks separate, single and double quotes group, a backslash escapes the next character
/// (boost::program_options::split_unix). Never throws: an escape the splitter rejects falls back
/// to splitting on blanks.
std::vector<std::string> splitCommandLine(const std::string& command);

/// The include folders of one compile, in the order the compiler searches them for
/// `#include "…"`: `-iquote`, then `-I` (also `-I dir`, `--include-directory=dir`, cl's `/I`),
/// then `-isystem`, then `-idirafter`. Relative folders are taken from `directory`. Absolute,
/// lexically normal; duplicates dropped.
std::vector<std::filesystem::path> includeFolders(const CompileCommand& command);

/// Workspace-relative source path -> its workspace-relative include folders ("" is the root).
using IncludePaths = std::map<std::string, std::vector<std::string>>;

/// The include folders of every command whose file lies under `root`, as workspace paths.
/// Folders outside `root` are dropped (nothing there is indexed); a file listed twice keeps its
/// first command, as clangd does.
IncludePaths workspaceIncludePaths(const std::vector<CompileCommand>& commands, const std::filesystem::path& root);

/// Makes the `inc:` records of `store` equal to `paths`, writing only what differs. When
/// anything differs, every C and C++ file is marked for linking (its includes may now name
/// other headers). Returns the number of mutations committed (0 when nothing changed). Throws
/// kv::StoreError.
size_t storeIncludePaths(kv::Store& store, const IncludePaths& paths);

/// The include folders recorded for `path`; when `path` has no entry (a header, a file the
/// build does not compile), those of the nearest entry: the first in its folder, else in the
/// folder above, up to the root, as clangd infers commands for headers. Empty without a
/// compilation database.
std::vector<std::string> recordedIncludeFolders(const kv::Snapshot& snapshot, const std::string& path);

} // namespace sextant::graph
