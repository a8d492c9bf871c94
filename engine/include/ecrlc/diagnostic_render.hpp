// Rendering of diagnostics for people (GCC style with source line and caret) and programs
// (JSON, SARIF 2.1.0, GitHub workflow annotations).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/diagnostic.hpp"
#include "ecrlc/result.hpp"

namespace ecrlc {

// What a checked file is meant to be, for which of its lines render_text may show.
enum class SourceKind {
  // A JSON document (a policy, get-lifecycle-policy output): a file whose first byte (after
  // blanks and a byte order mark) cannot start JSON is not one at all, maybe a file of
  // secrets given by mistake (`* /proc/self/environ` in a policy map): none of its lines is
  // shown.
  json,
  // A file of lines (a protect list): lines are shown unless they hold a NUL byte.
  lines,
};

// One checked file: its name as given, its text, and its diagnostics.
struct CheckedFile {
  std::string name;
  std::string_view text;
  std::vector<Diagnostic> diagnostics;
  SourceKind kind = SourceKind::json;
};

// `FILE:LINE:COLUMN: error|warning: MESSAGE [CODE]`, then the source line and a caret, unless
// `file.kind` keeps the line back (SourceKind). MESSAGE is `POINTER: message` when the
// diagnostic has a pointer. Diagnostics are printed in the order given. Source lines longer
// than 120 bytes are shown as a window around the column, with `...` marking the cuts;
// control bytes (ESC included) and invalid UTF-8 are shown as `?`.
void render_text(std::ostream& out, const CheckedFile& file);

// The same for one located message of a file of lines (policy maps, protect files): `code`
// may be empty, then no `[CODE]` is printed; line 0 prints `FILE: severity: MESSAGE`. A line
// that holds a NUL byte is binary data, never shown.
void render_located(std::ostream& out, std::string_view file_name, std::string_view text,
                    std::size_t line, std::size_t column, Severity severity,
                    std::string_view message, std::string_view code);

// The same for an Error of a reader: `FILE:LINE:COLUMN: severity: MESSAGE`, then the source
// line it carries (Error::source, taken while reading) and a caret; nothing is read again.
void render_error(std::ostream& out, const Error& error, Severity severity);

// The tool's JSON report (docs/diagnostics.md): `{"files": [{"file", "valid", "diagnostics":
// [{"severity", "code", "pointer", "line", "column", "message"}]}], "summary": {"files",
// "valid", "invalid", "errors", "warnings"}}`, pretty-printed, ending with a newline. A file is
// valid when it has no error diagnostic.
void render_json(std::ostream& out, const std::vector<CheckedFile>& files);

// SARIF 2.1.0 log accepted by GitHub code scanning: one run, tool `ecr-lifecycle` at
// `tool_version`, one reportingDescriptor per code used (id and shortDescription), one result
// per diagnostic with ruleId, level, message.text and a physicalLocation (artifact URI = the
// file name as given, region startLine/startColumn; no region for line 0).
void render_sarif(std::ostream& out, const std::vector<CheckedFile>& files,
                  std::string_view tool_version);

// GitHub workflow commands, one line per diagnostic:
// `::error file=F,line=L,col=C,title=CODE::POINTER: MESSAGE` (`::warning` for warnings,
// `::notice` for notes), with the property and message escaping GitHub documents.
void render_github(std::ostream& out, const std::vector<CheckedFile>& files);

// One-line description of a diagnostic code (docs/diagnostics.md); empty when unknown.
std::string_view describe_code(std::string_view code);

}  // namespace ecrlc
