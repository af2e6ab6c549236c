// gitignore(5) semantics of the fallback matcher.
#include "graph/Gitignore.h"

#include <doctest/doctest.h>

using sextant::graph::GitignoreRules;
using V = GitignoreRules::Verdict;

TEST_CASE("unanchored, anchored, folder-only and negated patterns") {
  GitignoreRules rules("# comment\n*.o\n/top.c\nbuild/\ndocs/*.py\n!keep.o\n\n");
  CHECK(rules.match("a.o", false) == V::Ignore);
  CHECK(rules.match("deep/dir/a.o", false) == V::Ignore);
  CHECK(rules.match("keep.o", false) == V::Include);
  CHECK(rules.match("top.c", false) == V::Ignore);
  CHECK(rules.match("sub/top.c", false) == V::None);
  CHECK(rules.match("build", true) == V::Ignore);
  CHECK(rules.match("build", false) == V::None); // a file named build is not a folder
  CHECK(rules.match("docs/x.py", false) == V::Ignore);
  CHECK(rules.match("docs/sub/x.py", false) == V::None); // * does not cross '/'
}

TEST_CASE("leading **/ and trailing /**") {
  GitignoreRules rules("**/gen\nvendor/**\n");
  CHECK(rules.match("gen", true) == V::Ignore);
  CHECK(rules.match("a/b/gen", true) == V::Ignore);
  CHECK(rules.match("vendor/x/y.c", false) == V::Ignore);
  CHECK(rules.match("vendor", true) == V::None);
}
