// Extraction over real trees: Python's standard library, tree-sitter's own C sources, and (when
// installed) Go's and Rust's standard libraries and npm packages with Java, JavaScript and TypeScript.
#include "ExtractHelpers.h"
#include "tests/support/CfgRender.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <algorithm>
#include <initializer_list>
#include <map>

using namespace sextant::parse;
using namespace sextant::parse::test;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Corpus {
  std::map<std::string, ExtractionResult> results; // by path relative to the root
  size_t bytes = 0;
  double seconds = 0;
  size_t cfgs = 0, blocks = 0, truncated = 0, outlineNodes = 0;
};

// Every CFG well-formed (sextant::test::cfgProblems: entry/exit, edge endpoints, no dead ends,
// exit reachable unless there is a loop) and inside its function; outline parents precede
// their children and contain them.
void checkStructure(const std::string& path, std::string_view source, const ExtractionResult& r, Corpus& corpus) {
  for (size_t i = 0; i < r.outline.size(); ++i) {
    const OutlineNode& n = r.outline[i];
    if (n.span.endByte > source.size() || n.parent >= static_cast<int32_t>(i) ||
        (n.parent >= 0 && (r.outline[static_cast<size_t>(n.parent)].span.startByte > n.span.startByte))) {
      FAIL_CHECK(path << ": outline node " << i << " (" << n.kind << ") is out of place");
      break;
    }
  }
  corpus.outlineNodes += r.outline.size();
  for (const FunctionCfg& g : r.cfgs) {
    ++corpus.cfgs;
    corpus.blocks += g.blocks.size();
    corpus.truncated += g.truncated;
    const auto problems = sextant::test::cfgProblems(g);
    if (!problems.empty()) {
      FAIL_CHECK(path << ":" << g.range.start.line + 1 << " " << g.nodeType << " " << g.name << ": " << problems.front()
                      << "\n" << sextant::test::renderFlow(g));
      continue;
    }
    for (const CfgBlock& b : g.blocks)
      if (b.span.startByte < g.range.startByte || b.span.endByte > g.range.endByte) {
        FAIL_CHECK(path << ":" << b.span.start.line + 1 << " block outside its function " << g.name);
        break;
      }
  }
}

// Extracts every file under `root` whose language is `language`, except paths (relative to root)
// containing one of `skip`.
Corpus extractTree(const fs::path& root, Language language, std::initializer_list<std::string_view> skip = {}) {
  Corpus corpus;
  Extractor extractor;
  for (const auto& entry : fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied)) {
    if (!entry.is_regular_file() || languageForPath(entry.path()) != language) continue;
    const std::string relative = fs::relative(entry.path(), root).string();
    if (std::any_of(skip.begin(), skip.end(), [&](std::string_view s) { return relative.find(s) != std::string::npos; }))
      continue;
    // Headers of the tree-sitter runtime are C (.h), as are the .c files.
    const std::string source = readFile(entry.path());
    const auto start = std::chrono::steady_clock::now();
    ExtractionResult r = extractor.extract(language, source);
    corpus.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    corpus.bytes += source.size();
    for (const auto& d : r.definitions) {
      REQUIRE(d.range.endByte <= source.size());
      REQUIRE(d.parent < static_cast<int>(&d - r.definitions.data()));
      REQUIRE(!d.name.empty());
      REQUIRE(d.doc.size() <= kMaxDocBytes);
    }
    for (const auto& ref : r.references) REQUIRE(ref.enclosing < static_cast<int>(r.definitions.size()));
    checkStructure(relative, source, r, corpus);
    corpus.results.emplace(relative, std::move(r));
  }
  return corpus;
}

const Definition* child(const ExtractionResult& r, int parent, std::string_view name) {
  for (const auto& d : r.definitions)
    if (d.parent == parent && d.name == name) return &d;
  return nullptr;
}

// Reports throughput and the share of files without syntax errors, and checks that share.
void summarize(const char* name, const Corpus& corpus, size_t minFiles, size_t minCleanPercent) {
  REQUIRE(corpus.results.size() >= minFiles);
  size_t clean = 0;
  for (const auto& [path, r] : corpus.results) clean += r.errors.empty() ? 1 : 0;
  MESSAGE(std::string(name) << ": " << corpus.cfgs << " CFGs, " << corpus.blocks << " blocks, " << corpus.truncated
                            << " truncated; " << corpus.outlineNodes << " outline nodes");
  MESSAGE(std::string(name) << ": " << corpus.results.size() << " files, " << corpus.bytes / 1e6 << " MB in " << corpus.seconds
                << " s: " << corpus.bytes / 1e6 / corpus.seconds << " MB/s (single thread, this build type); " << clean
                << " files without syntax errors");
  CHECK(clean * 100 >= corpus.results.size() * minCleanPercent);
}

