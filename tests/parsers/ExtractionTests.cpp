// Tests for parsers/Extraction.cpp: language names and the extension table.
#include "parsers/Extraction.h"

#include <doctest/doctest.h>

using namespace sextant::parse;

TEST_CASE("language names round-trip") {
  for (Language l : kAllLanguages) CHECK(languageFromName(languageName(l)) == l);
  CHECK(languageName(Language::Cpp) == "cpp");
  CHECK(languageName(Language::JavaScript) == "javascript");
  CHECK(languageName(Language::Tsx) == "tsx");
  // The enum values are persisted: existing ones never move.
  CHECK(static_cast<int>(Language::Python) == 3);
  CHECK(static_cast<int>(Language::Rust) == 4);
  CHECK(static_cast<int>(Language::Tsx) == 9);
  CHECK_FALSE(languageFromName("ruby").has_value());
  CHECK_FALSE(languageFromName("").has_value());
}

TEST_CASE("languageForPath maps extensions, case-sensitively like GCC") {
  CHECK(languageForPath("a/b.c") == Language::C);
  CHECK(languageForPath("x.h") == Language::C);
  for (const char* p : {"x.cc", "x.cpp", "x.cxx", "x.c++", "x.hh", "x.hpp", "x.hxx", "x.h++", "x.ipp", "x.tcc", "x.inl", "X.C", "X.H"})
    CHECK_MESSAGE(languageForPath(p) == Language::Cpp, p);
  CHECK(languageForPath("m.py") == Language::Python);
  CHECK(languageForPath("m.pyi") == Language::Python);
  CHECK_FALSE(languageForPath("x.CPP").has_value());
  CHECK_FALSE(languageForPath("Makefile").has_value());
  CHECK(languageForPath("src/lib.rs") == Language::Rust);
  CHECK(languageForPath("main.go") == Language::Go);
  CHECK(languageForPath("A.java") == Language::Java);
  for (const char* p : {"a.js", "a.mjs", "a.cjs", "a.jsx"}) CHECK_MESSAGE(languageForPath(p) == Language::JavaScript, p);
  for (const char* p : {"a.ts", "a.mts", "a.cts", "lib.dom.d.ts"}) CHECK_MESSAGE(languageForPath(p) == Language::TypeScript, p);
  CHECK(languageForPath("App.tsx") == Language::Tsx);
  CHECK_FALSE(languageForPath("x.RS").has_value());
  CHECK_FALSE(languageForPath("x.json").has_value());
  CHECK_FALSE(languageForPath(".c").has_value()); // a dot-file has no extension
}

TEST_CASE("languageForContent: .h headers with C++ syntax are C++, others stay C") {
  using sextant::parse::languageForContent;
  using sextant::parse::Language;
  CHECK(languageForContent("re2/re2.h", "#pragma once\nnamespace re2 {\nclass RE2;\n}\n", Language::C) == Language::Cpp);
  CHECK(languageForContent("a.h", "  template <typename T>\nT f(T);\n", Language::C) == Language::Cpp);
  CHECK(languageForContent("a.h", "struct s { int x; };\nint f(void);\n", Language::C) == Language::C);
  // C++ words inside comments do not count.
  CHECK(languageForContent("a.h", "/*\nclass of objects\n*/\n// namespace x\nint g;\n", Language::C) == Language::C);
  CHECK(languageForContent("a.h", "/* one-line */ int std_x;\n", Language::C) == Language::C);
  // Only .h is sniffed: .c stays C, .py stays Python.
  CHECK(languageForContent("a.c", "class X {};\n", Language::C) == Language::C);
  CHECK(languageForContent("a.py", "class X: pass\n", Language::Python) == Language::Python);
}
