// SourceMap: byte offsets of a text to 1-based line and column, and the text of a line.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "ecrlc/result.hpp"

namespace ecrlc {

// Lines longer than this are shown as a window of this many bytes around the column.
inline constexpr std::size_t k_max_excerpt_bytes = 120;

// The excerpt of a line of `line_length` bytes for the 1-based byte `column` (past the end:
// the end). `fragment` holds bytes [fragment_start, fragment_start + fragment.size()) of the
// line and must cover the window: the whole line when it has at most 120 bytes, else 64
// bytes before and 124 bytes after the column (less where the line ends). A reader that does
// not know where a long line ends may pass any line_length beyond the fragment.
SourceExcerpt excerpt_line(std::string_view fragment, std::size_t fragment_start,
                           std::size_t line_length, std::size_t column);
inline SourceExcerpt excerpt_line(std::string_view line, std::size_t column) {
  return excerpt_line(line, 0, line.size(), column);
}

struct LineColumn {
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based, in bytes
};

// Every input of the tool may start with a UTF-8 byte order mark (Windows editors write one):
// it is not part of line 1, so columns on line 1 count from the byte after it and the line's
// text leaves it out, as the inventory reader counts them.
class SourceMap {
 public:
  explicit SourceMap(std::string_view text);

  // Offsets past the end map to the position just after the last byte; offsets inside a
  // byte order mark map to line 1, column 1.
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
