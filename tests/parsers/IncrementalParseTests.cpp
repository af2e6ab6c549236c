// Incremental reparse (DocumentTree + ts_tree_edit) must extract exactly what a fresh parse does.
#include "parsers/DocumentTree.h"
#include "parsers/Extractor.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

using namespace sextant::parse;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put(std::ostream& out, const Span& s) {
  out << s.start.line << ':' << s.start.column << '-' << s.end.line << ':' << s.end.column << '@' << s.startByte << '-'
      << s.endByte;
}

// Every field of an extraction, one line per item, so that a mismatch shows where.
std::vector<std::string> lines(const ExtractionResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.definitions) {
    std::ostringstream s;
    s << "def " << d.name << ' ' << int(d.kind) << ' ';
    put(s, d.range);
    s << ' ';
    put(s, d.selectionRange);
    s << " p" << d.parent << " q" << d.qualifier << " s" << d.signature << " d" << d.isDeclaration << " o" << d.inOutline
      << " t" << d.type;
    out.push_back(s.str());
  }
  for (const auto& ref : r.references) {
    std::ostringstream s;
    s << "ref " << ref.name << ' ' << int(ref.role) << ' ';
    put(s, ref.span);
    s << " e" << ref.enclosing << " r" << ref.receiver;
    out.push_back(s.str());
  }
  for (const auto& i : r.imports) {
    std::ostringstream s;
    s << "import " << i.target << ' ' << i.system << ' ';
    put(s, i.span);
    out.push_back(s.str());
  }
  for (const auto& e : r.errors) {
    std::ostringstream s;
    s << "error " << e.description << ' ' << e.missing << ' ';
    put(s, e.span);
    out.push_back(s.str());
  }
  out.push_back("timedOut " + std::to_string(r.timedOut));
  return out;
}

struct Splice {
  size_t begin, end;
  std::string replacement;
};

// A random edit of `text`, mostly one that breaks the syntax: typing or deleting a few
// characters, deleting, duplicating or splitting a line, or pasting a chunk of the file elsewhere.
Splice randomEdit(const std::string& text, std::mt19937& rng) {
  auto pick = [&](size_t n) { return n == 0 ? size_t{0} : std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  auto lineStart = [&](size_t at) {
    size_t nl = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
    return nl == std::string::npos ? size_t{0} : nl + 1;
  };
  auto lineEnd = [&](size_t at) {
    size_t nl = text.find('\n', at);
    return nl == std::string::npos ? text.size() : nl + 1;
  };
  static const char* const kTyped[] = {"x", "(", ")", ":", ";", "{", "}", "\n", "    ", "def ", "int ", "return ",
                                       "\"", "#", "/*", "*/", "foo_bar", ", ", ".", "=", "\n    pass\n"};
  size_t at = pick(text.size() + 1);
  switch (pick(6)) {
  case 0: return {at, at, kTyped[pick(std::size(kTyped))]};
  case 1: return {at, std::min(text.size(), at + 1 + pick(8)), ""};
  case 2: return {lineStart(at), lineEnd(at), ""};
  case 3: {
    size_t start = lineStart(at);
    return {start, start, text.substr(start, lineEnd(at) - start)};
  }
  case 4: return {at, at, text.substr(pick(text.size() + 1), pick(400))};
  default: return {at, std::min(text.size(), at + pick(40)), "\n"};
  }
}

// Renames one identifier that the extraction found (a definition's or a reference's name): the
// syntax stays valid.
Splice renameEdit(const ExtractionResult& r, std::mt19937& rng) {
  std::vector<Span> names;
  for (const auto& d : r.definitions) names.push_back(d.selectionRange);
  for (const auto& ref : r.references) names.push_back(ref.span);
  if (names.empty()) return {0, 0, ""};
  const Span& s = names[rng() % names.size()];
  return {s.startByte, s.endByte, "renamed_" + std::to_string(rng() % 1000)};
}

// Applies `splice` to `text` and records it in `tree`; returns the splice that undoes it.
Splice apply(std::string& text, DocumentTree& tree, const Splice& splice) {
  tree.edit(textEditFor(text, splice.begin, splice.end, splice.replacement));
  Splice undo{splice.begin, splice.begin + splice.replacement.size(), text.substr(splice.begin, splice.end - splice.begin)};
  text.replace(splice.begin, splice.end - splice.begin, splice.replacement);
  return undo;
}

// Applies `rounds` rounds of edits to `file`: a rename of an identifier (kept), or 1-3 edits that
// mostly break the syntax, then undone again (as typing that completes a construct does).
// After every round and every undo the incremental extraction must equal a fresh one. Returns
// the number of comparisons whose text parsed without errors (the ones that keep the
// incremental tree rather than parsing again from scratch).
int checkIncremental(const fs::path& file, Language language, unsigned seed, int rounds) {
  std::string text = readFile(file);
  REQUIRE_FALSE(text.empty());
  int clean = 0;
  Extractor incremental, fresh;
  DocumentTree tree;
  ExtractionResult last = incremental.extract(language, text, tree);
  REQUIRE_FALSE(tree.empty());
  std::mt19937 rng(seed);
  auto compare = [&](int round, const char* step) {
    ExtractionResult got = incremental.extract(language, text, tree);
    ExtractionResult want = fresh.extract(language, text);
    clean += want.errors.empty();
    std::vector<std::string> gotLines = lines(got), wantLines = lines(want);
    INFO(file.string() << " seed " << seed << " round " << round << " " << step);
    if (gotLines != wantLines) {
      size_t i = 0;
      while (i < gotLines.size() && i < wantLines.size() && gotLines[i] == wantLines[i]) ++i;
      INFO("first difference at item " << i << ": incremental `" << (i < gotLines.size() ? gotLines[i] : "<end>")
                                       << "` fresh `" << (i < wantLines.size() ? wantLines[i] : "<end>") << "`");
      CHECK(gotLines == wantLines);
      return false;
    }
    last = std::move(want);
    return true;
  };
  INFO(file.string() << " parses cleanly");
  CHECK(last.errors.empty());
  for (int round = 0; round < rounds; ++round) {
    if (rng() % 3 == 0) { // a rename, kept
      apply(text, tree, renameEdit(last, rng));
      if (!compare(round, "renamed")) return clean;
      continue;
    }
    std::vector<Splice> undo; // 1-3 edits, then undone in reverse order
    for (int i = 0, n = 1 + static_cast<int>(rng() % 3); i < n; ++i) undo.push_back(apply(text, tree, randomEdit(text, rng)));
    if (!compare(round, "edited")) return clean;
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) apply(text, tree, *it);
    if (!compare(round, "undone")) return clean;
  }
  return clean;
}

} // namespace

