// Doc comments and visibility: a look-behind over the source bytes from a definition's start and
// a few checks of its ancestors, no second parse. Runs once per kept definition, so node types
// are compared by name (a handful of short strings), not through resolved symbol tables.
#include "parsers/Attributes.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace sextant::parse {
namespace {

constexpr size_t npos = std::string_view::npos;

bool isType(TSNode node, const char* type) { return std::strcmp(ts_node_type(node), type) == 0; }

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
  return s;
}

size_t lineStartOf(std::string_view source, size_t pos) {
  while (pos > 0 && source[pos - 1] != '\n') --pos;
  return pos;
}

// Calls `visit(child)` for the children of `node` starting before byte `before`, in order, until it
// returns true; returns that child, else a null node. A tree cursor keeps this linear (indexed
// child access is not O(1) in tree-sitter, and declarator lists or class bodies can be long).
template <typename Visit> TSNode findChild(TSNode node, uint32_t before, Visit visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  TSNode found{};
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      TSNode child = ts_tree_cursor_current_node(&cursor);
      if (ts_node_start_byte(child) >= before) break;
      if (ts_node_is_named(child) && visit(child)) {
        found = child;
        break;
      }
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

constexpr uint32_t kEnd = UINT32_MAX;

bool sameLine(TSNode a, TSNode b) { return ts_node_start_point(a).row == ts_node_start_point(b).row; }

bool cFamily(Language l) { return l == Language::C || l == Language::Cpp; }
bool ecmaScript(Language l) { return l == Language::JavaScript || l == Language::TypeScript || l == Language::Tsx; }

// Cuts `text` to kMaxDocBytes at a UTF-8 character boundary.
void bound(std::string& text) {
  if (text.size() <= kMaxDocBytes) return;
  size_t cut = kMaxDocBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
}

// Joins lines, dropping blank lines at both ends, trailing blanks, and the common indentation of
// the lines from `dedentFrom` on (the others are stripped on the left).
std::string joinLines(std::vector<std::string_view>& lines, size_t dedentFrom) {
  for (size_t i = 0; i < lines.size(); ++i) {
    while (!lines[i].empty() && isBlank(lines[i].back())) lines[i].remove_suffix(1);
    if (i < dedentFrom) lines[i] = trim(lines[i]);
  }
  size_t margin = npos;
  for (size_t i = dedentFrom; i < lines.size(); ++i)
    if (!lines[i].empty()) margin = std::min(margin, lines[i].find_first_not_of(" \t"));
  if (margin != npos)
    for (size_t i = dedentFrom; i < lines.size(); ++i) lines[i].remove_prefix(std::min(margin, lines[i].size()));
  size_t first = 0, last = lines.size();
  while (first < last && lines[first].empty()) ++first;
  while (last > first && lines[last - 1].empty()) --last;
  std::string out;
  for (size_t i = first; i < last; ++i) {
    if (i > first) out.push_back('\n');
    out.append(lines[i]);
    if (out.size() > kMaxDocBytes) break;
  }
  bound(out);
  return out;
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == npos ? npos : nl - start));
    if (nl == npos) break;
    start = nl + 1;
  }
  return lines;
}

// `/** text */` (or `/*`, `/*!`, `/**<`) -> the text: markers and leading ` * ` stripped.
std::string blockCommentText(std::string_view comment) {
  comment.remove_prefix(2);
  if (!comment.empty() && (comment.front() == '*' || comment.front() == '!')) comment.remove_prefix(1);
  if (!comment.empty() && comment.front() == '<') comment.remove_prefix(1);
  if (comment.ends_with("*/")) comment.remove_suffix(2);
  std::vector<std::string_view> lines = splitLines(comment.substr(0, std::min(comment.size(), 4 * kMaxDocBytes)));
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view t = trim(lines[i]);
    if (t.starts_with('*')) {
      t.remove_prefix(1);
      lines[i] = t;
    } else if (t.empty()) {
      lines[i] = {};
    }
  }
  return joinLines(lines, 1);
}

// `/// text` lines (or `//`, `//!`, `///<`) -> the text.
std::string lineCommentsText(std::vector<std::string_view>& lines) {
  for (auto& line : lines) {
    line.remove_prefix(2);
    if (!line.empty() && (line.front() == '/' || line.front() == '!')) line.remove_prefix(1);
    if (!line.empty() && line.front() == '<') line.remove_prefix(1);
  }
  return joinLines(lines, 0);
}

