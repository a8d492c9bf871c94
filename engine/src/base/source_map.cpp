// SourceMap: line starts of a text, found once.
#include "ecrlc/source_map.hpp"

#include <algorithm>
#include <cstring>

namespace ecrlc {

namespace {

// The bytes of a leading byte order mark: 3 or 0.
std::size_t bom_length(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

}  // namespace

SourceMap::SourceMap(std::string_view text) : m_text(text) {
  m_line_starts.push_back(bom_length(text));
  for (std::size_t i = m_line_starts.front(); i < text.size(); ++i) {
    if (text[i] == '\n') {
      m_line_starts.push_back(i + 1);
    }
  }
}

LineColumn SourceMap::locate(std::size_t offset) const {
  offset = std::clamp(offset, m_line_starts.front(), m_text.size());
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
  std::size_t begin = bom_length(text);
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

SourceExcerpt excerpt_line(std::string_view fragment, std::size_t fragment_start,
                           std::size_t line_length, std::size_t column) {
  const std::size_t caret = std::min(column > 0 ? column - 1 : 0, line_length);
  std::size_t begin = 0;
  std::size_t end = line_length;
  const std::size_t fragment_end = fragment_start + fragment.size();
  auto continuation = [&](std::size_t i) {
    return i >= fragment_start && i < fragment_end &&
           (static_cast<unsigned char>(fragment[i - fragment_start]) & 0xC0) == 0x80;
  };
  if (line_length > k_max_excerpt_bytes) {
    begin = caret > k_max_excerpt_bytes / 2 ? caret - k_max_excerpt_bytes / 2 : 0;
    end = std::min(line_length, begin + k_max_excerpt_bytes);
    // Do not cut a UTF-8 sequence in half.
    while (begin > 0 && continuation(begin)) {
      --begin;
    }
    while (end < line_length && continuation(end)) {
      ++end;
    }
  }
  // A fragment smaller than the contract asks for shows what it has.
  const std::size_t shown_begin = std::max(begin, fragment_start);
  const std::size_t shown_end = std::max(shown_begin, std::min(end, fragment_end));
  SourceExcerpt excerpt;
  excerpt.text =
      std::string(fragment.substr(shown_begin - fragment_start, shown_end - shown_begin));
  excerpt.caret = std::min(caret, shown_end) - std::min(caret, shown_begin);
  excerpt.cut_before = shown_begin > 0;
  excerpt.cut_after = shown_end < line_length;
  return excerpt;
}

}  // namespace ecrlc
