#include "graph/CompileCommands.h"

#include "graph/Codec.h"
#include "graph/Keys.h"
#include "graph/Linker.h"

#include <boost/program_options/parsers.hpp>

#include <optional>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace sextant::graph {

fs::path normalFolder(const fs::path& folder) {
  fs::path p = folder.lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

std::vector<std::string> splitCommandLine(const std::string& command) {
  try {
    return boost::program_options::split_unix(command);
  } catch (const std::exception&) {
    // split_unix rejects escapes other than of quotes, blanks and backslashes (`\d` in a
    // Windows path): such a command still splits on blanks.
    std::vector<std::string> words;
    std::istringstream in(command);
    for (std::string w; in >> w;) words.push_back(std::move(w));
    return words;
  }
}

namespace {

enum class Group { Quote, Angle, System, After };

bool isClDriver(const std::vector<std::string>& args) {
  if (args.empty()) return false;
  std::string name = fs::path(args.front()).filename().string();
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == "cl" || name == "cl.exe" || name == "clang-cl" || name == "clang-cl.exe";
}

} // namespace

std::vector<fs::path> includeFolders(const CompileCommand& command) {
  // Flags taking a folder, joined (`-Idir`) or as the next argument (`-I dir`).
  struct Flag {
    std::string_view spelling;
    Group group;
  };
  static constexpr Flag kFlags[] = {{"-iquote", Group::Quote},    {"-isystem", Group::System},
                                    {"-idirafter", Group::After}, {"--include-directory=", Group::Angle},
                                    {"--include-directory", Group::Angle}, {"-I", Group::Angle}};
  const bool cl = isClDriver(command.arguments);
  std::vector<std::pair<Group, std::string>> found;
  const auto& args = command.arguments;
  for (size_t i = 1; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (cl && a.starts_with("/I")) {
      if (a.size() > 2) found.push_back({Group::Angle, std::string(a.substr(2))});
      else if (i + 1 < args.size()) found.push_back({Group::Angle, args[++i]});
      continue;
    }
    for (const auto& f : kFlags) {
      if (!a.starts_with(f.spelling)) continue;
      if (a.size() > f.spelling.size()) {
        if (f.spelling.back() == 'y') break; // `--include-directory` is only ever whole or with `=`
        found.push_back({f.group, std::string(a.substr(f.spelling.size()))});
      } else if (f.spelling.back() != '=' && i + 1 < args.size()) {
        found.push_back({f.group, args[++i]});
      }
      break;
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  fs::path base = fs::path(command.directory);
  std::vector<fs::path> out;
  std::set<fs::path> seen;
  for (const auto& [group, folder] : found) {
    if (folder.empty() || folder == "-") continue; // `-I-`: an old GCC separator, not a folder
    fs::path p = normalFolder(base / fs::path(folder));
    if (seen.insert(p).second) out.push_back(std::move(p));
  }
  return out;
}

namespace {

/// `p` as a workspace path ("" for the root itself), or nullopt when outside `roots`.
std::optional<std::string> workspacePath(const fs::path& p, const std::vector<fs::path>& roots) {
  auto under = [&](const fs::path& form) -> std::optional<std::string> {
    for (const auto& root : roots) {
      fs::path rel = form.lexically_relative(root);
      if (rel.empty()) continue;
      std::string s = rel.generic_string();
      if (s == ".") return std::string();
      if (s == ".." || s.starts_with("../")) continue;
      if (s.ends_with("/")) s.pop_back();
      return s;
    }
    return std::nullopt;
  };
  const fs::path lexical = p.lexically_normal();
  if (auto found = under(lexical)) return found;
  // Through symlinks only when the written path is outside (a build tree reached by a link).
  std::error_code ec;
  if (fs::path canonical = fs::weakly_canonical(p, ec); !ec && canonical != lexical) return under(canonical);
  return std::nullopt;
}

} // namespace

IncludePaths workspaceIncludePaths(const std::vector<CompileCommand>& commands, const fs::path& root) {
  std::error_code ec;
  std::vector<fs::path> roots{normalFolder(fs::absolute(root, ec))};
  if (fs::path canonical = normalFolder(fs::weakly_canonical(root, ec)); !ec && canonical != roots.front())
    roots.push_back(canonical);
  IncludePaths out;
  // Every command of a build repeats the same few -I folders: each is mapped (a realpath) once.
  std::map<fs::path, std::optional<std::string>> mapped;
  for (const auto& command : commands) {
    auto file = workspacePath(fs::path(command.directory) / fs::path(command.file), roots);
    if (!file || file->empty() || out.contains(*file)) continue;
    std::vector<std::string> folders;
    for (const auto& folder : includeFolders(command)) {
      auto [it, fresh] = mapped.try_emplace(folder);
      if (fresh) it->second = workspacePath(folder, roots);
      if (it->second) folders.push_back(*it->second);
    }
    out.emplace(std::move(*file), std::move(folders));
  }
  return out;
}

size_t storeIncludePaths(kv::Store& store, const IncludePaths& paths) {
  auto snap = store.snapshot();
  std::map<std::string, std::string, std::less<>> have;
  snap->scanPrefix(keys::kIncludeFoldersPrefix, [&](std::string_view k, std::string_view v) {
    have.emplace(std::string(k), std::string(v));
    return true;
  });
  kv::WriteBatch batch;
  size_t mutations = 0;
  for (const auto& [path, folders] : paths) {
    std::string key = keys::includeFolders(path), value = encode(IncludeFoldersRecord{folders});
    auto it = have.find(key);
    if (it == have.end() || it->second != value) {
      batch.put(key, value);
      ++mutations;
    }
    if (it != have.end()) have.erase(it);
  }
  for (const auto& [key, value] : have) {
    batch.erase(key);
    ++mutations;
  }
  if (mutations == 0) return 0;
  // Which header an include names may have changed anywhere in C and C++.
  snap->scanPrefix(keys::kFilePrefix, [&](std::string_view k, std::string_view v) {
    Language language = decodeFile(v).language;
    if (language == Language::C || language == Language::Cpp) {
      markForLinking(*snap, k.substr(keys::kFilePrefix.size()), language, {}, false, batch);
      ++mutations;
    }
    return true;
  });
  store.commit(batch);
  return mutations;
}

std::vector<std::string> recordedIncludeFolders(const kv::Snapshot& snapshot, const std::string& path) {
  if (auto value = snapshot.get(keys::includeFolders(path))) return decodeIncludeFolders(*value).folders;
  std::string folder = path;
  for (;;) {
    size_t slash = folder.rfind('/');
    folder = slash == std::string::npos ? std::string() : folder.substr(0, slash);
    std::optional<std::vector<std::string>> nearest;
    snapshot.scanPrefix(std::string(keys::kIncludeFoldersPrefix) + (folder.empty() ? "" : folder + "/"),
                        [&](std::string_view, std::string_view v) {
                          nearest = decodeIncludeFolders(v).folders;
                          return false;
                        });
    if (nearest) return std::move(*nearest);
    if (folder.empty()) return {};
  }
}

} // namespace sextant::graph
