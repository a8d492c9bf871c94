// Registry-wide runs: which lifecycle policy applies to which repository (by name pattern),
// and policy map files.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/policy.hpp"
#include "ecrlc/result.hpp"

namespace ecrlc {

// One policy of a set and the repositories it is for.
struct PolicySource {
  std::string file;  // the policy file as named by the user (for reports)
  LifecyclePolicy policy;
  // Repository name pattern ('*' matches any run of characters, including '/' and none).
  // "*" for a single --policy; the exact repository name for a get-lifecycle-policy output.
  std::string pattern;
  // The registryId of a get-lifecycle-policy output, else empty: `--format aws` prints it
  // for repositories whose inventory entry has none (docs/preview.md, --registry-id).
  std::string registry_id;
};

// Policies by repository. Lookup: the first source whose pattern matches the repository
// name wins (so exact names added before patterns take precedence over them).
class PolicySet {
 public:
  // One policy for every repository (`--policy FILE`).
  static PolicySet single(std::string file, LifecyclePolicy policy, std::string registry_id = {});

  // Appends a source. Fails when `pattern` is empty or a source with the same pattern
  // already exists (two policies for one repository).
  Result<void> add(std::string pattern, std::string file, LifecyclePolicy policy,
                   std::string registry_id = {});

  // The source for `repository`, or nullptr when no pattern matches it.
  const PolicySource* find(std::string_view repository) const;

  const std::vector<PolicySource>& sources() const { return m_sources; }
  bool empty() const { return m_sources.empty(); }

 private:
  std::vector<PolicySource> m_sources;
};

// One line of a policy map file: `PATTERN POLICYFILE` (separated by blanks).
struct PolicyMapEntry {
  std::string pattern;
  std::string file;  // as written; relative paths are relative to the map file's folder
  std::size_t line = 0;
  std::size_t column = 0;  // of the pattern
  std::size_t file_column = 0;
};

// Parses a policy map: one `PATTERN POLICYFILE` per line; blank lines and lines starting with
// `#` (after blanks) are ignored. Fails at the first malformed line (one field, three fields,
// a pattern with characters a repository name cannot hold) with its line and column.
Result<std::vector<PolicyMapEntry>> parse_policy_map(std::string_view text);

}  // namespace ecrlc
