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
#include "ecrlc/protect.hpp"
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

// What changed for a skipped image, as values; output/ words them (apply_skip_detail: "now
// tagged prod,v1", "protect.txt:3:1 app:prod"). Which members count depends on `kind`.
struct SkipDetail {
  enum class Kind : std::uint8_t {
    none,                    // nothing to add
    repository_gone,         // the whole repository is gone
    ambiguous,               // `text`: how the fresh read disagrees (Repository::ambiguity_text)
    tags_now,                // `tags`: the image's tags as read now (none: untagged)
    protected_when_planned,  // the plan recorded a protection of it
    protect_reference,       // reference `text` at `file`:`line`:`column` of the protect file
    protected_unlocated,     // a direct protection whose reference is unknown
    protected_through,       // `relation` of the protected image `image` (child of its index...)
    surviving_index,         // `image`: the index that survives and references it
    action_now,              // the fresh evaluation does `action` by rule `rule`
  };
  Kind kind = Kind::none;
  std::string text;
  std::vector<std::string> tags;
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  ProtectionKind relation = ProtectionKind::direct;
  Digest image;
  Action action = Action::none;
  std::int64_t rule = 0;
};

// Why the whole run is refused, as values; output/ words it (apply_refusal_sentence).
struct ApplyRefusal {
  enum class Kind : std::uint8_t {
    too_old,             // evaluated at `evaluated_at`, more than `max_age` before `now`
    several_registries,  // the plan spans `count` registries
    no_registry_id,      // the plan's inventory named no registry
    other_registry,  // the plan is for registry `planned`, the AWS CLI reads `live` ("": unknown)
    other_region,    // the plan is for region `planned`, the AWS CLI reads `live` ("": unknown)
    too_many_deletions,  // the run would delete `count` images, more than `limit`
  };
  Kind kind = Kind::too_old;
  Micros evaluated_at = 0;
  Micros now = 0;
  Micros max_age = 0;
  std::uint64_t count = 0;
  std::uint64_t limit = 0;
  std::string planned;
  std::string live;
};

// A note that does not stop the run; output/ words it (apply_note_sentence).
struct ApplyNote {
  enum class Kind : std::uint8_t {
    no_region,  // the plan records no region: apply acts in `region` ("": the AWS CLI's)
  };
  Kind kind = Kind::no_region;
  std::string region;
};

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
  SkipDetail detail;                     // skip: what changed
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
  std::vector<ApplyRefusal> refusals;
  // Notes that do not stop the run (the plan records no region).
  std::vector<ApplyNote> notes;
};

// The --max-age refusal, or nullopt when the plan is young enough at `now`. decide_apply
// checks it too; the CLI calls it first so that an old plan is refused before the registry
// is read.
std::optional<ApplyRefusal> plan_age_refusal(const PlanRecord& record, Micros now, Micros max_age);

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
