// file:// URIs <-> filesystem paths (RFC 8089, RFC 3986 percent-encoding).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::lsp {

/// The absolute path of a `file://` URI (`file:///a/b%20c.py` -> `/a/b c.py`); nullopt for other
/// schemes, a non-empty authority other than `localhost`, or malformed percent-escapes.
std::optional<std::filesystem::path> pathFromUri(std::string_view uri);

/// `file://` URI of an absolute path; bytes outside RFC 3986's unreserved set and '/' are
/// percent-encoded (so `c++` becomes `c%2B%2B`, as VS Code writes it).
std::string uriFromPath(const std::filesystem::path& path);

} // namespace sextant::lsp