TEST_CASE("textEditFor: byte offsets and byte-column points, rows counted by newline") {
  // "é" is two bytes: columns are bytes.
  TextEdit e = textEditFor("ab\né\ncd", 5, 7, "x\nyz");
  CHECK(e.startByte == 5);
  CHECK(e.oldEndByte == 7);
  CHECK(e.newEndByte == 9);
  CHECK(e.start == Point{1, 2});
  CHECK(e.oldEnd == Point{2, 1});
  CHECK(e.newEnd == Point{2, 2});
}

TEST_CASE("incremental reparse after random edits extracts exactly what a fresh parse does") {
  const fs::path python = SEXTANT_PYTHON_STDLIB_DIR;
  const fs::path runtime = fs::path(SEXTANT_TREE_SITTER_LIB_DIR) / "src";
  // Texts with a syntax error are parsed again from scratch (Extractor::extract): the error-free
  // ones must be numerous enough for the comparison to test the incremental path.
  SUBCASE("Python standard library") {
    REQUIRE(fs::exists(python / "argparse.py"));
    int clean = 0;
    for (const char* name : {"argparse.py", "textwrap.py", "json/decoder.py", "dataclasses.py"})
      for (unsigned seed = 1; seed <= 3; ++seed) clean += checkIncremental(python / name, Language::Python, seed, 25);
    MESSAGE("Python: " << clean << " error-free comparisons");
    CHECK(clean >= 100);
  }
  SUBCASE("C: the tree-sitter runtime") {
    int clean = 0;
    for (const char* name : {"tree.c", "node.c", "get_changed_ranges.c", "tree_cursor.c"}) {
      REQUIRE(fs::exists(runtime / name));
      for (unsigned seed = 1; seed <= 3; ++seed) clean += checkIncremental(runtime / name, Language::C, seed, 25);
    }
    MESSAGE("C: " << clean << " error-free comparisons");
    CHECK(clean >= 100);
  }
}

TEST_CASE("a kept tree of another language is not reused; an empty tree parses from scratch") {
  Extractor extractor;
  DocumentTree tree;
  CHECK(tree.empty());
  tree.edit(textEditFor("", 0, 0, "x")); // no tree yet: nothing to edit
  ExtractionResult c = extractor.extract(Language::C, "int f(void) { return 0; }\n", tree);
  REQUIRE_FALSE(tree.empty());
  CHECK(c.definitions.size() == 1);
  ExtractionResult py = extractor.extract(Language::Python, "def f():\n    return 0\n", tree);
  REQUIRE(py.definitions.size() == 1);
  CHECK(py.definitions[0].name == "f");
  CHECK(py.definitions[0].kind == SymbolKind::Function);
  tree.reset();
  CHECK(tree.empty());
}