// Whether a `//` line above a definition documents it in `language`.
bool lineCommentDocuments(Language language, std::string_view line) {
  if (line.starts_with("///<") || line.starts_with("//!<")) return false; // trails the previous member
  switch (language) {
  case Language::C:
  case Language::Cpp:
  case Language::Go: return true;
  case Language::Rust: return line.starts_with("///") && !line.starts_with("////");
  default: return false;
  }
}

// Whether a `/* … */` comment (its opening given) above a definition documents it.
bool blockCommentDocuments(Language language, std::string_view opening) {
  if (opening.starts_with("/**<") || opening.starts_with("/*!<")) return false;
  switch (language) {
  case Language::C:
  case Language::Cpp:
  case Language::Go: return true;
  default: return opening.starts_with("/**") && !opening.starts_with("/**/") && !opening.starts_with("/***");
  }
}

// Lines between a doc comment and its definition: annotations, decorators, attributes.
bool attributeLine(Language language, std::string_view line) {
  if (language == Language::Rust) return line.starts_with("#[");
  if (language == Language::Java || ecmaScript(language)) return line.starts_with('@');
  return false;
}

std::string commentAbove(Language language, std::string_view source, size_t anchor) {
  anchor = std::min(anchor, source.size());
  size_t cur = lineStartOf(source, anchor);
  std::string_view before = trim(source.substr(cur, anchor - cur));
  // Only blanks (or a decorator) before the definition on its line, or a block comment ending there.
  if (!before.empty() && !before.ends_with("*/") && !attributeLine(language, before)) return {};
  size_t blockEnd = before.ends_with("*/") ? cur + (before.data() - (source.data() + cur)) + before.size() : npos;
  std::vector<std::string_view> lines; // line comments, last first
  size_t bytes = 0;
  while (blockEnd == npos && cur > 0 && bytes <= kMaxDocBytes) {
    const size_t end = cur - 1; // the '\n' ending the previous line
    const size_t start = lineStartOf(source, end);
    const std::string_view line = trim(source.substr(start, end - start));
    cur = start;
    if (line.empty()) break;
    if (line.starts_with("//")) {
      if (!lineCommentDocuments(language, line)) break;
      // Go directives (`//go:generate`, `//line`) sit in doc blocks but are not text (as gopls).
      if (language == Language::Go && (line.starts_with("//go:") || line.starts_with("//line "))) continue;
      lines.push_back(line);
      bytes += line.size();
      continue;
    }
    if (!lines.empty()) break;
    if (line.ends_with("*/")) {
      blockEnd = static_cast<size_t>(line.data() - source.data()) + line.size();
      break;
    }
    if (!attributeLine(language, line)) break;
  }
  if (blockEnd != npos) {
    const size_t open = source.rfind("/*", blockEnd - 2);
    if (open == npos || !blockCommentDocuments(language, source.substr(open, 4))) return {};
    return blockCommentText(source.substr(open, blockEnd - open));
  }
  std::reverse(lines.begin(), lines.end());
  return lineCommentsText(lines);
}

// C/C++ `int x; ///< text` (or `//!<`, `/**<`, `/*!<`): the rest of the definition's last line.
std::string trailingComment(std::string_view source, size_t end) {
  size_t i = std::min(end, source.size());
  while (i < source.size() && (isBlank(source[i]) || source[i] == ',' || source[i] == ';')) ++i;
  std::string_view rest = source.substr(i);
  if (rest.starts_with("///<") || rest.starts_with("//!<")) {
    std::vector<std::string_view> lines{rest.substr(0, std::min(rest.find('\n'), kMaxDocBytes))};
    return lineCommentsText(lines);
  }
  if (rest.starts_with("/**<") || rest.starts_with("/*!<")) {
    size_t close = rest.find("*/");
    if (close == npos) return {};
    return blockCommentText(rest.substr(0, close + 2));
  }
  return {};
}

// Rust `mod m { //! text … }`: the inner doc lines at the top of the module's body.
std::string rustInnerDoc(std::string_view source, TSNode construct) {
  TSNode body = ts_node_child_by_field_name(construct, "body", 4);
  if (ts_node_is_null(body)) return {};
  size_t cur = ts_node_start_byte(body) + 1, end = std::min<size_t>(ts_node_end_byte(body), source.size());
  std::vector<std::string_view> lines;
  size_t bytes = 0;
  while (cur < end && bytes <= kMaxDocBytes) {
    size_t nl = source.find('\n', cur);
    if (nl == npos || nl > end) nl = end;
    std::string_view line = trim(source.substr(cur, nl - cur));
    cur = nl + 1;
    if (line.empty() && lines.empty()) continue;
    if (!line.starts_with("//!")) break;
    lines.push_back(line);
    bytes += line.size();
  }
  return lineCommentsText(lines);
}

