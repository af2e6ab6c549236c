// Fuzz target: each language's extraction (parsers/Extractor.h), then the records it gives a file
// in an index (graph/Indexer.h) and the queries over them (graph/Queries.h).
//
// Input: byte 0 picks the language (parse::kAllLanguages, modulo their count); the rest is the
// source. Checked: extraction never throws; spans lie inside the source; a definition's parent
// comes before it; indexing the file leaves an index that graph::verifyIndex finds consistent;
// documentSymbols and findDefinition at every 97th byte do not fail.
#include "graph/Indexer.h"
#include "graph/Queries.h"
#include "graph/Verify.h"
#include "graph/Keys.h"
#include "kvstore/Store.h"
#include "parsers/Extractor.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace sextant;

namespace {

void checkSpan(const graph::Span& s, size_t size) {
  if (s.startByte > s.endByte || s.endByte > size) std::abort();
  if (s.start.line > s.end.line) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr size_t kLanguages = std::size(parse::kAllLanguages);
  parse::Language language = parse::kAllLanguages[data[0] % kLanguages];
  std::string_view source(reinterpret_cast<const char*>(data) + 1, size - 1);

  static parse::Extractor extractor;
  parse::ExtractionResult x = extractor.extract(language, source);
  if (x.timedOut) return 0; // bounded by design (5 s); nothing else to check
  for (size_t i = 0; i < x.definitions.size(); ++i) {
    const auto& d = x.definitions[i];
    checkSpan(d.range, source.size());
    checkSpan(d.selectionRange, source.size());
    if (d.parent >= static_cast<int32_t>(i) || d.parent < -1) std::abort();
    if (d.name.empty()) std::abort();
  }
  for (const auto& r : x.references) {
    checkSpan(r.span, source.size());
    if (r.enclosing >= static_cast<int32_t>(x.definitions.size())) std::abort();
  }
  for (const auto& e : x.errors) checkSpan(e.span, source.size());

  // The same bytes through the indexer: the index must be consistent on its own.
  static const char* kPaths[] = {"a.c", "a.cpp", "a.py", "a.rs", "a.go", "A.java", "a.js", "a.ts", "a.tsx"};
  std::string_view path = kPaths[data[0] % kLanguages];
  auto store = kv::openMemoryStore();
  {
    kv::WriteBatch schema;
    schema.put("meta:schema", std::to_string(graph::keys::kSchemaVersion));
    store->commit(schema);
  }
  graph::indexContent(*store, path, language, source, 0);
  auto snap = store->snapshot();
  graph::VerifyOptions indexOnly;
  indexOnly.checkDisk = false;
  graph::VerifyReport report = graph::verifyIndex(*snap, "/nonexistent-fuzz-root", indexOnly);
  if (!report.clean()) {
    for (const auto& p : report.problems)
      std::fprintf(stderr, "%s: %s: %s\n", p.path.c_str(), std::string(graph::problemKindName(p.kind)).c_str(),
                   p.message.c_str());
    std::abort();
  }
  graph::documentSymbols(*snap, path);
  uint32_t line = 0, column = 0;
  for (size_t i = 0; i < source.size(); ++i) {
    if (i % 97 == 0) graph::findDefinition(*snap, path, {line, column});
    if (source[i] == '\n') ++line, column = 0;
    else ++column;
  }
  return 0;
}
