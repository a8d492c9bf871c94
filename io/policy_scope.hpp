// The policy scope of a command (--policy FILE, --policies DIR or --policy-map FILE) loaded
// into a PolicySet, every diagnostic printed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/policy_set.hpp"
#include "ecrlc/preview.hpp"
#include "io/command_context.hpp"

namespace ecrlc::io {

// The values of the three options, as CLI11 fills them.
struct PolicyScopeOptions {
  std::vector<std::string> policy;      // --policy FILE
  std::vector<std::string> policies;    // --policies DIR
  std::vector<std::string> policy_map;  // --policy-map FILE

  bool given() const { return !policy.empty() || !policies.empty() || !policy_map.empty(); }
};

enum class PolicyScopeKind { policy, policies, policy_map };

// One policy scope as given on the command line.
struct PolicyScopeSpec {
  PolicyScopeKind kind = PolicyScopeKind::policy;
  std::string path;
};

// The scopes given, all of one kind, in command-line order. Fails (prints
// "ecr-lifecycle COMMAND: error: ...", cannot_run) when the kinds are mixed or the count is
// not `expected`.
Outcome<std::vector<PolicyScopeSpec>> policy_scope_specs(const PolicyScopeOptions& options,
                                                         std::size_t expected,
                                                         std::string_view command,
                                                         CommandContext& context);

// Loads one scope into a PolicySet, printing every diagnostic:
// - policy: the file, for every repository (pattern "*");
// - policies: every `*.json` file below DIR, subfolders included (policy_folder.hpp: sorted
//   by path, hidden entries skipped, links followed, loops refused), each an `aws ecr
//   get-lifecycle-policy` output whose content names its repository (exact-name patterns);
//   an empty file is no policy, a warning that names it;
// - policy_map: lines `PATTERN POLICYFILE` (policy_set.hpp), files relative to the map's
//   folder, first matching pattern wins.
// Fails with invalid_policy (1) when a policy is invalid (after loading every file, so all
// diagnostics show), or cannot_run (2) for unreadable files, a malformed map (E0811,
// located), a policies file without repositoryName, or two policies for one repository
// (E0811, naming both files).
Outcome<PolicySet> load_policy_scope(const PolicyScopeSpec& spec, CommandContext& context);

// Prints a warning per repository that no policy applies to, and per --repository name that
// the inventory does not hold: "ecr-lifecycle COMMAND: warning: ...".
void warn_scope_gaps(const Preview& report, std::string_view command, CommandContext& context);

// A line per --repository name that the inventory does not hold, naming the closest
// repository when one is close (a typo): `ecr-lifecycle COMMAND: SEVERITY: repository "NAME"
// is not in the inventory (did you mean shop/api?)`.
void report_missing_repositories(const Preview& report, std::string_view command,
                                 std::string_view severity, CommandContext& context);

}  // namespace ecrlc::io
