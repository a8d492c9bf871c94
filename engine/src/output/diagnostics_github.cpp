// Diagnostics as GitHub workflow commands (annotations), one line each.
#include <ostream>
#include <string>

#include "base/text.hpp"
#include "ecrlc/source_map.hpp"
#include "output/diagnostics_formats.hpp"

namespace ecrlc {
namespace {

// GitHub workflow command escaping: data escapes %, CR, LF; properties also ':' and ','.
std::string github_escape(std::string_view text, bool property) {
  std::string escaped;
  for (char c : text) {
    if (c == '%') {
      escaped += "%25";
    } else if (c == '\r') {
      escaped += "%0D";
    } else if (c == '\n') {
      escaped += "%0A";
    } else if (property && c == ':') {
      escaped += "%3A";
    } else if (property && c == ',') {
      escaped += "%2C";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

}  // namespace

void render_github(std::ostream& out, const std::vector<CheckedFile>& files) {
  for (const CheckedFile& file : files) {
    const SourceMap map(file.text);
    for (const Diagnostic& d : file.diagnostics) {
      std::string_view command = d.severity == Severity::error     ? "error"
                                 : d.severity == Severity::warning ? "warning"
                                                                   : "notice";
      out << "::" << command << " file=" << github_escape(file.name, true);
      if (d.line > 0) {
        out << ",line=" << d.line;
        if (d.column > 0) {
          // Characters, as the annotation is shown to people.
          out << ",col="
              << detail::column_in(map.line_text(d.line), d.column,
                                   detail::ColumnUnit::code_points);
        }
      }
      if (!d.code.empty()) {
        out << ",title=" << github_escape(d.code, true);
      }
      out << "::" << github_escape(detail::full_message(d), false) << '\n';
    }
  }
}

}  // namespace ecrlc
