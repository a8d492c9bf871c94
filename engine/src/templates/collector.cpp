// Embedded policies: parsed where they are, their diagnostics named after their resource.
#include "templates/collector.hpp"

#include <utility>

namespace ecrlc::detail {

void Collector::literal(EmbeddedPolicy policy, const std::string& text,
                        const std::vector<std::size_t>& offsets) {
  policy.parsed = parse_embedded_policy(m_map, text, offsets);
  const LineColumn at = m_map.locate(offsets.empty() ? 0 : offsets.front());
  policy.line = at.line;
  policy.column = at.column;
  for (Diagnostic d : policy.parsed.diagnostics.items()) {
    d.subject = policy.subject;
    m_out.diagnostics.add(std::move(d));
  }
  m_out.embedded.push_back(std::move(policy));
}

void Collector::deploy_time(EmbeddedPolicy policy, std::size_t at, const std::string& reason,
                            std::string_view code) {
  const LineColumn where = m_map.locate(at);
  policy.line = where.line;
  policy.column = where.column;
  policy.deploy_time = reason;
  m_out.diagnostics.add(
      {Severity::warning, std::string(code), "", where.line, where.column,
       "expected a literal policy text, got one " + reason + ": it is not checked",
       policy.subject});
  m_out.embedded.push_back(std::move(policy));
}

void Collector::report(Severity severity, std::string code, std::size_t at, std::string message,
                       std::string subject) {
  const LineColumn where = m_map.locate(at);
  m_out.diagnostics.add({severity, std::move(code), "", where.line, where.column,
                         std::move(message), std::move(subject)});
}

void Collector::finish(std::string_view what) {
  if (m_out.embedded.empty() && !m_out.diagnostics.has_error()) {
    m_out.diagnostics.add({Severity::note, "N0301", "", 0, 0,
                           "no lifecycle policy found (looked for " + std::string(what) + ")", ""});
  }
  m_out.diagnostics.sort();
}

}  // namespace ecrlc::detail
