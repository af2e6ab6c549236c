// arityOf: the argument counts a C/C++ parameter list accepts.
#include "graph/Arity.h"

#include <doctest/doctest.h>

#include <string>

using namespace sextant::graph;

namespace {

std::string show(const std::optional<Arity>& a) {
  if (!a) return "unknown";
  return std::to_string(a->min) + ".." + (a->max == Arity::kVariadic ? std::string("*") : std::to_string(a->max));
}

} // namespace

TEST_CASE("arityOf counts parameters, defaults and variadics") {
  CHECK(show(arityOf("(int a, char *b)", false)) == "2..2");
  CHECK(show(arityOf("(void)", false)) == "0..0");
  CHECK(show(arityOf("()", true)) == "0..0");
  CHECK(show(arityOf("()", false)) == "unknown"); // C: unprototyped
  CHECK(show(arityOf("(const char *fmt, ...)", false)) == "1..*");
  CHECK(show(arityOf("(int w, int h = f(1, 2), int d = 3)", true)) == "1..3");
  CHECK(show(arityOf("(std::map<int, std::pair<int, int>> m, int (*cb)(int, int))", true)) == "2..2");
  CHECK(show(arityOf("(Args... args)", true)) == "0..*");
  CHECK(show(arityOf("(int a[2][3], bool b = x == y)", true)) == "1..2");
  CHECK(show(arityOf("(std::enable_if_t<N == 2, int> x)", true)) == "1..1"); // `==` inside <> is no default
  CHECK(show(arityOf("", true)) == "unknown");
  CHECK(show(arityOf("(int a", true)) == "unknown");
  CHECK(arityOf("(int w, int h = 1)", true)->accepts(1));
  CHECK_FALSE(arityOf("(int w, int h = 1)", true)->accepts(3));
}
