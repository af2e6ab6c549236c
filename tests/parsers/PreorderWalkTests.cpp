// parsers/PreorderWalk reads tree-sitter's internals: it must visit exactly what TSTreeCursor
// visits, node for node, on real code of every language (aliases, extras, hidden rules, errors).
#include "parsers/Languages.h"
#include "parsers/PreorderWalk.h"
#include "parsers/TreeSitter.h"
#include "tests/support/CorpusFiles.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace sextant::parse;
namespace fs = std::filesystem;

namespace {

struct Visit {
  TSNode node;
  uint32_t depth;
};

// The reference: tree-sitter's own cursor.
std::vector<Visit> cursorWalk(TSNode root) {
  std::vector<Visit> out;
  ts::TreeCursorPtr cursor = ts::makeTreeCursor(root);
  uint32_t depth = 0;
  for (;;) {
    out.push_back({ts_tree_cursor_current_node(cursor.get()), depth});
    if (ts_tree_cursor_goto_first_child(cursor.get())) {
      ++depth;
      continue;
    }
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(cursor.get())) break;
      if (depth == 0 || !ts_tree_cursor_goto_parent(cursor.get())) return out;
      --depth;
    }
  }
}

std::vector<Visit> fastWalk(TSNode root) {
  std::vector<Visit> out;
  std::unique_ptr<SextantPreorderWalk, void (*)(SextantPreorderWalk*)> walk(sextant_preorder_walk_new(root),
                                                                           sextant_preorder_walk_delete);
  Visit v{};
  while (sextant_preorder_walk_next(walk.get(), &v.node, &v.depth)) out.push_back(v);
  return out;
}

struct Tally {
  size_t files = 0, nodes = 0, aliased = 0, errors = 0;
};

// Compares both walks from the root and from one inner node; returns false at the first difference.
bool sameWalks(const std::string& label, Language language, const std::string& text, Tally& tally) {
  ts::ParserPtr parser(ts_parser_new());
  ts_parser_set_language(parser.get(), checkedGrammar(languageSpec(language)));
  ts::TreePtr tree(ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
  const TSNode root = ts_tree_root_node(tree.get());
  const std::vector<Visit> expected = cursorWalk(root);
  std::vector<TSNode> starts{root};
  if (expected.size() > 2) starts.push_back(expected[expected.size() / 2].node);
  for (const TSNode start : starts) {
    const std::vector<Visit> want = ts_node_eq(start, root) ? expected : cursorWalk(start);
    const std::vector<Visit> got = fastWalk(start);
    for (size_t i = 0; i < want.size(); ++i) {
      if (i >= got.size() || !ts_node_eq(got[i].node, want[i].node) || got[i].depth != want[i].depth ||
          ts_node_symbol(got[i].node) != ts_node_symbol(want[i].node) ||
          ts_node_start_byte(got[i].node) != ts_node_start_byte(want[i].node) ||
          ts_node_end_point(got[i].node).row != ts_node_end_point(want[i].node).row ||
          ts_node_start_point(got[i].node).column != ts_node_start_point(want[i].node).column) {
        FAIL_CHECK(label << ": node " << i << " (" << std::string(ts_node_type(want[i].node)) << " at byte "
                         << ts_node_start_byte(want[i].node) << ", depth " << want[i].depth << ") differs");
        return false;
      }
    }
    if (got.size() != want.size()) {
      FAIL_CHECK(label << ": " << got.size() << " nodes walked, the cursor walks " << want.size());
      return false;
    }
  }
  tally.files++;
  tally.nodes += expected.size();
  tally.errors += ts_node_has_error(root);
  for (const Visit& v : expected) // an alias renames the grammar symbol: the node's type differs from its subtree's
    tally.aliased += ts_node_symbol(v.node) != ts_node_grammar_symbol(v.node);
  return true;
}

// The first `limit` files of `language` found under `dir`; skipped with a message when absent.
void walkCorpus(const fs::path& dir, Language language, size_t limit, Tally& tally) {
  sextant::test::forEachCorpusFile(dir, language, limit, [&](const fs::path& path, const std::string& text) {
    return sameWalks(path.string(), language, text, tally);
  });
}

} // namespace

TEST_CASE("PreorderWalk: the nodes TSTreeCursor visits, on real code of every language") {
  const fs::path npm = SEXTANT_NPM_CORPORA_DIR;
  const std::vector<std::pair<Language, fs::path>> corpora = {
      {Language::C, fs::path(SEXTANT_TREE_SITTER_LIB_DIR) / "src"},
      {Language::Cpp, fs::path(SEXTANT_FIXTURES_DIR) / "parsers" / "cpp"},
      {Language::Cpp, "/usr/include/boost/asio"},
      {Language::Python, fs::path(SEXTANT_PYTHON_STDLIB_DIR) / "email"},
      {Language::Rust, fs::path(SEXTANT_FIXTURES_DIR) / "parsers" / "rust"},
      {Language::Go, fs::path(SEXTANT_FIXTURES_DIR) / "parsers" / "go"},
      {Language::Java, fs::path(SEXTANT_FIXTURES_DIR) / "parsers" / "java"},
      {Language::Java, npm / "cordova-android"},
      {Language::JavaScript, npm / "rxjs" / "dist" / "cjs" / "internal" / "operators"},
      {Language::TypeScript, npm / "rxjs" / "src" / "internal" / "operators"},
      {Language::Tsx, fs::path(SEXTANT_FIXTURES_DIR) / "parsers" / "tsx"},
  };
  std::map<Language, Tally> tallies;
  for (const auto& [language, dir] : corpora) walkCorpus(dir, language, 60, tallies[language]);
  for (const auto& [language, tally] : tallies) {
    INFO(languageName(language) << ": " << tally.files << " files, " << tally.nodes << " nodes");
    CHECK(tally.files > 0);
  }
  // The corpora exercise what the walk must mirror: aliases (JavaScript's property_identifier is
  // an aliased identifier) and trees with ERROR nodes (C's sources hold preprocessor-heavy files).
  if (tallies[Language::JavaScript].files > 0) CHECK(tallies[Language::JavaScript].aliased > 0);
  CHECK(tallies[Language::C].aliased + tallies[Language::Cpp].aliased > 0);
}

TEST_CASE("PreorderWalk: broken input and a single-node tree") {
  Tally tally;
  CHECK(sameWalks("unclosed C", Language::C, "int f( { struct s { int x", tally));
  CHECK(sameWalks("stray bytes", Language::Python, std::string("def \x01\xff(:\n\t\treturn )]\n", 22), tally));
  CHECK(sameWalks("empty", Language::Go, "", tally));
  CHECK(tally.errors >= 2);
  // A deep tree: no recursion, any depth.
  std::string deep = "x = ";
  deep.append(5000, '(').append("1").append(5000, ')').append("\n");
  CHECK(sameWalks("5,000 nested parentheses", Language::Python, deep, tally));
}
