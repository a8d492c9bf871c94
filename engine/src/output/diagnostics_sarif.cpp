// Diagnostics as a SARIF 2.1.0 log for GitHub code scanning.
#include <map>
#include <ostream>
#include <string>

#include "base/text.hpp"
#include "ecrlc/source_map.hpp"
#include "output/diagnostics_formats.hpp"

namespace ecrlc {

void render_sarif(std::ostream& out, const std::vector<CheckedFile>& files,
                  std::string_view tool_version) {
  // Rules in code order, each described once; unknown codes (future lint warnings) fall back
  // to the first message seen with that code so that GitHub still shows a title.
  std::map<std::string, std::string> rules;
  for (const CheckedFile& file : files) {
    for (const Diagnostic& d : file.diagnostics) {
      if (!d.code.empty() && rules.find(d.code) == rules.end()) {
        std::string_view summary = describe_code(d.code);
        rules.emplace(d.code, summary.empty() ? d.message : std::string(summary));
      }
    }
  }
  std::map<std::string, std::size_t> rule_index;
  out << "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
      << "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n"
      << "        \"driver\": {\n          \"name\": \"ecr-lifecycle\",\n"
      << "          \"version\": ";
  detail::write_json_string(out, tool_version);
  out << ",\n          \"informationUri\": \"https://github.com/ecrlc/ecr-lifecycle\",\n"
      << "          \"rules\": [";
  std::size_t index = 0;
  for (const auto& [code, summary] : rules) {
    rule_index[code] = index;
    out << (index == 0 ? "\n" : ",\n") << "            {\"id\": ";
    detail::write_json_string(out, code);
    out << ", \"shortDescription\": {\"text\": ";
    detail::write_json_string(out, summary);
    out << "}}";
    ++index;
  }
  // Columns in UTF-16 code units, the unit GitHub code scanning and editors count in.
  out << (rules.empty() ? "]" : "\n          ]") << "\n        }\n      },\n"
      << "      \"columnKind\": \"utf16CodeUnits\",\n      \"results\": [";
  bool first = true;
  for (const CheckedFile& file : files) {
    const SourceMap map(file.text);
    for (const Diagnostic& d : file.diagnostics) {
      out << (first ? "\n" : ",\n") << "        {\n          \"ruleId\": ";
      first = false;
      detail::write_json_string(out, d.code);
      if (auto it = rule_index.find(d.code); it != rule_index.end()) {
        out << ",\n          \"ruleIndex\": " << it->second;
      }
      out << ",\n          \"level\": \"" << to_string(d.severity)
          << "\",\n          \"message\": {\"text\": ";
      detail::write_json_string(out, detail::full_message(d));
      out << "},\n          \"locations\": [\n            {\"physicalLocation\": "
          << "{\"artifactLocation\": {\"uri\": ";
      detail::write_json_string(out, file.name);
      out << '}';
      if (d.line > 0) {
        out << ", \"region\": {\"startLine\": " << d.line;
        if (d.column > 0) {
          out << ", \"startColumn\": "
              << detail::column_in(map.line_text(d.line), d.column,
                                   detail::ColumnUnit::utf16_code_units);
        }
        out << '}';
      }
      out << "}}\n          ]\n        }";
    }
  }
  out << (first ? "]" : "\n      ]") << "\n    }\n  ]\n}\n";
}

}  // namespace ecrlc
