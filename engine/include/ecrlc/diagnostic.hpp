// Diagnostics: one located problem in an input file, and the sink that collects them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ecrlc {

enum class Severity { error, warning, note };

std::string_view to_string(Severity severity);

// One problem. `code` is stable across releases (E0xxx errors, W0xxx warnings, see
// docs/diagnostics.md); `pointer` is an RFC 6901 JSON pointer into the policy document
// (empty for the whole document; for a template, into the embedded policy); line and column are
// 1-based, in the file as read, with the column counted in bytes.
struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;
  std::string pointer;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string message;
  // What inside the file the problem is about, when the file holds several policies (a
  // template's "Resource MyRepo (AWS::ECR::Repository)", a Terraform resource address);
  // empty for a policy file.
  std::string subject;

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

// Collects every problem of one input; validation keeps going after an error.
class Diagnostics {
 public:
  void add(Diagnostic diagnostic);
  void error(std::string code, std::string pointer, std::size_t line, std::size_t column,
             std::string message);
  void warning(std::string code, std::string pointer, std::size_t line, std::size_t column,
               std::string message);

  bool has_error() const { return m_error_count > 0; }
  std::size_t error_count() const { return m_error_count; }
  std::size_t warning_count() const { return m_warning_count; }
  const std::vector<Diagnostic>& items() const { return m_items; }
  bool empty() const { return m_items.empty(); }

  // Orders by line, column, then code, so output does not depend on the order of checks.
  void sort();

 private:
  std::vector<Diagnostic> m_items;
  std::size_t m_error_count = 0;
  std::size_t m_warning_count = 0;
};

}  // namespace ecrlc
