#include "lsp/SpanConverter.h"

namespace sextant::lsp {

Range SpanConverter::range(const std::string& path, const graph::Span& span) {
  if (encoding_ == PositionEncoding::Utf8) return {{span.start.line, span.start.column}, {span.end.line, span.end.column}};
  if (!last_ || *lastPath_ != path) {
    auto it = files_.try_emplace(path).first;
    lastPath_ = &it->first;
    last_ = &it->second;
  }
  File& file = *last_;
  if (!file.lines && !file.ascii) {
    file.ascii = ascii_ && ascii_(path);
    if (!file.ascii) {
      file.text = text_(path);
      file.lines = std::make_unique<LineTable>(file.text);
    }
  }
  if (file.ascii) return {{span.start.line, span.start.column}, {span.end.line, span.end.column}};
  auto position = [&](graph::Point p) {
    return Position{p.line, columnFromBytes(file.lines->line(p.line), p.column, encoding_)};
  };
  return {position(span.start), position(span.end)};
}

} // namespace sextant::lsp
