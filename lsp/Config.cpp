// Reads .sextant.json leniently: configuration mistakes become warnings, never startup failures.
#include "lsp/Config.h"

#include <nlohmann/json.hpp>

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
  return config;
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
