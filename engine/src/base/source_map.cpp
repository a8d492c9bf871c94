// SourceMap: line starts of a text, found once.
#include "ecrlc/source_map.hpp"

#include <algorithm>
#include <cstring>

namespace ecrlc {

SourceMap::SourceMap(std::string_view text) : m_text(text) {
  m_line_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      m_line_starts.push_back(i + 1);
    }
  }
}

LineColumn SourceMap::locate(std::size_t offset) const {
  offset = std::min(offset, m_text.size());
  auto next = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  std::size_t line_index = static_cast<std::size_t>(next - m_line_starts.begin()) - 1;
  return {line_index + 1, offset - m_line_starts[line_index] + 1};
}

namespace {

std::string_view without_carriage_return(std::string_view line) {
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

std::string_view SourceMap::line_text(std::size_t line) const {
  if (line == 0 || line > m_line_starts.size()) {
    return {};
  }
  std::size_t begin = m_line_starts[line - 1];
  std::size_t end = line < m_line_starts.size() ? m_line_starts[line] - 1 : m_text.size();
  return without_carriage_return(m_text.substr(begin, end - begin));
}

std::string_view SourceMap::line_text(std::string_view text, std::size_t line) {
  if (line == 0) {
    return {};
  }
  std::size_t begin = 0;
  for (std::size_t n = 1; n < line; ++n) {
    const void* newline = std::memchr(text.data() + begin, '\n', text.size() - begin);
    if (newline == nullptr) {
      return {};
    }
    begin = static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) + 1;
  }
  std::size_t end = text.find('\n', begin);
  return without_carriage_return(
      text.substr(begin, end == std::string_view::npos ? end : end - begin));
}

}  // namespace ecrlc
