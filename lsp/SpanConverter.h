// Graph spans to LSP ranges for one request, each file read at most once.
#pragma once

#include "graph/Model.h"
#include "lsp/PositionEncoding.h"
#include "lsp/Protocol.h"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace sextant::lsp {

/// Converts graph spans (0-based lines, byte columns) of several files to LSP Ranges in the
/// negotiated PositionEncoding (LSP 3.17 "Position"). With utf-8 the columns are already right
/// and no file is read; otherwise each file's text is fetched once through `text` and its lines
/// indexed once, however many ranges a request converts (references, call hierarchy).
class SpanConverter {
public:
  using TextFn = std::function<std::string(const std::string& path)>;
  /// True when the indexed content of `path` is pure ASCII (graph::FileRecord::ascii): its byte
  /// columns are the answer in every encoding, and the file is not read.
  using AsciiFn = std::function<bool(const std::string& path)>;
  SpanConverter(PositionEncoding encoding, TextFn text, AsciiFn ascii = {})
      : encoding_(encoding), text_(std::move(text)), ascii_(std::move(ascii)) {}

  Range range(const std::string& path, const graph::Span& span);

private:
  struct File {
    bool ascii = false;
    std::string text;
    std::unique_ptr<LineTable> lines;
  };
  PositionEncoding encoding_;
  TextFn text_;
  AsciiFn ascii_;
  std::map<std::string, File, std::less<>> files_;
  /// The file of the previous call: answers come grouped by file, so most calls skip the map.
  const std::string* lastPath_ = nullptr;
  File* last_ = nullptr;
};

} // namespace sextant::lsp
