// Finds and reads a workspace's JSON compilation database (`compile_commands.json`), the format
// of clang tooling: https://clang.llvm.org/docs/JSONCompilationDatabase.html. The include flags
// it yields are graph/CompileCommands.h's business.
#pragma once

#include "graph/CompileCommands.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sextant::lsp {

/// The folder `.sextant.json`'s "compilationDatabase" names (lsp/Config.h), when set: its
/// `compile_commands.json` or nothing. Otherwise `<root>/compile_commands.json`, else
/// `<root>/build/compile_commands.json` (where CMake's CMAKE_EXPORT_COMPILE_COMMANDS and Meson put
/// it, and where clangd looks). nullopt when there is none.
std::optional<std::filesystem::path> findCompileDatabase(const std::filesystem::path& root);

/// Parses a compilation database: a JSON array of objects with "directory", "file", and
/// "arguments" (array of strings) or "command" (one shell-quoted string). A relative
/// "directory" is taken from the database's own folder. Entries missing a member are skipped
/// and counted in `*skipped`. Throws std::runtime_error naming the file when it cannot be read
/// or is not a JSON array.
std::vector<graph::CompileCommand> readCompileDatabase(const std::filesystem::path& file, size_t* skipped = nullptr);

/// What the indexer should be told about `root`'s compilation database: its commands; an empty
/// list when there is none (stored include folders are dropped); nullopt when it is broken, with
/// the reason in `*warning` (the stored include folders are kept: a half-written file during a
/// build loses nothing).
std::optional<std::vector<graph::CompileCommand>> workspaceCompileCommands(const std::filesystem::path& root,
                                                                           std::string* warning);

} // namespace sextant::lsp
