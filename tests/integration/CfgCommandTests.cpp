// `sextant cfg FILE:LINE [--format text|dot] [--index DIR]` end to end on the built binary.
#include "tests/support/LspProcess.h"

#include <doctest/doctest.h>

#include <fstream>

namespace fs = std::filesystem;
using sextant::test::runProcess;
using sextant::test::TempDir;

TEST_CASE("sextant cfg prints the innermost function's graph as text or DOT; errors exit non-zero") {
  TempDir tmp;
  fs::path ws = tmp.path() / "ws";
  fs::create_directories(ws / "src");
  std::ofstream(ws / ".sextant.json") << "{}";
  std::ofstream(ws / "src/util.py") << "def clamp(x, lo, hi):\n"
                                       "    if x < lo:\n"
                                       "        return lo\n"
                                       "    for i in range(3):\n"
                                       "        if i == x:\n"
                                       "            break\n"
                                       "    return x\n"
                                       "\n"
                                       "top = 1\n";
  std::ofstream(ws / "src/loop.c") << "int sum(int *a, int n) {\n"
                                      "  int s = 0;\n"
                                      "  while (n--) {\n"
                                      "    int (*f)(int) = 0;\n"
                                      "    s += a[n];\n"
                                      "  }\n"
                                      "  return s;\n"
                                      "}\n";
  std::ofstream(ws / "notes.txt") << "not code\n";
  auto run = [&](std::vector<std::string> args) { return runProcess(SEXTANT_BINARY, args, ws); };

  auto text = run({"cfg", "src/util.py:5"});
  INFO(text.err);
  CHECK(text.status == 0);
  CHECK(text.out == "cfg clamp (function_definition) src/util.py:1-7: 9 blocks, 11 edges\n"
                    "  B0   entry      L1-2       -> B2 fallthrough\n"
                    "  B1   exit       L7\n"
                    "  B2   condition  L2        if_statement `x < lo`  -> B3 true, B4 false\n"
                    "  B3   return     L3        return_statement `return lo`  -> B1 return\n"
                    "  B4   loop       L4        for_statement `range(3)`  -> B5 true, B8 false\n"
                    "  B5   condition  L5        if_statement `i == x`  -> B6 true, B7 false\n"
                    "  B6   plain      L6        break_statement `break`  -> B8 break\n"
                    "  B7   plain      L6         -> B4 back\n"
                    "  B8   return     L7        return_statement `return x`  -> B1 return\n");

  auto dot = run({"cfg", "src/loop.c:5", "--format", "dot", "--index", (tmp.path() / "idx").string()});
  INFO(dot.err);
  CHECK(dot.status == 0);
  CHECK(dot.out.starts_with("digraph \"sum\" {\n"));
  CHECK(dot.out.find("label=\"sum (function_definition) src/loop.c:1-8\";") != std::string::npos);
  CHECK(dot.out.find("b0 [label=\"B0 entry L1\", shape=oval];") != std::string::npos);
  CHECK(dot.out.find("[label=\"B3 loop L3\\n(n--)\", shape=diamond];") != std::string::npos);
  CHECK(dot.out.find("b3 -> b4 [label=\"true\"];") != std::string::npos);
  CHECK(dot.out.find("b4 -> b3 [label=\"back\"];") != std::string::npos);
  CHECK(dot.out.find("[label=\"return\"];") != std::string::npos);
  CHECK(dot.out.ends_with("}\n"));
  CHECK(fs::exists(tmp.path() / "idx"));

  auto none = run({"cfg", "src/util.py:9"});
  CHECK(none.status == 1);
  CHECK(none.out.empty());
  CHECK(none.err == "sextant cfg: no function contains line 9 of src/util.py\n");
  CHECK(run({"cfg", "notes.txt:1"}).status == 2);
  CHECK(run({"cfg", "src/util.py"}).status == 2);
  CHECK(run({"cfg", "src/util.py:0"}).status == 2);
  CHECK(run({"cfg", "src/util.py:2", "--format", "svg"}).status == 2);
}
