// TextTable: aligned text columns for people, fitted to a width.
#include "base/text_table.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "base/text.hpp"

namespace ecrlc::detail {
namespace {

constexpr std::string_view k_ellipsis = "\u2026";

std::size_t line_width(const FittedColumns& fitted, std::span<const std::size_t> widths,
                       std::size_t separator) {
  std::size_t total = 0;
  std::size_t shown = 0;
  for (std::size_t c = 0; c < widths.size(); ++c) {
    if (fitted.shown[c]) {
      total += widths[c];
      ++shown;
    }
  }
  return total + (shown > 1 ? separator * (shown - 1) : 0);
}

bool narrowable(const FittedColumns& fitted, std::span<const ColumnFit> fits, std::size_t c) {
  return fitted.shown[c] && c < fits.size() && fits[c].min > 0 && fitted.widths[c] > fits[c].min;
}

}  // namespace

FittedColumns fit_columns(std::span<const std::size_t> natural, std::span<const ColumnFit> fits,
                          std::size_t limit, std::size_t separator) {
  FittedColumns fitted{std::vector<std::size_t>(natural.begin(), natural.end()),
                       std::vector<bool>(natural.size(), true)};
  if (limit == 0 || line_width(fitted, natural, separator) <= limit) {
    return fitted;
  }
  // Dropping goes before cutting the columns of the highest rank (what a reader needs most).
  unsigned top = 0;
  for (const ColumnFit& fit : fits) {
    top = std::max(top, fit.min > 0 ? fit.rank : 0U);
  }
  std::vector<std::size_t> cut(natural.begin(), natural.end());
  for (std::size_t c = 0; c < cut.size() && c < fits.size(); ++c) {
    if (fits[c].min > 0 && fits[c].rank < top) {
      cut[c] = std::min(cut[c], fits[c].min);
    }
  }
  for (std::size_t c = 0; c < natural.size() && c < fits.size(); ++c) {
    if (line_width(fitted, cut, separator) <= limit) {
      break;
    }
    if (fits[c].droppable) {
      fitted.shown[c] = false;
    }
  }
  std::size_t total = line_width(fitted, fitted.widths, separator);
  while (total > limit) {
    // Among the narrowable columns of the lowest rank, the widest goes down to the next
    // widest (or as far as needed).
    unsigned rank = std::numeric_limits<unsigned>::max();
    for (std::size_t c = 0; c < natural.size(); ++c) {
      if (narrowable(fitted, fits, c)) {
        rank = std::min(rank, fits[c].rank);
      }
    }
    std::size_t widest = natural.size();
    std::size_t next = 0;
    for (std::size_t c = 0; c < natural.size(); ++c) {
      if (!narrowable(fitted, fits, c) || fits[c].rank != rank) {
        continue;
      }
      if (widest == natural.size() || fitted.widths[c] > fitted.widths[widest]) {
        if (widest != natural.size()) {
          next = std::max(next, fitted.widths[widest]);
        }
        widest = c;
      } else {
        next = std::max(next, fitted.widths[c]);
      }
    }
    if (widest == natural.size()) {
      break;  // nothing gives any more
    }
    std::size_t& width = fitted.widths[widest];
    std::size_t target = std::max({fits[widest].min, next, width - std::min(width, total - limit)});
    if (target >= width) {
      target = width - 1;  // ties: one column at a time, in turn
    }
    total -= width - target;
    width = target;
  }
  return fitted;
}

void elide_to_width(std::string& out, std::size_t start, std::size_t width) {
  const std::string_view text(out.data() + start, out.size() - start);
  if (code_points(text) <= width) {
    return;
  }
  if (width == 0) {
    out.resize(start);
    return;
  }
  // Keep width - 1 code points, then the ellipsis.
  std::size_t kept = 0;
  std::size_t cut = 0;
  for (; cut < text.size(); ++cut) {
    if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) {
      if (kept == width - 1) {
        break;
      }
      ++kept;
    }
  }
  out.resize(start + cut);
  out.append(k_ellipsis);
}

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

void TextTable::set_fit(std::size_t column, ColumnFit fit) {
  m_fits.resize(std::max(m_fits.size(), column + 1));
  m_fits[column] = fit;
}

std::size_t TextTable::width_of(std::string_view text) const {
  return m_width == Width::bytes && m_limit == 0 ? text.size() : code_points(text);
}

void TextTable::render(std::string& out) const {
  std::vector<std::size_t> natural;
  for (const auto& row : m_rows) {
    natural.resize(std::max(natural.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) {
      natural[c] = std::max(natural[c], width_of(row[c].m_text));
    }
  }
  const FittedColumns fitted = fit_columns(natural, m_fits, m_limit);
  for (const auto& row : m_rows) {
    const std::size_t line_start = out.size();
    std::size_t last = row.size();
    while (last > 0 && !fitted.shown[last - 1]) {
      --last;
    }
    bool first = true;
    for (std::size_t c = 0; c < last; ++c) {
      if (!fitted.shown[c]) {
        continue;
      }
      const Cell& cell = row[c];
      if (!first) {
        out.append("  ");
      }
      first = false;
      const std::size_t width = fitted.widths[c];
      std::size_t used = width_of(cell.m_text);
      const bool cut = used > width;
      std::string elided;
      if (cut) {
        elided = cell.m_text;
        elide_to_width(elided, 0, width);
        used = width;
      }
      const std::size_t fill = width - used;
      if (cell.m_right) {
        out.append(fill, ' ');
      }
      out.append(cut ? elided : cell.m_text);
      if (!cell.m_right && c + 1 != last) {
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
