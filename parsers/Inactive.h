// C/C++ code the preprocessor skips in every configuration: `#if 0` bodies and `#if 1`'s `#else`.
#pragma once

#include "parsers/TreeSitter.h"

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace sextant::parse {

/// Half-open byte range [first, second) of the source.
using InactiveRange = std::pair<uint32_t, uint32_t>;

/// True when `source` holds a directive alwaysInactiveRanges() can act on: a line whose first
/// token is `#if 0`, `#if 1`, `#elif 0` or `#elif 1` (blanks allowed around `#`). A text scan, so
/// that the tree walk is paid only by the files that need it (777 of the Linux tree's 55,504 files
/// hold an `#if 0`).
bool hasConstantCondition(std::string_view source);

/// The byte ranges of `root` (a tree-sitter-c or -cpp tree of `source`) that no configuration
/// compiles: from the condition of an `#if 0` / `#elif 0` to its `#elif`/`#else` (or `#endif`),
/// and the `#elif`/`#else` part of an `#if 1` / `#elif 1`. clangd marks these inactive and does
/// not index them; neither does Sextant. Sorted by start; nested ranges are kept. Conditions
/// other than the literals 0 and 1 (`CONFIG_X`, `defined(X)`) are not evaluated. Source:
/// tree-sitter-c `preproc_if` / `preproc_elif` (fields `condition`, `alternative`).
std::vector<InactiveRange> alwaysInactiveRanges(TSNode root, std::string_view source);

/// True when `byte` lies in one of `ranges` (as alwaysInactiveRanges() returns them).
bool insideAny(const std::vector<InactiveRange>& ranges, uint32_t byte);

} // namespace sextant::parse
