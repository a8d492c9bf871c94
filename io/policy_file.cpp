// Loading one policy file (io/policy_file.hpp).
#include "io/policy_file.hpp"

#include <string>
#include <vector>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/policy_file.hpp"

namespace ecrlc::io {

Outcome<LoadedPolicy> load_policy(const std::string& path, CommandContext& context,
                                  std::string_view option) {
  auto source = load_policy_source(path, option, context);
  if (!source) {
    return source.failure();
  }
  return policy_of_source(*source, context);
}

Outcome<LoadedPolicy> policy_of_source(const PolicySourceFile& source, CommandContext& context) {
  const std::string& path = source.path;
  const PolicyFile& file = source.file;
  if (file.kind == PolicyFileKind::policy) {
    if (!file.plain.policy) {
      return ExitCode::invalid_policy;
    }
    return LoadedPolicy{*file.plain.policy, file.plain.repository_name, file.plain.registry_id};
  }
  // A template with one literal policy stands for it; with several, which one is meant is
  // the user's to say (--policies FILE maps each to its repository).
  std::vector<const EmbeddedPolicy*> checked;
  for (const EmbeddedPolicy& embedded : file.embedded) {
    if (embedded.parsed.policy) {
      checked.push_back(&embedded);
    }
  }
  if (checked.size() != 1 || checked.size() != file.embedded.size()) {
    render_located(
        context.err, path, {}, 0, 0, Severity::error,
        "expected one lifecycle policy that can be checked, got " + std::to_string(checked.size()) +
            " of " + std::to_string(file.embedded.size()) + " in this " +
            std::string(to_string(file.kind)) + ": --policies FILE maps each to its repository",
        "");
    return ExitCode::cannot_run;
  }
  return LoadedPolicy{*checked.front()->parsed.policy, checked.front()->repository, {}};
}

}  // namespace ecrlc::io
