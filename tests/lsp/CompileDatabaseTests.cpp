// lsp/CompileDatabase: finding and reading compile_commands.json.
#include "lsp/CompileDatabase.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace sextant;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("sextant-ccdb-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << text;
  }
};

} // namespace

TEST_CASE("compile database: found at the root or in build/, arguments or command") {
  TempDir dir;
  CHECK(lsp::findCompileDatabases(dir.path).empty());
  std::string warning;
  auto none = lsp::workspaceCompileCommands(dir.path, &warning);
  REQUIRE(none);
  CHECK(none->empty());

  dir.write("build/compile_commands.json", R"([
    {"directory": ".", "file": "../src/a.c", "command": "cc -I'../my include' -c ../src/a.c"},
    {"directory": "/abs", "file": "b.c", "arguments": ["cc", "-I", "inc", "b.c"]},
    {"file": "no-directory.c", "command": "cc x.c"},
    7
  ])");
  REQUIRE(lsp::findCompileDatabases(dir.path) == std::vector<fs::path>{dir.path / "build" / "compile_commands.json"});
  size_t skipped = 0;
  auto commands = lsp::readCompileDatabase(dir.path / "build" / "compile_commands.json", &skipped);
  CHECK(skipped == 2);
  REQUIRE(commands.size() == 2);
  CHECK(commands[0].directory == (fs::absolute(dir.path) / "build").lexically_normal().string());
  CHECK(commands[0].arguments == std::vector<std::string>{"cc", "-I../my include", "-c", "../src/a.c"});
  CHECK(commands[1].directory == "/abs");

  auto paths = graph::workspaceIncludePaths(commands, dir.path);
  REQUIRE(paths.size() == 1);
  CHECK(paths["src/a.c"] == std::vector<std::string>{"my include"});

  lsp::workspaceCompileCommands(dir.path, &warning);
  CHECK(warning.find("2 entries") != std::string::npos);
}

TEST_CASE("compile database: a broken file is reported and keeps the stored folders") {
  TempDir dir;
  dir.write("compile_commands.json", "[{\"directory\": \"/w\", \"file\": \"a.c\", \"command\": \"cc");
  std::string warning;
  CHECK_FALSE(lsp::workspaceCompileCommands(dir.path, &warning));
  CHECK(warning.find("not a JSON array") != std::string::npos);
  CHECK_THROWS_AS(lsp::readCompileDatabase(dir.path / "missing.json"), std::runtime_error);
}

TEST_CASE("compile database: .sextant.json's compilationDatabase names the folder, and only that one") {
  TempDir dir;
  dir.write("compile_commands.json", R"([{"directory": ".", "file": "a.c", "arguments": ["cc", "-Iroot", "a.c"]}])");
  REQUIRE(lsp::findCompileDatabases(dir.path) == std::vector<fs::path>{dir.path / "compile_commands.json"});
  dir.write(".sextant.json", R"({"compilationDatabase": "out/debug"})");
  CHECK(lsp::findCompileDatabases(dir.path).empty()); // set but missing: not the root's
  dir.write("out/debug/compile_commands.json", R"([{"directory": "../..", "file": "a.c", "arguments": ["cc", "-Iout", "a.c"]}])");
  REQUIRE(lsp::findCompileDatabases(dir.path) == std::vector<fs::path>{dir.path / "out/debug" / "compile_commands.json"});
  std::string warning;
  auto commands = lsp::workspaceCompileCommands(dir.path, &warning);
  REQUIRE(commands);
  REQUIRE(commands->size() == 1);
  CHECK(graph::workspaceIncludePaths(*commands, dir.path)["a.c"] == std::vector<std::string>{"out"});
  // An absolute folder works too.
  dir.write(".sextant.json", R"({"compilationDatabase": ")" + (dir.path / "out/debug").string() + R"("})");
  CHECK(lsp::findCompileDatabases(dir.path) == std::vector<fs::path>{dir.path / "out/debug" / "compile_commands.json"});
}

TEST_CASE("compile database: a subproject's own database wins for its files, as clangd's ancestor search") {
  TempDir dir;
  // The root's lists both files; the subproject's lists its own with other flags.
  dir.write("build/compile_commands.json", R"([
    {"directory": "..", "file": "sub/x.c", "arguments": ["cc", "-Iroot-inc", "sub/x.c"]},
    {"directory": "..", "file": "y.c", "arguments": ["cc", "-Iroot-inc", "y.c"]}
  ])");
  dir.write("libs/sub/build/compile_commands.json", R"([
    {"directory": "..", "file": "x.c", "arguments": ["cc", "-Isub-inc", "x.c"]}
  ])");
  dir.write("libs/sub/x.c", "int x;\n");
  dir.write(".cache/compile_commands.json", "not read: hidden");
  dir.write("node_modules/m/compile_commands.json", "not read either");
  dir.write("a/b/c/d/compile_commands.json", "too deep");
  auto found = lsp::findCompileDatabases(dir.path);
  REQUIRE(found == std::vector<fs::path>{dir.path / "libs/sub/build/compile_commands.json",
                                         dir.path / "build/compile_commands.json"});
  std::string warning;
  auto commands = lsp::workspaceCompileCommands(dir.path, &warning);
  REQUIRE(commands);
  CHECK(warning.empty());
  auto paths = graph::workspaceIncludePaths(*commands, dir.path);
  CHECK(paths["libs/sub/x.c"] == std::vector<std::string>{"libs/sub/sub-inc"});
  CHECK(paths["y.c"] == std::vector<std::string>{"root-inc"});
}
