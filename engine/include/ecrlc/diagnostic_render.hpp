// Rendering of diagnostics for people (GCC style with source line and caret) and programs
// (JSON, SARIF 2.1.0, GitHub workflow annotations).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/diagnostic.hpp"

namespace ecrlc {

// One checked file: its name as given, its text, and its diagnostics.
struct CheckedFile {
  std::string name;
  std::string_view text;
  std::vector<Diagnostic> diagnostics;
};

// `FILE:LINE:COLUMN: error|warning: MESSAGE [CODE]`, then the source line and a caret.
void render_text(std::ostream& out, const CheckedFile& file);

// The same for one located message of any input (inventories, protect files): `code` may be
// empty, then no `[CODE]` is printed; line 0 prints `FILE: severity: MESSAGE`.
void render_located(std::ostream& out, std::string_view file_name, std::string_view text,
                    std::size_t line, std::size_t column, Severity severity,
                    std::string_view message, std::string_view code);

}  // namespace ecrlc