// Python: the string literal that is the first statement of a def/class body.
std::string pythonDocOf(std::string_view source, TSNode construct) {
  if (isType(construct, "decorated_definition")) construct = ts_node_child_by_field_name(construct, "definition", 10);
  if (ts_node_is_null(construct)) return {};
  TSNode body = ts_node_child_by_field_name(construct, "body", 4);
  if (ts_node_is_null(body)) return {};
  const uint32_t count = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode statement = ts_node_named_child(body, i);
    if (isType(statement, "comment")) continue;
    if (!isType(statement, "expression_statement") || ts_node_named_child_count(statement) != 1) return {};
    TSNode literal = ts_node_named_child(statement, 0);
    if (!isType(literal, "string")) return {};
    return pythonDocstring(ts::nodeText(source, literal));
  }
  return {};
}

} // namespace

std::string pythonDocstring(std::string_view literal) {
  size_t prefix = 0;
  while (prefix < literal.size() && std::strchr("rRuUbBfF", literal[prefix]) && literal[prefix] != '\0') {
    if (std::strchr("bBfF", literal[prefix])) return {};
    ++prefix;
  }
  literal.remove_prefix(prefix);
  for (std::string_view quote : {"\"\"\"", "'''", "\"", "'"}) {
    if (!literal.starts_with(quote)) continue;
    literal.remove_prefix(quote.size());
    if (literal.ends_with(quote)) literal.remove_suffix(quote.size());
    std::string expanded; // inspect.cleandoc expands tabs (to 8 columns) first
    if (literal.find('\t') != npos) {
      size_t column = 0;
      for (char c : literal) {
        if (c == '\t') {
          expanded.append(8 - column % 8, ' ');
          column += 8 - column % 8;
        } else {
          expanded.push_back(c);
          column = c == '\n' ? 0 : column + 1;
        }
      }
      literal = expanded;
    }
    std::vector<std::string_view> lines = splitLines(literal.substr(0, std::min(literal.size(), 4 * kMaxDocBytes)));
    return joinLines(lines, 1);
  }
  return {};
}

uint32_t docAnchor(Language language, TSNode construct, std::span<const TSNode> above) {
  TSNode top = construct;
  for (size_t i = above.size(); i > 0; --i) {
    TSNode parent = above[i - 1];
    bool wraps = false;
    if (cFamily(language))
      wraps = isType(parent, "template_declaration") || isType(parent, "linkage_specification") ||
              isType(parent, "declaration") || isType(parent, "field_declaration") ||
              isType(parent, "type_definition") || (isType(parent, "init_declarator"));
    else if (language == Language::Go)
      wraps = (isType(parent, "type_declaration") || isType(parent, "const_declaration") ||
               isType(parent, "var_declaration")) && sameLine(parent, top);
    else if (ecmaScript(language))
      wraps = isType(parent, "export_statement") || isType(parent, "ambient_declaration") ||
              ((isType(parent, "lexical_declaration") || isType(parent, "variable_declaration")) && sameLine(parent, top));
    else if (language == Language::Java)
      wraps = isType(parent, "field_declaration") && sameLine(parent, top); // a declarator of a field list
    if (!wraps) break;
    top = parent;
  }
  return ts_node_start_byte(top);
}

std::string docComment(Language language, std::string_view source, uint32_t anchor, TSNode construct, SymbolKind kind) {
  if (language == Language::Python)
    return kind == SymbolKind::Function || kind == SymbolKind::Method || kind == SymbolKind::Constructor ||
                   kind == SymbolKind::Class
               ? pythonDocOf(source, construct)
               : std::string();
  std::string doc = commentAbove(language, source, anchor);
  if (doc.empty() && cFamily(language)) doc = trailingComment(source, ts_node_end_byte(construct));
  if (doc.empty() && language == Language::Rust && kind == SymbolKind::Module) doc = rustInnerDoc(source, construct);
  return doc;
}

bool isModuleFile(TSNode root) {
  return !ts_node_is_null(findChild(root, kEnd, [](TSNode child) {
    return isType(child, "import_statement") || isType(child, "export_statement");
  }));
}

