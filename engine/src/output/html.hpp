// Private to output/: the pieces of the html report page that preview and diff share: HTML
// escaping (its one home), the page around the content (inline CSS, the optional sorting
// script), headline figures, SVG charts drawn from numbers, and tables. Everything is
// appended to a string; nothing refers to anything outside the page.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/byte_total.hpp"

namespace ecrlc::detail {

// `text` with & < > " ' as character references: safe in element content and in quoted
// attribute values.
void append_html_escaped(std::string& out, std::string_view text);
std::string html_escaped(std::string_view text);

// <!DOCTYPE html> to the opening of <main> and its <h1>: the title, the CSS, a content
// security policy that forbids every fetch.
void begin_html_page(std::string& out, std::string_view title);
// The footer lines (plain text, one paragraph each), the table sorting script, the end.
void end_html_page(std::string& out, const std::vector<std::string>& footer);

// A <section> with an <h2>; `css_class` may be empty. end_section closes it.
void begin_section(std::string& out, std::string_view id, std::string_view heading,
                   std::string_view css_class = {});
void end_section(std::string& out);
// <p> with escaped `text`, and `css_class` when not empty.
void append_paragraph(std::string& out, std::string_view text, std::string_view css_class = {});

// One headline figure: a label, the value, a detail line under it.
struct HtmlFigure {
  std::string label;
  std::string value;
  std::string detail;
};
void append_figures(std::string& out, const std::vector<HtmlFigure>& figures);

// ---- charts (html_charts.cpp)

// The series a chart stacks: kept, expiring, archiving, protected, withdrawn, old, new. The
// CSS gives each its colour (chosen for contrast on white and told apart without colour by
// the legend order and the tooltips).
enum class Series {
  kept,
  expiring,
  archiving,
  protected_images,
  withdrawn,
  old_policy,
  new_policy
};

struct ChartBar {
  std::string label;
  std::vector<double> values;  // one per series of the chart, stacked in order
  std::string value_text;      // shown after the bar (horizontal charts) and in its tooltip
};

struct Chart {
  std::string id;           // unique on the page: the title and desc ids derive from it
  std::string title;        // the caption and the SVG <title>
  std::string description;  // the SVG <desc>: the numbers in words, for screen readers
  std::vector<Series> series;
  std::vector<ChartBar> bars;
};

// One row per bar, segments stacked left to right, the value text at the end.
void append_bar_chart(std::string& out, const Chart& chart);
// One column per bar, stacked bottom up, labels under the columns (histograms, timelines).
void append_column_chart(std::string& out, const Chart& chart);
// Opens and closes the block that lays charts out side by side.
void begin_charts(std::string& out);
void end_charts(std::string& out);

// ---- tables (html_tables.cpp)

struct HtmlCell {
  std::string text;
  std::string sort;   // data-v: the exact number to sort by; empty: sort by the text
  bool code = false;  // digests and names in a monospace <code>
};

struct HtmlTable {
  std::string caption;
  std::vector<std::string> headings;
  std::vector<bool> numeric;  // per column: right-aligned, sorted as numbers
  std::vector<std::vector<HtmlCell>> rows;
  std::vector<std::string> row_classes;  // per row ("in-use"), may be shorter than rows
  std::vector<HtmlCell> footer;          // a total row, never sorted; empty: none
  bool sortable = true;
};

// A keyboard-scrollable region holding the table (headers with scope, sortable with the
// script on).
void append_table(std::string& out, const HtmlTable& table);

// A cell of a count or a byte total, sorting by the exact value.
HtmlCell count_cell(std::uint64_t count);
HtmlCell bytes_cell(ByteTotal bytes);
HtmlCell text_cell(std::string text, bool code = false);

}  // namespace ecrlc::detail
