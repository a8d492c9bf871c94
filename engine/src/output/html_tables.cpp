// Tables of the html report: a caption, header cells with scope, numbers right-aligned with
// their exact value in data-v for sorting, an optional total row in <tfoot>. The table sits
// in a focusable region so that a wide table scrolls from the keyboard.
#include "output/html.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

void append_cell(std::string& out, const HtmlCell& cell, bool numeric) {
  out += "<td";
  if (numeric) {
    out += " class=\"n\"";
  }
  if (!cell.sort.empty()) {
    out += " data-v=\"";
    append_html_escaped(out, cell.sort);
    out += "\"";
  }
  out += ">";
  if (cell.code) {
    out += "<code>";
  }
  append_html_escaped(out, cell.text);
  if (cell.code) {
    out += "</code>";
  }
  out += "</td>";
}

void append_row(std::string& out, const std::vector<HtmlCell>& cells,
                const std::vector<bool>& numeric, std::string_view css_class) {
  out += css_class.empty() ? "<tr>" : "<tr class=\"";
  if (!css_class.empty()) {
    append_html_escaped(out, css_class);
    out += "\">";
  }
  for (std::size_t c = 0; c < cells.size(); ++c) {
    append_cell(out, cells[c], c < numeric.size() && numeric[c]);
  }
  out += "</tr>\n";
}

}  // namespace

HtmlCell count_cell(std::uint64_t count) {
  std::string text = std::to_string(count);
  return HtmlCell{text, text, false};
}

HtmlCell bytes_cell(ByteTotal bytes) {
  return HtmlCell{format_bytes(bytes), bytes.to_string(), false};
}

HtmlCell text_cell(std::string text, bool code) { return HtmlCell{std::move(text), {}, code}; }

void append_table(std::string& out, const HtmlTable& table) {
  out += "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"";
  append_html_escaped(out, table.caption);
  out += "\">\n<table";
  if (table.sortable) {
    out += " class=\"sortable\"";
  }
  out += ">\n<caption>";
  append_html_escaped(out, table.caption);
  out += "</caption>\n<thead><tr>";
  for (std::size_t c = 0; c < table.headings.size(); ++c) {
    out += c < table.numeric.size() && table.numeric[c] ? "<th scope=\"col\" class=\"n\">"
                                                        : "<th scope=\"col\">";
    append_html_escaped(out, table.headings[c]);
    out += "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    append_row(
        out, table.rows[r], table.numeric,
        r < table.row_classes.size() ? std::string_view(table.row_classes[r]) : std::string_view());
  }
  out += "</tbody>\n";
  if (!table.footer.empty()) {
    out += "<tfoot>";
    append_row(out, table.footer, table.numeric, {});
    out += "</tfoot>\n";
  }
  out += "</table>\n</div>\n";
}

}  // namespace ecrlc::detail
