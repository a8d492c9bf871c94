// One policy file read, parsed and validated, its diagnostics printed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ecrlc/policy.hpp"
#include "io/command_context.hpp"
#include "io/policy_sources.hpp"

namespace ecrlc::io {

// A policy file that parsed and validated.
struct LoadedPolicy {
  LifecyclePolicy policy;
  // From an `aws ecr get-lifecycle-policy` wrapper, when present.
  std::optional<std::string> repository_name;
  std::optional<std::string> registry_id;
};

// Reads `path` ("-" is standard input, for `option`), parses and validates it, and prints its
// diagnostics (warnings included) to context.err with render_text. Fails with invalid_policy
// (1) for an invalid policy, cannot_run (2) for an unreadable file.
Outcome<LoadedPolicy> load_policy(const std::string& path, CommandContext& context,
                                  std::string_view option = "--policy");

// The policy of a file read and checked (check_policy_source): a plain policy or wrapper, or
// a template with exactly one literal policy (else cannot_run, printed).
Outcome<LoadedPolicy> policy_of_source(const PolicySourceFile& source, CommandContext& context);

}  // namespace ecrlc::io
