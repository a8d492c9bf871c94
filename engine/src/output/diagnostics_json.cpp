// The tool's JSON report of diagnostics (docs/diagnostics.md).
#include <algorithm>
#include <ostream>

#include "output/diagnostics_formats.hpp"

namespace ecrlc {

void render_json(std::ostream& out, const std::vector<CheckedFile>& files) {
  std::size_t valid = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  out << "{\n  \"files\": [";
  for (std::size_t f = 0; f < files.size(); ++f) {
    const CheckedFile& file = files[f];
    bool file_valid =
        std::none_of(file.diagnostics.begin(), file.diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
    valid += file_valid ? 1 : 0;
    out << (f == 0 ? "\n" : ",\n") << "    {\n      \"file\": ";
    detail::write_json_string(out, file.name);
    out << ",\n      \"valid\": " << (file_valid ? "true" : "false")
        << ",\n      \"diagnostics\": [";
    for (std::size_t i = 0; i < file.diagnostics.size(); ++i) {
      const Diagnostic& d = file.diagnostics[i];
      errors += d.severity == Severity::error ? 1 : 0;
      warnings += d.severity == Severity::warning ? 1 : 0;
      out << (i == 0 ? "\n" : ",\n") << "        {\"severity\": \"" << to_string(d.severity)
          << "\", \"code\": ";
      detail::write_json_string(out, d.code);
      if (!d.subject.empty()) {
        out << ", \"resource\": ";
        detail::write_json_string(out, d.subject);
      }
      out << ", \"pointer\": ";
      detail::write_json_string(out, d.pointer);
      out << ", \"line\": " << d.line << ", \"column\": " << d.column << ", \"message\": ";
      detail::write_json_string(out, d.message);
      out << '}';
    }
    out << (file.diagnostics.empty() ? "]" : "\n      ]") << "\n    }";
  }
  out << (files.empty() ? "]" : "\n  ]") << ",\n  \"summary\": {\"files\": " << files.size()
      << ", \"valid\": " << valid << ", \"invalid\": " << files.size() - valid
      << ", \"errors\": " << errors << ", \"warnings\": " << warnings << "}\n}\n";
}

}  // namespace ecrlc
