// Extraction throughput per language next to tree-sitter's parse-only throughput on the same files.
//
// Usage: bench_extract [--repeat N] PATH...   Every file under the PATHs (folders or files) whose
// extension names a language is read into memory first, so the figures exclude I/O. Single thread.
// With N rounds (each a parse pass then an extract pass over the corpus), every figure is the best
// round's: the least-disturbed one on a shared machine, where a sum or mean swings with whatever
// else runs (seen: 46-60 % for the same binary summed over 10 rounds).
#include "parsers/Extractor.h"
#include "parsers/Languages.h"
#include "parsers/TreeSitter.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace sextant::parse;
using Clock = std::chrono::steady_clock;

namespace {

struct Corpus {
  std::vector<std::string> files;
  size_t bytes = 0;
};

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

} // namespace

int main(int argc, char** argv) {
  int repeat = 1;
  std::map<Language, Corpus> corpora;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
      continue;
    }
    const auto add = [&](const fs::path& path) {
      const std::optional<Language> byExtension = languageForPath(path);
      if (!byExtension) return;
      std::ifstream in(path, std::ios::binary);
      std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      Corpus& c = corpora[languageForContent(path, text, *byExtension)];
      c.bytes += text.size();
      c.files.push_back(std::move(text));
    };
    std::error_code ec;
    if (fs::is_regular_file(argv[i], ec)) {
      add(argv[i]);
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(argv[i], fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec))
      if (!ec && it->is_regular_file()) add(it->path());
  }
  if (corpora.empty()) {
    std::fprintf(stderr, "usage: %s [--repeat N] PATH...\n", argv[0]);
    return 2;
  }
  std::printf("%-11s %7s %8s | %10s %8s | %10s %8s | %6s %6s\n", "language", "files", "MB", "parse f/s", "MB/s",
              "extract f/s", "MB/s", "ratio", "errors");
  Extractor extractor;
  ts::ParserPtr parser(ts_parser_new());
  for (const auto& [language, corpus] : corpora) {
    ts_parser_set_language(parser.get(), checkedGrammar(languageSpec(language)));
    extractor.extract(language, ""); // compile the queries outside the timing
    double parseSeconds = 1e300, extractSeconds = 1e300;
    size_t withErrors = 0;
    for (int r = 0; r < repeat; ++r) {
      auto start = Clock::now();
      for (const std::string& text : corpus.files) {
        ts::TreePtr tree(ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
      }
      parseSeconds = std::min(parseSeconds, secondsSince(start));
      start = Clock::now();
      withErrors = 0;
      for (const std::string& text : corpus.files) withErrors += !extractor.extract(language, text, 0).errors.empty();
      extractSeconds = std::min(extractSeconds, secondsSince(start));
    }
    const double files = static_cast<double>(corpus.files.size()), mb = corpus.bytes / 1e6;
    std::printf("%-11s %7zu %8.2f | %10.0f %8.2f | %10.0f %8.2f | %5.0f%% %6zu\n",
                std::string(languageName(language)).c_str(), corpus.files.size(), corpus.bytes / 1e6,
                files / parseSeconds, mb / parseSeconds, files / extractSeconds, mb / extractSeconds,
                100.0 * parseSeconds / extractSeconds, withErrors);
  }
  return 0;
}
