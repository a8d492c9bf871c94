// Diagnostics sink.
#include "ecrlc/diagnostic.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace ecrlc {

std::string_view to_string(Severity severity) {
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
  add({Severity::error, std::move(code), std::move(pointer), line, column, std::move(message)});
}

void Diagnostics::warning(std::string code, std::string pointer, std::size_t line,
                          std::size_t column, std::string message) {
  add({Severity::warning, std::move(code), std::move(pointer), line, column, std::move(message)});
}

void Diagnostics::sort() {
  std::stable_sort(m_items.begin(), m_items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column, a.code) < std::tie(b.line, b.column, b.code);
  });
}

}  // namespace ecrlc
