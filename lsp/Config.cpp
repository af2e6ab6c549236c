// Reads .sextant.json leniently: configuration mistakes become warnings, never startup failures.
#include "lsp/Config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fnmatch.h>
#include <fstream>
#include <stdexcept>

namespace sextant::lsp {
namespace fs = std::filesystem;

namespace {
void append(std::string* out, const std::string& line) {
  if (!out) return;
  if (!out->empty()) *out += '\n';
  *out += line;
}
} // namespace

WorkspaceConfig readWorkspaceConfig(const fs::path& root, std::string* warning) {
  WorkspaceConfig config;
  fs::path file = root / ".sextant.json";
  std::ifstream in(file, std::ios::binary);
  if (!in) return config;
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (!j.is_object()) {
    append(warning, file.string() + ": not a JSON object; ignored");
    return config;
  }
  if (auto it = j.find("store"); it != j.end()) {
    try {
      config.store = backendFromName(it->get<std::string>());
    } catch (const std::exception&) {
      append(warning, file.string() + ": \"store\" must be \"lmdb\" or \"sqlite\"; ignored");
    }
  }
  if (auto it = j.find("exclude"); it != j.end()) {
    if (it->is_array() && std::all_of(it->begin(), it->end(), [](const auto& g) { return g.is_string(); }))
      for (const auto& g : *it) config.exclude.push_back(g.get<std::string>());
    else
      append(warning, file.string() + ": \"exclude\" must be an array of glob strings; ignored");
  }
  if (auto it = j.find("compilationDatabase"); it != j.end()) {
    if (it->is_string() && !it->get<std::string>().empty())
      config.compilationDatabase = it->get<std::string>();
    else
      append(warning, file.string() + ": \"compilationDatabase\" must be a folder path; ignored");
  }
  if (auto it = j.find("rules"); it != j.end()) {
    if (it->is_object()) {
      for (const auto& [rule, on] : it->items())
        if (on.is_boolean() && !on.get<bool>()) config.disabledRules.push_back(rule);
    } else {
      append(warning, file.string() + ": \"rules\" must be an object like {\"dead-code\": false}; ignored");
    }
  }
  return config;
}

bool matchesAnyGlob(const std::vector<std::string>& globs, std::string_view path) {
  std::string p(path);
  for (std::string glob : globs) {
    if (glob.ends_with("/")) glob += "**";
    if (glob.ends_with("/**") && (p + "/").starts_with(glob.substr(0, glob.size() - 2))) return true;
    // Without FNM_PATHNAME `*` crosses '/', which is what `**` asks for; a glob without `**`
    // keeps `*` inside one component.
    bool deep = glob.find("**") != std::string::npos;
    if (fnmatch(glob.c_str(), p.c_str(), deep ? 0 : FNM_PATHNAME) == 0) return true;
  }
  return false;
}

Backend chooseBackend(const fs::path& root, const std::optional<std::string>& initializationOptionsStore,
                      Backend fallback, std::string* warnings) {
  if (initializationOptionsStore) {
    try {
      return backendFromName(*initializationOptionsStore);
    } catch (const std::invalid_argument& e) {
      append(warnings, std::string("initializationOptions.store: ") + e.what() + "; ignored");
    }
  }
  std::string warning;
  WorkspaceConfig config = readWorkspaceConfig(root, &warning);
  if (!warning.empty()) append(warnings, warning);
  return config.store.value_or(fallback);
}

} // namespace sextant::lsp
