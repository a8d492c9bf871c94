// Diagnostic renderers: text with source context, JSON, SARIF 2.1.0, GitHub annotations.
#include "ecrlc/diagnostic_render.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <ostream>
#include <string>

#include "ecrlc/source_map.hpp"
#include "json/syntax_check.hpp"

namespace ecrlc {
namespace {

struct CodeSummary {
  std::string_view code;
  std::string_view summary;
};

// Keep in step with docs/diagnostics.md; SARIF rule descriptions come from here.
constexpr std::array k_codes{
    CodeSummary{"E0001", "the input is not valid JSON"},
    CodeSummary{"E0002", "the input is not valid UTF-8"},
    CodeSummary{"E0003", "arrays and objects are nested too deeply"},
    CodeSummary{"E0004", "the policy text is shorter than 100 or longer than 30,720 characters"},
    CodeSummary{"E0005", "the input starts with a byte order mark"},
    CodeSummary{"E0101", "unknown key"},
    CodeSummary{"E0102", "value of the wrong JSON type"},
    CodeSummary{"E0103", "null value"},
    CodeSummary{"E0104", "duplicate key in one object"},
    CodeSummary{"E0105", "missing required key"},
    CodeSummary{"E0106", "number is not an integer"},
    CodeSummary{"E0107", "number out of range"},
    CodeSummary{"E0108", "value not among the allowed values"},
    CodeSummary{"E0109", "the policy has no rules"},
    CodeSummary{"E0201", "rulePriority values must be unique (V1)"},
    CodeSummary{"E0202", "tagged rules need exactly one non-empty tag list (V2)"},
    CodeSummary{"E0203", "untagged and any rules carry no tag list (V3)"},
    CodeSummary{"E0204", "a rule has both tagPrefixList and tagPatternList (V4)"},
    CodeSummary{"E0205", "a tag pattern has more than four wildcards (V5)"},
    CodeSummary{"E0206",
                "a tagStatus any rule must have the highest rulePriority of its "
                "storage class (V6)"},
    CodeSummary{"E0207", "more than one tagStatus untagged rule per storage class (V7)"},
    CodeSummary{"E0208", "two rules of one storage class have the same tag list (V8)"},
    CodeSummary{"E0209", "countUnit required with since* count types, forbidden otherwise (V9)"},
    CodeSummary{"E0210", "storageClass archive goes with sinceImageTransitioned only (V10)"},
    CodeSummary{"E0211", "sinceImagePulled only with action type transition (V11)"},
    CodeSummary{"E0212",
                "sinceImageTransitioned needs action expire and countNumber >= 90 "
                "(V12)"},
    CodeSummary{"E0213", "transition needs targetStorageClass archive and standard images (V13)"},
    CodeSummary{"E0215", "more than 50 rules (V15)"},
    CodeSummary{"W0001",
                "a higher-priority rule selects every image this rule selects: it can never act"},
    CodeSummary{"W0002", "several list entries are ANDed: an image needs a matching tag for each"},
    CodeSummary{"W0003", "no untagged or any rule: untagged images are never cleaned up"},
    CodeSummary{"W0004", "tagStatus any with an age rule expires old releases that may still run"},
    CodeSummary{"W0005", "a prefix or pattern that no legal tag can match"},
    CodeSummary{"W0006", "the empty prefix matches every tagged image"},
    CodeSummary{"W0007", "a prefix shared with another rule's different prefix list"},
    CodeSummary{"W0008", "a pattern shared with another rule's different pattern list"},
    CodeSummary{"W0009", "the policy text is close to the 30,720 character limit"},
    CodeSummary{"W0010", "the policy is close to the 50 rule limit"},
    CodeSummary{"W0011", "the same entry twice in one list"},
    CodeSummary{"W0012", "a list entry implied by another entry of the same list"},
    CodeSummary{"W0013", "tagStatus any with a small imageCountMoreThan"},
    CodeSummary{"W0014", "an age threshold above ten years practically never acts"},
    CodeSummary{"W0015", "a blank description"},
    CodeSummary{"W0016", "a transition to archive after less than 30 days"},
    CodeSummary{"E0801", "malformed line in a protect file"},
    CodeSummary{"W0801", "a protect file reference that matches no image"},
    CodeSummary{"E0811", "malformed policy map or policy set"},
};

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

void write_json_string(std::ostream& out, std::string_view text) {
  out << '"';
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = detail::utf8_sequence_length(text, i);
    if (c == '"' || c == '\\') {
      out << '\\' << static_cast<char>(c);
    } else if (c == '\n') {
      out << "\\n";
    } else if (c == '\t') {
      out << "\\t";
    } else if (c == '\r') {
      out << "\\r";
    } else if (c < 0x20 || c == 0x7F || length == 0) {
      // Invalid UTF-8 cannot go into JSON; U+FFFD keeps the output valid.
      if (length == 0) {
        out << "\\ufffd";
      } else {
        std::array<char, 8> buffer{};
        std::snprintf(buffer.data(), buffer.size(), "\\u%04x", c);
        out << buffer.data();
      }
      i += 1;
      continue;
    } else {
      out << text.substr(i, length);
    }
    i += length;
  }
  out << '"';
}

std::string full_message(const Diagnostic& d) {
  return d.pointer.empty() ? d.message : d.pointer + ": " + d.message;
}

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "note";
  }
  return "error";
}

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

