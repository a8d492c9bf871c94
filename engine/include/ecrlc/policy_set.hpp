// Registry-wide runs: which lifecycle policy applies to which repository, and the reports of
// every repository of an inventory under its own policy.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/evaluate.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/report.hpp"
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

// A repository's report and the policy it was evaluated with.
struct ScopedRepository {
  const PolicySource* source = nullptr;
  const Report* report = nullptr;
  const RepositoryReport* repository = nullptr;
};

// Every repository in scope under its own policy.
struct PolicySetReport {
  // One report per source that applies to at least one repository, in source order. Each
  // points into the PolicySet and the Inventory given to build_policy_set_report.
  std::vector<Report> reports;
  std::vector<const PolicySource*> report_sources;  // parallel to `reports`
  // Every evaluated repository, sorted by repository name.
  std::vector<ScopedRepository> repositories;
  // Repositories in scope that no source applies to, sorted.
  std::vector<std::string> without_policy;
  // Names from ReportOptions::repositories that the inventory does not hold, sorted, unique.
  std::vector<std::string> missing_repositories;
};

// Evaluates each repository of `inventory` (those named in options.repositories, or all)
// with the policy `policies` assigns to it. Never fails. The result points into `policies`
// and `inventory` (and into itself: do not copy it, move it).
PolicySetReport build_policy_set_report(const PolicySet& policies, const Inventory& inventory,
                                        const EvalContext& context,
                                        const ReportOptions& options = {});

}  // namespace ecrlc
