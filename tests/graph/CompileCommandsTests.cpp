// graph/CompileCommands: include flags of compile commands, workspace mapping, `inc:` records.
#include "graph/CompileCommands.h"

#include "graph/Codec.h"
#include "graph/Indexer.h"
#include "graph/Keys.h"
#include "graph/Linker.h"

#include <doctest/doctest.h>

using namespace sextant;
using namespace sextant::graph;
namespace fs = std::filesystem;

TEST_CASE("splitCommandLine: shell quoting and escapes") {
  CHECK(splitCommandLine(R"(cc -I "my dir" -DX=\"s\" 'a b'  -c f.c)") ==
        std::vector<std::string>{"cc", "-I", "my dir", "-DX=\"s\"", "a b", "-c", "f.c"});
  // An escape the splitter rejects still splits on blanks.
  CHECK(splitCommandLine(R"(cl /Ic:\dev\inc f.c)") == std::vector<std::string>{"cl", R"(/Ic:\dev\inc)", "f.c"});
  CHECK(splitCommandLine("").empty());
}

TEST_CASE("includeFolders: every spelling, in the compiler's search order") {
  CompileCommand c{"/w/build", "../src/a.c",
                   {"gcc", "-isystem", "/usr/include/x", "-I../include", "-I", "gen", "-iquote", "q",
                    "--include-directory=inc2", "-idirafter", "late", "-I-", "-Igen", "-include", "pre.h", "-c", "a.c"}};
  std::vector<fs::path> want{"/w/build/q", "/w/include", "/w/build/gen", "/w/build/inc2", "/usr/include/x", "/w/build/late"};
  CHECK(includeFolders(c) == want);
  // cl's /I only for cl: elsewhere `/Ifoo` is a path.
  CHECK(includeFolders({"/w", "a.c", {"cl.exe", "/Iinc", "/I", "more", "a.c"}}) == std::vector<fs::path>{"/w/inc", "/w/more"});
  CHECK(includeFolders({"/w", "a.c", {"gcc", "/Iinc", "a.c"}}).empty());
}

TEST_CASE("workspaceIncludePaths: workspace-relative, outside folders dropped, first command wins") {
  std::vector<CompileCommand> commands{
      {"/w/build", "../src/a.c", {"cc", "-I../include", "-I/usr/include/glib", "-I..", "-c", "../src/a.c"}},
      {"/w/build", "/w/src/a.c", {"cc", "-Iother", "-c", "/w/src/a.c"}},  // listed twice: ignored
      {"/elsewhere", "b.c", {"cc", "-I.", "b.c"}},                        // not in the workspace
  };
  IncludePaths paths = workspaceIncludePaths(commands, "/w");
  REQUIRE(paths.size() == 1);
  CHECK(paths["src/a.c"] == std::vector<std::string>{"include", ""});
}

TEST_CASE("storeIncludePaths: writes only differences, marks C and C++ files for linking when they change") {
  auto store = kv::openMemoryStore();
  indexContent(*store, "src/a.c", Language::C, "#include \"x.h\"\nint a;\n");
  indexContent(*store, "lib/b.py", Language::Python, "b = 1\n");
  linkPending(*store);
  REQUIRE(pendingLinks(*store->snapshot()).empty());

  IncludePaths paths{{"src/a.c", {"include", ""}}};
  CHECK(storeIncludePaths(*store, paths) == 2); // the record and a.c's mark
  CHECK(pendingLinks(*store->snapshot()) == std::set<std::string, std::less<>>{"src/a.c"});
  linkPending(*store);
  CHECK(storeIncludePaths(*store, paths) == 0);
  CHECK(pendingLinks(*store->snapshot()).empty());

  auto snap = store->snapshot();
  CHECK(recordedIncludeFolders(*snap, "src/a.c") == std::vector<std::string>{"include", ""});
  // A header the database does not list takes the nearest entry's folders.
  CHECK(recordedIncludeFolders(*snap, "src/deep/x.h") == std::vector<std::string>{"include", ""});
  CHECK(recordedIncludeFolders(*snap, "top.h") == std::vector<std::string>{"include", ""});

  CHECK(storeIncludePaths(*store, {}) == 2); // the record erased, a.c marked again
  CHECK(store->snapshot()->get(keys::includeFolders("src/a.c")) == std::nullopt);
  CHECK(recordedIncludeFolders(*store->snapshot(), "src/a.c").empty());
}
