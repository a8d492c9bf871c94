// `apply`: the decision of what to do with a plan now. The plan's policies and protections are
// evaluated again on a fresh read of the registry, and a planned image is acted on only when
// that evaluation still expires (or transitions) it; every other planned image is skipped with
// its reason. Images the plan does not list are never acted on. Pure: the CLI reads the
// registry, sends the requests and journals them (docs/operations.md, "apply").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ecrlc/byte_total.hpp"
#include "ecrlc/evaluate.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/plan_record.hpp"
#include "ecrlc/result.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc {

inline constexpr Micros k_default_max_plan_age = Micros{24} * 3600 * k_micros_per_second;

// Why a planned image is not acted on.
enum class SkipReason : std::uint8_t {
  gone,                      // not in the registry any more
  tags_changed,              // its tags differ from the plan's
  kept_by_rule,              // the fresh evaluation keeps it (rule `rule`; 0: no rule selects it)
  action_changed,            // the fresh evaluation does something else to it
  now_protected,             // a protection (resolved again, or recorded by plan) covers it
  child_of_surviving_index,  // an index that survives references it
  ambiguous,                 // the fresh read disagrees with itself about it
  activating,                // being restored from archive
};
std::string_view to_json(SkipReason reason);  // "gone", "tags_changed", ...

// What happens to one planned image. `act` images get a request; the CLI records the result.
enum class Disposition : std::uint8_t { act, skip, done_before };

enum class RequestResult : std::uint8_t {
  pending,    // not sent (yet)
  done,       // the response says so
  not_found,  // ImageNotFound: already gone, counts as done
  failed,     // the call failed or the response lists a failure for it
  dry_run,    // --dry-run: would be sent
};
std::string_view to_json(RequestResult result);  // "pending", "done", ...

struct ApplyItem {
  PlannedImage planned;
  Disposition disposition = Disposition::skip;
  SkipReason reason = SkipReason::gone;  // for skip
  std::int64_t rule = 0;                 // kept_by_rule: the keeping rule
  std::string detail;  // skip: what changed ("now tags prod,v1", "protect.txt:3:1 app:prod")
  RequestResult result = RequestResult::pending;
  std::string failure_code;  // failed: the AWS failure code ("ImageReferencedByManifestList")
  std::string failure_reason;
};

struct RepositoryApply {
  std::string name;
  std::string registry_id;
  std::vector<ApplyItem> items;  // the plan's order: deletions, then transitions
};

struct ApplyGuards {
  Micros max_age = k_default_max_plan_age;   // measured from the plan's evaluation time
  std::optional<std::uint64_t> max_deletes;  // deletions the run may request at most
};

// What the fresh read saw of the registry it talked to (from repository ARNs).
struct LiveRegistry {
  std::string registry_id;
  std::string region;
};

// Images an earlier run of the same plan finished (from the journal): not requested again,
// reported as done before.
struct AppliedBefore {
  std::set<std::pair<std::string, Digest>> deleted;       // (repository, digest)
  std::set<std::pair<std::string, Digest>> transitioned;  // (repository, digest)
};

struct ApplyDecision {
  Micros now = 0;
  Micros evaluated_at = 0;                    // the plan's
  std::vector<RepositoryApply> repositories;  // the plan's order
  // Reasons to refuse the whole run (exit 2, nothing sent): plan too old, too many deletions,
  // another registry or region. Empty when the run may go ahead.
  std::vector<std::string> refusals;
  // Notes that do not stop the run ("the plan records no region: ...").
  std::vector<std::string> notes;
};

// The --max-age refusal ("the plan was evaluated at ..., older than --max-age 24h0m; plan
// again"), or nullopt when the plan is young enough at `now`. decide_apply checks it too;
// the CLI calls it first so that an old plan is refused before the registry is read.
std::optional<std::string> plan_age_refusal(const PlanRecord& record, Micros now, Micros max_age);

// Decides, for every image of `record`, whether to act on it now. `fresh` holds the planned
// repositories as read just now (other repositories are ignored). Fails only when the record
// cannot be evaluated (a policy text that no longer parses, a protect text with errors).
Result<ApplyDecision> decide_apply(const PlanRecord& record, const Inventory& fresh, Micros now,
                                   const ApplyGuards& guards, const LiveRegistry& live,
                                   const AppliedBefore& before = {});

// Counts over a decision (after the CLI has recorded results).
struct ApplyCounts {
  std::uint64_t planned = 0;
  std::uint64_t deletions = 0;    // disposition act, action expire
  std::uint64_t transitions = 0;  // disposition act, action transition
  std::uint64_t skipped = 0;
  std::uint64_t done_before = 0;
  std::uint64_t deleted = 0;  // result done or not_found
  std::uint64_t archived = 0;
  std::uint64_t failed = 0;
  ByteTotal bytes_reclaimed;  // deleted by this run
};
ApplyCounts count_apply(const RepositoryApply& repository);
ApplyCounts count_apply(const ApplyDecision& decision);

}  // namespace ecrlc
