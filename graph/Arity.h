// How many arguments a C/C++ or Java callable accepts, read from its stored parameter list text.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sextant::graph {

/// The argument counts a parameter list accepts.
struct Arity {
  int32_t min = 0;
  int32_t max = 0; ///< kVariadic for `...` and C++ parameter packs
  static constexpr int32_t kVariadic = INT32_MAX;
  bool accepts(int32_t arguments) const { return min <= arguments && arguments <= max; }
};

/// The arity of a C, C++ or Java parameter list as SymbolRecord::signature holds it ("(int a, char *b)",
/// the parentheses included): parameters are split at commas outside (), [], {} and <>; `(void)`
/// and C++'s or Java's `()` take none; a parameter with a default value (`int n = 1`) is optional;
/// `...`, a pack (`Args... args`) and Java varargs (`Object... args`, JLS 8.4.1) make the maximum
/// unbounded. nullopt when it cannot be told: no list, an unbalanced one, or C's unprototyped `()`
/// (any arguments, C17 6.7.6.3). `cpp`: true for C++ and Java.
std::optional<Arity> arityOf(std::string_view parameters, bool cpp);

} // namespace sextant::graph