namespace {

bool insideAny(std::span<const TSNode> above, std::initializer_list<const char*> types) {
  for (const TSNode& n : above)
    for (const char* t : types)
      if (isType(n, t)) return true;
  return false;
}

Visibility keyword(std::string_view text) {
  if (text == "public") return Visibility::Public;
  if (text == "protected") return Visibility::Protected;
  if (text == "private") return Visibility::Private;
  return Visibility::Unknown;
}

// The access specifier in effect at `at` inside the C++ class body `list`.
Visibility cppMemberAccess(std::string_view source, TSNode list, TSNode owner, uint32_t at, AccessSpecifiers& memo) {
  auto [it, inserted] = memo.try_emplace(ts_node_start_byte(list));
  if (inserted)
    findChild(list, kEnd, [&, &specifiers = it->second](TSNode child) {
      if (!isType(child, "access_specifier")) return false;
      std::string_view text = trim(ts::nodeText(source, child));
      if (text.ends_with(':')) text = trim(text.substr(0, text.size() - 1));
      specifiers.emplace_back(ts_node_start_byte(child), keyword(text));
      return false;
    });
  const auto& specifiers = it->second;
  auto after = std::upper_bound(specifiers.begin(), specifiers.end(), at,
                                [](uint32_t pos, const auto& s) { return pos < s.first; });
  if (after != specifiers.begin() && std::prev(after)->second != Visibility::Unknown) return std::prev(after)->second;
  return isType(owner, "class_specifier") ? Visibility::Private : Visibility::Public;
}

// Specifiers and modifiers precede the name: only the children before it are read.
TSNode modifierChild(TSNode construct, TSNode leaf, const char* type) {
  return findChild(construct, ts_node_start_byte(leaf), [type](TSNode child) { return isType(child, type); });
}

bool hasStaticSpecifier(std::string_view source, TSNode node, TSNode leaf) {
  return !ts_node_is_null(findChild(node, ts_node_start_byte(leaf), [source](TSNode child) {
    return isType(child, "storage_class_specifier") && ts::nodeText(source, child) == "static";
  }));
}

Visibility cFamilyVisibility(std::string_view source, TSNode construct, TSNode leaf, std::span<const TSNode> above, SymbolKind kind,
                             bool local, AccessSpecifiers& access) {
  if (local || insideAny(above, {"function_definition", "lambda_expression", "parameter_list"})) return Visibility::Unknown;
  const char* type = ts_node_type(construct);
  if (std::strncmp(type, "preproc_", 8) == 0) return Visibility::Unknown; // macros
  size_t i = above.size();
  TSNode top = construct;
  // Through templates, a field declaration around a nested type, and `#if` blocks in a class body
  // (the access specifiers read are those directly in the body: one inside an `#if` is missed).
  while (i > 0 && (isType(above[i - 1], "template_declaration") ||
                   (isType(above[i - 1], "field_declaration") && !isType(top, "field_declaration")) ||
                   std::strncmp(ts_node_type(above[i - 1]), "preproc_", 8) == 0))
    top = above[--i];
  if (i >= 2 && isType(above[i - 1], "field_declaration_list"))
    return kind == SymbolKind::EnumMember ? Visibility::Unknown
                                          : cppMemberAccess(source, above[i - 1], above[i - 2], ts_node_start_byte(top), access);
  if (kind != SymbolKind::Function && kind != SymbolKind::Variable && kind != SymbolKind::Constant &&
      kind != SymbolKind::Method)
    return Visibility::Unknown;
  if (kind == SymbolKind::Method) return Visibility::Unknown; // out of line: the class says
  for (const TSNode& n : above) // an anonymous namespace gives internal linkage
    if (isType(n, "namespace_definition") && ts_node_is_null(ts_node_child_by_field_name(n, "name", 4)))
      return Visibility::Private;
  return hasStaticSpecifier(source, construct, leaf) ? Visibility::Private : Visibility::Public;
}

Visibility javaVisibility(TSNode construct, TSNode leaf, std::span<const TSNode> above, SymbolKind kind,
                          bool local) {
  if (local || kind == SymbolKind::Package) return Visibility::Unknown;
  if (isType(construct, "formal_parameter")) return Visibility::Private; // a record component's field
  if (insideAny(above, {"method_declaration", "constructor_declaration", "lambda_expression", "block"}))
    return Visibility::Unknown;
  if (TSNode modifiers = modifierChild(construct, leaf, "modifiers"); !ts_node_is_null(modifiers)) {
    const uint32_t n = ts_node_child_count(modifiers); // a few keywords and annotations
    for (uint32_t j = 0; j < n; ++j)
      if (Visibility v = keyword(ts_node_type(ts_node_child(modifiers, j))); v != Visibility::Unknown) return v;
  }
  if (kind == SymbolKind::EnumMember) return Visibility::Public;
  if (!above.empty() && (isType(above.back(), "interface_body") || isType(above.back(), "annotation_type_body")))
    return Visibility::Public;
  return Visibility::Package;
}

Visibility rustVisibility(std::string_view source, TSNode construct, TSNode leaf, std::span<const TSNode> above, SymbolKind kind,
                          bool local) {
  if (local || isType(construct, "macro_definition") || insideAny(above, {"function_item", "closure_expression"}))
    return Visibility::Unknown;
  if (TSNode modifier = modifierChild(construct, leaf, "visibility_modifier"); !ts_node_is_null(modifier)) {
    std::string written;
    for (char c : ts::nodeText(source, modifier))
      if (!isBlank(c) && c != '\n') written.push_back(c);
    if (written == "pub") return Visibility::Public;
    if (written == "pub(self)") return Visibility::Private;
    return Visibility::Package; // pub(crate), pub(super), pub(in path), `crate`
  }
  if (kind == SymbolKind::EnumMember) return Visibility::Public;
  // Trait items, and the members of a trait impl, are as visible as the trait.
  for (size_t i = above.size(); i > 0; --i) {
    const TSNode n = above[i - 1];
    if (isType(n, "trait_item")) return Visibility::Public;
    if (isType(n, "impl_item"))
      return ts_node_is_null(ts_node_child_by_field_name(n, "trait", 5)) ? Visibility::Private : Visibility::Public;
    if (isType(n, "mod_item")) break;
  }
  return Visibility::Private;
}

// Go exports names starting with a Unicode upper-case letter (class Lu); this reads ASCII, Latin-1,
// Greek and Cyrillic capitals and takes every other letter as lower-case.
bool goExported(std::string_view name) {
  if (name.empty()) return false;
  const auto c = static_cast<unsigned char>(name[0]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0 && name.size() >= 2) cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(name[1]) & 0x3Fu);
  return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x400 && cp <= 0x42F);
}