bool present(const fs::path& root, const char* package) {
  if (fs::is_directory(root)) return true;
  MESSAGE("skipped: " << root << " is missing (" << package << ")");
  return false;
}

} // namespace

TEST_CASE("Python standard library") {
  const fs::path root = SEXTANT_PYTHON_STDLIB_DIR;
  if (!fs::is_directory(root)) {
    MESSAGE("skipped: " << root << " is missing (Debian: libpython3.11-stdlib)");
    return;
  }
  const Corpus corpus = extractTree(root, Language::Python);
  REQUIRE(corpus.results.size() > 500);
  CHECK(corpus.cfgs > 10000);
  MESSAGE("python stdlib: " << corpus.cfgs << " CFGs, " << corpus.blocks << " blocks, " << corpus.truncated
                            << " truncated; " << corpus.outlineNodes << " outline nodes");
  MESSAGE("python stdlib: " << corpus.results.size() << " files, " << corpus.bytes / 1e6 << " MB in " << corpus.seconds
                            << " s: " << corpus.results.size() / corpus.seconds << " files/s, "
                            << corpus.bytes / 1e6 / corpus.seconds << " MB/s (single thread, this build type)");

  const ExtractionResult& os = corpus.results.at("os.py");
  const int makedirs = findDef(os, "makedirs");
  REQUIRE(makedirs >= 0);
  CHECK(os.definitions[makedirs].kind == SymbolKind::Function);
  CHECK(os.definitions[makedirs].parent == -1);
  CHECK(os.definitions[makedirs].signature == "(name, mode=0o777, exist_ok=False)");
  CHECK(os.definitions[makedirs].doc.starts_with("makedirs(name [, mode=0o777][, exist_ok=False])\n\nSuper-mkdir;"));
  CHECK(os.definitions[makedirs].visibility == Visibility::Public);
  const int environ = findDef(os, "_Environ", SymbolKind::Class);
  REQUIRE(environ >= 0);
  CHECK(os.definitions[environ].visibility == Visibility::Private);
  const Definition* getitem = child(os, environ, "__getitem__");
  REQUIRE(getitem != nullptr);
  CHECK(getitem->kind == SymbolKind::Method);
  const Definition* init = child(os, environ, "__init__");
  REQUIRE(init != nullptr);
  CHECK(init->kind == SymbolKind::Constructor);
  CHECK(child(os, makedirs, "exist_ok") != nullptr);
  // `self._data = data` in _Environ.__init__: a Field of the class, out of the outline.
  const Definition* data = child(os, environ, "_data");
  REQUIRE(data != nullptr);
  CHECK(data->kind == SymbolKind::Field);
  CHECK_FALSE(data->inOutline);
  CHECK(os.errors.empty());

  // Files checked by hand to be valid Python 3.11 that tree-sitter-python parses cleanly.
  for (const char* clean : {"os.py", "posixpath.py", "json/decoder.py", "collections/__init__.py", "argparse.py"}) {
    INFO(clean);
    REQUIRE(corpus.results.count(clean) == 1);
    CHECK(corpus.results.at(clean).errors.empty());
  }
  size_t clean = 0;
  for (const auto& [path, r] : corpus.results) clean += r.errors.empty() ? 1 : 0;
  MESSAGE("python stdlib: " << clean << " of " << corpus.results.size() << " files without syntax errors");
  CHECK(clean * 100 >= corpus.results.size() * 95);
  const ExtractionResult& argparse = corpus.results.at("argparse.py");
  CHECK(countRefs(argparse, "_", RefRole::Call) > 10);
  CHECK(findDef(argparse, "ArgumentParser") >= 0);
}

