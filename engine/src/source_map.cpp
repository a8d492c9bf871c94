// SourceMap: line starts of a text, found once.
#include "ecrlc/source_map.hpp"

#include <algorithm>

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

std::string_view SourceMap::line_text(std::size_t line) const {
  if (line == 0 || line > m_line_starts.size()) {
    return {};
  }
  std::size_t begin = m_line_starts[line - 1];
  std::size_t end = line < m_line_starts.size() ? m_line_starts[line] - 1 : m_text.size();
  std::string_view text = m_text.substr(begin, end - begin);
  if (!text.empty() && text.back() == '\r') {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace ecrlc
