// parsers/PatternMatcher stands in for TSQueryCursor: on real code of every language, and on broken
// input, it must give the same matches (pattern, captures and their nodes) for our queries.
#include "parsers/CompiledLanguage.h"
#include "parsers/Extractor.h"
#include "parsers/PatternMatcher.h"
#include "parsers/PreorderWalk.h"
#include "tests/support/CorpusFiles.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace sextant::parse;
namespace fs = std::filesystem;

namespace {

// One match, comparable: pattern index, then (capture id, type, start, end) per capture, sorted.
using Signature = std::vector<uint32_t>;

Signature signatureOf(uint32_t pattern, const TSQueryCapture* captures, uint32_t count) {
  std::vector<std::array<uint32_t, 4>> parts;
  for (uint32_t i = 0; i < count; ++i)
    parts.push_back({captures[i].index, ts_node_symbol(captures[i].node), ts_node_start_byte(captures[i].node),
                     ts_node_end_byte(captures[i].node)});
  std::sort(parts.begin(), parts.end());
  Signature s{pattern};
  for (const auto& p : parts) s.insert(s.end(), p.begin(), p.end());
  return s;
}

std::set<Signature> cursorMatches(const CompiledLanguage& lang, TSNode root) {
  std::set<Signature> out;
  ts::QueryCursorPtr cursor(ts_query_cursor_new());
  ts_query_cursor_exec(cursor.get(), lang.query.get(), root);
  TSQueryMatch m;
  while (ts_query_cursor_next_match(cursor.get(), &m)) out.insert(signatureOf(m.pattern_index, m.captures, m.capture_count));
  return out;
}

std::set<Signature> matcherMatches(const CompiledLanguage& lang, TSNode root) {
  std::set<Signature> out;
  PatternMatcher::Scratch scratch;
  std::unique_ptr<SextantPreorderWalk, void (*)(SextantPreorderWalk*)> walk(sextant_preorder_walk_new(root),
                                                                           sextant_preorder_walk_delete);
  TSNode node;
  uint32_t depth = 0;
  while (sextant_preorder_walk_next(walk.get(), &node, &depth))
    lang.matcher->matchAt(node, scratch, [&](const PatternMatcher::Match& m) {
      out.insert(signatureOf(m.pattern, m.captures, m.captureCount));
    });
  return out;
}

std::string describe(const CompiledLanguage& lang, const Signature& s) {
  std::ostringstream o;
  o << "pattern " << s[0] << " (query byte " << ts_query_start_byte_for_pattern(lang.query.get(), s[0]) << "):";
  for (size_t i = 1; i + 3 < s.size(); i += 4) {
    uint32_t length = 0;
    const char* name = ts_query_capture_name_for_id(lang.query.get(), s[i], &length);
    o << " @" << std::string(name, length) << "=" << ts_language_symbol_name(lang.grammar, static_cast<TSSymbol>(s[i + 1]))
      << "[" << s[i + 2] << "," << s[i + 3] << ")";
  }
  return o.str();
}

struct Tally {
  size_t files = 0, matches = 0, errors = 0;
};

// Compares both on `text`; reports the first few differences and returns false on any.
bool sameMatches(const std::string& label, Language language, const std::string& text, Tally& tally) {
  const CompiledLanguage& lang = compiledLanguage(language);
  REQUIRE(lang.matcher);
  ts::ParserPtr parser(ts_parser_new());
  ts_parser_set_language(parser.get(), lang.grammar);
  ts::TreePtr tree(ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
  const TSNode root = ts_tree_root_node(tree.get());
  const std::set<Signature> want = cursorMatches(lang, root), got = matcherMatches(lang, root);
  tally.files++;
  tally.matches += want.size();
  tally.errors += ts_node_has_error(root);
  if (want == got) return true;
  int shown = 0;
  for (const Signature& s : want)
    if (!got.count(s) && shown++ < 3) FAIL_CHECK(label << ": missed " << describe(lang, s));
  for (const Signature& s : got)
    if (!want.count(s) && shown++ < 6) FAIL_CHECK(label << ": extra " << describe(lang, s));
  return false;
}

} // namespace

TEST_CASE("PatternMatcher: every language's queries stay within the matcher's subset") {
  for (Language language : {Language::C, Language::Cpp, Language::Python, Language::Rust, Language::Go, Language::Java,
                            Language::JavaScript, Language::TypeScript, Language::Tsx}) {
    INFO(languageName(language));
    const CompiledLanguage& lang = compiledLanguage(language);
    REQUIRE(lang.matcher);
    CHECK(lang.matcher->patternCount() == ts_query_pattern_count(lang.query.get()));
  }
}

TEST_CASE("PatternMatcher: the matches of TSQueryCursor, on real code of every language") {
  const fs::path npm = SEXTANT_NPM_CORPORA_DIR, fixtures = fs::path(SEXTANT_FIXTURES_DIR) / "parsers";
  const std::vector<std::pair<Language, fs::path>> corpora = {
      {Language::C, fs::path(SEXTANT_TREE_SITTER_LIB_DIR) / "src"},
      {Language::C, fixtures / "c"},
      {Language::Cpp, fixtures / "cpp"},
      {Language::Cpp, "/usr/include/boost/asio"},
      {Language::Python, fixtures / "python"},
      {Language::Python, fs::path(SEXTANT_PYTHON_STDLIB_DIR) / "email"},
      {Language::Rust, fixtures / "rust"},
      {Language::Rust, fs::path(SEXTANT_RUST_SRC_DIR) / "alloc"},
      {Language::Go, fixtures / "go"},
      {Language::Go, fs::path(SEXTANT_GO_SRC_DIR) / "net" / "http"},
      {Language::Java, fixtures / "java"},
      {Language::Java, npm / "cordova-android"},
      {Language::JavaScript, fixtures / "javascript"},
      {Language::JavaScript, SEXTANT_GRAMMARS_DIR},
      {Language::JavaScript, npm / "rxjs" / "dist" / "cjs" / "internal" / "operators"},
      {Language::TypeScript, fixtures / "typescript"},
      {Language::TypeScript, npm / "rxjs" / "src" / "internal"},
      {Language::Tsx, fixtures / "tsx"},
  };
  std::map<Language, Tally> tallies;
  for (const auto& [language, dir] : corpora) {
    Tally& tally = tallies[language];
    const Language lang = language;
    sextant::test::forEachCorpusFile(dir, lang, 80, [&](const fs::path& path, const std::string& text) {
      return sameMatches(path.string(), lang, text, tally);
    });
  }
  for (const auto& [language, tally] : tallies) {
    INFO(languageName(language) << ": " << tally.files << " files, " << tally.matches << " matches");
    CHECK(tally.files > 0);
    CHECK(tally.matches > 0);
    MESSAGE(languageName(language) << ": " << tally.files << " files, " << tally.matches << " matches, "
                                   << tally.errors << " with syntax errors");
  }
  // Trees with ERROR nodes are among them (tree-sitter's own C sources are preprocessor-heavy).
  CHECK(tallies[Language::C].errors > 0);
}

TEST_CASE("PatternMatcher: broken input, anchors and alternations") {
  Tally tally;
  // Anchored `(arguments . (string) .)`: only a sole string argument is an import.
  CHECK(sameMatches("require", Language::JavaScript,
                    "require('a'); require('b', 'c'); require(x, 'd'); require(/* c */ 'e'); import('f');\n"
                    "export default function () {}\nconst g = () => 1, h = 2; let [i, j] = k;\n",
                    tally));
  CHECK(sameMatches("unclosed C", Language::C, "int f( { struct s { int x; typedef struct { int y; } T", tally));
  CHECK(sameMatches("stray bytes", Language::Python, std::string("def \x01\xff(:\n\t\treturn )]\nclass A(B", 30),
                    tally));
  CHECK(sameMatches("broken Go", Language::Go, "package p\ntype T struct { io.Reader; *bytes.Buffer\nfunc (", tally));
  CHECK(sameMatches("broken TypeScript", Language::TypeScript,
                    "class A { constructor(private readonly a: number, b?: string) {} m(...r: T[]): void; ", tally));
  CHECK(sameMatches("Rust", Language::Rust, "mod a; mod b { fn f() {} } use x::{y, z as w}; impl T for U {", tally));
  CHECK(sameMatches("empty", Language::Java, "", tally));
  CHECK(tally.errors >= 4);
  CHECK(tally.matches > 20);
}

TEST_CASE("PatternMatcher: declines what it does not implement") {
  const TSLanguage* grammar = checkedGrammar(languageSpec(Language::JavaScript));
  const auto compile = [&](std::string_view text) {
    uint32_t offset = 0;
    TSQueryError error = TSQueryErrorNone;
    ts::QueryPtr query(ts_query_new(grammar, text.data(), static_cast<uint32_t>(text.size()), &offset, &error));
    REQUIRE(query);
    return PatternMatcher::compile(query.get(), grammar, text);
  };
  CHECK(compile("(call_expression function: (_) @reference.call)\n(identifier) @reference.read"));
  CHECK(compile("[(identifier) (property_identifier)] @x\n(arguments . (string) @y .)"));
  CHECK_FALSE(compile("(arguments (identifier)* @reference.read)"));
  CHECK_FALSE(compile("(arguments (identifier)? @reference.read)"));
  CHECK_FALSE(compile("((identifier) @x (#eq? @x \"a\"))"));
  CHECK_FALSE(compile("(MISSING identifier) @x"));
  CHECK_FALSE(compile("(call_expression function: (expression) @x)")); // a supertype
  CHECK_FALSE(compile("(arguments (number) . (string) @s)"));            // an anchor between two
  CHECK_FALSE(compile("(_ !name parameters: (formal_parameters) @p)"));  // negation on a `(_)` root
}

TEST_CASE("PatternMatcher: every name under a field that covers a repeat (Go `const a, b`), unlike the cursor") {
  const std::string source = "package p\n\nconst a, b = 1, 2\n";
  const CompiledLanguage& lang = compiledLanguage(Language::Go);
  ts::ParserPtr parser(ts_parser_new());
  ts_parser_set_language(parser.get(), lang.grammar);
  ts::TreePtr tree(ts_parser_parse_string(parser.get(), nullptr, source.data(), static_cast<uint32_t>(source.size())));
  const std::set<Signature> cursor = cursorMatches(lang, ts_tree_root_node(tree.get())),
                            matcher = matcherMatches(lang, ts_tree_root_node(tree.get()));
  CHECK(std::includes(matcher.begin(), matcher.end(), cursor.begin(), cursor.end()));
  std::vector<std::string> extra;
  for (const Signature& s : matcher)
    if (!cursor.count(s)) extra.push_back(describe(lang, s));
  INFO("matcher only: " << doctest::toString(extra.size()) << (extra.empty() ? "" : " " + extra.front()));
  // `b` (bytes 20-21) as the constant's name (tags.scm) and as a write (refs.scm); nothing else.
  REQUIRE(extra.size() == 2);
  for (const std::string& e : extra) CHECK(e.find("=identifier[20,21)") != std::string::npos);
  CHECK(std::any_of(extra.begin(), extra.end(), [](const std::string& e) { return e.find("@name=") != std::string::npos; }));
  Extractor extractor;
  const ExtractionResult r = extractor.extract(Language::Go, source);
  size_t constants = 0;
  for (const Definition& d : r.definitions) constants += d.kind == SymbolKind::Constant && (d.name == "a" || d.name == "b");
  CHECK(constants == 2);
}

TEST_CASE("PatternMatcher: a pattern with quadratically many matches can be interrupted") {
  const TSLanguage* grammar = checkedGrammar(languageSpec(Language::JavaScript));
  const std::string_view text = "(arguments (identifier) @a (identifier) @b)";
  uint32_t offset = 0;
  TSQueryError error = TSQueryErrorNone;
  ts::QueryPtr query(ts_query_new(grammar, text.data(), static_cast<uint32_t>(text.size()), &offset, &error));
  REQUIRE(query);
  const std::unique_ptr<PatternMatcher> matcher = PatternMatcher::compile(query.get(), grammar, text);
  REQUIRE(matcher);
  std::string source = "f(";
  for (int i = 0; i < 3000; ++i) source += "a,";
  source += "a);\n"; // 3,001 arguments: about 4.5 million (a, b) pairs
  ts::ParserPtr parser(ts_parser_new());
  ts_parser_set_language(parser.get(), grammar);
  ts::TreePtr tree(ts_parser_parse_string(parser.get(), nullptr, source.data(), static_cast<uint32_t>(source.size())));
  const auto matchAll = [&](PatternMatcher::Scratch& scratch) {
    size_t matches = 0;
    std::unique_ptr<SextantPreorderWalk, void (*)(SextantPreorderWalk*)> walk(
        sextant_preorder_walk_new(ts_tree_root_node(tree.get())), sextant_preorder_walk_delete);
    TSNode node;
    uint32_t depth = 0;
    while (sextant_preorder_walk_next(walk.get(), &node, &depth) && !scratch.interrupted())
      matcher->matchAt(node, scratch, [&](const PatternMatcher::Match&) { ++matches; });
    return matches;
  };
  PatternMatcher::Scratch scratch;
  int asked = 0;
  scratch.setInterrupt([](void* n) { return ++*static_cast<int*>(n) >= 3; }, &asked);
  const size_t interrupted = matchAll(scratch);
  CHECK(scratch.interrupted());
  CHECK(asked == 3);
  CHECK(interrupted > 0);
  CHECK(interrupted < 20000); // 3 checks, one per 4,096 steps
  scratch.setInterrupt(nullptr, nullptr);
  CHECK_FALSE(scratch.interrupted());
  CHECK(matchAll(scratch) == 3001u * 3000u / 2);
}