TEST_CASE("tree-sitter runtime C sources") {
  const fs::path root = SEXTANT_TREE_SITTER_LIB_DIR;
  REQUIRE(fs::is_directory(root));
  const Corpus corpus = extractTree(root, Language::C);
  REQUIRE(corpus.results.size() > 20);

  const ExtractionResult& parser = corpus.results.at("src/parser.c");
  const int def = findDef(parser, "ts_parser_new");
  REQUIRE(def >= 0);
  CHECK(parser.definitions[def].kind == SymbolKind::Function);
  CHECK_FALSE(parser.definitions[def].isDeclaration);
  CHECK(parser.definitions[def].signature == "(void)");
  // Parameters and locals of definitions are locals (graph/ scopes them to the function).
  const int parse = findDef(parser, "ts_parser_parse");
  REQUIRE(parse >= 0);
  const Definition* self = child(parser, parse, "self");
  REQUIRE(self != nullptr);
  CHECK(self->type == "TSParser *");
  CHECK_FALSE(self->inOutline);
  const Definition* oldTree = child(parser, parse, "old_tree");
  REQUIRE(oldTree != nullptr);
  CHECK(oldTree->type == "const TSTree *");
  size_t outline = 0, locals = 0;
  for (const auto& d : parser.definitions) (d.inOutline ? outline : locals) += 1;
  CHECK(locals > outline); // most names declared in a C file are parameters and locals
  // tree-sitter-c cannot know that `LOG(...)` expands to a statement: one missing ";" at 970:54.
  REQUIRE(parser.errors.size() == 1);
  CHECK(parser.errors[0].missing);
  CHECK(parser.errors[0].span.start == Point{969, 53});
  bool includesApi = false;
  for (const auto& i : parser.imports) includesApi |= i.target == "tree_sitter/api.h" && !i.system;
  CHECK(includesApi);

  const ExtractionResult& api = corpus.results.at("include/tree_sitter/api.h");
  const int decl = findDef(api, "ts_parser_new");
  REQUIRE(decl >= 0);
  CHECK(api.definitions[decl].kind == SymbolKind::Function);
  CHECK(api.definitions[decl].isDeclaration);
  // `extern "C" {` split across `#ifdef __cplusplus` blocks defeats tree-sitter-c: one error.
  CHECK(api.errors.size() == 1);
  const int tsPoint = findDef(api, "TSPoint", SymbolKind::Struct);
  REQUIRE(tsPoint >= 0);
  CHECK(child(api, tsPoint, "row") != nullptr);
  CHECK(findDef(api, "TREE_SITTER_LANGUAGE_VERSION", SymbolKind::Constant) >= 0);

  // Files checked by hand to parse cleanly.
  for (const char* clean : {"src/node.c", "src/tree.c", "src/tree_cursor.c", "src/language.c", "src/subtree.c", "src/lib.c"}) {
    INFO(clean);
    REQUIRE(corpus.results.count(clean) == 1);
    CHECK(corpus.results.at(clean).errors.empty());
  }

  size_t calls = 0;
  for (const auto& ref : parser.references) calls += ref.role == RefRole::Call && ref.name == "ts_subtree_release";
  CHECK(calls > 3);
}

TEST_CASE("Go standard library (go/ and net/)") {
  const fs::path root = SEXTANT_GO_SRC_DIR;
  if (!present(root, "Debian: golang-1.19-src, 118 MB, not installed by scripts/setup")) return;
  // testdata/ holds deliberately malformed Go.
  Corpus corpus = extractTree(root / "go", Language::Go, {"testdata"});
  Corpus net = extractTree(root / "net", Language::Go, {"testdata"});
  for (auto& [path, r] : net.results) corpus.results.emplace("net/" + path, std::move(r));
  corpus.bytes += net.bytes, corpus.seconds += net.seconds;
  summarize("go stdlib go/ + net/", corpus, 500, 99);

  const Corpus fmt = extractTree(root / "fmt", Language::Go, {"testdata"});
  const ExtractionResult& print = fmt.results.at("print.go");
  CHECK(print.errors.empty());
  const int fprintf = findDef(print, "Fprintf", SymbolKind::Function);
  REQUIRE(fprintf >= 0);
  CHECK(print.definitions[fprintf].signature == "(w io.Writer, format string, a ...any)");
  CHECK(print.definitions[fprintf].doc == "Fprintf formats according to a format specifier and writes to w.\n"
                                          "It returns the number of bytes written and any write error encountered.");
  CHECK(print.definitions[fprintf].visibility == Visibility::Exported);
  const int doPrintf = findDef(print, "doPrintf", SymbolKind::Method);
  REQUIRE(doPrintf >= 0);
  CHECK(print.definitions[doPrintf].qualifier == "pp");
  CHECK(print.definitions[doPrintf].visibility == Visibility::Package);
  CHECK(findDef(print, "fmt", SymbolKind::Package) >= 0);
  CHECK(countRefs(print, "writeString", RefRole::Call) > 10); // `p.buf.writeString(...)`
}

