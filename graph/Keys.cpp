// Composes and splits the graph's keys.
#include "graph/Keys.h"

#include <algorithm>

namespace sextant::graph::keys {
namespace {

void appendBigEndian32(std::string& out, uint32_t v) {
  // Big-endian so that memcmp order of keys equals numeric order of indices.
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>(v >> 16));
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}

uint32_t readBigEndian32(std::string_view s) {
  uint32_t v = 0;
  for (unsigned char c : s.substr(0, 4)) v = (v << 8) | c;
  return v;
}

} // namespace

std::string metaSchema() { return "meta:schema"; }
std::string metaNames() { return "meta:names"; }

std::string checkRule(std::string_view rule) {
  std::string k(kCheckRulePrefix);
  k += rule;
  return k;
}

std::string file(std::string_view path) {
  std::string k(kFilePrefix);
  k += path;
  return k;
}

std::string symbolsOf(std::string_view path) {
  std::string k = "sym:d:";
  k += path;
  k.push_back('\0');
  return k;
}

std::string symbol(std::string_view path, uint32_t index) {
  std::string k = symbolsOf(path);
  appendBigEndian32(k, index);
  return k;
}

uint32_t symbolIndexFromKey(std::string_view key) {
  return key.size() >= 4 ? readBigEndian32(key.substr(key.size() - 4)) : 0;
}

std::string symbolsNamed(std::string_view name) {
  std::string k(kSymbolByNamePrefix);
  k += name;
  k.push_back('\0');
  return k;
}

std::string symbolByName(std::string_view name, std::string_view path, uint32_t index) {
  std::string k = symbolsNamed(name);
  k += path;
  k.push_back('\0');
  appendBigEndian32(k, index);
  return k;
}

bool parseSymbolByName(std::string_view key, std::string& path, uint32_t& index) {
  // sym:n:<name>\0<path>\0<4 bytes>; names and paths never contain NUL.
  if (key.size() < 6 + 1 + 1 + 4) return false;
  size_t nameEnd = key.find('\0', 6);
  if (nameEnd == std::string_view::npos) return false;
  size_t pathEnd = key.size() - 5;
  if (pathEnd <= nameEnd || key[pathEnd] != '\0') return false;
  path.assign(key.substr(nameEnd + 1, pathEnd - nameEnd - 1));
  index = readBigEndian32(key.substr(pathEnd + 1));
  return true;
}

std::string references(std::string_view path) {
  std::string k = "ref:f:";
  k += path;
  return k;
}

std::string resolutions(std::string_view path) {
  std::string k = "ref:r:";
  k += path;
  return k;
}

std::string targetId(std::string_view targetPath, std::string_view name, uint8_t kind, uint32_t ordinal) {
  std::string k(targetPath);
  k.push_back('\0');
  k += name;
  k.push_back('\0');
  k.push_back(static_cast<char>(kind));
  appendBigEndian32(k, ordinal);
  return k;
}

std::optional<TargetIdParts> parseTargetId(std::string_view text) {
  const size_t first = text.find('\0');
  if (first == std::string_view::npos) return std::nullopt;
  const size_t second = text.find('\0', first + 1);
  if (second == std::string_view::npos || text.size() < second + 6) return std::nullopt;
  return TargetIdParts{text.substr(0, first), text.substr(first + 1, second - first - 1),
                       static_cast<uint8_t>(text[second + 1]), readBigEndian32(text.substr(second + 2, 4)), second + 6};
}

std::string refsTo(std::string_view targetId, std::string_view fromPath) {
  std::string k(kRefsToPrefix);
  k += targetId;
  k += fromPath;
  return k;
}

std::string callsTo(std::string_view targetId, std::string_view fromPath) {
  std::string k(kCallsToPrefix);
  k += targetId;
  k += fromPath;
  return k;
}

std::string linkPending(std::string_view path) {
  std::string k(kLinkPrefix);
  k += path;
  return k;
}

std::string includeFolders(std::string_view path) {
  std::string k(kIncludeFoldersPrefix);
  k += path;
  return k;
}

std::string syntaxErrors(std::string_view path) {
  std::string k = "err:";
  k += path;
  return k;
}

std::string imports(std::string_view path) {
  std::string k = "imp:";
  k += path;
  return k;
}

std::string referencesNamedPrefix(std::string_view name) {
  std::string k = "ref:n:";
  k += name;
  k.push_back('\0');
  return k;
}

std::string referencesNamed(std::string_view name, std::string_view path) {
  std::string k = referencesNamedPrefix(name);
  k += path;
  return k;
}

std::string_view pathOfReferencesNamed(std::string_view key) {
  size_t nul = key.find('\0');
  return nul == std::string_view::npos ? std::string_view() : key.substr(nul + 1);
}

std::string chunksOf(std::string_view path) {
  std::string k = "chunk:";
  k += path;
  k.push_back(':');
  return k;
}

std::string chunk(std::string_view path, uint32_t startByte, uint32_t endByte) {
  std::string k = chunksOf(path);
  k += std::to_string(startByte);
  k.push_back(':');
  k += std::to_string(endByte);
  return k;
}

bool isChunkOf(std::string_view key, std::string_view path) {
  std::string_view rest = key.substr(std::min(key.size(), 6 + path.size() + 1));
  size_t colon = rest.find(':');
  auto digits = [](std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return colon != std::string_view::npos && digits(rest.substr(0, colon)) && digits(rest.substr(colon + 1));
}

std::string ast(std::string_view path) {
  std::string k = "ast:";
  k += path;
  return k;
}

std::string cfgsOf(std::string_view path) {
  std::string k = "cfg:";
  k += path;
  k.push_back('\0');
  return k;
}

std::string cfg(std::string_view path, uint32_t symbol) {
  std::string k = cfgsOf(path);
  appendBigEndian32(k, symbol);
  return k;
}

} // namespace sextant::graph::keys
