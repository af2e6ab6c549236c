// Tests that hostile input yields syntax errors or a timeout, never a crash.
#include "ExtractHelpers.h"

#include <random>
#include <thread>

using namespace sextant::parse;
using namespace sextant::parse::test;

TEST_CASE("a missing token is reported as MISSING with its position") {
  const Annotations a("int f(void) { return 1$m[[]] }\n");
  const ExtractionResult r = extract(Language::C, a.code());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].missing);
  CHECK(r.errors[0].description == "missing \";\"");
  checkSpan(r.errors[0].span, a.range("m"));
  CHECK(hasDef(r, "f")); // what tree-sitter recovered is still extracted
}

TEST_CASE("an unexpected token is reported as an ERROR node") {
  const ExtractionResult r = extract(Language::Python, "x = )\n\nclass Ok:\n    pass\n");
  REQUIRE_FALSE(r.errors.empty());
  CHECK_FALSE(r.errors[0].missing);
  CHECK(r.errors[0].span.start.line == 0);
  CHECK(r.errors[0].description == "unexpected \")\"");
  CHECK(hasDef(r, "Ok"));
}

TEST_CASE("unterminated constructs report errors") {
  const ExtractionResult c = extract(Language::C, "struct S { int a;\nvoid f(int x) {\n  if (x) {\n");
  CHECK_FALSE(c.errors.empty());
  const ExtractionResult cpp = extract(Language::Cpp, "namespace n { class A { void f() { \"unterminated\n");
  CHECK_FALSE(cpp.errors.empty());
  const ExtractionResult py = extract(Language::Python, "def f(a, b:\n    x = [1, 2\n");
  CHECK_FALSE(py.errors.empty());
  for (const auto* r : {&c, &cpp, &py})
    for (const auto& e : r->errors) {
      CHECK_FALSE(e.description.empty());
      CHECK(e.span.startByte <= e.span.endByte);
    }
}

namespace {
// A file defining a function named `ok` in each language.
const char* validOk(Language l) {
  switch (l) {
  case Language::C:
  case Language::Cpp: return "int ok(void) { return 0; }\n";
  case Language::Python: return "def ok(): pass\n";
  case Language::Rust: return "fn ok() {}\n";
  case Language::Go: return "package p\nfunc ok() {}\n";
  case Language::Java: return "class A { void ok() {} }\n";
  case Language::JavaScript:
  case Language::TypeScript:
  case Language::Tsx: return "function ok() {}\n";
  }
  return "";
}
} // namespace

TEST_CASE("garbage and binary bytes do not crash and report errors") {
  std::mt19937 rng(42);
  std::string garbage(64 * 1024, '\0');
  for (char& c : garbage) c = static_cast<char>(rng() & 0xff);
  for (Language l : kAllLanguages) {
    INFO(languageName(l));
    Extractor extractor;
    const ExtractionResult r = extractor.extract(l, garbage);
    CHECK_FALSE(r.timedOut);
    CHECK_FALSE(r.errors.empty());
    CHECK(r.errors.size() <= 1000);
    for (const auto& d : r.definitions) CHECK(d.range.endByte <= garbage.size());
    for (const auto& e : r.errors)
      for (unsigned char ch : e.description) CHECK((ch >= 0x20 && ch < 0x7f));
    // The same extractor keeps working afterwards.
    CHECK(hasDef(extractor.extract(l, validOk(l)), "ok"));
  }
  CHECK(extract(Language::C, "").definitions.empty());
  CHECK(extract(Language::Python, std::string_view("\0\0\0", 3)).definitions.empty());
}

TEST_CASE("unterminated constructs report errors in Rust, Go, Java, JS, TS and TSX") {
  const std::pair<Language, const char*> cases[] = {
      {Language::Rust, "impl Foo {\n    fn ok(&self) {}\n    fn bad(&self) { let x = \n"},
      {Language::Go, "package p\nfunc ok() {}\nfunc bad() { if x {\n"},
      {Language::Java, "class A { void ok() {}\n void bad() { int x = ; \n"},
      {Language::JavaScript, "function ok() {}\nclass K { m() { return (1 + \n"},
      {Language::TypeScript, "function ok(): void {}\ninterface I { a: \n"},
      {Language::Tsx, "function ok() {}\nconst C = () => <div><span>\n"},
  };
  for (const auto& [language, code] : cases) {
    INFO(languageName(language));
    const ExtractionResult r = extract(language, code);
    CHECK_FALSE(r.errors.empty());
    CHECK(hasDef(r, "ok")); // what precedes the damage is still extracted
    for (const auto& e : r.errors) CHECK(e.span.startByte <= e.span.endByte);
  }
}

TEST_CASE("a parse over the time limit yields timedOut and nothing else") {
  std::string big;
  for (int i = 0; i < 40000; ++i) big += "int f" + std::to_string(i) + "(int a) { return a * " + std::to_string(i) + "; }\n";
  Extractor extractor;
  const ExtractionResult r = extractor.extract(Language::C, big, 1);
  CHECK(r.timedOut);
  CHECK(r.definitions.empty());
  CHECK(r.references.empty());
  CHECK(r.errors.empty());
  // No resumption of the cancelled parse: the next call starts afresh and completes.
  const ExtractionResult ok = extractor.extract(Language::C, "int g(void);\n", 0);
  CHECK_FALSE(ok.timedOut);
  CHECK(hasDef(ok, "g"));
  CHECK(ok.errors.empty());
}

TEST_CASE("extractors on several threads share the compiled queries") {
  std::vector<std::thread> threads;
  std::vector<size_t> counts(4);
  for (size_t t = 0; t < counts.size(); ++t)
    threads.emplace_back([&, t] {
      Extractor extractor;
      for (int i = 0; i < 50; ++i)
        counts[t] += extractor.extract(t % 2 ? Language::Python : Language::Cpp,
                                       t % 2 ? "class A:\n    def f(self): pass\n" : "struct A { void f(); };\n")
                         .definitions.size();
    });
  for (auto& t : threads) t.join();
  CHECK(counts[0] == 100);
  CHECK(counts[1] == 150);
}
