// Tests for parsers/Extraction.cpp: language names and the extension table.
#include "parsers/Extraction.h"

#include <doctest/doctest.h>

using namespace sextant::parse;

TEST_CASE("language names round-trip") {
  for (Language l : {Language::C, Language::Cpp, Language::Python}) CHECK(languageFromName(languageName(l)) == l);
  CHECK(languageName(Language::Cpp) == "cpp");
  CHECK_FALSE(languageFromName("rust").has_value());
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
  CHECK_FALSE(languageForPath("x.rs").has_value());
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
