// The preview model: every repository in scope evaluated under its policy (one policy for
// every repository, or one per repository), with per-image verdicts, a deterministic listing
// order, summaries per rule, per repository, per policy and in total, and optional horizon
// forecasts. `preview` renders it (output.hpp); `diff` and `plan` are built from it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "ecrlc/byte_total.hpp"
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
  ByteTotal expiring_bytes;
  ByteTotal transitioning_bytes;
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
  ByteTotal bytes_reclaimed;            // imageSizeInBytes of the expiring images
  ByteTotal bytes_transitioned;         // imageSizeInBytes of the images moved to archive
  std::uint64_t referrers_removed = 0;  // consequences (not counted in `expiring`)
  ByteTotal referrer_bytes;

  friend bool operator==(const RepositorySummary&, const RepositorySummary&) = default;
};

// One counter of a summary: its name in the json format (docs/preview.md) and its member.
template <typename Summary, typename Value>
struct SummaryCounter {
  std::string_view name;
  Value Summary::*member;
};
// Spelled out for clang 14 (clang-tidy), which does not deduce aggregates' arguments.
template <typename Summary, typename Value>
SummaryCounter(std::string_view, Value Summary::*) -> SummaryCounter<Summary, Value>;

// The counters of each summary, in the json format's order. Summing summaries up and writing
// them both walk these lists (for_each_counter), so a new counter is added in one place.
inline constexpr std::tuple k_rule_counters{
    SummaryCounter{"expiring", &RuleSummary::expiring},
    SummaryCounter{"transitioning", &RuleSummary::transitioning},
    SummaryCounter{"bytesExpiring", &RuleSummary::expiring_bytes},
    SummaryCounter{"bytesTransitioning", &RuleSummary::transitioning_bytes},
    SummaryCounter{"protected", &RuleSummary::protected_images},
    SummaryCounter{"withdrawnChildren", &RuleSummary::withdrawn_children},
    SummaryCounter{"referrersRemoved", &RuleSummary::referrers_removed}};
inline constexpr std::tuple k_repository_counters{
    SummaryCounter{"images", &RepositorySummary::images},
    SummaryCounter{"expiring", &RepositorySummary::expiring},
    SummaryCounter{"transitioning", &RepositorySummary::transitioning},
    SummaryCounter{"kept", &RepositorySummary::kept},
    SummaryCounter{"bytesReclaimed", &RepositorySummary::bytes_reclaimed},
    SummaryCounter{"bytesTransitioned", &RepositorySummary::bytes_transitioned},
    SummaryCounter{"referrersRemoved", &RepositorySummary::referrers_removed},
    SummaryCounter{"referrerBytes", &RepositorySummary::referrer_bytes}};

// Calls `visit(counter)` for each counter of `counters` (k_rule_counters, ...), in order.
template <typename Counters, typename Visit>
constexpr void for_each_counter(const Counters& counters, Visit&& visit) {
  std::apply([&](const auto&... counter) { (visit(counter), ...); }, counters);
}

// One repository's evaluation. `repository` points into the Inventory given to build_preview.
struct RepositoryPreview {
  const Repository* repository = nullptr;
  std::size_t policy = 0;  // index into Preview::policies: the policy it was evaluated with
  RepositoryEvaluation evaluation;
  // Indices into repository->images in listing order: first the images that get an action,
  // by applied rule priority, then imagePushedAt (oldest first), then digest; then the kept
  // images by imagePushedAt (oldest first), then digest. `acted_count` is the length of the
  // first part.
  std::vector<std::uint32_t> order;
  std::uint32_t acted_count = 0;
  std::vector<RuleSummary> rules;  // one per policy rule, ascending priority
  RepositorySummary summary;
  // With a horizon: forecast_repository's entries (sorted by time, then image index).
  std::vector<ForecastEntry> forecast;
};

// One policy of the run and what it does to the repositories it applies to.
struct PreviewPolicy {
  const PolicySource* source = nullptr;   // the file name, the policy, its registryId
  std::vector<std::size_t> repositories;  // indices into Preview::repositories, by name
  std::vector<RuleSummary> rules;         // totals per rule, ascending priority
  RepositorySummary totals;               // over its repositories

  const LifecyclePolicy& policy() const { return source->policy; }
};

struct PreviewOptions {
  // Repository names to evaluate; empty means every repository of the inventory.
  std::vector<std::string> repositories;
  // Repositories are independent: with more than one thread they are evaluated in parallel.
  // The preview is identical whatever the thread count.
  unsigned threads = 1;
  // One policy for every repository (`--policy FILE`): the policy is listed even when no
  // repository is in scope, and the outputs do not name each repository's policy.
  bool single_policy = false;
  // Also forecast what age rules do up to now + horizon (forecast_repository);
  // `horizon_text` is the duration as given, e.g. "14d".
  std::optional<Micros> horizon;
  std::string horizon_text;
};

// The whole preview. Points into the PolicySet and the Inventory given to build_preview:
// both must outlive it.
struct Preview {
  Micros now = 0;
  bool single_policy = false;  // PreviewOptions::single_policy
  // Every source that applies to a repository in scope, in source order (with
  // single_policy, the one source always).
  std::vector<PreviewPolicy> policies;
  std::vector<RepositoryPreview> repositories;  // sorted by repository name, then registryId
  RepositorySummary totals;                     // over every repository
  // The inventory holds more than one registry: one name may then be several repositories,
  // and tables name each one's registry.
  bool several_registries = false;
  // Repositories in scope that no source applies to, sorted.
  std::vector<std::string> without_policy;
  // Names from PreviewOptions::repositories that the inventory does not hold, sorted, unique.
  std::vector<std::string> missing_repositories;
  // Parallel to missing_repositories: the inventory's repository name closest to each (a typo,
  // closest_name of suggest.hpp), or "" when none is close.
  std::vector<std::string> missing_closest;
  std::optional<Micros> horizon;
  std::string horizon_text;

  const PreviewPolicy& policy_of(const RepositoryPreview& repository) const {
    return policies[repository.policy];
  }
};

// Evaluates each repository of `inventory` in scope (those named in options.repositories,
// or all) with the policy `policies` assigns to it. Never fails: an empty inventory or an
// empty scope gives an empty preview.
Preview build_preview(const PolicySet& policies, const Inventory& inventory,
                      const EvalContext& context, const PreviewOptions& options = {});

// The bytes a repository (or a whole preview) stores per storage class before the policy
// acts and after: what the cost figures multiply by a price. After: the expiring images and
// the referrers ECR removes with their subjects are gone, the transitioning ones are in
// archive. ARCHIVED and ACTIVATING (being restored, still billed as archive) images count as
// archive. Sums of imageSizeInBytes: an upper bound of what is freed where images share
// layers.
struct StorageBytes {
  ByteTotal standard_before;
  ByteTotal archive_before;
  ByteTotal standard_after;
  ByteTotal archive_after;

  ByteTotal before() const { return standard_before + archive_before; }
  ByteTotal after() const { return standard_after + archive_after; }
  StorageBytes& operator+=(const StorageBytes& other);
  friend bool operator==(const StorageBytes&, const StorageBytes&) = default;
};
StorageBytes storage_bytes(const RepositoryPreview& repository);
StorageBytes storage_bytes(const Preview& preview);  // over every repository

// The rule with `priority`, or nullptr.
const Rule* find_rule(const LifecyclePolicy& policy, std::int64_t priority);

}  // namespace ecrlc
