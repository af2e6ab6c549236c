// Tests for parsers/QueryLoader.cpp and the capture vocabulary.
#include "parsers/CaptureVocabulary.h"
#include "parsers/QueryLoader.h"

#include <doctest/doctest.h>

#include <string>

using namespace sextant::parse;

namespace {
std::string errorOf(Language language, std::string_view path, std::string_view text) {
  const QuerySource source{path, text};
  try {
    checkQuery(language, std::span(&source, 1));
  } catch (const QueryError& e) {
    return e.what();
  }
  return "";
}
} // namespace

TEST_CASE("the embedded queries of every language compile") {
  for (Language l : kAllLanguages) {
    INFO(languageName(l));
    const auto sources = embeddedQueries(l);
    CHECK(sources.size() >= 3); // imports.scm, refs.scm, tags.scm (JS/TS: their own, then ecmascript/)
    CHECK_NOTHROW(checkQuery(l, sources));
  }
  // Shared catch-alls come last: the language's own folder first.
  const auto ts = embeddedQueries(Language::Tsx);
  REQUIRE(ts.size() == 6);
  CHECK(ts.front().path == "typescript/imports.scm");
  CHECK(ts.back().path == "ecmascript/tags.scm");
  CHECK(embeddedQueries(Language::JavaScript).front().path == "javascript/refs.scm");
  const auto py = embeddedQueries(Language::Python);
  CHECK(py.at(2).path == "python/tags.scm");
  CHECK(py.at(2).text.find("@definition.class") != std::string_view::npos);
}

TEST_CASE("an unknown capture name is reported with file and row:col") {
  CHECK(errorOf(Language::C, "c/bad.scm", "(identifier) @name\n\n  (identifier) @definition.bogus\n") ==
        "c/bad.scm:3:16: unknown capture @definition.bogus");
}

TEST_CASE("ts_query_new errors report file, row:col and the error type") {
  CHECK(errorOf(Language::C, "c/x.scm", "(identifier) @name\n(no_such_node) @name\n") ==
        "c/x.scm:2:2: invalid node type");
  CHECK(errorOf(Language::Python, "p.scm", "(call nonfield: (identifier))") == "p.scm:1:7: invalid field name");
  CHECK(errorOf(Language::C, "c/s.scm", "(identifier") == "c/s.scm:1:12: syntax error");
}

TEST_CASE("errors in a later file point into that file") {
  const QuerySource sources[] = {{"a.scm", "(identifier) @name\n"}, {"b.scm", "; comment\n(identifier) @oops\n"}};
  try {
    checkQuery(Language::C, sources);
    FAIL("expected a QueryError");
  } catch (const QueryError& e) {
    CHECK(std::string(e.what()) == "b.scm:2:14: unknown capture @oops");
  }
}

TEST_CASE("predicates are refused because nothing evaluates them") {
  CHECK(errorOf(Language::C, "p.scm", "(identifier) @name\n((identifier) @name (#eq? @name \"x\"))") ==
        "p.scm:2:1: predicates are not supported");
}

TEST_CASE("capture vocabulary") {
  auto fn = lookupCapture("definition.function");
  REQUIRE(fn);
  CHECK(fn->isDefinition());
  CHECK(fn->kind == SymbolKind::Function);
  CHECK(fn->container);
  CHECK_FALSE(fn->declaration);
  auto decl = lookupCapture("declaration.method");
  REQUIRE(decl);
  CHECK(decl->declaration);
  CHECK(decl->kind == SymbolKind::Method);
  CHECK(lookupCapture("definition.type")->kind == SymbolKind::Class); // clangd: aliases are Class
  CHECK_FALSE(lookupCapture("definition.type")->container);
  CHECK(lookupCapture("reference.inheritance")->role == RefRole::Inherit);
  CHECK_FALSE(lookupCapture("reference.call")->isDefinition());
  CHECK(lookupCapture("_helper")->cls == CaptureClass::Ignored);
  const auto local = lookupCapture("local.definition");
  REQUIRE(local);
  CHECK(local->isDefinition());
  CHECK(local->local);
  CHECK(local->parameter); // never promoted to Constant
  CHECK(local->kind == SymbolKind::Variable);
  CHECK_FALSE(local->container);
  const auto selfField = lookupCapture("definition.field.self");
  REQUIRE(selfField);
  CHECK(selfField->selfMember);
  CHECK(selfField->kind == SymbolKind::Field);
  CHECK_FALSE(lookupCapture("definition.field")->local);
  CHECK_FALSE(lookupCapture("definition.nonsense").has_value());
  CHECK(captureVocabulary().size() >= 30);
}
