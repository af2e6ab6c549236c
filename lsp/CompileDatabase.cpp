#include "lsp/CompileDatabase.h"

#include "lsp/Config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace fs = std::filesystem;

namespace sextant::lsp {

std::vector<fs::path> findCompileDatabases(const fs::path& root) {
  std::vector<fs::path> out;
  if (auto folder = readWorkspaceConfig(root).compilationDatabase) {
    // Set: that folder only, as clangd does with CompilationDatabase (a path relative to the root).
    fs::path candidate = fs::path(*folder).is_absolute() ? fs::path(*folder) : root / *folder;
    candidate /= "compile_commands.json";
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) out.push_back(candidate);
    return out;
  }
  std::vector<std::pair<int, fs::path>> found; // (depth of the folder it serves, file)
  auto look = [&](const fs::path& folder, int depth) {
    for (const fs::path& candidate : {folder / "compile_commands.json", folder / "build" / "compile_commands.json"}) {
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec)) found.emplace_back(depth, candidate);
    }
  };
  look(root, 0);
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code typeError;
    if (!it->is_directory(typeError) || it->is_symlink(typeError)) continue;
    if (name.starts_with('.') || name == "node_modules") {
      it.disable_recursion_pending();
      continue;
    }
    const int depth = it.depth() + 1;
    look(it->path(), depth);
    if (depth >= kCompileDatabaseDepth) it.disable_recursion_pending();
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  // `X/build/compile_commands.json` is found twice: as X's build/ and as the folder X/build itself.
  for (auto& [depth, file] : found)
    if (std::find(out.begin(), out.end(), file) == out.end()) out.push_back(std::move(file));
  return out;
}

std::vector<graph::CompileCommand> readCompileDatabase(const fs::path& file, size_t* skipped) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot be read");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) throw std::runtime_error(file.string() + ": not a JSON array of compile commands");
  const fs::path base = fs::absolute(file).parent_path();
  std::vector<graph::CompileCommand> out;
  size_t bad = 0;
  for (const auto& entry : j) {
    auto text = [&](const char* key) -> const std::string* {
      if (!entry.is_object()) return nullptr;
      auto it = entry.find(key);
      return it != entry.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    const std::string *directory = text("directory"), *source = text("file"), *command = text("command");
    graph::CompileCommand c;
    if (auto it = entry.is_object() ? entry.find("arguments") : entry.end(); entry.is_object() && it != entry.end()) {
      if (!it->is_array()) {
        ++bad;
        continue;
      }
      for (const auto& a : *it)
        if (a.is_string()) c.arguments.push_back(a.get<std::string>());
    } else if (command) {
      c.arguments = graph::splitCommandLine(*command);
    }
    if (!directory || !source || c.arguments.empty()) {
      ++bad;
      continue;
    }
    c.directory = graph::normalFolder(base / fs::path(*directory)).string();
    c.file = *source;
    out.push_back(std::move(c));
  }
  if (skipped) *skipped = bad;
  return out;
}

std::optional<std::vector<graph::CompileCommand>> workspaceCompileCommands(const fs::path& root, std::string* warning) {
  std::vector<graph::CompileCommand> commands;
  for (const fs::path& file : findCompileDatabases(root)) {
    try {
      size_t skipped = 0;
      auto more = readCompileDatabase(file, &skipped);
      if (skipped && warning)
        *warning += (warning->empty() ? "" : "; ") + file.string() + ": " + std::to_string(skipped) +
                    " entries without directory, file and arguments/command; skipped";
      commands.insert(commands.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    } catch (const std::exception& e) {
      if (warning) *warning = std::string(e.what()) + "; include folders from the previous run kept";
      return std::nullopt;
    }
  }
  return commands;
}

} // namespace sextant::lsp
