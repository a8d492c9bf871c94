// Diagnostics sink.
#include "ecrlc/diagnostic.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "base/enum_names.hpp"

namespace ecrlc {

std::string_view to_string(Severity severity) {
  static constexpr std::array<std::string_view, 3> k_names{"error", "warning", "note"};
  return detail::enum_name(severity, k_names);
}

void Diagnostics::add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::error) {
    ++m_error_count;
  } else if (diagnostic.severity == Severity::warning) {
    ++m_warning_count;
  }
  m_items.push_back(std::move(diagnostic));
}

void Diagnostics::error(std::string code, std::string pointer, std::size_t line, std::size_t column,
                        std::string message) {
  add({Severity::error, std::move(code), std::move(pointer), line, column, std::move(message), {}});
}

void Diagnostics::warning(std::string code, std::string pointer, std::size_t line,
                          std::size_t column, std::string message) {
  add({Severity::warning,
       std::move(code),
       std::move(pointer),
       line,
       column,
       std::move(message),
       {}});
}

void Diagnostics::sort() {
  std::stable_sort(m_items.begin(), m_items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column, a.code) < std::tie(b.line, b.column, b.code);
  });
}

}  // namespace ecrlc
