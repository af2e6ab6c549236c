// Fuzz target: value decoding of every key namespace (graph/Codec.h) and key parsing (graph/Verify.h).
//
// Input: first byte picks the decoder, the rest is the value (or key). A decoder either throws
// CorruptValue or returns a record whose encoding decodes again to the same encoding.
#include "graph/Codec.h"
#include "graph/Keys.h"
#include "graph/Verify.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace sextant::graph;

namespace {

/// decode -> encode -> decode -> encode must be a fixed point after the first decode.
template <typename Decode>
void roundTrip(std::string_view bytes, Decode decode) {
  std::string first;
  try {
    first = encode(decode(bytes));
  } catch (const CorruptValue&) {
    return;
  }
  std::string second = encode(decode(first)); // must not throw: we wrote it
  if (first != second) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 11) {
  case 0: roundTrip(bytes, decodeFile); break;
  case 1: roundTrip(bytes, decodeSymbol); break;
  case 2: roundTrip(bytes, decodeNameEntry); break;
  case 3: roundTrip(bytes, decodeChunk); break;
  case 4: roundTrip(bytes, decodeReferences); break;
  case 5: roundTrip(bytes, decodeImports); break;
  case 6: roundTrip(bytes, decodeSyntaxErrors); break;
  case 7: {
    // Keys: the path a key names, when any, must not contain NUL and must be a substring of it.
    std::string_view ns = keyNamespace(bytes);
    if (ns.size() > bytes.size()) std::abort();
    if (auto path = pathOfKey(bytes)) {
      if (path->find('\0') != std::string::npos) std::abort();
      if (bytes.find(*path) == std::string_view::npos) std::abort();
    }
    break;
  }
  case 9: roundTrip(bytes, decodeAst); break;
  case 10: {
    // cfg: values are relative to their symbol's start: any anchor must round-trip.
    Point anchor{static_cast<uint32_t>(size % 97), static_cast<uint32_t>(size % 13)};
    uint32_t anchorByte = static_cast<uint32_t>(size * 31);
    std::string first;
    try {
      first = encode(decodeCfgs(bytes, anchor, anchorByte), anchor, anchorByte);
    } catch (const CorruptValue&) {
      break;
    }
    if (encode(decodeCfgs(first, anchor, anchorByte), anchor, anchorByte) != first) std::abort();
    break;
  }
  case 8: {
    // A sym:d: key's index is the last 4 bytes, big-endian; keys::symbol must give it back.
    if (bytes.find('\0') != std::string_view::npos || bytes.size() > 400) break;
    uint32_t index = bytes.empty() ? 0 : static_cast<uint8_t>(bytes.front()) * 0x01010101u;
    std::string key = keys::symbol(bytes, index);
    if (keys::symbolIndexFromKey(key) != index) std::abort();
    if (pathOfKey(key) != std::string(bytes)) std::abort();
    break;
  }
  }
  return 0;
}
