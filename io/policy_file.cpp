// Loading one policy file (io/policy_file.hpp).
#include "io/policy_file.hpp"

#include <utility>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/policy_parser.hpp"
#include "io/text_input.hpp"

namespace ecrlc::io {

Outcome<LoadedPolicy> load_policy(const std::string& path, CommandContext& context,
                                  std::string_view option) {
  auto text = read_input(path, policy_input(option), context);
  if (!text) {
    render_input_error(context, path, text.error());
    return ExitCode::cannot_run;
  }
  ParsedPolicy parsed = parse_policy(*text);
  parsed.diagnostics.sort();
  if (!parsed.diagnostics.empty()) {
    render_text(context.err,
                CheckedFile{path, *text, parsed.diagnostics.items(), SourceKind::json});
  }
  if (!parsed.policy || parsed.diagnostics.has_error()) {
    return ExitCode::invalid_policy;
  }
  return LoadedPolicy{std::move(*parsed.policy), std::move(parsed.repository_name),
                      std::move(parsed.registry_id)};
}

}  // namespace ecrlc::io