TEST_CASE("Rust standard library (alloc and std)") {
  const fs::path root = SEXTANT_RUST_SRC_DIR;
  if (!present(root, "Debian: rust-src, 152 MB, not installed by scripts/setup")) return;
  // core/ uses nightly-only syntax (`impl const`, `macro`, `auto trait`) that tree-sitter-rust rejects.
  Corpus corpus = extractTree(root / "alloc", Language::Rust);
  Corpus std = extractTree(root / "std", Language::Rust);
  const size_t allocFiles = corpus.results.size();
  for (auto& [path, r] : std.results) corpus.results.emplace("std/" + path, std::move(r));
  corpus.bytes += std.bytes, corpus.seconds += std.seconds;
  REQUIRE(allocFiles > 50);
  summarize("rust alloc + std", corpus, 400, 94);

  const ExtractionResult& vec = corpus.results.at("src/vec/mod.rs");
  const int vecStruct = findDef(vec, "Vec", SymbolKind::Struct);
  REQUIRE(vecStruct >= 0);
  const Definition* push = child(vec, vecStruct, "push"); // `impl<T, A> Vec<T, A> { pub fn push }`
  REQUIRE(push != nullptr);
  CHECK(push->kind == SymbolKind::Method);
  CHECK(push->signature == "(&mut self, value: T)");
  CHECK_FALSE(vec.imports.empty());
}

TEST_CASE("Java: cordova-android's framework sources (npm)") {
  const fs::path root = fs::path(SEXTANT_NPM_CORPORA_DIR) / "cordova-android";
  if (!present(root, "npm install --prefix /opt/sextant-corpora cordova-android@15.1.0 rxjs@7.8.2 typescript@5")) return;
  const Corpus corpus = extractTree(root, Language::Java);
  summarize("java cordova-android", corpus, 30, 95);
  const ExtractionResult& impl = corpus.results.at("framework/src/org/apache/cordova/CordovaWebViewImpl.java");
  CHECK(impl.errors.empty());
  const int cls = findDef(impl, "CordovaWebViewImpl", SymbolKind::Class);
  REQUIRE(cls >= 0);
  CHECK(child(impl, cls, "loadUrl") != nullptr);
  const int pkg = findDef(impl, "cordova", SymbolKind::Package);
  REQUIRE(pkg >= 0);
  CHECK(impl.definitions[pkg].qualifier == "org.apache");
  CHECK(impl.imports.size() > 5);
}

TEST_CASE("JavaScript: the grammar packages and npm packages") {
  // Always present: the JavaScript of the grammar packages this build uses.
  const Corpus grammars = extractTree(SEXTANT_GRAMMARS_DIR, Language::JavaScript);
  summarize("javascript grammar packages", grammars, 20, 100);
  const ExtractionResult& rust = grammars.results.at("tree-sitter-rust/grammar.js");
  CHECK(findDef(rust, "PREC", SymbolKind::Constant) >= 0);
  CHECK(countRefs(rust, "seq", RefRole::Call) > 50);

  const fs::path root = SEXTANT_NPM_CORPORA_DIR;
  if (!present(root, "npm install --prefix /opt/sextant-corpora cordova-android@15.1.0 rxjs@7.8.2 typescript@5")) return;
  // typescript/ and rxjs/ ship multi-megabyte generated bundles: real, but one is enough below.
  const Corpus corpus = extractTree(root, Language::JavaScript, {"typescript/", "rxjs/"});
  summarize("javascript npm packages", corpus, 100, 98);
}

TEST_CASE("TypeScript: rxjs sources and the TypeScript compiler's lib .d.ts files (npm)") {
  const fs::path root = SEXTANT_NPM_CORPORA_DIR;
  if (!present(root, "npm install --prefix /opt/sextant-corpora cordova-android@15.1.0 rxjs@7.8.2 typescript@5")) return;
  const Corpus rxjs = extractTree(root / "rxjs" / "src", Language::TypeScript);
  summarize("typescript rxjs/src", rxjs, 200, 99);
  const ExtractionResult& observable = rxjs.results.at("internal/Observable.ts");
  CHECK(observable.errors.empty());
  const int cls = findDef(observable, "Observable", SymbolKind::Class);
  REQUIRE(cls >= 0);
  size_t subscribe = 0;
  for (const auto& d : observable.definitions) subscribe += d.parent == cls && d.name == "subscribe";
  CHECK(subscribe >= 3); // overload signatures and the implementation

  const Corpus lib = extractTree(root / "typescript" / "lib", Language::TypeScript);
  summarize("typescript lib/*.d.ts", lib, 80, 95);
  const ExtractionResult& es5 = lib.results.at("lib.es5.d.ts");
  bool arrayPush = false;
  for (const auto& d : es5.definitions)
    if (d.name == "push" && d.parent >= 0 && es5.definitions[d.parent].name == "Array")
      arrayPush |= d.kind == SymbolKind::Method && d.isDeclaration;
  CHECK(arrayPush);
}
