// Incremental document sync: ranges in code units -> byte offsets -> splice.
#include "lsp/DocumentSync.h"

#include <stdexcept>

namespace sextant::lsp {

size_t offsetOf(std::string_view text, uint32_t line, uint32_t character, PositionEncoding encoding) {
  size_t start = 0;
  for (uint32_t l = 0; l < line; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return text.size();
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  std::string_view lineText = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  // A '\r' before the '\n' belongs to the line break, not to the characters one can address.
  if (!lineText.empty() && lineText.back() == '\r') lineText.remove_suffix(1);
  return start + bytesFromColumn(lineText, character, encoding);
}

std::optional<parse::TextEdit> applyContentChange(std::string& text, const nlohmann::json& change,
                                                  PositionEncoding encoding) {
  const std::string& replacement = change.at("text").get_ref<const std::string&>();
  if (!change.contains("range") || change["range"].is_null()) {
    text = replacement;
    return std::nullopt;
  }
  const auto& range = change.at("range");
  size_t begin = offsetOf(text, range.at("start").at("line").get<uint32_t>(),
                          range.at("start").at("character").get<uint32_t>(), encoding);
  size_t end = offsetOf(text, range.at("end").at("line").get<uint32_t>(), range.at("end").at("character").get<uint32_t>(),
                        encoding);
  if (end < begin) throw std::invalid_argument("change range ends before it starts");
  parse::TextEdit edit = parse::textEditFor(text, begin, end, replacement);
  text.replace(begin, end - begin, replacement);
  return edit;
}

} // namespace sextant::lsp
