// Shared assertions for the extraction tests: find definitions/references, compare spans.
#pragma once

#include "parsers/Extractor.h"
#include "tests/support/Annotations.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace sextant::parse::test {

using sextant::test::AnnotatedRange;
using sextant::test::Annotations;

inline ExtractionResult extract(Language language, std::string_view code) {
  Extractor extractor;
  return extractor.extract(language, code);
}

/// Index of the only definition named `name` (optionally of `kind`); -1 (and a failed check) otherwise.
inline int findDef(const ExtractionResult& r, std::string_view name, std::optional<SymbolKind> kind = std::nullopt) {
  int found = -1, count = 0;
  for (size_t i = 0; i < r.definitions.size(); ++i)
    if (r.definitions[i].name == name && (!kind || r.definitions[i].kind == *kind)) found = static_cast<int>(i), ++count;
  INFO("definition " << name);
  CHECK(count == 1);
  return count == 1 ? found : -1;
}

/// The only definition named `name`; stops the test case when there is not exactly one.
inline const Definition& defNamed(const ExtractionResult& r, std::string_view name) {
  const int i = findDef(r, name);
  REQUIRE(i >= 0);
  return r.definitions[static_cast<size_t>(i)];
}

inline bool hasDef(const ExtractionResult& r, std::string_view name) {
  for (const auto& d : r.definitions)
    if (d.name == name) return true;
  return false;
}

/// The reference whose span starts at `range.begin`; fails the test when there is none.
inline const Reference* refAt(const ExtractionResult& r, const AnnotatedRange& range) {
  for (const auto& ref : r.references)
    if (ref.span.startByte == range.begin.offset) return &ref;
  FAIL_CHECK("no reference at byte " << range.begin.offset);
  return nullptr;
}

inline void checkSpan(const Span& span, const AnnotatedRange& expected) {
  CHECK(span.startByte == expected.begin.offset);
  CHECK(span.endByte == expected.end.offset);
  CHECK(span.start == Point{expected.begin.line, expected.begin.column});
  CHECK(span.end == Point{expected.end.line, expected.end.column});
}

/// Checks kind, both spans (range: `$<id>[[...]]`, selection: `$<id>_name[[...]]`), parent and isDeclaration.
inline void checkDef(const ExtractionResult& r, const Annotations& a, std::string_view name, SymbolKind kind,
                     const std::string& id, int parent, bool isDeclaration = false) {
  INFO("definition " << name << " ($" << id << ")");
  const AnnotatedRange selection = a.range(id + "_name");
  const Definition* found = nullptr;
  for (const auto& d : r.definitions)
    if (d.selectionRange.startByte == selection.begin.offset) found = &d;
  REQUIRE_MESSAGE(found != nullptr, "no definition named at byte " << selection.begin.offset);
  const Definition& d = *found;
  CHECK(d.name == name);
  CHECK(d.kind == kind);
  checkSpan(d.range, a.range(id));
  checkSpan(d.selectionRange, a.range(id + "_name"));
  CHECK(d.parent == parent);
  CHECK(d.isDeclaration == isDeclaration);
}

inline void checkRef(const ExtractionResult& r, const Annotations& a, const std::string& id, std::string_view name,
                     RefRole role, std::string_view receiver = {}, std::optional<int> enclosing = std::nullopt) {
  INFO("reference $" << id << " " << name);
  const Reference* ref = refAt(r, a.range(id));
  REQUIRE(ref != nullptr);
  CHECK(ref->name == name);
  CHECK(ref->role == role);
  CHECK(ref->receiver == receiver);
  checkSpan(ref->span, a.range(id));
  if (enclosing) CHECK(ref->enclosing == *enclosing);
}

inline size_t countRefs(const ExtractionResult& r, std::string_view name, std::optional<RefRole> role = std::nullopt) {
  size_t n = 0;
  for (const auto& ref : r.references)
    if (ref.name == name && (!role || ref.role == *role)) ++n;
  return n;
}

} // namespace sextant::parse::test
