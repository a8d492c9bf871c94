// TextTable: aligned text columns for people (ccache's util/texttable.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ecrlc::detail {

// Columns two spaces apart; each column as wide as its widest cell. Left-aligned cells are
// padded on the right (except the last cell of a row), right-aligned ones on the left; no
// line ends with a space. Rows may have fewer cells than others.
class TextTable {
 public:
  // How the width of a cell is measured: in code points (so that '→' and '…' count as one
  // column) or in bytes (what the plan and diff tables have always used).
  enum class Width { code_points, bytes };

  class Cell {
   public:
    Cell(std::string text);       // NOLINT(google-explicit-constructor)
    Cell(std::string_view text);  // NOLINT(google-explicit-constructor)
    Cell(const char* text);       // NOLINT(google-explicit-constructor)
    // A number, right-aligned.
    Cell(std::uint64_t number);  // NOLINT(google-explicit-constructor)

    Cell& left_align();
    Cell& right_align();

   private:
    friend class TextTable;
    std::string m_text;
    bool m_right = false;
  };

  explicit TextTable(Width width = Width::code_points) : m_width(width) {}

  void add_row(std::vector<Cell> cells);
  bool empty() const { return m_rows.empty(); }

  // Appends the table, one line per row, each ending with '\n'. An empty table adds nothing.
  void render(std::string& out) const;
  std::string render() const;

 private:
  std::size_t width_of(std::string_view text) const;

  Width m_width;
  std::vector<std::vector<Cell>> m_rows;
};

}  // namespace ecrlc::detail
