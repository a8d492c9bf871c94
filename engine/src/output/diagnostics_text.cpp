// Diagnostics for people: `FILE:LINE:COLUMN: severity: MESSAGE [CODE]`, the source line and
// a caret under the column.
#include <algorithm>
#include <ostream>
#include <string>

#include "base/text.hpp"
#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/source_map.hpp"
#include "output/diagnostics_formats.hpp"

namespace ecrlc {
namespace {

// `column` is in bytes of `line_text`; people read characters, so the header counts those
// (with no line text, bytes and characters are the same count).
void write_header(std::ostream& out, std::string_view file_name, std::size_t line,
                  std::string_view line_text, std::size_t column, Severity severity) {
  column = detail::column_in(line_text, column, detail::ColumnUnit::code_points);
  out << file_name << ':';
  if (line > 0) {
    out << line << ':';
    if (column > 0) {
      out << column << ':';
    }
  }
  out << ' ' << to_string(severity) << ": ";
}

// Prints an excerpt of a source line and a caret under its column. The caret line repeats
// tabs so that it lines up in a terminal; other characters count as one column.
void write_excerpt(std::ostream& out, const SourceExcerpt& excerpt) {
  const std::string_view text = excerpt.text;
  std::string shown;
  std::string pad;
  if (excerpt.cut_before) {
    shown += "...";
    pad += "   ";
  }
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = detail::utf8_sequence_length(text, i);
    bool before_caret = i < excerpt.caret;
    if (c == '\t') {
      shown += '\t';
    } else if (length == 0 || c < 0x20 || c == 0x7F) {
      shown += '?';
      length = 1;
    } else {
      shown.append(text.substr(i, length));
    }
    if (before_caret) {
      pad += c == '\t' ? '\t' : ' ';
    }
    i += length;
  }
  if (excerpt.cut_after) {
    shown += "...";
  }
  out << shown << '\n' << pad << "^\n";
}

void write_context(std::ostream& out, std::string_view line_text, std::size_t column) {
  write_excerpt(out, excerpt_line(line_text, column));
}

// A line of a file of lines: binary data (/proc/self/environ separates its variables with
// NULs) is never echoed.
void write_text_line_context(std::ostream& out, std::string_view line_text, std::size_t column) {
  if (line_text.find('\0') == std::string_view::npos) {
    write_context(out, line_text, column);
  }
}

bool is_json_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// True when `text` starts as a JSON value could (or holds only blanks): its first byte after
// blanks and a byte order mark opens an object, array, string or number, or begins a whole
// literal. `password=...` or `SHELL=/bin/sh` does not, and `null` or `true` must be spelled out.
bool starts_like_json(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  std::size_t i = 0;
  while (i < text.size() && is_json_blank(text[i])) {
    ++i;
  }
  if (i == text.size()) {
    return true;
  }
  const std::string_view rest = text.substr(i);
  const char c = rest.front();
  if (c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9')) {
    return true;
  }
  for (std::string_view literal : {"true", "false", "null"}) {
    if (rest.starts_with(literal)) {
      return true;
    }
  }
  return false;
}

}  // namespace

void render_located(std::ostream& out, std::string_view file_name, std::string_view text,
                    std::size_t line, std::size_t column, Severity severity,
                    std::string_view message, std::string_view code) {
  const std::string_view line_text = line > 0 ? SourceMap::line_text(text, line) : "";
  write_header(out, file_name, line, line_text, column, severity);
  out << message;
  if (!code.empty()) {
    out << " [" << code << ']';
  }
  out << '\n';
  if (line == 0 || column == 0) {
    return;
  }
  write_text_line_context(out, line_text, column);
}

void render_error(std::ostream& out, const Error& error, Severity severity) {
  // A reader streams its input and keeps at most a window of a long line: its columns stay in
  // bytes (docs/inventory.md).
  write_header(out, error.file, error.line, {}, error.column, severity);
  out << error.message;
  if (!error.code.empty()) {
    out << " [" << error.code << ']';
  }
  out << '\n';
  if (error.line > 0 && error.column > 0 && error.source) {
    write_excerpt(out, *error.source);
  }
}

void render_text(std::ostream& out, const CheckedFile& file) {
  SourceMap map(file.text);
  const bool show_lines = file.kind == SourceKind::json && starts_like_json(file.text);
  for (const Diagnostic& d : file.diagnostics) {
    const std::string_view line_text = d.line > 0 ? map.line_text(d.line) : "";
    write_header(out, file.name, d.line, line_text, d.column, d.severity);
    out << detail::full_message(d);
    if (!d.code.empty()) {
      out << " [" << d.code << ']';
    }
    out << '\n';
    if (file.kind == SourceKind::lines && d.line > 0 && d.column > 0) {
      write_text_line_context(out, line_text, d.column);
    } else if (show_lines && d.line > 0 && d.column > 0) {
      write_context(out, line_text, d.column);
    }
  }
}

}  // namespace ecrlc
