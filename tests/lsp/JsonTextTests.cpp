// Tests for lsp/JsonText: the text must parse to what nlohmann::json would have produced.
#include "lsp/JsonText.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sextant::lsp;
using nlohmann::json;

namespace {
std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
} // namespace

TEST_CASE("JsonText strings: plain ASCII as is, the rest escaped as nlohmann escapes it") {
  for (std::string s : {std::string("os/path.py"), std::string("say \"hi\"\\n"), std::string("tab\there"),
                        std::string("caf\xc3\xa9 \xe2\x9c\x93"), std::string("bad \xff\xfe utf-8"), std::string("\x01\x1f"),
                        std::string()}) {
    JsonText out;
    out.string(s);
    CHECK(out.text() == dumped(json(s)));
    CHECK_NOTHROW(json::parse(out.text()));
  }
}

TEST_CASE("JsonText ranges and locations equal the nlohmann forms (keys sorted, no blanks)") {
  const Range r{{3, 4}, {5, 60}};
  JsonText range;
  range.range(r);
  CHECK(range.text() == dumped(json(r)));
  JsonText location;
  location.location("file:///tmp/a%20b.c", r);
  CHECK(location.text() == dumped(json(Location{"file:///tmp/a%20b.c", r})));
  JsonText number;
  number.raw("[").number(-7).raw(",").number(4294967295).raw("]");
  CHECK(json::parse(number.text()) == json::array({-7, 4294967295LL}));
}
