// libFuzzer entry point for read_policy_file: the recognition of templates and plans, the
// YAML reader (libyaml events, anchors, scalar styles), the mapping of embedded policy
// positions back to the file, and the renderers behind them.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/policy_file.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ecrlc::PolicyFile file = ecrlc::read_policy_file(text);
  const std::size_t errors = file.diagnostics.error_count();
  ecrlc::lint_policy_file(file);
  // Lint only warns.
  ECRLC_FUZZ_CHECK(file.diagnostics.error_count() == errors);
  for (const ecrlc::EmbeddedPolicy& embedded : file.embedded) {
    // A policy iff its text parsed without error; none for a text made at deploy time.
    ECRLC_FUZZ_CHECK(embedded.parsed.policy.has_value() ==
                     (embedded.deploy_time.empty() && !embedded.parsed.diagnostics.has_error()));
    ECRLC_FUZZ_CHECK(!embedded.subject.empty());
  }
  std::size_t lines = 1;
  for (char c : text) {
    lines += c == '\n' ? 1 : 0;
  }
  for (const ecrlc::Diagnostic& d : file.diagnostics.items()) {
    // Inside the file (a column may point just past the last byte); line 0 is the file.
    ECRLC_FUZZ_CHECK(d.line <= lines);
    ECRLC_FUZZ_CHECK(d.column <= size + 1);
    ECRLC_FUZZ_CHECK((d.line == 0) == (d.column == 0));
    ECRLC_FUZZ_CHECK(!d.code.empty() && !d.message.empty());
  }
  ecrlc::CheckedFile checked{"fuzz.yaml", text, file.diagnostics.items(),
                             file.yaml ? ecrlc::SourceKind::lines : ecrlc::SourceKind::json};
  std::ostringstream out;
  ecrlc::render_text(out, checked);
  ecrlc::render_json(out, {checked});
  ecrlc::render_sarif(out, {checked}, "fuzz");
  ecrlc::render_github(out, {checked});
  return 0;
}
