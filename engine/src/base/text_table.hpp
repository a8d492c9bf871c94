// TextTable: aligned text columns for people (ccache's util/texttable.hpp), fitted to a width.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ecrlc::detail {

// How a column gives way when a table is wider than its limit: a `droppable` column is left
// out first; a column with `min` > 0 may be narrowed down to `min` columns (its longer cells
// end with "…"), those of a lower `rank` before those of a higher one (the column a reader
// needs most has the highest). Columns give nothing by default.
struct ColumnFit {
  std::size_t min = 0;
  bool droppable = false;
  unsigned rank = 0;
};

// The columns of a table after fitting: each one's width, and whether it is shown.
struct FittedColumns {
  std::vector<std::size_t> widths;
  std::vector<bool> shown;
};

// Fits columns of `natural` widths, `separator` columns apart, into `limit` columns (0: no
// limit). Droppable columns go first, left to right, while the table would be too wide with
// every narrowable column below the highest rank at its minimum; then the
// narrowable columns of the lowest rank give, the widest first, so that their widths stay as
// even as they can be; then those of the next rank. A table whose fixed columns exceed
// `limit` stays wider.
FittedColumns fit_columns(std::span<const std::size_t> natural, std::span<const ColumnFit> fits,
                          std::size_t limit, std::size_t separator = 2);

// Cuts the text of `out` from `start` to `width` code points, the last of them "…", when it
// is longer (width 0 leaves nothing).
void elide_to_width(std::string& out, std::size_t start, std::size_t width);

// Columns two spaces apart; each column as wide as its widest cell. Left-aligned cells are
// padded on the right (except the last cell of a row), right-aligned ones on the left; no
// line ends with a space. Rows may have fewer cells than others. With a width limit
// (set_limit), columns are fitted (fit_columns) as their set_fit says.
class TextTable {
 public:
  // How the width of a cell is measured: in code points (so that '→' and '…' count as one
  // column) or in bytes (what the plan and diff tables have always used). A table with a
  // limit counts code points: the limit is a terminal's columns.
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

  // Lines of at most `columns` columns (0, the default: no limit), as far as the columns'
  // fits allow.
  void set_limit(std::size_t columns) { m_limit = columns; }
  void set_fit(std::size_t column, ColumnFit fit);

  // Appends the table, one line per row, each ending with '\n'. An empty table adds nothing.
  void render(std::string& out) const;
  std::string render() const;

 private:
  std::size_t width_of(std::string_view text) const;

  Width m_width;
  std::size_t m_limit = 0;
  std::vector<ColumnFit> m_fits;
  std::vector<std::vector<Cell>> m_rows;
};

}  // namespace ecrlc::detail
