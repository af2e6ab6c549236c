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

/// The workspace's compilation databases, nearest-first. When `.sextant.json`'s
/// "compilationDatabase" names a folder (lsp/Config.h): its `compile_commands.json` or none.
/// Otherwise every `F/compile_commands.json` and `F/build/compile_commands.json` (where CMake's
/// CMAKE_EXPORT_COMPILE_COMMANDS and Meson put it) for the root and each folder F up to
/// kCompileDatabaseDepth levels below it, hidden folders and `node_modules` left out: clangd
/// looks in those two places in every ancestor of a file, so a subproject's own database wins
/// for its files. Ordered deepest F first (then by path), so that the first command listing a
/// file is that of its nearest database.
std::vector<std::filesystem::path> findCompileDatabases(const std::filesystem::path& root);
/// Folder levels below the root searched by findCompileDatabases().
inline constexpr int kCompileDatabaseDepth = 3;

/// Parses a compilation database: a JSON array of objects with "directory", "file", and
/// "arguments" (array of strings) or "command" (one shell-quoted string). A relative
/// "directory" is taken from the database's own folder. Entries missing a member are skipped
/// and counted in `*skipped`. Throws std::runtime_error naming the file when it cannot be read
/// or is not a JSON array.
std::vector<graph::CompileCommand> readCompileDatabase(const std::filesystem::path& file, size_t* skipped = nullptr);

/// What the indexer should be told about `root`'s compilation databases (findCompileDatabases()):
/// their commands, nearest database first; an empty list when there is none (stored include
/// folders are dropped); nullopt when one is broken, with the reason in `*warning` (the stored
/// include folders are kept: a half-written file during a build loses nothing).
std::optional<std::vector<graph::CompileCommand>> workspaceCompileCommands(const std::filesystem::path& root,
                                                                           std::string* warning);

} // namespace sextant::lsp
