// Protocol struct conversions and client capability parsing.
#include "lsp/Protocol.h"

#include <doctest/doctest.h>

using namespace sextant::lsp;
using nlohmann::json;

TEST_CASE("DocumentSymbol omits empty optional fields") {
  DocumentSymbol s{"f", "", 12, {{1, 0}, {3, 1}}, {{1, 4}, {1, 5}}, {}};
  json j = s;
  CHECK_FALSE(j.contains("detail"));
  CHECK_FALSE(j.contains("children"));
  CHECK(j["selectionRange"]["start"]["character"] == 4);
}

TEST_CASE("required fields throw on absence") {
  CHECK_THROWS_AS(json({{"textDocument", {{"uri", "file:///a"}}}}).get<TextDocumentPositionParams>(), json::exception);
}

TEST_CASE("client capabilities are read defensively") {
  auto caps = parseClientCapabilities({{"general", {{"positionEncodings", {"utf-8", 3, "utf-16"}}}},
                                       {"window", {{"workDoneProgress", true}}}});
  CHECK(caps.positionEncodings == std::vector<std::string>{"utf-8", "utf-16"});
  CHECK(caps.workDoneProgress);
  CHECK_FALSE(caps.hierarchicalDocumentSymbol);
  CHECK(parseClientCapabilities(json::array()).positionEncodings.empty());
}
