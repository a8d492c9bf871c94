// The preview model: every repository in scope evaluated under its policy (one policy for
// every repository, or one per repository), with per-image verdicts, a deterministic listing
// order, summaries per rule, per repository, per policy and in total, and optional horizon
// forecasts. `preview` renders it (output.hpp); `diff` and `plan` are built from it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ecrlc/evaluate.hpp"
#include "ecrlc/forecast.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/policy_set.hpp"

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

// One policy of the run and the report of the repositories it applies to.
struct ScopedPolicy {
  std::string file;  // as the user named it
  const Report* report = nullptr;
  std::string registry_id;  // of the policy file, for --format aws (PolicySource)
};

// One repository of the run.
struct ScopedRepositoryView {
  std::size_t policy = 0;  // index into ScopedPreview::policies
  const RepositoryReport* repository = nullptr;
  // With a horizon: forecast_repository's entries (sorted by time, then image index).
  std::vector<ForecastEntry> forecast;
};

// What a scoped preview shows. Points into the reports it was made from: they must outlive it.
struct ScopedPreview {
  Micros now = 0;
  // True for --policies / --policy-map: every format then names each repository's policy
  // (and the table gets one section per policy). False for a single --policy.
  bool per_repository_policies = false;
  std::vector<ScopedPolicy> policies;
  std::vector<ScopedRepositoryView> repositories;  // sorted by repository name
  RepositorySummary totals;                        // over every repository
  std::vector<std::string> without_policy;         // sorted
  std::vector<std::string> missing_repositories;   // sorted
  std::optional<Micros> horizon;                   // set by add_forecasts
  std::string horizon_text;                        // as given, e.g. "14d"
};

// A single-policy run (`--policy FILE`).
ScopedPreview scoped_preview(const Report& report, std::string policy_file);

// A run with one policy per repository, evaluated at `now`.
ScopedPreview scoped_preview(const PolicySetReport& report, Micros now);

// Forecasts every repository of `preview` up to now + horizon (forecast_repository).
void add_forecasts(ScopedPreview& preview, Micros horizon, std::string horizon_text);

}  // namespace ecrlc
