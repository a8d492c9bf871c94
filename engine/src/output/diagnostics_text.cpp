// Diagnostics for people: `FILE:LINE:COLUMN: severity: MESSAGE [CODE]`, the source line and
// a caret under the column.
#include <algorithm>
#include <ostream>
#include <string>

#include "base/text.hpp"
#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/source_map.hpp"

namespace ecrlc {
namespace {

void write_header(std::ostream& out, std::string_view file_name, std::size_t line,
                  std::size_t column, Severity severity) {
  out << file_name << ':';
  if (line > 0) {
    out << line << ':';
    if (column > 0) {
      out << column << ':';
    }
  }
  out << ' ' << to_string(severity) << ": ";
}

constexpr std::size_t k_max_shown_line = 120;

// Prints the source line (or a window of it) and a caret under byte column `column`. The caret
// line repeats tabs so that it lines up in a terminal; other characters count as one column.
void write_context(std::ostream& out, std::string_view line_text, std::size_t column) {
  std::size_t caret = std::min(column > 0 ? column - 1 : 0, line_text.size());
  std::size_t begin = 0;
  std::size_t end = line_text.size();
  if (line_text.size() > k_max_shown_line) {
    begin = caret > k_max_shown_line / 2 ? caret - k_max_shown_line / 2 : 0;
    end = std::min(line_text.size(), begin + k_max_shown_line);
    // Do not cut a UTF-8 sequence in half.
    while (begin > 0 && (static_cast<unsigned char>(line_text[begin]) & 0xC0) == 0x80) {
      --begin;
    }
    while (end < line_text.size() && (static_cast<unsigned char>(line_text[end]) & 0xC0) == 0x80) {
      ++end;
    }
  }
  std::string shown;
  std::string pad;
  if (begin > 0) {
    shown += "...";
    pad += "   ";
  }
  for (std::size_t i = begin; i < end;) {
    auto c = static_cast<unsigned char>(line_text[i]);
    std::size_t length = detail::utf8_sequence_length(line_text, i);
    bool before_caret = i < caret;
    if (c == '\t') {
      shown += '\t';
    } else if (length == 0 || c < 0x20 || c == 0x7F) {
      shown += '?';
      length = 1;
    } else {
      shown.append(line_text.substr(i, length));
    }
    if (before_caret) {
      pad += c == '\t' ? '\t' : ' ';
    }
    i += length;
  }
  if (end < line_text.size()) {
    shown += "...";
  }
  out << shown << '\n' << pad << "^\n";
}

}  // namespace

void render_located(std::ostream& out, std::string_view file_name, std::string_view text,
                    std::size_t line, std::size_t column, Severity severity,
                    std::string_view message, std::string_view code) {
  write_header(out, file_name, line, column, severity);
  out << message;
  if (!code.empty()) {
    out << " [" << code << ']';
  }
  out << '\n';
  if (line == 0 || column == 0) {
    return;
  }
  write_context(out, SourceMap::line_text(text, line), column);
}

void render_text(std::ostream& out, const CheckedFile& file) {
  SourceMap map(file.text);
  for (const Diagnostic& d : file.diagnostics) {
    write_header(out, file.name, d.line, d.column, d.severity);
    if (!d.pointer.empty()) {
      out << d.pointer << ": ";
    }
    out << d.message;
    if (!d.code.empty()) {
      out << " [" << d.code << ']';
    }
    out << '\n';
    if (d.line > 0 && d.column > 0) {
      write_context(out, map.line_text(d.line), d.column);
    }
  }
}

}  // namespace ecrlc
