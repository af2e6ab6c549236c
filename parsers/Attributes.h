// Doc comments and visibility of definitions (Definition::doc, Definition::visibility); internal to parsers/.
#pragma once

#include "parsers/Extraction.h"
#include "parsers/TreeSitter.h"

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sextant::parse {

/// Per-file memo of the C++ access specifiers of each class body (keyed by the body's start
/// byte): (start byte of the specifier, its visibility), in order. Owned by one extraction.
using AccessSpecifiers = std::unordered_map<uint32_t, std::vector<std::pair<uint32_t, Visibility>>>;

/// The byte the doc comment of `construct` is looked for above: the start of the outermost node
/// that only wraps it (C++ `template<…>`, `extern "C"`, a declaration around a declarator, JS/TS
/// `export`, Go `type`/`const`/`var` on the same line), else the construct's own start.
/// `above`: the construct's ancestors, root first, its parent last.
uint32_t docAnchor(Language language, TSNode construct, std::span<const TSNode> above);

/// The doc comment of a definition as plain text (Definition::doc): found by looking back over
/// `source` from `anchor` (see docAnchor), or from the construct for Python docstrings, Rust
/// inner `//!` docs of a module and C/C++ trailing `///<` comments. At most kMaxDocBytes. No
/// allocation when there is none.
std::string docComment(Language language, std::string_view source, uint32_t anchor, TSNode construct, SymbolKind kind);

/// The visibility of a definition (the rules of each language are in Extraction.h, Visibility).
/// `above`: the construct's ancestors, root first, its parent last. `leaf`: the name node.
/// `parameter`/`local`: the definition only serves resolution. `moduleFile` (JS/TS): the file
/// has a top-level import or export. `access` memoises C++ class bodies.
Visibility visibilityOf(Language language, std::string_view source, TSNode construct, TSNode leaf,
                        std::span<const TSNode> above, SymbolKind kind, bool local, bool moduleFile,
                        AccessSpecifiers& access);

/// JS/TS: the file is an ES module (a top-level `import` or `export` statement).
bool isModuleFile(TSNode root);

/// The docstring in the text of a Python string literal (`"""…"""`, `r'…'`), cleaned as
/// `inspect.cleandoc` does (first line stripped, the others dedented by their common
/// indentation, blank lines at both ends dropped). Escapes are left as written. Empty for byte
/// and f-strings.
std::string pythonDocstring(std::string_view literal);

} // namespace sextant::parse
