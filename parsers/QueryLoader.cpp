// Concatenates a language's query files, compiles them once, and resolves capture names.
#include "parsers/CompiledLanguage.h"
#include "parsers/EmbeddedQueries.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <string>

namespace sextant::parse {
namespace {

const char* errorTypeName(TSQueryError error) {
  switch (error) {
  case TSQueryErrorNone: return "no error";
  case TSQueryErrorSyntax: return "syntax error";
  case TSQueryErrorNodeType: return "invalid node type";
  case TSQueryErrorField: return "invalid field name";
  case TSQueryErrorCapture: return "invalid capture name";
  case TSQueryErrorStructure: return "impossible pattern structure";
  case TSQueryErrorLanguage: return "incompatible language";
  }
  return "unknown error";
}

// Maps byte offsets of the concatenated query text back to the file they came from.
class ConcatenatedQuery {
public:
  explicit ConcatenatedQuery(std::span<const QuerySource> sources) : sources_(sources.begin(), sources.end()) {
    for (const auto& source : sources) {
      starts_.push_back(static_cast<uint32_t>(text_.size()));
      text_.append(source.text);
      text_.push_back('\n'); // a file without a final newline must not glue onto the next one
    }
  }
  const std::string& text() const { return text_; }

  std::string location(uint32_t offset) const {
    if (sources_.empty()) return "<empty query>:1:1";
    size_t file = 0;
    while (file + 1 < starts_.size() && starts_[file + 1] <= offset) ++file;
    const std::string_view text = sources_[file].text;
    const size_t local = std::min<size_t>(offset - starts_[file], text.size());
    size_t row = 1, lineStart = 0;
    for (size_t i = 0; i < local; ++i)
      if (text[i] == '\n') ++row, lineStart = i + 1;
    return std::string(sources_[file].path) + ":" + std::to_string(row) + ":" + std::to_string(local - lineStart + 1);
  }

  // Where `@name` is first written (the C API does not give capture positions).
  uint32_t captureOffset(std::string_view name) const {
    // Built with append: GCC 12's -Wrestrict misfires on `"@" + std::string(...)` (PR 105329).
    std::string needle(1, '@');
    needle.append(name);
    for (size_t at = text_.find(needle); at != std::string::npos; at = text_.find(needle, at + 1)) {
      const size_t after = at + needle.size();
      const char c = after < text_.size() ? text_[after] : ' ';
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
        return static_cast<uint32_t>(at);
    }
    return 0;
  }

private:
  std::vector<QuerySource> sources_;
  std::vector<uint32_t> starts_;
  std::string text_;
};

} // namespace

std::vector<QuerySource> embeddedQueries(Language language) {
  std::vector<QuerySource> out;
  for (std::string_view folder : languageSpec(language).queryFolders)
    for (const auto& file : embeddedQueryFiles())
      if (!folder.empty() && file.language == folder) out.push_back({file.path, file.text});
  return out;
}

std::unique_ptr<CompiledLanguage> compileLanguage(Language language, std::span<const QuerySource> sources) {
  const LanguageSpec& spec = languageSpec(language);
  const TSLanguage* grammar = checkedGrammar(spec);
  const ConcatenatedQuery concatenated(sources);
  const std::string& text = concatenated.text();

  uint32_t errorOffset = 0;
  TSQueryError errorType = TSQueryErrorNone;
  ts::QueryPtr query(ts_query_new(grammar, text.data(), static_cast<uint32_t>(text.size()), &errorOffset, &errorType));
  if (!query)
    throw QueryError(concatenated.location(errorOffset) + ": " + errorTypeName(errorType));

  std::vector<CaptureInfo> captures;
  const uint32_t captureCount = ts_query_capture_count(query.get());
  for (uint32_t id = 0; id < captureCount; ++id) {
    uint32_t length = 0;
    const char* name = ts_query_capture_name_for_id(query.get(), id, &length);
    const std::string_view captureName(name, length);
    std::optional<CaptureInfo> info = lookupCapture(captureName);
    if (!info)
      throw QueryError(concatenated.location(concatenated.captureOffset(captureName)) + ": unknown capture @" +
                       std::string(captureName));
    captures.push_back(*info);
  }

  // Predicates (#eq?, #match?...) are not evaluated by the C runtime; a pattern relying on one
  // would silently over-match, so refuse them.
  for (uint32_t pattern = 0; pattern < ts_query_pattern_count(query.get()); ++pattern) {
    uint32_t steps = 0;
    ts_query_predicates_for_pattern(query.get(), pattern, &steps);
    if (steps > 0)
      throw QueryError(concatenated.location(ts_query_start_byte_for_pattern(query.get(), pattern)) +
                       ": predicates are not supported");
  }

  std::unique_ptr<PatternMatcher> matcher = PatternMatcher::compile(query.get(), grammar, text);
  auto compiled = std::unique_ptr<CompiledLanguage>(
      new CompiledLanguage{&spec, grammar, std::move(query), std::move(matcher), std::move(captures),
                           Syntax(language, grammar), FlowTable(language, grammar)});
  return compiled;
}

void checkQuery(Language language, std::span<const QuerySource> sources) { compileLanguage(language, sources); }

const CompiledLanguage& compiledLanguage(Language language) {
  static constexpr size_t kLanguages = static_cast<size_t>(Language::Tsx) + 1; // indexed by the enum value
  static std::array<std::once_flag, kLanguages> once;
  static std::array<std::unique_ptr<CompiledLanguage>, kLanguages> compiled;
  const auto index = static_cast<size_t>(language);
  if (index >= kLanguages) throw std::invalid_argument("unsupported language");
  std::call_once(once[index], [&] {
    const std::vector<QuerySource> sources = embeddedQueries(language);
    compiled[index] = compileLanguage(language, sources);
  });
  return *compiled[index];
}

} // namespace sextant::parse
