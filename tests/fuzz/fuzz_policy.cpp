// libFuzzer entry point for parse_policy (and lint and the diagnostic renderers behind it).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/lint.hpp"
#include "ecrlc/policy_parser.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ecrlc::ParsedPolicy parsed = ecrlc::parse_policy(text);

  // Contract of policy_parser.hpp: a policy iff no error diagnostic.
  ECRLC_FUZZ_CHECK(parsed.policy.has_value() == !parsed.diagnostics.has_error());

  ecrlc::Diagnostics lint;
  ecrlc::lint_policy(parsed, lint);
  // Lint only warns, and only about valid policies.
  ECRLC_FUZZ_CHECK(lint.error_count() == 0);
  ECRLC_FUZZ_CHECK(parsed.policy.has_value() || lint.empty());

  ecrlc::CheckedFile file{"fuzz.json", text, parsed.diagnostics.items()};
  for (const ecrlc::Diagnostic& d : lint.items()) {
    file.diagnostics.push_back(d);
  }
  for (const ecrlc::Diagnostic& d : file.diagnostics) {
    // Positions are 1-based and inside the file (a column may point just past the last byte).
    ECRLC_FUZZ_CHECK(d.line >= 1 && d.column >= 1);
    ECRLC_FUZZ_CHECK(d.column <= size + 1);
    ECRLC_FUZZ_CHECK(!d.code.empty() && !d.message.empty());
  }
  std::ostringstream out;
  ecrlc::render_text(out, file);
  ecrlc::render_json(out, {file});
  ecrlc::render_sarif(out, {file}, "fuzz");
  ecrlc::render_github(out, {file});
  return 0;
}