Visibility pythonVisibility(std::string_view name, std::span<const TSNode> above, bool local) {
  if (local || insideAny(above, {"function_definition", "lambda"})) return Visibility::Unknown;
  if (name.size() > 4 && name.starts_with("__") && name.ends_with("__")) return Visibility::Public;
  return name.starts_with('_') ? Visibility::Private : Visibility::Public;
}

Visibility ecmaVisibility(std::string_view source, TSNode construct, TSNode leaf, std::span<const TSNode> above,
                          SymbolKind kind, bool moduleFile) {
  if (TSNode modifier = modifierChild(construct, leaf, "accessibility_modifier"); !ts_node_is_null(modifier))
    return keyword(trim(ts::nodeText(source, modifier)));
  if (isType(leaf, "private_property_identifier")) return Visibility::Private;
  bool exported = isType(construct, "export_statement");
  size_t i = above.size();
  while (i > 0) {
    TSNode parent = above[i - 1];
    if (isType(parent, "export_statement")) exported = true;
    else if (!isType(parent, "lexical_declaration") && !isType(parent, "variable_declaration") &&
             !isType(parent, "ambient_declaration"))
      break;
    --i;
  }
  if (i == 0) return exported ? Visibility::Exported : Visibility::Unknown;
  TSNode parent = above[i - 1];
  if (isType(parent, "class_body") || isType(parent, "interface_body") || isType(parent, "object_type") ||
      isType(parent, "enum_body"))
    return Visibility::Public;
  (void)kind;
  const bool topLevel = isType(parent, "program") ||
                        (isType(parent, "statement_block") && i >= 2 &&
                         (isType(above[i - 2], "internal_module") || isType(above[i - 2], "module")));
  if (!topLevel) return Visibility::Unknown;
  if (exported) return Visibility::Exported;
  return moduleFile || !isType(parent, "program") ? Visibility::Private : Visibility::Unknown;
}

} // namespace

Visibility visibilityOf(Language language, std::string_view source, TSNode construct, TSNode leaf,
                        std::span<const TSNode> above, SymbolKind kind, bool local, bool moduleFile,
                        AccessSpecifiers& access) {
  switch (language) {
  case Language::C:
  case Language::Cpp: return cFamilyVisibility(source, construct, leaf, above, kind, local, access);
  case Language::Java: return javaVisibility(construct, leaf, above, kind, local);
  case Language::Rust: return rustVisibility(source, construct, leaf, above, kind, local);
  case Language::Go:
    if (local || kind == SymbolKind::Package || kind == SymbolKind::TypeParameter) return Visibility::Unknown;
    return goExported(ts::nodeText(source, leaf)) ? Visibility::Exported : Visibility::Package;
  case Language::Python: return pythonVisibility(ts::nodeText(source, leaf), above, local);
  case Language::JavaScript:
  case Language::TypeScript:
  case Language::Tsx: return ecmaVisibility(source, construct, leaf, above, kind, moduleFile);
  }
  return Visibility::Unknown;
}

} // namespace sextant::parse
