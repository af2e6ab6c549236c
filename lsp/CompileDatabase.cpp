#include "lsp/CompileDatabase.h"

#include "lsp/Config.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace sextant::lsp {

std::optional<fs::path> findCompileDatabase(const fs::path& root) {
  if (auto folder = readWorkspaceConfig(root).compilationDatabase) {
    // Set: that folder only, as clangd does with CompilationDatabase (a path relative to the root).
    fs::path candidate = fs::path(*folder).is_absolute() ? fs::path(*folder) : root / *folder;
    candidate /= "compile_commands.json";
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    return std::nullopt;
  }
  for (const fs::path& candidate : {root / "compile_commands.json", root / "build" / "compile_commands.json"}) {
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
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
  auto file = findCompileDatabase(root);
  if (!file) return std::vector<graph::CompileCommand>{};
  try {
    size_t skipped = 0;
    auto commands = readCompileDatabase(*file, &skipped);
    if (skipped && warning)
      *warning = file->string() + ": " + std::to_string(skipped) + " entries without directory, file and arguments/command; skipped";
    return commands;
  } catch (const std::exception& e) {
    if (warning) *warning = std::string(e.what()) + "; include folders from the previous run kept";
    return std::nullopt;
  }
}

} // namespace sextant::lsp
