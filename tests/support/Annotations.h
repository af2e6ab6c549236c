// clangd-style annotated test sources: `^` marks points, `[[...]]` / `$name[[...]]` mark ranges.
#pragma once

#include <cctype>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sextant::test {

/// A position in the annotated code: byte offset, 0-based line, 0-based column in BYTES.
struct AnnotatedPoint {
  uint32_t offset = 0, line = 0, column = 0;
};

/// A half-open range [begin, end) in the annotated code.
struct AnnotatedRange {
  AnnotatedPoint begin, end;
};

/// Strips the markers from `text` and remembers where they were. Markers:
///   `^` or `$name^`          a point
///   `[[...]]` or `$name[[...]]` a range (may nest)
/// Names are [A-Za-z0-9_]+; the unnamed marker has the name "". Malformed markers throw
/// std::invalid_argument. The markers themselves can therefore not appear in the code.
class Annotations {
public:
  explicit Annotations(std::string_view text) {
    std::vector<std::pair<std::string, AnnotatedPoint>> open;
    AnnotatedPoint here;
    for (size_t i = 0; i < text.size();) {
      std::string name;
      size_t j = i;
      if (text[j] == '$') {
        ++j;
        while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) name += text[j++];
        if (j == text.size() || (text[j] != '^' && text.compare(j, 2, "[[") != 0))
          throw std::invalid_argument("'$" + name + "' must be followed by ^ or [[");
      }
      if (text[j] == '^') {
        points_[name].push_back(here);
        i = j + 1;
        continue;
      }
      if (text.compare(j, 2, "[[") == 0) {
        open.emplace_back(name, here);
        i = j + 2;
        continue;
      }
      if (text.compare(i, 2, "]]") == 0 && !open.empty()) {
        ranges_[open.back().first].push_back({open.back().second, here});
        open.pop_back();
        i += 2;
        continue;
      }
      code_ += text[i];
      ++here.offset;
      if (text[i] == '\n') ++here.line, here.column = 0;
      else ++here.column;
      ++i;
    }
    if (!open.empty()) throw std::invalid_argument("unterminated [[ in annotated code");
  }

  /// The code without markers.
  const std::string& code() const { return code_; }

  /// The only point named `name`; throws when there is not exactly one.
  AnnotatedPoint point(const std::string& name = "") const { return only(points_, name, "point"); }
  /// Every point named `name`, in order.
  std::vector<AnnotatedPoint> points(const std::string& name = "") const { return all(points_, name); }
  /// The only range named `name`; throws when there is not exactly one.
  AnnotatedRange range(const std::string& name = "") const { return only(ranges_, name, "range"); }
  /// Every range named `name`, in order of their closing `]]`.
  std::vector<AnnotatedRange> ranges(const std::string& name = "") const { return all(ranges_, name); }
  /// The names of every point, and of every range, in name order.
  std::vector<std::string> pointNames() const { return names(points_); }
  std::vector<std::string> rangeNames() const { return names(ranges_); }

private:
  template <typename T> static std::vector<std::string> names(const std::map<std::string, std::vector<T>>& m) {
    std::vector<std::string> out;
    for (const auto& [name, list] : m) out.push_back(name);
    return out;
  }
  template <typename T>
  static T only(const std::map<std::string, std::vector<T>>& m, const std::string& name, const char* what) {
    auto it = m.find(name);
    if (it == m.end() || it->second.size() != 1)
      throw std::invalid_argument(std::string("expected exactly one ") + what + " named '" + name + "'");
    return it->second.front();
  }
  template <typename T>
  static std::vector<T> all(const std::map<std::string, std::vector<T>>& m, const std::string& name) {
    auto it = m.find(name);
    return it == m.end() ? std::vector<T>{} : it->second;
  }

  std::string code_;
  std::map<std::string, std::vector<AnnotatedPoint>> points_;
  std::map<std::string, std::vector<AnnotatedRange>> ranges_;
};

} // namespace sextant::test