std::string_view describe_code(std::string_view code) {
  for (const CodeSummary& entry : k_codes) {
    if (entry.code == code) {
      return entry.summary;
    }
  }
  return {};
}

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

void render_error(std::ostream& out, const Error& error, Severity severity) {
  write_header(out, error.file, error.line, error.column, severity);
  out << error.message << '\n';
  if (error.line > 0 && error.column > 0 && error.source) {
    write_excerpt(out, *error.source);
  }
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
    write_json_string(out, file.name);
    out << ",\n      \"valid\": " << (file_valid ? "true" : "false")
        << ",\n      \"diagnostics\": [";
    for (std::size_t i = 0; i < file.diagnostics.size(); ++i) {
      const Diagnostic& d = file.diagnostics[i];
      errors += d.severity == Severity::error ? 1 : 0;
      warnings += d.severity == Severity::warning ? 1 : 0;
      out << (i == 0 ? "\n" : ",\n") << "        {\"severity\": \"" << to_string(d.severity)
          << "\", \"code\": ";
      write_json_string(out, d.code);
      out << ", \"pointer\": ";
      write_json_string(out, d.pointer);
      out << ", \"line\": " << d.line << ", \"column\": " << d.column << ", \"message\": ";
      write_json_string(out, d.message);
      out << '}';
    }
    out << (file.diagnostics.empty() ? "]" : "\n      ]") << "\n    }";
  }
  out << (files.empty() ? "]" : "\n  ]") << ",\n  \"summary\": {\"files\": " << files.size()
      << ", \"valid\": " << valid << ", \"invalid\": " << files.size() - valid
      << ", \"errors\": " << errors << ", \"warnings\": " << warnings << "}\n}\n";
}

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
  write_json_string(out, tool_version);
  out << ",\n          \"informationUri\": \"https://github.com/ecrlc/ecr-lifecycle\",\n"
      << "          \"rules\": [";
  std::size_t index = 0;
  for (const auto& [code, summary] : rules) {
    rule_index[code] = index;
    out << (index == 0 ? "\n" : ",\n") << "            {\"id\": ";
    write_json_string(out, code);
    out << ", \"shortDescription\": {\"text\": ";
    write_json_string(out, summary);
    out << "}}";
    ++index;
  }
  out << (rules.empty() ? "]" : "\n          ]") << "\n        }\n      },\n      \"results\": [";
  bool first = true;
  for (const CheckedFile& file : files) {
    for (const Diagnostic& d : file.diagnostics) {
      out << (first ? "\n" : ",\n") << "        {\n          \"ruleId\": ";
      first = false;
      write_json_string(out, d.code);
      if (auto it = rule_index.find(d.code); it != rule_index.end()) {
        out << ",\n          \"ruleIndex\": " << it->second;
      }
      out << ",\n          \"level\": \"" << sarif_level(d.severity)
          << "\",\n          \"message\": {\"text\": ";
      write_json_string(out, full_message(d));
      out << "},\n          \"locations\": [\n            {\"physicalLocation\": "
          << "{\"artifactLocation\": {\"uri\": ";
      write_json_string(out, file.name);
      out << '}';
      if (d.line > 0) {
        out << ", \"region\": {\"startLine\": " << d.line;
        if (d.column > 0) {
          out << ", \"startColumn\": " << d.column;
        }
        out << '}';
      }
      out << "}}\n          ]\n        }";
    }
  }
  out << (first ? "]" : "\n      ]") << "\n    }\n  ]\n}\n";
}

void render_github(std::ostream& out, const std::vector<CheckedFile>& files) {
  for (const CheckedFile& file : files) {
    for (const Diagnostic& d : file.diagnostics) {
      std::string_view command = d.severity == Severity::error     ? "error"
                                 : d.severity == Severity::warning ? "warning"
                                                                   : "notice";
      out << "::" << command << " file=" << github_escape(file.name, true);
      if (d.line > 0) {
        out << ",line=" << d.line;
        if (d.column > 0) {
          out << ",col=" << d.column;
        }
      }
      if (!d.code.empty()) {
        out << ",title=" << github_escape(d.code, true);
      }
      out << "::" << github_escape(full_message(d), false) << '\n';
    }
  }
}

}  // namespace ecrlc
