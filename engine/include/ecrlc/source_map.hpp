// SourceMap: byte offsets of a text to 1-based line and column, and the text of a line.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace ecrlc {

struct LineColumn {
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based, in bytes
};

class SourceMap {
 public:
  explicit SourceMap(std::string_view text);

  // Offsets past the end map to the position just after the last byte.
  LineColumn locate(std::size_t offset) const;
  // The text of a 1-based line without its line terminator; empty when out of range.
  std::string_view line_text(std::size_t line) const;
  // The same for a single lookup, without building the map (a diagnostic on a huge file).
  static std::string_view line_text(std::string_view text, std::size_t line);

 private:
  std::string_view m_text;
  std::vector<std::size_t> m_line_starts;
};

}  // namespace ecrlc
