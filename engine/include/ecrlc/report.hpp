// The preview report: every repository of an inventory evaluated against one policy, with
// the per-image verdicts, a deterministic listing order and summaries per rule, per
// repository and in total. `preview` renders it; `diff` and `plan` reuse it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ecrlc/evaluate.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"

namespace ecrlc {

// What one rule did (in one repository, or in total).
struct RuleSummary {
  std::int64_t priority = 0;
  ActionType action = ActionType::expire;
  std::uint64_t expiring = 0;       // images this rule expires
  std::uint64_t transitioning = 0;  // images this rule moves to archive
  std::int64_t expiring_bytes = 0;
  std::int64_t transitioning_bytes = 0;
  // Images the rule marked but did not act on: a higher rule selected them, or an index
  // that survives references them.
  std::uint64_t protected_images = 0;
  std::uint64_t withdrawn_children = 0;
  // Referrers removed because their subject expires under this rule.
  std::uint64_t referrers_removed = 0;

  friend bool operator==(const RuleSummary&, const RuleSummary&) = default;
};

// What the policy does to one repository (or, summed, to all of them).
struct RepositorySummary {
  std::uint64_t images = 0;
  std::uint64_t expiring = 0;
  std::uint64_t transitioning = 0;
  std::uint64_t kept = 0;               // images - expiring - transitioning
  std::int64_t bytes_reclaimed = 0;     // imageSizeInBytes of the expiring images
  std::int64_t bytes_transitioned = 0;  // imageSizeInBytes of the images moved to archive
  std::uint64_t referrers_removed = 0;  // consequences (not counted in `expiring`)
  std::int64_t referrer_bytes = 0;

  friend bool operator==(const RepositorySummary&, const RepositorySummary&) = default;
};

// One repository's evaluation. `repository` points into the Inventory given to build_report.
struct RepositoryReport {
  const Repository* repository = nullptr;
  RepositoryEvaluation evaluation;
  // Indices into repository->images in listing order: first the images that get an action,
  // by applied rule priority, then imagePushedAt (oldest first), then digest; then the kept
  // images by imagePushedAt (oldest first), then digest. `acted_count` is the length of the
  // first part.
  std::vector<std::uint32_t> order;
  std::uint32_t acted_count = 0;
  std::vector<RuleSummary> rules;  // one per policy rule, ascending priority
  RepositorySummary summary;
};

struct ReportOptions {
  // Repository names to evaluate; empty means every repository of the inventory.
  std::vector<std::string> repositories;
  // Repositories are independent: with more than one thread they are evaluated in parallel.
  // The report is identical whatever the thread count.
  unsigned threads = 1;
};

// The whole preview. Points into the policy and inventory given to build_report: both must
// outlive it.
struct Report {
  const LifecyclePolicy* policy = nullptr;
  Micros now = 0;
  std::vector<RepositoryReport> repositories;  // sorted by repository name
  std::vector<RuleSummary> rules;              // totals per rule, ascending priority
  RepositorySummary totals;
  // Names from ReportOptions::repositories that the inventory does not hold, sorted, unique.
  std::vector<std::string> missing_repositories;
};

// Evaluates `policy` on every repository of `inventory` in scope. Never fails: an empty
// inventory or an empty scope gives an empty report.
Report build_report(const LifecyclePolicy& policy, const Inventory& inventory,
                    const EvalContext& context, const ReportOptions& options = {});

// The rule with `priority`, or nullptr.
const Rule* find_rule(const LifecyclePolicy& policy, std::int64_t priority);

}  // namespace ecrlc
