// Cleanup plans: the deletions and transitions of a scheduled run as AWS CLI request files,
// minus protected images, with a summary and an apply script (`plan`, docs/operations.md).
// The model only; output.hpp writes its files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/byte_total.hpp"
#include "ecrlc/evaluate.hpp"
#include "ecrlc/preview.hpp"
#include "ecrlc/protect.hpp"

namespace ecrlc {

// BatchDeleteImage takes 1 to 100 image ids (semantics.md 5).
inline constexpr std::size_t k_batch_delete_limit = 100;

// An image the policy acts on but protection keeps.
struct SavedImage {
  std::uint32_t image = 0;  // index in Repository::images
  Action action = Action::none;
  std::int64_t rule = 0;
  Protection protection;
};

// An image the policy acts on but the plan holds back: the snapshot disagrees with itself
// about it (ImageRecord::ambiguous; Repository::ambiguity_text says how).
// Deleting a subject also removes its referrers, so the subjects of an ambiguous referrer
// are held too.
struct HeldImage {
  std::uint32_t image = 0;  // index in Repository::images
  Action action = Action::none;
  std::int64_t rule = 0;
  std::uint32_t ambiguous = 0;  // the ambiguous image: `image` itself, or a referrer of it
};

// What one rule contributes to a repository's plan.
struct PlanRuleSummary {
  std::int64_t priority = 0;
  ActionType action = ActionType::expire;
  std::uint64_t images = 0;  // deleted or transitioned by the plan
  ByteTotal bytes;
  std::uint64_t saved = 0;  // acted on by the policy, kept by protection
  ByteTotal saved_bytes;
};

struct RepositoryPlan {
  const Repository* repository = nullptr;
  const PolicySource* source = nullptr;
  const RepositoryProtection* protection = nullptr;  // null without --protect
  // Image indexes in the report's listing order (rule priority, oldest push, digest).
  std::vector<std::uint32_t> deletions;
  std::vector<std::uint32_t> transitions;
  // The rule priority that acts on each of `deletions` and `transitions` (parallel lists).
  std::vector<std::int64_t> deletion_rules;
  std::vector<std::int64_t> transition_rules;
  std::vector<SavedImage> saved;  // in listing order
  std::vector<HeldImage> held;    // in listing order; protected images are `saved` instead
  // Referrers ECR removes by itself once their subject is deleted (not in request files).
  std::vector<std::uint32_t> referrers_removed;
  std::vector<PlanRuleSummary> rules;  // one per policy rule, ascending priority
  ByteTotal deletion_bytes;
  ByteTotal transition_bytes;
  ByteTotal saved_bytes;
  ByteTotal held_bytes;
  ByteTotal referrer_bytes;
};

struct Plan {
  Micros now = 0;
  std::string region;  // of the snapshot, when known: recorded for apply's registry check
  std::vector<RepositoryPlan> repositories;  // sorted by name, registryId; those with a policy
  // The inventory holds several registries: request files go to one folder per registry.
  bool several_registries = false;
  std::vector<std::string> without_policy;
  const ProtectList* protect = nullptr;  // may be null (no --protect)
  std::string protect_file;              // its name, for the summary
  // Each --protect file's name and text, recorded for apply (plan_record.hpp).
  std::vector<std::pair<std::string, std::string>> protect_texts;
  std::vector<std::size_t> unmatched_protections;
  std::vector<std::size_t> foreign_protections;  // ResolvedProtection::foreign
  // What the snapshot read could not see (SnapshotManifest::gaps), for the summaries.
  std::vector<std::string> incomplete;
};

// The plan: every image the engine expires (or transitions) in each repository of `report`,
// except the images `protection` protects (nullptr: none) and the ambiguous images it holds
// back. Never lists an image the engine does not act on. `protection` must come from the same
// inventory as `report`.
Plan build_plan(const Preview& report, const Inventory& inventory,
                const ResolvedProtection* protection);

}  // namespace ecrlc
