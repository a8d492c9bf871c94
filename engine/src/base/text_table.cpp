// TextTable: aligned text columns for people.
#include "base/text_table.hpp"

#include <algorithm>
#include <utility>

#include "base/text.hpp"

namespace ecrlc::detail {

TextTable::Cell::Cell(std::string text) : m_text(std::move(text)) {}
TextTable::Cell::Cell(std::string_view text) : m_text(text) {}
TextTable::Cell::Cell(const char* text) : m_text(text) {}
TextTable::Cell::Cell(std::uint64_t number) : m_text(std::to_string(number)), m_right(true) {}

TextTable::Cell& TextTable::Cell::left_align() {
  m_right = false;
  return *this;
}

TextTable::Cell& TextTable::Cell::right_align() {
  m_right = true;
  return *this;
}

void TextTable::add_row(std::vector<Cell> cells) { m_rows.push_back(std::move(cells)); }

std::size_t TextTable::width_of(std::string_view text) const {
  return m_width == Width::bytes ? text.size() : code_points(text);
}

void TextTable::render(std::string& out) const {
  std::vector<std::size_t> widths;
  for (const auto& row : m_rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], width_of(row[c].m_text));
    }
  }
  for (const auto& row : m_rows) {
    const std::size_t line_start = out.size();
    for (std::size_t c = 0; c < row.size(); ++c) {
      const Cell& cell = row[c];
      if (c != 0) {
        out.append("  ");
      }
      const std::size_t fill = widths[c] - width_of(cell.m_text);
      if (cell.m_right) {
        out.append(fill, ' ');
      }
      out.append(cell.m_text);
      if (!cell.m_right && c + 1 != row.size()) {
        out.append(fill, ' ');
      }
    }
    while (out.size() > line_start && out.back() == ' ') {
      out.pop_back();
    }
    out += '\n';
  }
}

std::string TextTable::render() const {
  std::string out;
  render(out);
  return out;
}

}  // namespace ecrlc::detail
